import Foundation

/// The normaliser's domain knowledge, read from the TSV files in `Data/` (comments start with `#`).
struct Tables: Sendable {
    struct Confusion: Sendable { var from: [Unicode.Scalar]; var to: [Unicode.Scalar]; var weight: Double; var glyph: Bool }
    struct ContextRule: Sendable {
        enum Condition: Sendable { case always, next(Set<String>, number: Bool), prev(Set<String>) }
        var word: String; var replacement: String; var condition: Condition; var confidence: Double
    }
    var confusions: [Confusion] = []
    var context: [String: [ContextRule]] = [:]
    var aGrave: [String: Set<String>] = [:]
    /// Lower-cased ASCII cores that `WordRepair.contextRules` acts on: `&`, `a`, `qu'a`, `jusqu'a` and the context
    /// words that are ASCII (a core that is ASCII and not one of these is left as it is).
    var contextASCII: [[UInt8]] = []
    /// ASCII scalars that start the NFD form of `&`, `a`, `qu'a`, `jusqu'a` or of a context word.
    var contextFirsts: [Bool] = Array(repeating: false, count: 128)

    static let shared = Tables()

    init() {
        for row in Self.rows("confusions") where row.count >= 4 {
            confusions.append(Confusion(from: row[0].scalarArray, to: row[1].scalarArray,
                                        weight: Double(row[2]) ?? 0.5, glyph: row[3] == "glyph"))
        }
        for row in Self.rows("context") where row.count >= 4 {
            let cond: ContextRule.Condition
            if row[2] == "always" { cond = .always }
            else if row[2].hasPrefix("next:") {
                let words = row[2].dropFirst(5).split(separator: "|").map(String.init)
                cond = .next(Set(words.filter { $0 != "#num" }), number: words.contains("#num"))
            } else if row[2].hasPrefix("prev:") {
                cond = .prev(Set(row[2].dropFirst(5).split(separator: "|").map(String.init)))
            } else { continue }
            context[row[0], default: []].append(ContextRule(word: row[0], replacement: row[1], condition: cond, confidence: Double(row[3]) ?? 0.7))
        }
        contextASCII = ["&", "a", "qu'a", "jusqu'a"].map { Array($0.utf8) }
        for w in context.keys {
            let nfc = w.precomposedStringWithCanonicalMapping
            if nfc.utf8.allSatisfy({ $0 < 0x80 }) { contextASCII.append(Array(nfc.utf8)) }
        }
        for w in ["&", "a", "qu'a", "qu’a", "jusqu'a", "jusqu’a"] + Array(context.keys) {
            if let f = w.decomposedStringWithCanonicalMapping.unicodeScalars.first?.value, f < 0x80 { contextFirsts[Int(f)] = true }
        }
        for row in Self.rows("agrave") where row.count >= 2 {
            aGrave[row[0], default: []].insert(row[1])
        }
    }

    static func rows(_ name: String) -> [[String]] {
        guard let url = Bundle.module.url(forResource: name, withExtension: "tsv", subdirectory: "Data")
                ?? Bundle.module.url(forResource: name, withExtension: "tsv"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            if line.hasPrefix("#") || line.trimmingCharacters(in: .whitespaces).isEmpty { return nil }
            return line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
    }
}
