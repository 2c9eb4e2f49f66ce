import CTGModel
import Foundation

/// Small text helpers shared by the layouts: folding for comparisons, words, bullets, cleaning.
public enum Text {
    /// Lower case, accents removed, œ/æ spelled out, typographic apostrophes straightened.
    public static func fold(_ s: String) -> String {
        if let fast = FoldTable.shared.fold(s) { return fast }
        return slowFold(s)
    }

    /// `fold` by its definition, for any string; `FoldTable` gives the same result scalar by scalar on the strings
    /// it accepts.
    static func slowFold(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            switch ch {
            case "œ": out += "oe"
            case "æ": out += "ae"
            case "’", "‘", "`", "´": out += "'"
            default:
                if ch.properties.generalCategory == .nonspacingMark { continue }
                out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// A word with its place in the original string.
    public struct WordSpan: Sendable {
        public var folded: String
        public var range: Range<String.Index>
    }

    /// Letters/digits runs with their ranges (apostrophes and hyphens split words).
    /// `limit`: stop after that many words (callers that only read the first few).
    public static func wordSpans(_ s: String, limit: Int = .max) -> [WordSpan] {
        if let fast = FoldTable.shared.wordSpans(s, limit: limit) { return fast }
        return slowWordSpans(s, limit: limit)
    }

    /// `wordSpans` by its definition: runs of Characters that are letters or numbers.
    static func slowWordSpans(_ s: String, limit: Int = .max) -> [WordSpan] {
        var out: [WordSpan] = []
        var start: String.Index?
        var i = s.startIndex
        while i < s.endIndex, out.count < limit {
            let c = s[i]
            if c.isLetter || c.isNumber {
                if start == nil { start = i }
            } else if let st = start {
                out.append(WordSpan(folded: slowFold(String(s[st..<i])), range: st..<i)); start = nil
            }
            i = s.index(after: i)
        }
        if let st = start, out.count < limit { out.append(WordSpan(folded: slowFold(String(s[st..<s.endIndex])), range: st..<s.endIndex)) }
        return out
    }

    /// Folded words.
    public static func words(_ s: String) -> [String] { wordSpans(s).map(\.folded) }

    /// `s.split(separator: "\n")`: a line feed Character is a line feed byte (not the end of a CR LF pair), so
    /// where no such byte occurs the answer is the whole text (nothing for an empty one), without walking Characters.
    static func splitLines(_ s: String) -> [Substring] {
        for b in s.utf8 where b == 0x0A { return s.split(separator: "\n") }
        return s.isEmpty ? [] : [s[...]]
    }

    /// `s.split(whereSeparator:)` on the Characters `a` and `b` (ASCII, not CR or LF), empty pieces omitted. For a
    /// `FoldTable.plain` string every scalar is a Character: the split is made byte by byte.
    static func split(_ s: String, on a: UInt8, or b: UInt8? = nil) -> [Substring] {
        precondition(a < 0x80 && a != 0x0D && a != 0x0A && (b.map { $0 < 0x80 && $0 != 0x0D && $0 != 0x0A } ?? true))
        guard FoldTable.plain(s) else {
            let ca = Character(Unicode.Scalar(a)), cb = b.map { Character(Unicode.Scalar($0)) }
            return s.split(whereSeparator: { $0 == ca || $0 == cb })
        }
        return FoldTable.withBytes(s) { p in
            var out: [Substring] = []
            let u = s.utf8
            var st = 0
            for i in 0...p.count {
                if i == p.count || p[i] == a || p[i] == b {
                    if i > st { out.append(s[u.index(u.startIndex, offsetBy: st)..<u.index(u.startIndex, offsetBy: i)]) }
                    st = i + 1
                }
            }
            return out
        }
    }

    /// `s.count == n`, without walking Characters where the UTF-8 settles it: fewer than `n` bytes, or `n` ASCII
    /// bytes and no CR (each then a Character).
    static func hasCount<S: StringProtocol>(_ s: S, _ n: Int) -> Bool {
        let u = s.utf8.count
        if u < n { return false }
        if u == n, s.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) { return true }
        return s.index(s.startIndex, offsetBy: n, limitedBy: s.endIndex) == s.endIndex
    }

    /// `s.count <= n`: a string has no more Characters than UTF-8 bytes; past that, only the first `n` Characters
    /// are walked.
    static func countIsAtMost<S: StringProtocol>(_ s: S, _ n: Int) -> Bool {
        if s.utf8.count <= n { return true }
        guard let i = s.index(s.startIndex, offsetBy: n, limitedBy: s.endIndex) else { return true }
        return i == s.endIndex
    }

    /// A set of scalars, as a `CharacterSet` and as scalars.
    struct ScalarSet: @unchecked Sendable {
        let set: CharacterSet
        let scalars: Set<Unicode.Scalar>
        init(_ chars: String) { set = CharacterSet(charactersIn: chars); scalars = Set(chars.unicodeScalars) }
    }

    /// `s.trimmingCharacters(in: set.set)`, without Foundation where neither end scalar is in the set (nothing to trim).
    static func trimming(_ s: String, _ set: ScalarSet) -> String {
        let v = s.unicodeScalars
        guard let f = v.first, let l = v.last, set.scalars.contains(f) || set.scalars.contains(l) else { return s }
        return s.trimmingCharacters(in: set.set)
    }

    /// `s[r].first?.isUppercase == true` for a range `r` of `s` starting on a scalar boundary.
    static func startsUppercase(_ s: String, _ r: Range<String.Index>) -> Bool {
        if let fast = FoldTable.shared.firstIsUppercase(s, r) { return fast }
        return s[r].first?.isUppercase == true
    }

    /// Bullet markers seen in dumps, PDFs and OCR output.
    public static let bulletCharacters: Set<Character> = Set("-–—•●○◦▪■□►▶➢➤→*·✓¢\u{F0B7}\u{F0A7}")

    /// Removes a leading bullet marker ("- ", "• ", "► ", "o ") and surrounding spaces.
    public static func stripBullet(_ s: String) -> String {
        // Most lines open (after spaces and tabs, each a whole Character before an ASCII byte) on an ASCII byte that
        // is neither a bullet ("-", "*") nor "o" / "e": the Character it starts is no bullet, nothing to strip.
        let u = s.utf8
        if let at = u.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }), u[at] < 0x80, !asciiBulletOrLetterBullet[Int(u[at])] {
            return String(s[at...])
        }
        var t = Substring(s).drop(while: { $0 == " " || $0 == "\t" })
        if let f = t.first, bulletCharacters.contains(f) {
            t = t.dropFirst().drop(while: { $0 == " " })
        } else if (t.hasPrefix("o ") || t.hasPrefix("e ")), t.count > 2, let third = t.dropFirst(2).first, third.isUppercase {
            t = t.dropFirst(2)
        }
        return String(t)
    }

    /// ASCII bytes that may open a bullet `stripBullet` removes: the ASCII bullet characters and "o", "e".
    static let asciiBulletOrLetterBullet: [Bool] = (0..<128).map { b in
        let c = Character(Unicode.Scalar(UInt8(b)))
        return bulletCharacters.contains(c) || c == "o" || c == "e"
    }

    /// True where a line starts with a bullet marker.
    public static func hasBullet(_ s: String) -> Bool {
        let t = s.drop(while: { $0 == " " || $0 == "\t" })
        guard let f = t.first else { return false }
        return bulletCharacters.contains(f) && (t.dropFirst().first == " " || f != "-")
    }

    /// Whitespace folded to single spaces, trimmed.
    public static func squash(_ s: String) -> String {
        if let fast = FoldTable.shared.squash(s) { return fast }
        return s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// `s.replacingOccurrences(of: "**", with: with)` (markdown bold markers), without Foundation when there are none.
    public static func replacingDoubleStars(_ s: String, with: String = "") -> String {
        hasDoubleStar(s) ? s.replacingOccurrences(of: "**", with: with) : s
    }

    /// Scalars that no other text is canonically equivalent to, as far as a search for them goes: no scalar has one
    /// of them as its canonical decomposition (checked over all of Unicode in the tests). Foundation's non-literal
    /// search for one of them can only match where its byte occurs.
    static let selfOnlyASCII: Set<UInt8> = [0x0A, 0x20, 0x2A]

    /// `s.replacingOccurrences(of: target, with: with)` for a one-scalar `target` of `selfOnlyASCII`, without
    /// Foundation when its byte does not occur (Foundation then finds nothing and returns the same text).
    static func replacing(_ s: String, _ target: Unicode.Scalar, with: String) -> String {
        precondition(target.isASCII && selfOnlyASCII.contains(UInt8(target.value)))
        return FoldTable.hasByte(s, UInt8(target.value)) ? s.replacingOccurrences(of: String(target), with: with) : s
    }

    /// `s.replacingOccurrences(of: target, with: with)`, without Foundation where the target does not occur (as
    /// Foundation's own search, `contains`, decides): the text is then returned as it is.
    static func replacingIfPresent(_ s: String, _ target: String, with: String) -> String {
        s.contains(target) ? s.replacingOccurrences(of: target, with: with) : s
    }

    /// Whether the UTF-8 of `s` holds the bytes of `bytes` in a row.
    static func hasBytes(_ s: String, _ bytes: StaticString) -> Bool {
        let w = UnsafeBufferPointer(start: bytes.utf8Start, count: bytes.utf8CodeUnitCount)
        return FoldTable.withBytes(s) { String.byteSearch(w, in: $0, from: 0) != nil }
    }

    /// Whether `s` holds `word` (lower-case ASCII letters) in any ASCII case, byte by byte.
    static func containsASCIIWord(_ s: String, _ word: StaticString) -> Bool {
        let w = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        return FoldTable.withBytes(s) { p in
            guard w.count <= p.count else { return false }
            var i = 0
            while i + w.count <= p.count {
                var k = 0
                while k < w.count, p[i + k] | 0x20 == w[k] { k += 1 }
                if k == w.count { return true }
                i += 1
            }
            return false
        }
    }

    /// Whether `s` holds "**".
    static func hasDoubleStar(_ s: String) -> Bool {
        FoldTable.withBytes(s) { p in
            guard let base = p.baseAddress else { return false }
            var i = 0
            while i + 1 < p.count, let q = memchr(base + i, 0x2A, p.count - 1 - i) {
                i = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(q))
                if p[i + 1] == 0x2A { return true }
                i += 1
            }
            return false
        }
    }

    /// Whether `s` holds "**".
    static func hasDoubleStar(_ s: Substring) -> Bool {
        var prev: UInt8 = 0
        for b in s.utf8 {
            if b == 0x2A && prev == 0x2A { return true }
            prev = b
        }
        return false
    }

    /// A value as a careful reader types it: bullet and markup leftovers removed, whitespace folded,
    /// no trailing punctuation.
    public static func clean(_ s: String) -> String {
        var t = squash(stripBullet(replacingDoubleStars(s)))
        while let l = t.last, ".;:,".contains(l) || l == " " { t.removeLast() }
        while let f = t.first, ":;,. ".contains(f) { t.removeFirst() }
        return t
    }

    /// Splits a block of text into list items: one per line or "\n" block, and inside a line on inline
    /// bullet markers (" - ", " • ", " ○ ") where the line holds several of them.
    public static func items(_ s: String) -> [String] {
        var out: [String] = []
        for block in wrappedItemsJoined(splitLines(s)) { out += splitInlineBullets(block) }
        return out.map(clean).filter { !$0.isEmpty }
    }

    /// Lines of a bulleted list (two bulleted lines or more) where a line without a bullet continues the item above
    /// it: that item's line is long (a line wrapped at the column's width) and ends no sentence nor clause, and the
    /// line opens with no field label ("- Acteurs locaux : mairies, CCAS, centres sociaux, Maisons" / "Départementales des Solidarités…").
    static func wrappedItemsJoined(_ lines: [Substring]) -> [String] {
        let lines = lines.map(String.init)
        guard lines.count >= 3, lines.lazy.filter({ hasBullet($0) }).prefix(2).count == 2 else { return lines }
        var out: [String] = []
        var lastIsItem = false
        for line in lines {
            let bulleted = hasBullet(line)
            if !bulleted, lastIsItem, let prev = out.last, !countIsAtMost(prev, wrappedItemWidth - 1),
               let end = prev.trimmedSpaces().last, !".!?;:".contains(end), line.first?.isLetter == true || line.first == "(",
               FieldLabels.match(line) == nil {
                out[out.count - 1] = prev.trimmedSpaces() + " " + line.trimmedSpaces()
                continue
            }
            out.append(line)
            lastIsItem = bulleted
        }
        return out
    }

    /// Characters from which a list item's line counts as wrapped at the column's width (`wrappedItemsJoined`).
    static let wrappedItemWidth = 40

    /// Words after which a capitalised word goes on with the phrase ("du Conseil communautaire"), not a new one: the
    /// words that cannot end a phrase, and the indefinite articles.
    static let phraseGlue = FicheTablesLayout.continuationWords.union(["un", "une"])

    /// An item that runs two statements together without a separator, as a list cell flattened into one line
    /// does ("Nombre annuel de réunions Participations à la journée…"): cut where a capitalised word of five letters
    /// or more (not an acronym nor a short name such as "Caf", not an organisation of `OrganisationVocabulary`)
    /// opens a phrase (a lower-case word follows it) after a content word in lower case (not an article or a
    /// preposition, no punctuation), both sides three words at least. Anything else stays whole.
    public static func runOnStatements(_ item: String) -> [String] {
        let w = item.split(separator: " ", omittingEmptySubsequences: true)
        guard w.count >= 6 else { return [item] }
        var cuts: [Int] = []
        for i in 3..<(w.count - 1) where i - (cuts.last ?? 0) >= 3 {
            let a = w[i - 1], b = w[i], c = w[i + 1]
            guard let fa = a.first, fa.isLowercase, let la = a.last, la.isLetter, !phraseGlue.contains(Text.words(String(a)).last ?? ""),
                  let fb = b.first, fb.isUppercase, b.count >= 5, b.contains(where: \.isLowercase),
                  let fc = c.first, fc.isLowercase, w.count - i >= 2 else { continue }
            // not an organisation's name ("… accueils Mission locale", "… avec Education nationale")
            let rest = fold(w[i...].joined(separator: " "))
            if OrganisationVocabulary.names.contains(where: { rest.hasPrefix($0) }) { continue }
            cuts.append(i)
        }
        guard !cuts.isEmpty else { return [item] }
        var out: [String] = []
        var start = 0
        for c in cuts + [w.count] { out.append(w[start..<c].joined(separator: " ")); start = c }
        return out
    }

    static let inlineBulletMarkers = ["•", "○", "▪", "►", "➢", "●"]

    /// "- a - b - c" -> ["a", "b", "c"]; "• a • b" likewise. A single hyphen inside a phrase is kept.
    public static func splitInlineBullets(_ s: String) -> [String] {
        let trimmed = s.trimmedSpaces()
        // (every marker's UTF-8 opens on 0xE2: in a plain text without that byte, none occurs)
        let markers = FoldTable.plain(trimmed) && !FoldTable.hasByte(trimmed, 0xE2) ? [] : inlineBulletMarkers
        for marker in markers where trimmed.contains(marker) {
            return trimmed.components(separatedBy: marker).map { $0.trimmedSpaces() }.filter { !$0.isEmpty }
        }
        if trimmed.hasPrefix("- ") || trimmed.hasPrefix("– ") || trimmed.hasPrefix("-") {
            // "- a- B- C": list fragments whose items are glued to the previous one ("…mobilisés- Nombre…").
            // (the expression matches a hyphen-minus and a space: where those bytes do not follow each other, nothing)
            let unglued = !hasBytes(trimmed, "- ") ? trimmed
                : trimmed.replacingOccurrences(of: "(?<=[\\p{L}\\p{N}).’'»])- (?=\\p{Lu})", with: " - ", options: .regularExpression)
            let normalised = " " + replacingIfPresent(unglued, " – ", with: " - ")
            let parts = normalised.components(separatedBy: " - ").map { $0.trimmedSpaces() }.filter { !$0.isEmpty }
            if parts.count > 1 { return parts }
        }
        return [trimmed]
    }

    /// Title similarity in [0, 1]: token overlap of folded words longer than one letter (Dice).
    public static func similarity(_ a: String, _ b: String) -> Double {
        similarity(titleWords(a), titleWords(b))
    }

    /// The words `similarity` compares: folded words longer than one letter, or opening on a digit.
    static func titleWords(_ s: String) -> Set<String> {
        Set(words(s).filter { $0.count > 1 || $0.first?.isNumber == true })
    }

    /// `similarity` of two texts given their `titleWords`.
    static func similarity(_ ta: Set<String>, _ tb: Set<String>) -> Double {
        if ta.isEmpty && tb.isEmpty { return 1 }
        if ta.isEmpty || tb.isEmpty { return 0 }
        return 2 * Double(ta.intersection(tb).count) / Double(ta.count + tb.count)
    }

    /// Upper-case share of letters: headings in capitals score high.
    public static func upperShare(_ s: String) -> Double {
        if let (letters, upper) = FoldTable.shared.letterCounts(s) { return letters == 0 ? 0 : Double(upper) / Double(letters) }
        return slowUpperShare(s)
    }

    /// `upperShare` by its definition, Character by Character.
    static func slowUpperShare(_ s: String) -> Double {
        var letters = 0, upper = 0
        for c in s where c.isLetter { letters += 1; if c.isUppercase { upper += 1 } }
        return letters == 0 ? 0 : Double(upper) / Double(letters)
    }
}

/// `Text.fold` and `Text.wordSpans` scalar by scalar, for strings made only of scalars where that is exact: Latin
/// scalars below U+0250 (each one grapheme, lower-cased and decomposed on its own, no combining mark among them so
/// canonical reordering cannot move anything) and the symbols listed in `symbols` (no case, no canonical
/// decomposition, grapheme bases). "\r\n" is one Character but neither half is a letter or a number, so
/// word boundaries are the same. The tables are built from the slow functions themselves.
struct FoldTable: Sendable {
    static let shared = FoldTable()
    /// Folded UTF-8 of each accepted scalar, as offsets into `bytes`: scalar v folds to bytes[start[v]..<start[v+1]].
    private let bytes: [UInt8]
    private let start: [Int32]
    /// Whether the scalar's Character is a letter or a number.
    private let word: [Bool]
    /// Whether the scalar's Character is white space.
    private let space: [Bool]
    /// Character.isUppercase and Character.isLowercase of the scalar.
    private let upper: [Bool], lower: [Bool], letter: [Bool]
    static let latinEnd: UInt32 = 0x250
    /// Beyond Latin: general punctuation, the euro sign, arrows, box drawing and geometric shapes, dingbats, and the
    /// symbol-font private-use bullets (U+F0xx) of PDF converters; none has a case, a canonical decomposition or a
    /// grapheme-extending property.
    static let symbols: [ClosedRange<UInt32>] = [0x2010...0x2027, 0x2030...0x205E, 0x20AC...0x20AC, 0x2190...0x21FF,
                                                 0x2500...0x25FF, 0x2700...0x27BF, 0xF000...0xF0FF]
    static let symbolBase: [Int] = {
        var out: [Int] = [], next = Int(latinEnd)
        for r in symbols { out.append(next); next += r.count }
        return out
    }()

    /// Table slot of an accepted scalar, nil for any other.
    @inline(__always) static func slot(_ v: UInt32) -> Int? {
        if v < latinEnd { return Int(v) }
        if v < 0x2010 { return nil }
        for (k, r) in symbols.enumerated() where r.contains(v) { return symbolBase[k] + Int(v - r.lowerBound) }
        return nil
    }

    /// Whether byte `b` occurs in the UTF-8 of `s`.
    static func hasByte(_ s: String, _ b: UInt8) -> Bool {
        withBytes(s) { p in p.baseAddress.map { memchr($0, Int32(b), p.count) != nil } ?? false }
    }

    /// Whether every scalar of `s` has a slot and none is a CR: each scalar is then a whole Character and two
    /// such strings are canonically equivalent only when their scalars are equal.
    static func plain(_ s: String) -> Bool { withBytes(s) { accepted($0, orCR: false) } }

    /// Whether every scalar of the UTF-8 `p` has a slot, a CR only if `orCR`.
    @inline(__always) static func accepted(_ p: UnsafeBufferPointer<UInt8>, orCR: Bool = true) -> Bool {
        var i = 0
        while i < p.count {
            // eight ASCII bytes at a time (none a CR unless allowed): every ASCII scalar has a slot
            if let base = p.baseAddress {
                let raw = UnsafeRawPointer(base)
                while i + 8 <= p.count {
                    let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    if w & 0x8080_8080_8080_8080 != 0 { break }
                    if !orCR {
                        let x = w ^ 0x0D0D_0D0D_0D0D_0D0D // a zero byte where the byte is a CR
                        if (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080 != 0 { return false }
                    }
                    i += 8
                }
                if i >= p.count { break }
            }
            if p[i] < 0x80 {
                if !orCR && p[i] == 0x0D { return false }
                i += 1; continue
            }
            let (v, n) = scalar(p, i)
            if slot(v) == nil { return false }
            i += n
        }
        return true
    }

    /// `body` over the UTF-8 of `s` (native strings are contiguous; a bridged one is copied first).
    @inline(__always) static func withBytes<R>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let r = s.utf8.withContiguousStorageIfAvailable(body) { return r }
        var c = s
        c.makeContiguousUTF8()
        return c.utf8.withContiguousStorageIfAvailable(body)!
    }

    /// The scalar starting at byte `i` of valid UTF-8, and its length in bytes.
    @inline(__always) static func scalar(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt32, Int) { UTF8Scalar.decode(p, i) }

    init() {
        var scalars: [UInt32] = Array(0..<Self.latinEnd)
        for r in Self.symbols { scalars += Array(r) }
        var bytes: [UInt8] = [], start: [Int32] = [], word: [Bool] = [], space: [Bool] = [], upper: [Bool] = [], lower: [Bool] = [], letter: [Bool] = []
        var growth = 1
        for v in scalars {
            start.append(Int32(bytes.count))
            let u = Unicode.Scalar(v)!
            let c = Character(u)
            word.append(c.isLetter || c.isNumber)
            space.append(c.isWhitespace)
            upper.append(c.isUppercase); lower.append(c.isLowercase); letter.append(c.isLetter)
            let folded = Array(Text.slowFold(String(c)).utf8)
            growth = max(growth, (folded.count + UTF8.width(u) - 1) / UTF8.width(u))
            bytes += folded
        }
        start.append(Int32(bytes.count))
        self.bytes = bytes; self.start = start; self.word = word; self.space = space; self.upper = upper; self.lower = lower; self.letter = letter
        self.growth = growth
    }

    /// The most bytes a scalar's fold takes per byte of the scalar: a bound on the folded length.
    private let growth: Int

    func fold(_ s: String) -> String? {
        Self.withBytes(s) { p -> String? in
            guard Self.accepted(p) else { return nil }
            return bytes.withUnsafeBufferPointer { bytes in
                start.withUnsafeBufferPointer { start in
                    String(unsafeUninitializedCapacity: p.count * growth) { out in
                        var i = 0, o = 0
                        while i < p.count {
                            let (v, n) = Self.scalar(p, i)
                            let k = Self.slot(v)!
                            var a = Int(start[k])
                            let b = Int(start[k + 1])
                            while a < b { out[o] = bytes[a]; o += 1; a += 1 }
                            i += n
                        }
                        return o
                    }
                }
            }
        }
    }

    /// `Text.squash`: every Character here is one scalar but "\r\n", white space as a whole and in both halves.
    /// A string already squashed is returned as it is.
    func squash(_ s: String) -> String? {
        Self.withBytes(s) { p -> String? in
            // first pass: every scalar accepted, and whether the string is already squashed (no white space but
            // single spaces between other scalars)
            var squashed = true
            var prevSpace = true // start of string: a space here would be leading
            var i = 0
            while i < p.count {
                let (v, n) = Self.scalar(p, i)
                guard let k = Self.slot(v) else { return nil }
                if space[k] {
                    if prevSpace || v != 0x20 { squashed = false }
                    prevSpace = true
                } else {
                    prevSpace = false
                }
                i += n
            }
            if prevSpace && !p.isEmpty { squashed = false }
            if squashed { return s }
            return String(unsafeUninitializedCapacity: p.count) { out in
                var o = 0, i = 0
                var pending = false
                while i < p.count {
                    let (v, n) = Self.scalar(p, i)
                    if space[Self.slot(v)!] { pending = o > 0; i += n; continue }
                    if pending { out[o] = 0x20; o += 1; pending = false }
                    for j in i..<(i + n) { out[o] = p[j]; o += 1 }
                    i += n
                }
                return o
            }
        }
    }

    /// Whether some Character of `s` (a `plain` string) is a letter followed by an upper-case then a lower-case
    /// Character: where `BlockReader.splitGlued` looks for a glued heading or label.
    func hasGlueCandidate(_ s: String) -> Bool {
        Self.withBytes(s) { p in
            var a = false, b = false // previous is a letter; previous is upper case and the one before a letter
            var i = 0
            while i < p.count {
                let (v, n) = Self.scalar(p, i)
                guard let k = Self.slot(v) else { return true }
                if b && lower[k] { return true }
                b = a && upper[k]
                a = letter[k]
                i += n
            }
            return false
        }
    }

    /// Character.isLetter and Character.isUppercase counts of a string of accepted scalars (`Text.upperShare`), nil
    /// for any other string.
    func letterCounts(_ s: String) -> (letters: Int, upper: Int)? {
        Self.withBytes(s) { p -> (Int, Int)? in
            var letters = 0, up = 0, i = 0
            while i < p.count {
                let (v, n) = Self.scalar(p, i)
                // a CR is no letter whether alone or in "\r\n"
                guard let k = Self.slot(v) else { return nil }
                if letter[k] { letters += 1; if upper[k] { up += 1 } }
                i += n
            }
            return (letters, up)
        }
    }

    /// `s[r].first?.isUppercase == true` from the tables where that Character is one scalar: an accepted scalar, not
    /// a CR, followed by the end of `s` or by another accepted scalar (which cannot extend it). nil elsewhere.
    func firstIsUppercase(_ s: String, _ r: Range<String.Index>) -> Bool? {
        s.utf8.withContiguousStorageIfAvailable { p -> Bool? in
            let u = s.utf8, a = u.distance(from: u.startIndex, to: r.lowerBound), b = u.distance(from: u.startIndex, to: r.upperBound)
            guard a < b else { return false }
            let (v, n) = Self.scalar(p, a)
            guard v != 0x0D, let k = Self.slot(v) else { return nil }
            if a + n < p.count, Self.slot(Self.scalar(p, a + n).0) == nil { return nil }
            return upper[k]
        } ?? nil
    }

    func wordSpans(_ s: String, limit: Int) -> [Text.WordSpan]? {
        // the ranges are built from byte offsets: only for a string stored as UTF-8
        s.utf8.withContiguousStorageIfAvailable { p -> [Text.WordSpan]? in
            guard Self.accepted(p) else { return nil }
            var out: [Text.WordSpan] = []
            // about one word in five bytes of French text (more words only grow the array)
            out.reserveCapacity(min(limit, p.count / 5 + 2))
            let u = s.utf8
            // byte offsets of a native string map to indices in O(1), at scalar boundaries here
            @inline(__always) func index(_ o: Int) -> String.Index { u.index(u.startIndex, offsetBy: o) }
            return bytes.withUnsafeBufferPointer { bytes in
                start.withUnsafeBufferPointer { start in
                    word.withUnsafeBufferPointer { word in
                        // the folded bytes of the current word (a word folds to at most `growth` bytes per byte)
                        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, p.count * growth)) { folded in
                            var st = -1, f = 0, i = 0
                            @inline(__always) func foldedWord() -> String {
                                String(decoding: UnsafeBufferPointer(rebasing: folded[0..<f]), as: UTF8.self)
                            }
                            while i < p.count, out.count < limit {
                                let (v, n) = Self.scalar(p, i)
                                let k = Self.slot(v)!
                                if word[k] {
                                    if st < 0 { st = i; f = 0 }
                                    var a = Int(start[k])
                                    let b = Int(start[k + 1])
                                    while a < b { folded[f] = bytes[a]; f += 1; a += 1 }
                                } else if st >= 0 {
                                    out.append(Text.WordSpan(folded: foldedWord(), range: index(st)..<index(i))); st = -1
                                }
                                i += n
                            }
                            if st >= 0, out.count < limit { out.append(Text.WordSpan(folded: foldedWord(), range: index(st)..<s.endIndex)) }
                            return out
                        }
                    }
                }
            }
        } ?? nil
    }
}

extension StringProtocol {
    /// `trimmingCharacters(in: .whitespaces)` (Foundation's set: Unicode Zs, the tab and U+200B, trimmed scalar by
    /// scalar) without the trip through NSString.
    func trimmedSpaces() -> String {
        let v = unicodeScalars
        @inline(__always) func space(_ u: Unicode.Scalar) -> Bool {
            let x = u.value
            if x < 0x80 { return x == 0x20 || x == 0x09 }
            return x == 0x200B || u.properties.generalCategory == .spaceSeparator
        }
        var a = v.startIndex, b = v.endIndex
        while a < b, space(v[a]) { v.formIndex(after: &a) }
        while b > a {
            let p = v.index(before: b)
            guard space(v[p]) else { break }
            b = p
        }
        if a == v.startIndex && b == v.endIndex { return String(self) }
        return String(String.UnicodeScalarView(v[a..<b]))
    }
}

extension String {
    /// Whether `other` occurs in the string, as Foundation's `contains` (a non-literal search: canonically equivalent
    /// text matches) decides, without its trip through UTF-16: when both strings are made of scalars `FoldTable`
    /// accepts and hold no CR, canonical equivalence is scalar equality and every scalar is a whole Character, so a
    /// byte search gives the same answer. Anything else goes to Foundation. This overload shadows Foundation's for
    /// String arguments inside CTGSegment, where most searches are of folded text.
    func contains(_ other: String) -> Bool {
        guard FoldTable.plain(self), FoldTable.plain(other) else { return self.range(of: other) != nil }
        let n = other.utf8.count
        if n == 0 { return false } // as Foundation answers
        return FoldTable.withBytes(self) { h in FoldTable.withBytes(other) { p in Self.byteSearch(p, in: h, from: 0) != nil } }
    }

    /// The first byte offset at or after `from` where `p` (not empty) occurs in `h`.
    static func byteSearch(_ p: UnsafeBufferPointer<UInt8>, in h: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        let n = p.count
        let first = p[0]
        var i = from
        guard let base = h.baseAddress else { return nil }
        while i + n <= h.count {
            // the next place the first byte occurs where the pattern still fits
            guard let q = memchr(base + i, Int32(first), h.count - n + 1 - i) else { return nil }
            i = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(q))
            var k = 1
            while k < n, h[i + k] == p[k] { k += 1 }
            if k == n { return i }
            i += 1
        }
        return nil
    }
}
