import ArgumentParser
import CTGModel
import CTGPipeline
import Foundation

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Ingest files and folders of CTG documents into a JSON corpus.",
        discussion: """
        Inputs: .txt / .md text dumps and .pdf files; folders are searched recursively (hidden files skipped).
        For each input it writes OUT/documents/<input file name>.json; for the batch, OUT/corpus.jsonl
        (one document per line, sorted by file name) and OUT/run.json (per-file status, reason, timings).

        A bad input prints one line "PATH: reason" on stderr and the batch goes on.
        Exit status: 0 every input processed, 1 some inputs failed, 2 usage or fatal error.

        Examples:
          ctg ingest Corpus --out Output
          ctg ingest incoming/deliberation.pdf other/ --out /srv/ctg-corpus
        """
    )

    @Argument(help: ArgumentHelp("Files or folders to ingest (.txt, .md, .pdf).", valueName: "path"))
    var paths: [String]

    @Option(name: .long, help: ArgumentHelp("Output folder (created if missing), e.g. --out Output.", valueName: "dir"))
    var out: String

    @Flag(name: .long, help: "Do not show progress, even on a terminal.")
    var quiet = false

    func run() throws {
        let terminal = isatty(STDERR_FILENO) == 1 && !quiet
        let progress = Progress(terminal: terminal)
        let batch = Batch(outputDirectory: URL(fileURLWithPath: out, isDirectory: true))
        let report: RunReport
        do {
            report = try batch.run(paths, observer: progress)
        } catch {
            FileHandle.standardError.write(Data("ctg: \(out): cannot write output (\(error))\n".utf8))
            throw ExitCode(2)
        }
        print(Summary.table(report))
        if report.failed > 0 { throw ExitCode(1) }
    }
}

/// Progress on a terminal (file n/N and pages), error lines always.
final class Progress: BatchObserver, @unchecked Sendable {
    let terminal: Bool
    init(terminal: Bool) { self.terminal = terminal }

    func started(index: Int, total: Int, path: String) {
        guard terminal else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K[\(index)/\(total)] \(path) …".utf8))
    }

    func finished(index: Int, total: Int, outcome: InputOutcome) {
        if terminal {
            FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
            if outcome.status == .ok {
                FileHandle.standardError.write(Data("[\(index)/\(total)] \(outcome.path): \(outcome.pages) pages, \(outcome.fiches) fiches\n".utf8))
            }
        }
        if outcome.status == .failed {
            FileHandle.standardError.write(Data("\(outcome.path): \(outcome.message ?? "failed") [\(outcome.reasonCode?.rawValue ?? "")]\n".utf8))
        }
    }
}

enum Summary {
    static func table(_ r: RunReport) -> String {
        let header = ["input", "status", "pages", "ocr", "fiches", "time (s)"]
        var rows = r.inputs.map { i in
            [i.path, i.status == .ok ? "ok" : "FAILED: \(i.reasonCode?.rawValue ?? "")", "\(i.pages)", "\(i.ocrPages)",
             "\(i.fiches)", String(format: "%.2f", Double(i.durationMs) / 1000)]
        }
        rows.append(["total: \(r.inputs.count) inputs", "\(r.processed) ok, \(r.failed) failed", "\(r.pages)", "\(r.ocrPages)",
                     "\(r.fiches)", String(format: "%.2f", Double(r.durationMs) / 1000)])
        let widths = header.indices.map { c in ([header] + rows).map { $0[c].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { c, v in
                c >= 2 ? String(repeating: " ", count: widths[c] - v.count) + v : v + String(repeating: " ", count: widths[c] - v.count)
            }.joined(separator: "  ")
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([line(header), rule] + rows.dropLast().map(line) + [rule, line(rows.last!)]).joined(separator: "\n")
    }
}
