import ArgumentParser
import CTGModel
import CTGPipeline
import Foundation

/// `ctg explain FILE`: runs the pipeline on one file and prints, per fiche, why it was read that way.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show the fiches found in one file and the evidence behind each boundary and field.",
        discussion: """
        Runs extract -> normalise -> segment on FILE and prints, per fiche: key, title, confidence, layout,
        provenance, then each piece of evidence (subject, rule, source lines, excerpt) and the field values.

        Examples:
          ctg explain Corpus/000_b7bf33d42c2812f8.txt
          ctg explain deliberation.pdf --key 1-2-3
        """
    )

    @Argument(help: ArgumentHelp("The file to explain (.txt, .md, .html or .pdf).", valueName: "file"))
    var file: String

    @Option(name: .long, help: ArgumentHelp("Only the fiche with this key.", valueName: "key"))
    var key: String?

    func run() throws {
        let result: Pipeline.Result
        do {
            result = try Pipeline().process(fileAt: URL(fileURLWithPath: file))
        } catch {
            FileHandle.standardError.write(Data("\(file): \(error)\n".utf8))
            throw ExitCode(1)
        }
        let record = result.record
        print("\(file): \(record.fiches.count) fiche(s)")
        for w in record.warnings { print("warning: \(w)") }
        for f in record.fiches where key == nil || f.key == key {
            print("")
            print("[\(f.key)] \(f.title)")
            print("  confidence \(String(format: "%.2f", f.confidence))  layout \(f.layout)" +
                  (f.provenance.map { "  lines \($0.lineStart)-\($0.lineEnd)" + ($0.pages.count > 0 ? " pages \($0.pages.map(String.init).joined(separator: ","))" : "") } ?? ""))
            func show(_ name: String, _ value: String?) { if let v = value, !v.isEmpty { print("  \(name): \(v)") } }
            show("thematique", f.thematique?.rawValue)
            show("axe", f.axe)
            show("objectif", f.objectif)
            show("pilotes", f.pilotes.isEmpty ? nil : f.pilotes.joined(separator: " | "))
            show("partenaires", f.partenaires.isEmpty ? nil : f.partenaires.joined(separator: " | "))
            show("public", f.`public`)
            show("calendrier", f.calendrier)
            show("years", f.years.isEmpty ? nil : f.years.map(String.init).joined(separator: ", "))
            show("indicateurs", f.indicateurs.isEmpty ? nil : f.indicateurs.joined(separator: " | "))
            show("sub_actions", f.subActions.isEmpty ? nil : f.subActions.map { "\($0.key.isEmpty ? "-" : $0.key) \($0.title)" }.joined(separator: " | "))
            print("  evidence:")
            for e in f.evidence {
                let lines = e.lines.isEmpty ? "" : " lines \(e.lines.map(String.init).joined(separator: ","))"
                let conf = f.fieldConfidence[e.subject].map { String(format: " (%.2f)", $0) } ?? ""
                print("    \(e.subject)\(conf): \(e.rule)\(lines)" + (e.excerpt.map { " — \"\($0)\"" } ?? ""))
            }
        }
    }
}
