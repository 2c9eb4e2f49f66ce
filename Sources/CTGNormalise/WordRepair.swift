import Foundation

/// Word-level OCR repairs: elisions (`I'offre`, `|l`, `'ensemble`, `d’'un`, `larticle`), lexicon-checked
/// confusions (`aprés`, `diment`, `ceuvre`, `Sabne`), context rules (`a`/`à`, `dés`/`dès`, `gui`/`qui`).
struct WordRepair {
    let lexicon: Lexicon
    let tables: Tables
    let profile: DocumentProfile?
    var cache: TokenCache = .shared
    /// The text was read by OCR here (a scanned page): its word repairs run whatever the profile says.
    var ocrRead = false
    /// Word-level OCR repairs allowed (no profile, a profile that shows OCR damage, or a line read by OCR).
    var ocr: Bool { (profile?.ocrDamage ?? true) || ocrRead }
    /// A line read by OCR in a document whose profile shows no OCR damage (a good scan): misread glyphs are repaired,
    /// but no accent is added (a word printed without it, "Connaitre", or a name, "Maché", "Saulon", is more likely
    /// than an accent the OCR lost), a capitalised word keeps its accented letters (only ASCII glyphs change in it),
    /// and an acronym keeps its digits ("AM3D").
    var strict: Bool { ocrRead && !(profile?.ocrDamage ?? true) }

    struct Token {
        var range: Range<Int>          // whole whitespace-delimited token
        var text: ArraySlice<Unicode.Scalar> // repaired token text (starts as the original, a slice of the line)
        var rules: [String] = []
        var confidence: Double = 1
        var lineBreakBefore = false     // a tab (cell boundary) separates it from the previous token
        /// The token without surrounding punctuation, lower-cased.
        var core: String {
            let r = coreRange
            if text[r].allSatisfy({ $0.value < 0x80 }) { // ASCII: lower-cased byte by byte, as `lowercased()` does
                return String(unsafeUninitializedCapacity: r.count) { buf in
                    var i = 0
                    for u in text[r] {
                        let v = u.value
                        buf[i] = UInt8(v >= 0x41 && v <= 0x5A ? v | 0x20 : v); i += 1
                    }
                    return i
                }
            }
            return text[r].string.lowercased()
        }
        /// Bounds of `core` in `text`.
        var coreRange: Range<Int> {
            var a = text.startIndex, b = text.endIndex
            while a < b, Self.isOpener(text[a].value) { a += 1 }
            while b > a, Self.isCloser(text[b - 1].value) { b -= 1 }
            return a..<b
        }
        var hasClosingPunct: Bool { text.last.map { Self.isCloser($0.value) } ?? false }
        static let openers: Set<UInt32> = [0x28, 0xAB, 0x22, 0x201C, 0x5B, 0x2018]
        static let closers: Set<UInt32> = [0x2E, 0x2C, 0x3B, 0x3A, 0x21, 0x3F, 0x29, 0xBB, 0x22, 0x201D, 0x2026, 0x5D]
        /// `openers.contains(v)` without hashing.
        @inline(__always) static func isOpener(_ v: UInt32) -> Bool {
            switch v { case 0x28, 0xAB, 0x22, 0x201C, 0x5B, 0x2018: return true; default: return false }
        }
        /// `closers.contains(v)` without hashing.
        @inline(__always) static func isCloser(_ v: UInt32) -> Bool {
            switch v { case 0x2E, 0x2C, 0x3B, 0x3A, 0x21, 0x3F, 0x29, 0xBB, 0x22, 0x201D, 0x2026, 0x5D: return true; default: return false }
        }
    }

    func repairs(_ s: [Unicode.Scalar], following: [Unicode.Scalar] = []) -> [Replacement] {
        var tokens: [Token] = []
        tokens.reserveCapacity(s.count / 4 + 4)
        var i = 0
        var sawTab = false
        while i < s.count {
            if s[i].isWhite { if s[i].value == 0x09 { sawTab = true }; i += 1; continue }
            let start = i
            while i < s.count, !s[i].isWhite { i += 1 }
            var t = Token(range: start..<i, text: s[start..<i])
            t.lineBreakBefore = sawTab
            sawTab = false
            tokens.append(t)
        }
        guard !tokens.isEmpty else { return [] }
        let own = tokens.count
        if ocr, !following.isEmpty {
            // the first word of the next line, as context only (never edited; only the last token's context rule
            // reads it)
            var j = 0, n = 0
            while j < following.count, n < 1 {
                if following[j].isWhite { if following[j].value == 0x09 { break }; j += 1; continue }
                let st = j
                while j < following.count, !following[j].isWhite { j += 1 }
                tokens.append(Token(range: 0..<0, text: following[st..<j]))
                n += 1
            }
        }
        if ocr {
            // most tokens repeat: their repair depends only on their text and on the sentence start
            var key: [UInt32] = []
            key.reserveCapacity(64)
            cache.lock()
            // the next line's word is repaired only if the last token's context rule may read it (the cache is
            // transparent: a token's repair depends only on its key)
            for k in tokens.indices {
                if k == own, Self.skipsContext(tokens[own - 1], tables) { break }
                if Self.unrepairable(tokens[k].text) { continue }
                let start = k == 0 || tokens[k].lineBreakBefore || Self.endsSentence(tokens[k - 1])
                    || ((k == 1 || tokens[k - 1].lineBreakBefore) && Self.isBullet(tokens[k - 1]))
                TokenCache.makeKey(&key, tokens[k].text, sentenceStart: start)
                if let cached = cache.get(key) {
                    if let hit = cached { tokens[k].text = ArraySlice(hit.0); tokens[k].rules = hit.1; tokens[k].confidence = hit.2 }
                    continue
                }
                cache.unlock()
                repairToken(&tokens[k], sentenceStart: start)
                cache.lock()
                cache.set(key, tokens[k].rules.isEmpty ? nil : (Array(tokens[k].text), tokens[k].rules, tokens[k].confidence))
            }
            cache.unlock()
        } else {
            for k in tokens.indices where tokens[k].text.contains(where: { $0.value == 0xFFFD }) { repairToken(&tokens[k], sentenceStart: false) }
        }
        if ocr {
            var key: [UInt32] = []
            for k in 0..<own where !Self.skipsContext(tokens[k], tables) { contextRules(&tokens, k, key: &key) }
        }
        var reps: [Replacement] = []
        for t in tokens[0..<own] where !t.rules.isEmpty {
            let orig = s[t.range]
            guard !orig.elementsEqual(t.text) else { continue }
            let fixed = Array(t.text)
            // minimal differing span
            var p = 0
            let o = orig.startIndex
            while p < orig.count, p < fixed.count, orig[o + p] == fixed[p] { p += 1 }
            var q = 0
            while q < orig.count - p, q < fixed.count - p, orig[o + orig.count - 1 - q] == fixed[fixed.count - 1 - q] { q += 1 }
            reps.append(Replacement(range: (t.range.lowerBound + p)..<(t.range.upperBound - q),
                                    with: Array(fixed[p..<(fixed.count - q)]),
                                    rule: t.rules.joined(separator: "+"), confidence: t.confidence))
        }
        return reps
    }

    /// True when `contextRules` cannot change token `t`: its lower-cased core is not one of the words the rules
    /// are about. Decided on scalars when the core is made of scalars below U+0250 (precomposed Latin, its lower
    /// case one scalar each, so NFC in gives NFC out and scalar equality is String equality); any other core goes
    /// to `contextRules`, which decides with Strings. A core of more than 8 scalars never matches: a string
    /// canonically equal to a target has at most as many scalars as the target's NFD (7 at most).
    static func skipsContext(_ t: Token, _ tables: Tables) -> Bool {
        t.text.withUnsafeBufferPointer { $0.withMemoryRebound(to: UInt32.self) { skipsContext($0, tables) } }
    }

    /// `skipsContext` on a token's scalar values.
    static func skipsContext(_ x: UnsafeBufferPointer<UInt32>, _ tables: Tables) -> Bool {
        if x.count > 12 { return true }
        var a = 0, e = x.count
        while a < e, Token.isOpener(x[a]) { a += 1 }
        while e > a, Token.isCloser(x[e - 1]) { e -= 1 }
        let n = e - a
        if n > 8 { return true }
        // the lower-cased core compared with the targets of its length, packed (a scalar that is not precomposed
        // Latin, or whose lower case is several scalars, leaves the decision to `contextRules`)
        var lo: UInt64 = 0, hi: UInt64 = 0
        let found: Bool = tables.lowerLatin.withUnsafeBufferPointer { lower in
            for k in 0..<n {
                let v = x[a + k]
                guard v < 0x250 else { return true }
                let l = lower[Int(v)]
                if l == 0 { return true }
                Tables.packTarget(&lo, &hi, k, l)
            }
            if tables.contextTargetLengths & (1 << UInt64(n)) == 0 { return false }
            return tables.contextTargetsPacked.withUnsafeBufferPointer { t in
                var j = 0
                while j < t.count { if t[j] == lo && t[j + 1] == hi { return true }; j += 2 }
                return false
            }
        }
        return !found
    }

    // MARK: single token

    private func note(_ t: inout Token, _ rule: String, _ c: Double) {
        if !t.rules.contains(rule) { t.rules.append(rule) }
        t.confidence = min(t.confidence, c)
    }

    /// Tokens `repairToken` leaves as they are whatever the context: no letter and no U+FFFD (every rule needs one),
    /// or at most two scalars without `|` or `_` (words are repaired from three letters; `|l` and `_x` are the only
    /// two-scalar elision repairs).
    static func unrepairable(_ x: ArraySlice<Unicode.Scalar>) -> Bool {
        x.withUnsafeBufferPointer { $0.withMemoryRebound(to: UInt32.self) { unrepairable($0) } }
    }

    /// `unrepairable` on a token's scalar values.
    static func unrepairable(_ x: UnsafeBufferPointer<UInt32>) -> Bool {
        if x.count <= 2 {
            for v in x where v == 0x7C || v == 0x5F { return false }
            return true
        }
        for v in x where v == 0xFFFD || DocumentProfile.letter(v) { return false }
        return true
    }

    static func endsSentence(_ t: Token) -> Bool {
        t.text.withUnsafeBufferPointer { $0.withMemoryRebound(to: UInt32.self) { endsSentence($0) } }
    }

    static func isBullet(_ t: Token) -> Bool {
        t.text.withUnsafeBufferPointer { $0.withMemoryRebound(to: UInt32.self) { isBullet($0) } }
    }

    /// A bullet opening a line, as printed or as OCR reads a tick (`v`, `v'`, `v"`): the word after it starts a
    /// sentence.
    static func isBullet(_ x: UnsafeBufferPointer<UInt32>) -> Bool {
        switch x.count {
        case 1: return Self.bulletScalars.contains(x[0])
        case 2: return x[0] == 0x76 && (x[1] == 0x27 || x[1] == 0x2019 || x[1] == 0x22)
        default: return false
        }
    }
    /// v * + = » > and the bullet and arrow glyphs (✓ ✔ ➢ ➤ ▪ ■ ● ○ ◦ ■ □ ►).
    static let bulletScalars: Set<UInt32> = [0x76, 0x2A, 0x2B, 0x3D, 0xBB, 0x3E, 0x2713, 0x2714, 0x27A2, 0x27A4, 0x25AA,
                                             0x25A0, 0x25CF, 0x25CB, 0x25E6, 0x25A1, 0x25BA]

    /// `endsSentence` on a token's scalar values: it ends with `.`, `:`, `!`, `?`, `•`, `-` or `–`, or it is made
    /// of digits, `.` and `)` only (an empty token too); not a title or an initial before a name (`M.`, `MM.`, `Dr.`,
    /// `J.`: a capital, at most two letters, then `.`).
    static func endsSentence(_ x: UnsafeBufferPointer<UInt32>) -> Bool {
        guard let l = x.last else { return true }
        if l == 0x2E, x.count <= 3, x[0] >= 0x41, x[0] <= 0x5A,
           x.dropLast().allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) }) { return false }
        if l == 0x2E || l == 0x3A || l == 0x21 || l == 0x3F || l == 0x2022 || l == 0x2D || l == 0x2013 { return true }
        for v in x where !((v >= 0x30 && v <= 0x39) || v == 0x2E || v == 0x29) { return false }
        return true
    }

    func repairToken(_ t: inout Token, sentenceStart: Bool) {
        var x = Array(t.text)
        // opening punctuation (but not '[' which may be a misread 'l')
        var a = 0
        while a < x.count, x[a].value == 0x28 || x[a].value == 0xAB || x[a].value == 0x22 || x[a].value == 0x201C { a += 1 }
        if ocr {
            // a double quote read for the apostrophe after an elided prefix or an elision glitch: d"accès, ["accès
            // (a capital after it too, a vowel without a closing quote further on: d"ASMAT, not d"Enfance")
            if let q = x[a...].firstIndex(where: { $0.value == 0x22 || $0.value == 0x201C || $0.value == 0x201D }), q > a,
               q + 1 < x.count, x[q + 1].isLetter,
               !x[q + 1].isUpper || (Self.vowelOrH(Character(x[q + 1])) && !x[(q + 1)...].contains(where: { $0.value == 0x22 || $0.value == 0x201D })) {
                if Self.elidedPrefixes.contains(x[a..<q].string.lowercased()) || Self.glitchHeads.contains(x[a..<q].map(\.value)) {
                    x[q] = "’"; note(&t, "ocr.apostrophe", 0.85)
                }
            }
            // doubled apostrophe inside a word: d’'un -> d’un (first: I’'ensemble is then an I' glitch)
            var k = a + 1
            while k + 2 < x.count + 0 && k + 1 < x.count {
                if x[k].isApostrophe, x[k + 1].isApostrophe, x[k - 1].isLetter, k + 2 < x.count, x[k + 2].isLetter {
                    x.remove(at: k + 1); note(&t, "ocr.apostrophe", 0.95)
                }
                k += 1
            }
            // elision glitches at the start: [I' [l' [' |' I' -> l' ; |l -> Il
            let rest = x[a...]
            for p in Self.glitchHeads where rest.count >= p.count + 2 {
                let head = rest.prefix(p.count).map(\.value)
                let ap = rest[rest.startIndex + p.count]
                let next = rest[rest.startIndex + p.count + 1]
                if head == p, ap.isApostrophe, next.isLetter {
                    x.replaceSubrange(a..<(a + p.count), with: ["l"])
                    note(&t, "ocr.elision", 0.95)
                    break
                }
            }
            if x.count >= a + 2, x[a] == "|", x[a + 1] == "l", x.count == a + 2 || !x[a + 2].isLetter {
                x.replaceSubrange(a..<(a + 1), with: ["I"]); note(&t, "ocr.elision", 0.9)
            }
            // lost l before an apostrophe: 'ensemble -> l'ensemble, '’évaluation -> l’évaluation
            if x.count >= a + 3, x[a].isApostrophe {
                var b = a
                while b < x.count, x[b].isApostrophe { b += 1 }
                if b < x.count, x[b].isLetter, !x.last!.isApostrophe {
                    let word = wordPart(x[b...])
                    // a known word, or one the confusion table repairs (the body is repaired below): 'accés
                    // or a capitalised word the document uses three times or more (this one included): a name, an acronym, a capital
                    // printed without its accent ('AVS, 'Education)
                    if word.count >= 3, Self.vowelOrH(word.first!),
                       lexicon.contains(word) || repairWord(Array(word.unicodeScalars), standalone: false, properNoun: false) != nil
                        || (word.first!.isUppercase && (profile?.frequency(word) ?? 0) >= 3) {
                        x.replaceSubrange(a..<b, with: ["l", x[b - 1]])
                        note(&t, "ocr.elision", 0.85)
                    }
                }
            }
            // stray underscore before a word
            if a < x.count - 1, x[a] == "_", x[a + 1].isLetter { x.remove(at: a); note(&t, "ocr.stray", 0.9) }
            // a bar before a word in lower case: an l misread (|es -> les), an opening parenthesis before a word the
            // token closes (|parentalité) -> (parentalité)), else a stray mark before a consonant (|la -> la; before a
            // vowel it may be an elision, |articulation, and stays)
            if x.count >= a + 3, x[a] == "|", x[a + 1].isLetter, !x[a + 1].isUpper {
                let word = wordPart(x[(a + 1)...])
                let tail = x[(a + 1 + word.unicodeScalars.count)...]
                // (the word, then closing punctuation at most: not a garbled run such as |'er or D|ver5|f)
                if word.unicodeScalars.count >= 2, tail.allSatisfy({ Token.closers.contains($0.value) }) {
                    if lexicon.contains("l" + word) { x[a] = "l"; note(&t, "ocr.elision", 0.8) }
                    else if lexicon.contains(word) {
                        if tail.contains(")") && !x[..<a].contains("(") { x[a] = "("; note(&t, "ocr.glyph", 0.8) }
                        else if !Self.vowelOrH(word.first!) { x.remove(at: a); note(&t, "ocr.stray", 0.8) }
                    }
                }
            }
        }
        // word body: after an elided prefix, split on hyphens
        var body = a
        if let e = elisionEnd(x, from: a) { body = e }
        var end = x.count
        while end > body, Token.closers.contains(x[end - 1].value) || x[end - 1].isApostrophe { end -= 1 }
        guard end > body else { t.text = ArraySlice(x); return }
        var parts: [Range<Int>] = []
        var ps = body
        for j in body...end where j == end || x[j] == "-" {
            if j > ps { parts.append(ps..<j) }
            ps = j + 1
        }
        // a conjunction joined to the word before it by a hyphen (collaboration-et les instances): no French compound
        // has two parts ending in et / ou
        if ocr, parts.count == 2, parts[0].upperBound + 1 == parts[1].lowerBound, parts[0].count >= 3,
           x[parts[1]].elementsEqual(["e", "t"]) || x[parts[1]].elementsEqual(["o", "u"]),
           x[parts[0]].allSatisfy({ $0.isLetter && !$0.isUpper }), lexicon.contains(scalars: Array(x[parts[0]])) {
            x[parts[0].upperBound] = " "
            note(&t, "ocr.space", 0.7)
            t.text = ArraySlice(x)
            return
        }
        for r in parts.reversed() {
            if let (fixed, rule, c) = repairWord(Array(x[r]), standalone: parts.count == 1 && body == a,
                                                 properNoun: x[r.lowerBound].isUpper && !(sentenceStart && r.lowerBound == a)) {
                x.replaceSubrange(r, with: fixed); note(&t, rule, c)
            }
        }
        t.text = ArraySlice(x)
    }

    /// End of an elided prefix (`l'`, `d’`, `qu'`, `jusqu’`...) starting at `a`, if any.
    func elisionEnd(_ x: [Unicode.Scalar], from a: Int) -> Int? {
        var j = a
        while j < x.count, j - a < 8, x[j].isLetter { j += 1 }
        guard j > a, j + 1 < x.count, x[j].isApostrophe, x[j + 1].isLetter else { return nil }
        let p = x[a..<j].string.lowercased()
        return Self.elidedPrefixes.contains(p) ? j + 1 : nil
    }
    /// What an `l` before an apostrophe is read as (the elision glitches repaired in `repairToken`), longest first:
    /// `[I`, `[l`, `[`, `|`, `I`.
    static let glitchHeads: [[UInt32]] = [[0x5B, 0x49], [0x5B, 0x6C], [0x5B], [0x7C], [0x49]]
    static let elidedPrefixes: Set<String> = ["l", "d", "n", "s", "j", "m", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "presqu", "quoiqu"]

    static func vowelOrH(_ c: Character) -> Bool { "aeiouyhàâéèêëîïôöûüœAEIOUYHÉÈÊÀÂÎÔŒ".contains(c) }

    private func wordPart(_ x: ArraySlice<Unicode.Scalar>) -> String {
        var e = x.startIndex
        while e < x.endIndex, x[e].isLetter { e += 1 }
        return x[x.startIndex..<e].string
    }

    /// Whether `candidate` has more letters outside ASCII (accented) than `w`, or as many but others (`strict`).
    static func addsMarks(_ w: [Unicode.Scalar], _ candidate: [Unicode.Scalar]) -> Bool {
        let a = w.filter { $0.value >= 0x80 }, b = candidate.filter { $0.value >= 0x80 }
        return b.count > a.count || (b.count == a.count && !b.allSatisfy(a.contains))
    }

    /// Whether `w` and `candidate` have the same letters outside ASCII, in the same order: only ASCII glyphs differ
    /// (`strict`, a capitalised word: "Inciusion" -> "Inclusion", not "Maché" -> "Moche").
    static func sameMarks(_ w: [Unicode.Scalar], _ candidate: [Unicode.Scalar]) -> Bool {
        w.filter { $0.value >= 0x80 } == candidate.filter { $0.value >= 0x80 }
    }

    /// Confusion-table candidates of a word unknown to the lexicon; nil when the evidence is not strong.
    /// `properNoun`: capitalised inside a sentence; only glyph misreadings (`Sabne`) are repaired there,
    /// never a lost accent (`Felix`, `Maché` are names as printed).
    func repairWord(_ w: [Unicode.Scalar], standalone: Bool, properNoun: Bool) -> ([Unicode.Scalar], String, Double)? {
        guard w.count >= 3 else { return nil }
        var hasLower = false, upperCount = 0, hasFFFD = false
        // one digit or mark inside a word, where the word without it is known (S5ud -> Sud, é&troits -> étroits): a
        // stray mark read as a digit or a symbol
        if ocr, w.count >= 4, let d = w.firstIndex(where: { $0.isDigit || Self.strayMarks.contains($0) }), d > 0, d < w.count - 1,
           w.indices.allSatisfy({ $0 == d || w[$0].isLetter }), !(strict && w.filter(\.isUpper).count >= 2) {
            var y = w
            y.remove(at: d)
            return lexicon.contains(scalars: y) ? (y, "ocr.stray", 0.7) : nil
        }
        for u in w {
            if u.isDigit { return nil }
            if u.value == 0xFFFD { hasFFFD = true } else if u.isUpper { upperCount += 1 } else if u.isLetter { hasLower = true }
        }
        if hasFFFD { return replacementChar(w) }
        guard ocr, hasLower else { return nil }           // all-caps: acronyms, headings (printed without accents)
        // a short word glued to an acronym the document uses (LaCAF, duCCAS -> La CAF, du CCAS)
        if upperCount >= 2, let split = gluedAcronym(w) { return (split, "ocr.space", 0.7) }
        if upperCount > 1 { return nil }                  // CamelCase names
        let word = w.string
        if lexicon.contains(word) { return nil }
        var found = WordCache.shared.candidates(word) { candidates(w) }
        if strict { found = found.filter { c in w[0].isUpper ? Self.sameMarks(w, c.0) : !Self.addsMarks(w, c.0) } }
        if w[0].isUpper {
            found = found.filter { c in
                // inside a sentence a capital may start a name as printed (Felix): a lost accent only where the
                // candidate is a common word the document writes at least three times, or the document writes the
                // seen word in lower case at least three times (Acces -> Accès); an accent read as another accent
                // (Eusébe -> Eusèbe) always
                properNoun ? c.2 && c.0.contains { $0.value >= 0x80 && !w.contains($0) } || commonWord(c.0) || commonSpelling(w, c.0)
                                 || Self.accentSwapped(w, c.0)
                           : (c.2 || lexicon.contains(c.0.string.lowercased()))
            }
        }
        // (a lower-case word, or a capitalised one at the start of a sentence before a short word: Renforcerla; elsewhere
        // a capital may start a name, Lafont, Dupontet)
        let mayJoinTwoWords = upperCount == 0 || (upperCount == 1 && w[0].isUpper && !properNoun)
        let split = mayJoinTwoWords ? unglued(w, capitalised: upperCount == 1) : nil
        if let best = choose(found) {
            // two readings, a rarely misread letter and a lost space (handicapdes: handicapées or handicap des): keep it
            if split != nil, !candidates(w, rare: false).contains(where: { $0.0 == best.0 }) { return nil }
            return best
        }
        // a name the document writes often, misread here (Monteeau -> Montceau, Mantcenis -> Montcenis)
        if w[0].isUpper, upperCount == 1, let name = documentName(w), !(strict && !Self.sameMarks(w, name)) { return (name, "ocr.name", 0.75) }
        // lost apostrophe: larticle -> l'article
        if standalone, w.count >= 6, w[0] == "l" || w[0] == "d", Self.vowelOrH(Character(w[1])), !w[1].isUpper {
            let rest = Array(w[1...]).string
            if lexicon.contains(rest) {
                return ([w[0], "'"] + Array(w[1...]), "ocr.apostrophe", 0.8)
            }
        }
        // an elision read as one capital glyph inside a sentence (Tables.elisionGlyphs): Fensemble, Uinclusion ->
        // l’ensemble, l’inclusion; the rest a known word of four letters or more, starting with a vowel or h
        if standalone, properNoun, w.count >= 5, let elided = tables.elisionGlyphs[w[0]], Self.vowelOrH(Character(w[1])),
           w[1...].allSatisfy({ $0.isLetter && !$0.isUpper }), lexicon.contains(scalars: Array(w[1...])) {
            return (elided.elision + Array(w[1...]), "ocr.elision", elided.weight)
        }
        // a speck read as a letter before a word (ftravail -> travail)
        if upperCount == 0, let rest = strayInitial(w) { return (rest, "ocr.stray", 0.7) }
        let separated = mayJoinTwoWords ? separated(w) : nil
        // both a lost space and a separator read as a letter: two readings, keep it
        if let split { return separated == nil ? (split, "ocr.space", 0.7) : nil }
        return separated
    }

    /// A short word of `glued.tsv` (its first letter in either case) and an acronym of two capitals or more that the
    /// document writes three times or more elsewhere (the glued token counts as another word), glued together:
    /// LaCAF, duCCAS -> La CAF, du CCAS.
    func gluedAcronym(_ w: [Unicode.Scalar]) -> [Unicode.Scalar]? {
        guard let profile, w.allSatisfy({ $0.isLetter }), let k = w.indices.dropFirst().first(where: { w[$0].isUpper }),
              w[1..<k].allSatisfy({ !$0.isUpper }), w.count - k >= 2, w[k...].allSatisfy({ $0.isUpper }) else { return nil }
        let head = Array(String(String.UnicodeScalarView(w[..<k])).lowercased().unicodeScalars)
        let rest = Array(w[k...])
        guard tables.gluedWords.contains(head), profile.frequency(rest.string) >= 3 else { return nil }
        return Array(w[..<k]) + [" "] + rest
    }

    /// A lower-case word without its first letter, where that letter and the next are two consonants no French word
    /// starts with (`Tables.onsets`) and the rest is a word of four letters or more that the lexicon knows and the
    /// document uses at least twice elsewhere: a speck on the scan read as a letter (ftravail, wvisible, pgarde).
    func strayInitial(_ w: [Unicode.Scalar]) -> [Unicode.Scalar]? {
        guard let profile, w.count >= 5, w.allSatisfy({ $0.isLetter && !$0.isUpper }),
              Self.consonant(w[0]), Self.consonant(w[1]), !tables.onsets.contains(String(String.UnicodeScalarView([w[0], w[1]]))) else { return nil }
        let rest = Array(w[1...])
        guard profile.frequency(rest.string) >= 2, lexicon.contains(scalars: rest) else { return nil }
        return rest
    }

    /// An ASCII consonant letter (y counts as a vowel).
    static func consonant(_ u: Unicode.Scalar) -> Bool {
        u.value < 0x80 && u.properties.isAlphabetic && !"aeiouyAEIOUY".unicodeScalars.contains(u)
    }

    /// Two words the document uses at least twice elsewhere, joined by a separator OCR read as a letter
    /// (`Tables.separatorGlyphs`): etfou -> et/ou, coordinationfcoopération -> coordination/coopération; when
    /// exactly one such reading exists.
    func separated(_ w: [Unicode.Scalar]) -> ([Unicode.Scalar], String, Double)? {
        guard let profile, !tables.separatorGlyphs.isEmpty, w.count >= 5, w.allSatisfy({ $0.isLetter }) else { return nil }
        var found: ([Unicode.Scalar], String, Double)?
        for p in 2..<(w.count - 2) {
            guard let s = tables.separatorGlyphs[w[p]] else { continue }
            let left = Array(w[..<p]), right = Array(w[(p + 1)...])
            // (a capitalised first word, at a sentence start: the document's uses of it in lower case count too)
            let written = left.string, leftWord = written.lowercased()
            let leftUses = profile.frequency(written) + (leftWord == written ? 0 : profile.frequency(leftWord))
            guard lexicon.contains(leftWord), lexicon.contains(scalars: right), leftUses >= 2, profile.frequency(right.string) >= 2 else { continue }
            if found != nil { return nil }
            found = (left + s.printed + right, "ocr.separator", s.weight)
        }
        return found
    }

    /// The one capitalised word that a confusion-table substitution makes of `w` (rare ones as in `candidates`) and
    /// that the document writes at least three times, and three times as often as `w` itself: a place or a name
    /// the lexicon does not know, misread here. Nil when there is none or more than one.
    func documentName(_ w: [Unicode.Scalar]) -> [Unicode.Scalar]? {
        guard let profile else { return nil }
        let seen = profile.frequency(w.string)
        let rareAllowed = w.count >= Self.rareMinLength && !w.contains("-")
        var found: [Unicode.Scalar]?
        var ambiguous = false
        forEachSubstitution(w, from: 0) { c, p in
            if ambiguous || (c.rare && !rareAllowed) { return }
            var y = w
            y.replaceSubrange(p..<(p + c.from.count), with: c.to)
            guard y.first?.isUpper == true, y != found else { return }
            let k = profile.frequency(y.string)
            guard k >= 3, k >= 3 * seen else { return }
            if found == nil { found = y } else { ambiguous = true }
        }
        return ambiguous ? nil : found
    }

    /// A lower-case word made of a short word OCR glues to its neighbours (`Tables.gluedWords`) and a known word of
    /// three letters or more, or a second such short word, the document uses at least twice: the two words, when
    /// exactly one such split exists (haussedes -> hausse des, uncontrat -> un contrat, etla -> et la; et/ou read
    /// as etfou is not "et fou": no "fou" elsewhere).
    /// `capitalised`: a capitalised word opening a sentence: a short word at the end (Renforcerla -> Renforcer la),
    /// or a capitalised short word at the start of a word the document writes nowhere else, before a known word of
    /// five letters or more (Laformation -> La formation; a name, Legrand, is written more than once, or is short).
    func unglued(_ w: [Unicode.Scalar], capitalised: Bool = false) -> [Unicode.Scalar]? {
        guard let profile, w.allSatisfy({ $0.isLetter }) else { return nil }
        var splits: [[Unicode.Scalar]] = []
        func add(_ word: ArraySlice<Unicode.Scalar>, _ split: [Unicode.Scalar]) {
            let r = Array(word)
            guard r.count >= 3 || tables.gluedWords.contains(r), profile.frequency(r.string) >= 2, lexicon.contains(scalars: r), !splits.contains(split) else { return }
            splits.append(split)
        }
        let head = capitalised ? Array(String(w[0]).lowercased().unicodeScalars) + w.dropFirst() : w
        let headAllowed = !capitalised || profile.frequency(w.string) <= 1
        for g in tables.gluedWords where g.count < w.count {
            if head.starts(with: g), headAllowed, !capitalised || w.count - g.count >= 5 {
                add(w[g.count...], Array(w.prefix(g.count)) + [" "] + w[g.count...])
            }
            if w.suffix(g.count).elementsEqual(g) { add(w.dropLast(g.count), w.dropLast(g.count) + [" "] + g) }
        }
        return splits.count == 1 ? splits[0] : nil
    }

    /// Words the lexicon knows that one or two confusion-table substitutions make of `w` (a second one only after
    /// the first), with their log-weight and whether a glyph confusion is involved; in table order, then position.
    /// A rare confusion (see `Tables.Confusion.rare`) only in a word of `rareMinLength` scalars or more without a
    /// hyphen (a short word, or a part of a compound the lexicon accepts piece by piece, is too easily turned into
    /// another word), and never with a second rare one.
    /// `rare: false`: without the rare confusions.
    func candidates(_ w: [Unicode.Scalar], rare: Bool = true) -> [([Unicode.Scalar], Double, Bool)] {
        var found: [([Unicode.Scalar], Double, Bool)] = []  // candidate, score, glyph
        let rareAllowed = rare && w.count >= Self.rareMinLength && !w.contains("-")
        var y: [Unicode.Scalar] = []  // the word after the first substitution (one buffer for all of them)
        y.reserveCapacity(w.count + 4)
        forEachSubstitution(w, from: 0) { c, p in
            if c.rare && !rareAllowed { return }
            y.removeAll(keepingCapacity: true)
            y.append(contentsOf: w[..<p]); y.append(contentsOf: c.to); y.append(contentsOf: w[(p + c.from.count)...])
            if lexicon.contains(scalars: y) { found.append((y, log(c.weight), c.glyph)) }
            forEachSubstitution(y, from: p + c.to.count) { c2, p2 in
                if c2.rare && (c.rare || !rareAllowed) { return }
                let r = p2..<(p2 + c2.from.count)
                if lexicon.contains(y, replacing: r, with: c2.to) {
                    var z = y
                    z.replaceSubrange(r, with: c2.to)
                    found.append((z, log(c.weight) + log(c2.weight) - 0.4, c.glyph || c2.glyph))
                }
            }
        }
        return found
    }

    static let rareMinLength = 5
    /// Symbols a speck on the scan is read as inside a word (besides digits).
    static let strayMarks: Set<Unicode.Scalar> = ["&", "*", "~", "®", "¢"]

    /// Whether `candidate` differs from `w` only by accented letters read as other accented letters (Eusébe ->
    /// Eusèbe): a name keeps its accents, and OCR misread their direction; a name as printed may lack one (Felix).
    static func accentSwapped(_ w: [Unicode.Scalar], _ candidate: [Unicode.Scalar]) -> Bool {
        guard w.count == candidate.count, w != candidate else { return false }
        for (u, v) in zip(w, candidate) where u != v { if u.value < 0x80 || v.value < 0x80 { return false } }
        return true
    }

    /// Whether the document writes the seen word `w` at least three times with a lower-case first letter, and the
    /// candidate is a common word in lower case: a capitalised common word (Acces in "Animation, Acces aux droits",
    /// where the document writes "acces" as a common noun), not a name (a name is not written in lower case).
    func commonSpelling(_ w: [Unicode.Scalar], _ candidate: [Unicode.Scalar]) -> Bool {
        guard let profile, profile.lowerCaseFrequency(w.string) >= 3 else { return false }
        return lexicon.contains(candidate.string.lowercased())
    }

    /// A capitalised word whose lower case the lexicon knows and the document uses at least three times.
    func commonWord(_ w: [Unicode.Scalar]) -> Bool {
        guard let profile else { return false }
        let lower = w.string.lowercased()
        return profile.frequency(lower) >= 3 && lexicon.contains(lower)
    }

    /// Every place at or after `from` where a confusion's seen-in-OCR text occurs in `x`, by table order then position.
    /// (A confusion whose first scalar's signature bit is not among those of `x[from...]` cannot occur: skipped
    /// without a scan.)
    @inline(__always)
    func forEachSubstitution(_ x: [Unicode.Scalar], from: Int, _ body: (Tables.Confusion, Int) -> Void) {
        var signature: UInt64 = 0
        var k = from
        while k < x.count { signature |= Tables.signatureBit(x[k]); k += 1 }
        let bits = tables.confusionFirstBits
        for i in bits.indices where bits[i] & signature != 0 {
            let c = tables.confusions[i]
            guard c.from.count <= x.count else { continue }
            var p = from
            while p + c.from.count <= x.count {
                if x[p] == c.from[0] && (c.from.count == 1 || x[p..<(p + c.from.count)].elementsEqual(c.from)) { body(c, p) }
                p += 1
            }
        }
    }

    func choose(_ found: [([Unicode.Scalar], Double, Bool)]) -> ([Unicode.Scalar], String, Double)? {
        guard !found.isEmpty else { return nil }
        var scored = found.map { c -> ([Unicode.Scalar], Double, Bool) in
            let f = profile?.frequency(c.0.string) ?? 0
            return (c.0, c.1 + 0.3 * log(1 + Double(f)), c.2)
        }
        scored.sort { $0.1 > $1.1 }
        // distinct candidates only
        let best = scored[0]
        if let second = scored.dropFirst().first(where: { $0.0 != best.0 }), best.1 - second.1 < 0.05 { return nil }
        let conf = min(0.95, exp(best.1))
        return (best.0, best.2 ? "ocr.glyph" : "ocr.accent", conf)
    }

    /// U+FFFD in a word: the accented letter the lexicon accepts, if exactly one does.
    func replacementChar(_ w: [Unicode.Scalar]) -> ([Unicode.Scalar], String, Double)? {
        guard w.filter({ $0.value == 0xFFFD }).count == 1, let p = w.firstIndex(where: { $0.value == 0xFFFD }) else { return nil }
        var ok: [[Unicode.Scalar]] = []
        for c in "éèêàâçôûîùëïœ".unicodeScalars {
            var y = w; y[p] = c
            if lexicon.contains(y.string) { ok.append(y) }
        }
        if ok.count == 1 { return (ok[0], "chars.replacement", 0.9) }
        if ok.count > 1, let profile {
            let f = ok.map { profile.frequency($0.string) }
            if let m = f.max(), m > 0, f.filter({ $0 == m }).count == 1 { return (ok[f.firstIndex(of: m)!], "chars.replacement", 0.8) }
        }
        return nil
    }

    // MARK: context

    /// A context rule's change to token `k`: its new text, the rule and its confidence.
    typealias ContextDecision = (text: [Unicode.Scalar], rule: String, confidence: Double)

    /// Applies the context rules to token `k`. Their decision depends only on the texts of the token and of its
    /// neighbours on the same line (and on the profile, fixed for a cache): it is memoised under those texts.
    func contextRules(_ tokens: inout [Token], _ k: Int, key: inout [UInt32]) {
        key.removeAll(keepingCapacity: true)
        let separator: UInt32 = 0x110000 // beyond Unicode: never a scalar
        if k > 0 && !tokens[k].lineBreakBefore { key.append(separator); for u in tokens[k - 1].text { key.append(u.value) } }
        key.append(separator + 1)
        for u in tokens[k].text { key.append(u.value) }
        key.append(separator + 2)
        if k + 1 < tokens.count && !tokens[k + 1].lineBreakBefore { for u in tokens[k + 1].text { key.append(u.value) } }
        cache.lock()
        let memo = cache.getContext(key)
        cache.unlock()
        let decision: ContextDecision?
        if let memo { decision = memo } else {
            decision = contextDecision(tokens, k)
            cache.lock(); cache.setContext(key, decision); cache.unlock()
        }
        if let decision {
            tokens[k].text = ArraySlice(decision.text)
            note(&tokens[k], decision.rule, decision.confidence)
        }
    }

    /// What the context rules make of token `k`, nil to keep it.
    func contextDecision(_ tokens: [Token], _ k: Int) -> ContextDecision? {
        let t = tokens[k]
        guard t.text.count <= 12 else { return nil }
        let core = t.core
        guard core.count <= 8 else { return nil }
        let prev = k > 0 && !t.lineBreakBefore ? tokens[k - 1] : nil
        let next = k + 1 < tokens.count && !tokens[k + 1].lineBreakBefore ? tokens[k + 1] : nil
        // `&` or `@` for à: after a word in lower case (or a comma), before an infinitive, or where `a` would be the
        // preposition (au fur et & mesure, & l'inverse); never the verb, but "et" in a name (Enfance & Jeunesse)
        if core == "&" || core == "@", let p = prev, p.text.last == "," || (p.text.last?.isLetter == true && !(p.text.first?.isUpper ?? true)),
           let nt = next, let f = nt.text[nt.coreRange].first, !f.isUpper {
            let n = nt.core
            if n == Self.bareWord(n), lexicon.info(n).infinitive { return (["à"], "context.a-grave", 0.85) }
            // (a word the lexicon knows: "enfance & andicaf" is a slide's "enfance & handicap", misread)
            if lexicon.contains(Self.bareWord(n)), let c = aGrave(core: core, prev: p, next: next) { return (["à"], "context.a-grave", min(c, 0.85)) }
            return nil
        }
        if core == "a" || core == "qu'a" || core == "qu’a" || core == "jusqu'a" || core == "jusqu’a" {
            // only lower-case `a` (capitals are printed without accents) and not before punctuation
            guard t.text.last == "a", let decision = aGrave(core: core, prev: prev, next: next) else { return nil }
            var x = Array(t.text)
            x[x.count - 1] = "à"
            return (x, "context.a-grave", decision)
        }
        // an all-capitals word is an acronym or a heading (IA, DES), printed as it is meant
        guard let rules = tables.context[core], t.text.lazy.filter(\.isUpper).count < 2, !t.hasClosingPunct || rules.contains(where: { if case .always = $0.condition { return true } else { return false } }) else { return nil }
        // built once, on first use
        var prevCoreMemo: String?? = nil, nextCoreMemo: String?? = nil
        func prevCore() -> String? {
            if let m = prevCoreMemo { return m }
            let v = prev?.hasClosingPunct == true ? nil : prev?.core
            prevCoreMemo = .some(v); return v
        }
        func nextCore() -> String? {
            if let m = nextCoreMemo { return m }
            let v = next?.core
            nextCoreMemo = .some(v); return v
        }
        for r in rules {
            var fire = false
            switch r.condition {
            case .always: fire = true
            case .next(let words, let number):
                if !t.hasClosingPunct, let n = nextCore() {
                    fire = words.contains(n) || words.contains(Self.elisionHead(n)) || (number && n.unicodeScalars.first?.isDigit == true)
                }
            case .prev(let words):
                if let p = prevCore() { fire = words.contains(p) }
            }
            if fire {
                // replace the core, keeping case of the first letter
                let s = t.text.string
                guard let range = s.range(of: r.word, options: [.caseInsensitive]) else { return nil }
                var rep = r.replacement
                // (a capital I read for an l is the misread glyph, not a capital: Ia -> la)
                if let f = s[range].first, f.isUppercase, !(f == "I" && rep.first == "l") {
                    rep = rep.prefix(1).uppercased() + rep.dropFirst()
                }
                return (s.replacingCharacters(in: range, with: rep).scalarArray, "context.\(r.word)", r.confidence)
            }
        }
        return nil
    }

    /// `l'échelle` -> `l'`
    static func elisionHead(_ w: String) -> String {
        if w.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) { // one Character per byte
            if let i = w.utf8.firstIndex(of: 0x27) { return String(w[...i]) }
            return w
        }
        if let i = w.firstIndex(where: { $0 == "'" || $0 == "’" }) { return String(w[...i]) }
        return w
    }

    /// Confidence that this `a` is the preposition `à`, or nil to keep it.
    func aGrave(core: String, prev: Token?, next: Token?) -> Double? {
        if core.hasPrefix("jusqu") { return 0.95 }
        let lists = tables.aGrave
        if core == "a", let p = prev, !p.hasClosingPunct {
            let pc = p.core
            if lists["subject"]?.contains(pc) == true { return nil }
            if pc.hasSuffix("n'") || pc.hasSuffix("n’") { return nil }
        }
        if let p = prev?.text.last, p.isApostrophe { return nil }
        if core == "a", let p = prev, !p.hasClosingPunct, lists["before-a"]?.contains(p.core) == true { return 0.95 }
        guard let next else { return nil }
        let n1 = next.core
        guard !n1.isEmpty, next.text.first.map({ !Token.isCloser($0.value) }) ?? false else { return nil }
        if n1.hasPrefix("-t-") { return nil }
        if lists["avoir-idiom"]?.contains(n1) == true { return nil }
        if lists["a-locution"]?.contains(n1) == true { return 0.9 }
        if n1.unicodeScalars.first?.isDigit == true { return 0.8 }
        // the word that follows, skipping adverbs
        let bare = Self.bareWord(n1)
        if lists["adverb"]?.contains(n1) == true { return nil } // "a ainsi favorisé" ... and "à ainsi" is not French
        // the lexicon's morphology, only for a bare word (it is not read otherwise)
        if n1 == bare {
            let info = lexicon.info(bare)
            if info.participle, !info.infinitive { return nil }
            if info.infinitive { return 0.9 }
        }
        // a noun phrase: the preposition only when the document has lost its `à`
        if profile?.aGraveLost == true { return 0.85 }
        return nil
    }

    static func bareWord(_ w: String) -> String {
        var s = Substring(w)
        if let i = s.firstIndex(where: { $0 == "'" || $0 == "’" }) { s = s[s.index(after: i)...] }
        return String(s.prefix(while: { $0.isLetter || $0 == "-" }))
    }
}

/// Lexicon-checked candidates of unknown words, shared across lines and documents.
final class WordCache: @unchecked Sendable {
    typealias Candidates = [([Unicode.Scalar], Double, Bool)]
    static let shared = WordCache()
    private let lock = NSLock()
    private var map: [String: Candidates] = [:]
    func candidates(_ word: String, compute: () -> Candidates) -> Candidates {
        lock.lock()
        if let v = map[word] { lock.unlock(); return v }
        lock.unlock()
        let v = compute()
        lock.lock(); map[word] = v; lock.unlock()
        return v
    }
}

/// Repaired tokens by token text (+ sentence-start mark); nil = unchanged. The document profile may break ties
/// between candidates, so each profiled normaliser owns its cache; `shared` serves normalisers without a profile.
/// Keys are scalar sequences compared as Strings compare them (canonical equivalence): a token made only of
/// scalars that are their own NFC and that no other NFC sequence matches is its own key; any other token is keyed
/// by its NFC form. Callers hold the lock (`lock()`/`unlock()`) around `get`/`set`.
final class TokenCache: @unchecked Sendable {
    typealias Entry = ([Unicode.Scalar], [String], Double)?
    static let shared = TokenCache()
    private let mutex = NSLock()
    private var table = ScalarTable<Entry>(capacity: 4096)
    func lock() { mutex.lock() }
    func unlock() { mutex.unlock() }
    func get(_ k: [UInt32]) -> Entry? {
        k.withUnsafeBufferPointer { b in table.find(b).map { table.values[$0] } }
    }
    /// Whether the key is cached as "unchanged" (a token whose repair is nil).
    func isKept(_ k: UnsafeBufferPointer<UInt32>) -> Bool {
        guard let e = table.find(k) else { return false }
        return table.values[e] == nil
    }
    /// Whether the context-rule decision for the key is memoised as "no change".
    func isContextKept(_ k: UnsafeBufferPointer<UInt32>) -> Bool {
        guard let e = context.find(k) else { return false }
        return context.values[e] == nil
    }
    /// Memoised context-rule decisions (`WordRepair.contextRules`): outer nil = not seen, inner nil = no change.
    private var context = ScalarTable<WordRepair.ContextDecision?>(capacity: 1024)
    func getContext(_ k: [UInt32]) -> WordRepair.ContextDecision?? {
        k.withUnsafeBufferPointer { b in context.find(b).map { context.values[$0] } }
    }
    func setContext(_ k: [UInt32], _ v: WordRepair.ContextDecision?) {
        k.withUnsafeBufferPointer { b in
            if context.find(b) != nil { return }
            if context.count > 200_000 { context.removeAll() }
            context.insert(b, v)
        }
    }
    func set(_ k: [UInt32], _ v: Entry) {
        k.withUnsafeBufferPointer { b in
            if let e = table.find(b) { table.update(e) { $0 = v }; return }
            if table.count > 500_000 { table.removeAll() }
            table.insert(b, v)
        }
    }

    /// Scalars that are NFC on their own and in any sequence of such scalars.
    @inline(__always) static func stable(_ v: UInt32) -> Bool {
        v < 0x300 || (v >= 0x2010 && v <= 0x2027) || (v >= 0x2030 && v <= 0x205E) || v == 0x20AC
            || (v >= 0x25A0 && v <= 0x25FF) || (v >= 0xE000 && v <= 0xF8FF) || (v >= 0xFB00 && v <= 0xFB06) || v == 0xFFFD
    }

    /// The key of a token: its scalars (NFC), then U+0001 at a sentence start (as the String key `text + "\u{1}"`).
    static func makeKey(_ key: inout [UInt32], _ text: ArraySlice<Unicode.Scalar>, sentenceStart: Bool) {
        key.removeAll(keepingCapacity: true)
        var plain = true
        for u in text where !stable(u.value) { plain = false; break }
        if plain {
            // a Unicode.Scalar is its UInt32 value: the scalars are the key as they are
            text.withUnsafeBufferPointer { p in
                key.append(contentsOf: UnsafeRawBufferPointer(p).bindMemory(to: UInt32.self))
            }
        } else {
            for u in text.string.precomposedStringWithCanonicalMapping.unicodeScalars { key.append(u.value) }
        }
        if sentenceStart { key.append(1) }
    }
}
