import CTGModel
import Foundation

/// Evidence gathered from a whole document before its lines are normalised: does its text show OCR damage,
/// does it still have its `à`, and how often each word occurs (to choose between repair candidates).
public struct DocumentProfile: Sendable {
    /// Lower-cased word frequencies.
    public var frequencies: [String: Int]
    /// How often each word is written with a lower-case first letter (lower-cased keys): a capitalised word the
    /// document also writes in lower case is a common word, not a name.
    public var lowerCaseFrequencies: [String: Int] = [:]
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
        // lines with mojibake count as the normaliser will decode them: each line counts on its own, so such a
        // line's counts are taken out and its decoded counts put in
        let moji = Self.mojibakeLines(text)
        guard !moji.isEmpty else { return }
        func profile(_ t: String) -> DocumentProfile { Self.scan(t) ?? Self(characters: t) }
        add(profile(moji.map(\.line).joined(separator: "\n")), -1)
        add(profile(moji.map(\.decoded).joined(separator: "\n")), 1)
    }

    /// Adds `other`'s counts `sign` times (words whose count falls to zero are dropped).
    private mutating func add(_ other: DocumentProfile, _ sign: Int) {
        for (w, k) in other.frequencies {
            let v = frequencies[w, default: 0] + sign * k
            frequencies[w] = v == 0 ? nil : v
        }
        for (w, k) in other.lowerCaseFrequencies {
            let v = lowerCaseFrequencies[w, default: 0] + sign * k
            lowerCaseFrequencies[w] = v == 0 ? nil : v
        }
        aCount += sign * other.aCount; aGraveCount += sign * other.aGraveCount; elisionGlitches += sign * other.elisionGlitches
    }

    /// First bytes of the UTF-8 of what a continuation byte (80-BF) reads as in Latin-1 / Windows-1252: C2 (U+0080-
    /// U+00BF), C5 / C6 / CB / E2 (Œ Š Ž ƒ ˆ ˜ € ‚ „ … † ‡ ‰ ‹ ‘ ’ “ ” • – — ™ ›).
    static let continuationLead: [Bool] = (0..<256).map { [0xC2, 0xC5, 0xC6, 0xCB, 0xE2].contains($0) }

    /// The lines of `text` (without their `\n`) holding mojibake (UTF-8 read as Latin-1 / Windows-1252, up to three
    /// layers), each with its decoding as the normaliser decodes it before any word repair: the evidence must count
    /// the words the lines will hold. Without it a document read with the wrong encoding loses its `à` ("Ã" + no-break
    /// space) and looks OCR-damaged, and its words ("Ã©vÃ©nements") no longer vote for their repairs. Only lines
    /// where a lead byte of a UTF-8 sequence read as Latin-1 (Â … ô: U+00C2-U+00F4, bytes C3 82-C3 B4) is followed
    /// by what a continuation byte reads as (`continuationLead`) are looked at.
    static func mojibakeLines(_ text: String) -> [(line: String, decoded: String)] {
        var text = text
        text.makeContiguousUTF8()
        return text.utf8.withContiguousStorageIfAvailable { p -> [(line: String, decoded: String)] in
            guard let base = p.baseAddress else { return [] }
            let n = p.count
            var found: [(line: String, decoded: String)] = []
            var i = 0
            while i + 2 < n {
                guard let hit = memchr(base + i, 0xC3, n - 2 - i) else { break }
                i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                guard p[i + 1] >= 0x82, p[i + 1] <= 0xB4, Self.continuationLead[Int(p[i + 2])] else { i += 1; continue }
                var a = i, b = i
                while a > 0, p[a - 1] != 0x0A { a -= 1 }
                while b < n, p[b] != 0x0A { b += 1 }
                let line = String(decoding: UnsafeBufferPointer(rebasing: p[a..<b]), as: UTF8.self)
                var buf = TextBuffer(line)
                buf.decodeMojibake()
                if !buf.edits.isEmpty { found.append((line, buf.string)) }
                i = b
            }
            return found
        } ?? []
    }

    init(frequencies: [String: Int], lowerCase: [String: Int] = [:], aCount: Int, aGraveCount: Int, elisionGlitches: Int) {
        self.frequencies = frequencies; self.lowerCaseFrequencies = lowerCase
        self.aCount = aCount; self.aGraveCount = aGraveCount; self.elisionGlitches = elisionGlitches
    }

    /// The reference definition, on Characters (grapheme clusters). `scan` gives the same result in one pass over
    /// the scalars for lines where every Character is a single scalar, and uses this for the other lines.
    init(characters text: String) {
        var freq: [String: Int] = [:], lower: [String: Int] = [:]
        var a = 0, ag = 0, glitches = 0
        Self.count(text, &freq, &lower, &a, &ag, &glitches)
        frequencies = freq; lowerCaseFrequencies = lower; aCount = a; aGraveCount = ag; elisionGlitches = glitches
    }

    static func count<S: StringProtocol>(_ text: S, _ freq: inout [String: Int], _ lower: inout [String: Int], _ a: inout Int,
                                         _ ag: inout Int, _ glitches: inout Int) {
        for token in text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }) {
            if token == "a" { a += 1 } else if token == "à" { ag += 1 }
            let u = Array(token.unicodeScalars)
            if u.count >= 3, (u[0] == "I" || u[0] == "|" || u[0] == "["), u[1].isApostrophe, u[2].isLetter { glitches += 1 }
            else if u.count >= 2, u[0] == "|", u[1] == "l" { glitches += 1 }
            for k in 1..<max(1, u.count - 1) where u[k].isApostrophe && u[k + 1].isApostrophe { glitches += 1 }
            for w in token.split(whereSeparator: { !$0.isLetter }) where w.count > 1 {
                let key = w.lowercased()
                freq[key, default: 0] += 1
                if w.unicodeScalars.first!.properties.isLowercase { lower[key, default: 0] += 1 }
            }
        }
    }

    /// Scalars after which no scalar of this set can join into one grapheme cluster (no combining marks, joiners,
    /// prepended marks, Hangul, regional indicators): a line of them is split into Characters scalar by scalar.
    @inline(__always) static func singleScalarCharacter(_ v: UInt32) -> Bool {
        v < 0x300 || (v >= 0x1E00 && v <= 0x1EFF) || (v >= 0x2010 && v <= 0x2027) || (v >= 0x2030 && v <= 0x205E)
            || (v >= 0x20A0 && v <= 0x20BF) || (v >= 0x2190 && v <= 0x2BFF) || (v >= 0xE000 && v <= 0xF8FF)
            || (v >= 0xFB00 && v <= 0xFB06) || v == 0xFFFD
    }

    /// The profile in one pass over the UTF-8 bytes, line by line: a `\n` not preceded by `\r` is a Character of its
    /// own and a separator, so lines count independently. Lines holding another scalar (or `\r\n`) go through `count`.
    static func scan(_ text: String) -> DocumentProfile? {
        var text = text
        text.makeContiguousUTF8()
        var a = 0, ag = 0, glitches = 0
        var freq: [String: Int] = [:], lower: [String: Int] = [:]
        var words = ScalarTable<Int>(capacity: 4096)
        let utf8 = text.utf8
        let scanned: Bool? = utf8.withContiguousStorageIfAvailable { p in
            let n = p.count
            return withUnsafeTemporaryAllocation(of: UInt32.self, capacity: n + 1) { line in
                var i = 0
                while true {
                    // one line: decode, and check that each scalar is its own Character
                    let lineStart = i
                    var m = 0
                    var simple = true
                    var newline = false
                    while i < n {
                        let b = p[i]
                        if b < 0x80 {
                            if b == 0x0A {
                                if i > lineStart && p[i - 1] == 0x0D { simple = false } else { i += 1; newline = true; break }
                            }
                            line[m] = UInt32(b); m += 1; i += 1
                            continue
                        }
                        let (v, length) = UTF8Scalar.decode(p, i)
                        i += length
                        if !singleScalarCharacter(v) { simple = false }
                        line[m] = v; m += 1
                    }
                    let lineEnd = newline ? i - 1 : i // excludes the \n
                    if simple {
                        tokens(UnsafeBufferPointer(rebasing: line[0..<m]), &words, &a, &ag, &glitches)
                    } else {
                        let lo = utf8.index(utf8.startIndex, offsetBy: lineStart)
                        let hi = utf8.index(utf8.startIndex, offsetBy: lineEnd)
                        count(text[lo..<hi], &freq, &lower, &a, &ag, &glitches)
                    }
                    if !newline { break }
                }
                return true
            }
        }
        guard scanned != nil else { return nil }
        freq.reserveCapacity(freq.count + words.count)
        for e in 0..<words.count {
            let w = words.key(e).lazy.map { Unicode.Scalar($0)! }
            let key = makeString(w).lowercased()
            freq[key, default: 0] += words.values[e]
            if w.first!.properties.isLowercase { lower[key, default: 0] += words.values[e] }
        }
        return DocumentProfile(frequencies: freq, lowerCase: lower, aCount: a, aGraveCount: ag, elisionGlitches: glitches)
    }

    /// Tokens and words of a line of single-scalar Characters (as `count` finds them).
    static func tokens(_ u: UnsafeBufferPointer<UInt32>, _ words: inout ScalarTable<Int>, _ a: inout Int, _ ag: inout Int, _ glitches: inout Int) {
        alphabetic.withUnsafeBufferPointer { alpha in
            @inline(__always) func isLetter(_ v: UInt32) -> Bool {
                if v < 0x80 { return (v | 0x20) >= 0x61 && (v | 0x20) <= 0x7A }
                if v < 0x3000 { return alpha[Int(v)] }
                return Unicode.Scalar(v)!.properties.isAlphabetic
            }
            @inline(__always) func count(_ ws: Int, _ we: Int, _ h: UInt64) {
                let key = UnsafeBufferPointer(rebasing: u[ws..<we])
                let hash = ScalarTable<Int>.finish(h, we - ws)
                if let e = words.find(key, hash: hash) { words.increment(e) } else { words.insert(key, 1, hash: hash) }
            }
            let n = u.count
            var i = 0
            while i < n {
                let v = u[i]
                if v == 0x20 || v == 0x0A || v == 0x09 || v == 0x0D { i += 1; continue }
                let t = i
                // one pass over the token: its runs of letters (words, hashed as they are read) and its pairs of
                // apostrophes after the first scalar (`for k in (t + 1)..<(end - 1)`: u[k] and u[k + 1])
                var ws = -1
                var h: UInt64 = 0
                var apostrophes = false
                while i < n {
                    let v = u[i]
                    if v == 0x20 || v == 0x0A || v == 0x09 || v == 0x0D { break }
                    if isLetter(v) {
                        if ws < 0 { ws = i; h = ScalarTable<Int>.seed }
                        h = ScalarTable<Int>.step(h, v)
                        apostrophes = false
                    } else {
                        if ws >= 0 { if i - ws > 1 { count(ws, i, h) }; ws = -1 }
                        let ap = apostrophe(v)
                        if ap, apostrophes, i - 1 > t { glitches += 1 }
                        apostrophes = ap
                    }
                    i += 1
                }
                if ws >= 0, i - ws > 1 { count(ws, i, h) }
                let m = i - t
                if m == 1 { if u[t] == 0x61 { a += 1 } else if u[t] == 0xE0 { ag += 1 } }
                if m >= 3, u[t] == 0x49 || u[t] == 0x7C || u[t] == 0x5B, apostrophe(u[t + 1]), isLetter(u[t + 2]) { glitches += 1 }
                else if m >= 2, u[t] == 0x7C, u[t + 1] == 0x6C { glitches += 1 }
            }
        }
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
    /// How often the document writes `word` with a lower-case first letter.
    public func lowerCaseFrequency(_ word: String) -> Int { lowerCaseFrequencies[word.lowercased()] ?? 0 }
}
