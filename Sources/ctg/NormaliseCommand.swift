import ArgumentParser
import CTGExtract
import CTGNormalise
import Foundation

/// `ctg normalise FILE`: repair accents, broken characters, OCR damage and markup leftovers.
struct NormaliseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "normalise",
        abstract: "Repair accents, mojibake, OCR damage and markup leftovers in a French text file.",
        discussion: "Prints the repaired text. The whole file is profiled first (does it show OCR damage? did it lose its 'à'?)."
    )
    @Argument(help: "A text file (UTF-8, UTF-16 or Windows-1252). Use - for standard input.")
    var file: String
    @Flag(name: .long, help: "Print the edits (line:offset, rule, confidence, before -> after) instead of the text.")
    var diff = false
    @Flag(name: .long, help: "Write exactly one output line per input line (for line-aligned evaluation).")
    var keepLines = false
    @Flag(name: .long, help: "Normalise without the document profile (as a lone line would be).")
    var noProfile = false
    @Flag(name: .long, help: "Print the normaliser's throughput (MB/s of input, profile included, I/O excluded) to standard error.")
    var timing = false

    func run() throws {
        let data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile()
                               : try Data(contentsOf: URL(fileURLWithPath: file))
        let text: String
        do { text = try TextDecoding.decode(data).text } catch { throw ValidationError("\(file): \(error)") }
        let clock = ContinuousClock()
        let loading = clock.now
        // With --timing, the dictionary (Hunspell and its form set) is loaded outside the timed section; otherwise
        // each part loads on the first question that needs it.
        let forms = timing ? Lexicon.french?.preload() ?? 0 : 0
        if timing {
            let d = clock.now - loading
            let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
            FileHandle.standardError.write(Data(String(format: "ctg normalise: lexicon loaded in %.3f s (Hunspell + %d-form set, %@)\n", seconds, forms,
                                                       Lexicon.french?.formsFromCache == true ? "read from the cache" : "built").utf8))
        }
        let started = clock.now
        let profile = noProfile ? nil : DocumentProfile(text: text)
        let normaliser = Normaliser(profile: profile, keepLines: keepLines)
        var out = ""
        out.reserveCapacity(text.utf8.count + 64)
        if keepLines {
            // lines split on the "\n" byte: the same lines as a Character split when there is no "\r" ("\r\n" is one
            // Character, which a Character split does not cut)
            let lines = text.utf8.contains(0x0D)
                ? text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                : text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(Substring($0)) }
            for (n, line) in lines.enumerated() {
                let r = normaliser.normalise(line, following: n + 1 < lines.count ? lines[n + 1] : nil)
                if diff {
                    for e in r.edits { out += "\(n + 1):\(e.offset)\t\(e.rule)\t\(e.confidence)\t\(e.before.debugDescription) -> \(e.after.debugDescription)\n" }
                } else {
                    out += r.text.utf8.contains(0x0A) ? r.text.replacingOccurrences(of: "\n", with: " ") : r.text
                    if n + 1 < lines.count { out += "\n" }
                }
            }
        } else {
            let r = normaliser.normalise(text)
            if diff {
                for e in r.edits { out += "\(e.offset)\t\(e.rule)\t\(e.confidence)\t\(e.before.debugDescription) -> \(e.after.debugDescription)\n" }
            } else {
                out = r.text
            }
        }
        if timing {
            let d = clock.now - started
            let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
            let mb = Double(text.utf8.count) / 1e6
            FileHandle.standardError.write(Data(String(format: "ctg normalise: %.2f MB in %.3f s = %.1f MB/s\n", mb, seconds, mb / seconds).utf8))
        }
        FileHandle.standardOutput.write(Data(out.utf8))
    }
}
