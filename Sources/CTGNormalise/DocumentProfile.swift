/// Evidence gathered from a whole document before its lines are normalised: does its text show OCR damage,
/// does it still have its `à`, and how often each word occurs (to choose between repair candidates).
public struct DocumentProfile: Sendable {
    /// Lower-cased word frequencies.
    public var frequencies: [String: Int]
    /// Standalone `a` and `à` counts.
    public var aCount: Int
    public var aGraveCount: Int
    /// Tokens like `I'offre`, `|l`, `d’'un`: OCR misreadings of elisions.
    public var elisionGlitches: Int

    /// The document lost its `à` (OCR that never outputs it): `a` before a noun phrase is then `à`.
    public var aGraveLost: Bool { aCount >= 5 && aGraveCount * 5 < aCount }
    /// The document shows OCR damage: word-level repairs are allowed.
    public var ocrDamage: Bool { aGraveLost || elisionGlitches >= 3 }

    public init(text: String) {
        var freq: [String: Int] = [:]
        var a = 0, ag = 0, glitches = 0
        for token in text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }) {
            if token == "a" { a += 1 } else if token == "à" { ag += 1 }
            let u = Array(token.unicodeScalars)
            if u.count >= 3, (u[0] == "I" || u[0] == "|" || u[0] == "["), u[1].isApostrophe, u[2].isLetter { glitches += 1 }
            else if u.count >= 2, u[0] == "|", u[1] == "l" { glitches += 1 }
            for k in 1..<max(1, u.count - 1) where u[k].isApostrophe && u[k + 1].isApostrophe { glitches += 1 }
            for w in token.split(whereSeparator: { !$0.isLetter }) where w.count > 1 {
                freq[w.lowercased(), default: 0] += 1
            }
        }
        frequencies = freq; aCount = a; aGraveCount = ag; elisionGlitches = glitches
    }

    public func frequency(_ word: String) -> Int { frequencies[word.lowercased()] ?? 0 }
}
