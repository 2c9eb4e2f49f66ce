// Throughput of the normaliser alone, called as the pipeline calls it: one `DocumentProfile` of the whole text,
// then `normalise(line, following: nextLine)` for every line. Reading, decoding and splitting the file into line
// Strings happen before the clock starts; joining the output after it stops. Built and run by scripts/bench-normalise.
// Usage: normalise-throughput FILE [OUT]   (OUT: the joined output, as `ctg normalise --keep-lines` writes it)
import CTGNormalise
import Foundation

let args = CommandLine.arguments
let text = try String(contentsOfFile: args[1], encoding: .utf8)
let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
// load the dictionary (Hunspell and the form set) before the clock starts
let formsStart = Date()
let formCount = Lexicon.french?.preload() ?? 0
let fromCache = Lexicon.french?.formsFromCache ?? false
FileHandle.standardError.write(Data(String(format: "lexicon form set: %d forms, %@ in %.3f s (before the clock, like the dictionary)\n", formCount, fromCache ? "read from the cache" : "built", Date().timeIntervalSince(formsStart)).utf8))
var results: [NormalisedText] = []
results.reserveCapacity(lines.count)
func cpuSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}
// one-time static tables (confusion and context rules, Unicode property tables), like the dictionary
_ = Normaliser().normalise("À la une")
_ = DocumentProfile(text: "À la une")
let clock = ContinuousClock()
let started = clock.now
let cpuStarted = cpuSeconds()
let normaliser = Normaliser(profile: DocumentProfile(text: text), keepLines: true)
for n in lines.indices {
    results.append(normaliser.normalise(lines[n], following: n + 1 < lines.count ? lines[n + 1] : nil))
}
let cpu = cpuSeconds() - cpuStarted
let d = clock.now - started
let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
let mb = Double(text.utf8.count) / 1e6
FileHandle.standardError.write(Data(String(format: "normaliser alone (profile + per line): %.2f MB in %.3f s = %.1f MB/s (CPU time %.3f s = %.1f MB/s)\n",
                                           mb, seconds, mb / seconds, cpu, mb / cpu).utf8))
if args.count > 2 {
    let out = results.map { $0.text.replacingOccurrences(of: "\n", with: " ") }.joined(separator: "\n")
    try out.write(toFile: args[2], atomically: true, encoding: .utf8)
}
