import Foundation

/// The normaliser's domain knowledge, read from the TSV files in `Data/` (comments start with `#`).
struct Tables: Sendable {
    struct Confusion: Sendable {
        var from: [Unicode.Scalar]; var to: [Unicode.Scalar]; var weight: Double; var glyph: Bool
        /// A glyph confusion OCR makes less often (class `rare`): weaker evidence, see `WordRepair.candidates`.
        var rare = false
        /// `Tables.signatureBit` of the first scalar of `from`.
        var firstBit: UInt64 { Tables.signatureBit(from[0]) }
    }
    /// One bit of 64 for a scalar: the OR over a word's scalars says which first scalars cannot occur in it.
    @inline(__always) static func signatureBit(_ u: Unicode.Scalar) -> UInt64 { 1 << UInt64(u.value & 63) }
    struct ContextRule: Sendable {
        enum Condition: Sendable { case always, next(Set<String>, number: Bool), prev(Set<String>) }
        var word: String; var replacement: String; var condition: Condition; var confidence: Double
    }
    private(set) var confusions: [Confusion] = []
    /// `firstBit` of each confusion, in table order.
    private(set) var confusionFirstBits: [UInt64] = []
    /// Short words OCR glues to a neighbour (`glued.tsv`), NFC scalars.
    var gluedWords: [[Unicode.Scalar]] = []
    /// Pairs of consonants a word may start with (`onsets.tsv`).
    var onsets: Set<String> = []
    /// Capitals an elision (`l’`) is read as at the start of a word: the elision and the weight (confusion class
    /// `elision`).
    var elisionGlyphs: [Unicode.Scalar: (elision: [Unicode.Scalar], weight: Double)] = [:]
    /// Letters a separator between two words is read as (`/` read as `f`: etfou), with what is printed and the
    /// weight (confusion class `separator`).
    var separatorGlyphs: [Unicode.Scalar: (printed: [Unicode.Scalar], weight: Double)] = [:]
    var context: [String: [ContextRule]] = [:]
    var aGrave: [String: Set<String>] = [:]
    /// Every word a context rule is about (`&`, the `a` forms, the keys of `context`), NFC scalars.
    var contextTargets: [[UInt32]] = []
    /// `contextTargets` by length (0...8).
    var contextTargetsByLength: [[[UInt32]]] = []
    /// Lower case of U+0000..<U+0250 when it is one scalar, else 0.
    var lowerLatin: [UInt32] = []
    /// The context targets of at most 8 scalars, packed by `packTarget` (two words each; every target scalar is
    /// below U+10000 and not U+0000, so equal packings mean equal sequences).
    var contextTargetsPacked: [UInt64] = []
    /// Bit n set when a target has n scalars.
    var contextTargetLengths: UInt64 = 0

    static let shared = Tables()

    init() {
        for row in Self.rows("confusions") where row.count >= 4 {
            if row[3] == "elision" {
                if let g = row[0].unicodeScalars.first, row[0].unicodeScalars.count == 1 { elisionGlyphs[g] = (row[1].scalarArray, Double(row[2]) ?? 0.5) }
                continue
            }
            if row[3] == "separator" {
                if let g = row[0].unicodeScalars.first, row[0].unicodeScalars.count == 1 { separatorGlyphs[g] = (row[1].scalarArray, Double(row[2]) ?? 0.5) }
                continue
            }
            confusions.append(Confusion(from: row[0].scalarArray, to: row[1].scalarArray, weight: Double(row[2]) ?? 0.5,
                                        glyph: row[3] == "glyph" || row[3] == "rare", rare: row[3] == "rare"))
        }
        confusionFirstBits = confusions.map(\.firstBit)
        onsets = Set(Self.rows("onsets").compactMap(\.first))
        gluedWords = Self.rows("glued").compactMap { $0.first.map(\.scalarArray) }.filter { !$0.isEmpty }
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
        // An `always` rule also applies after the elisions l’ and d’ (d’age -> d’âge): the same rule keyed by the
        // elided word, whose replacement finds the word inside the token (targets are whole tokens of 8 scalars
        // at most). Only where the replacement elides too (ia -> la is no rule for "l’ia").
        for (word, rules) in context where word.first.map(WordRepair.vowelOrH) ?? false {
            for r in rules where r.replacement.first.map(WordRepair.vowelOrH) ?? false {
                guard case .always = r.condition else { continue }
                for e in ["l’", "l'", "d’", "d'"] where context[e + word] == nil && (e + word).unicodeScalars.count <= 8 {
                    context[e + word] = [r]
                }
            }
        }
        contextTargets = (["&", "@", "a", "qu'a", "qu’a", "jusqu'a", "jusqu’a"] + context.keys.sorted()).map {
            $0.precomposedStringWithCanonicalMapping.unicodeScalars.map(\.value)
        }
        contextTargetsByLength = (0...8).map { n in contextTargets.filter { $0.count == n } }
        lowerLatin = (0..<0x250).map { LowerCaser.single(UInt32($0)) ?? 0 }
        precondition(lowerLatin.allSatisfy { $0 < 0x10000 })
        for t in contextTargets where t.count <= 8 {
            precondition(t.allSatisfy { $0 != 0 && $0 < 0x10000 })
            var lo: UInt64 = 0, hi: UInt64 = 0
            for (k, v) in t.enumerated() { Self.packTarget(&lo, &hi, k, v) }
            contextTargetsPacked += [lo, hi]
            contextTargetLengths |= 1 << UInt64(t.count)
        }
        for row in Self.rows("agrave") where row.count >= 2 {
            aGrave[row[0], default: []].insert(row[1])
        }
    }

    /// Scalar `k` (below U+10000, not 0) of a word of at most 8 scalars, into two words (16 bits each).
    @inline(__always) static func packTarget(_ lo: inout UInt64, _ hi: inout UInt64, _ k: Int, _ v: UInt32) {
        if k < 4 { lo |= UInt64(v) << UInt64(16 * k) } else { hi |= UInt64(v) << UInt64(16 * (k - 4)) }
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
