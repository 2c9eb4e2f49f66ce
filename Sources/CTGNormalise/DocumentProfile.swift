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
        if let fast = Self.scan(text) { self = fast } else { self.init(characters: text) }
    }

    init(frequencies: [String: Int], aCount: Int, aGraveCount: Int, elisionGlitches: Int) {
        self.frequencies = frequencies; self.aCount = aCount; self.aGraveCount = aGraveCount; self.elisionGlitches = elisionGlitches
    }

    /// The reference definition, on Characters (grapheme clusters). `scan` gives the same result in one pass over
    /// the scalars when every Character of the text is a single scalar; this runs otherwise.
    init(characters text: String) {
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

    /// Scalars after which no scalar of this set can join into one grapheme cluster (no combining marks, joiners,
    /// prepended marks, Hangul, regional indicators), and which no other scalar sequence is canonically equivalent
    /// to without containing a scalar outside the set.
    @inline(__always) static func singleScalarCharacter(_ v: UInt32) -> Bool {
        v < 0x300 || (v >= 0x1E00 && v <= 0x1EFF) || (v >= 0x2010 && v <= 0x2027) || (v >= 0x2030 && v <= 0x205E)
            || (v >= 0x20A0 && v <= 0x20BF) || (v >= 0x2190 && v <= 0x2BFF) || (v >= 0xE000 && v <= 0xF8FF)
            || (v >= 0xFB00 && v <= 0xFB06) || v == 0xFFFD
    }

    /// One pass over the scalars; nil when some Character of the text may be more than one scalar (or `\r\n`).
    static func scan(_ text: String) -> DocumentProfile? {
        var a = 0, ag = 0, glitches = 0
        var words = ScalarTable<Int>(capacity: 4096)
        var tok: [UInt32] = []
        tok.reserveCapacity(256)
        var word: [UInt32] = []
        word.reserveCapacity(64)
        var prev: UInt32 = 0
        func endWord() {
            if word.count > 1 {
                word.withUnsafeBufferPointer { key in
                    if let e = words.find(key) { words.update(e) { $0 += 1 } } else { words.insert(key, 1) }
                }
            }
            word.removeAll(keepingCapacity: true)
        }
        func endToken() {
            let u = tok
            let n = u.count
            if n == 1 { if u[0] == 0x61 { a += 1 } else if u[0] == 0xE0 { ag += 1 } }
            if n >= 3, u[0] == 0x49 || u[0] == 0x7C || u[0] == 0x5B, apostrophe(u[1]), letter(u[2]) { glitches += 1 }
            else if n >= 2, u[0] == 0x7C, u[1] == 0x6C { glitches += 1 }
            if n >= 3 { for k in 1..<(n - 1) where apostrophe(u[k]) && apostrophe(u[k + 1]) { glitches += 1 } }
            tok.removeAll(keepingCapacity: true)
        }
        for sc in text.unicodeScalars {
            let v = sc.value
            guard singleScalarCharacter(v), !(prev == 0x0D && v == 0x0A) else { return nil }
            prev = v
            if v == 0x20 || v == 0x0A || v == 0x09 || v == 0x0D {
                endWord()
                if !tok.isEmpty { endToken() }
                continue
            }
            tok.append(v)
            if letter(v) { word.append(v) } else { endWord() }
        }
        endWord()
        if !tok.isEmpty { endToken() }
        var freq: [String: Int] = [:]
        freq.reserveCapacity(words.count)
        for e in 0..<words.count {
            let w = words.key(e).lazy.map { Unicode.Scalar($0)! }
            freq[makeString(w).lowercased(), default: 0] += words.values[e]
        }
        return DocumentProfile(frequencies: freq, aCount: a, aGraveCount: ag, elisionGlitches: glitches)
    }

    @inline(__always) static func apostrophe(_ v: UInt32) -> Bool { v == 0x27 || v == 0x2019 }
    @inline(__always) static func letter(_ v: UInt32) -> Bool {
        if v < 0x80 { return (v | 0x20) >= 0x61 && (v | 0x20) <= 0x7A }
        if v < 0x3000 { return alphabetic[Int(v)] }
        return Unicode.Scalar(v)!.properties.isAlphabetic
    }
    /// `properties.isAlphabetic` of the scalars below U+3000.
    static let alphabetic: [Bool] = (0..<0x3000).map { v in Unicode.Scalar(UInt32(v)).map { $0.properties.isAlphabetic } ?? false }

    public func frequency(_ word: String) -> Int { frequencies[word.lowercased()] ?? 0 }
}
