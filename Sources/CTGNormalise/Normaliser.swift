import CTGModel
import Foundation

/// Normalised text and the log of every change.
public struct NormalisedText: Sendable {
    public var text: String
    public var edits: [Edit]
    public init(text: String, edits: [Edit]) { self.text = text; self.edits = edits }
}

/// Repairs French text: markup leftovers, broken characters, OCR damage. Conservative: a change is made
/// only where a rule has strong evidence, and every change is logged with offsets in Unicode scalars of the input.
///
/// - `Normaliser()`: per-line use without document context; word-level OCR repairs are on, and `a` -> `à`
///   only where the next word alone decides it (an infinitive, a locution).
/// - `Normaliser(profile: DocumentProfile(text: wholeDocument))`: the document's own evidence decides whether
///   OCR repairs run at all (clean documents only get character and markup repairs), whether `a` before a
///   noun phrase is `à`, and which of several candidates is the document's word.
public struct Normaliser: Sendable {
    public var profile: DocumentProfile?
    /// One output line per input line: no joining of words hyphenated across lines.
    public var keepLines: Bool
    /// The lexicon given at init; nil: the shared French lexicon, loaded on the first line that needs it (a clean
    /// document without line-end hyphens never loads it).
    private let givenLexicon: Lexicon??
    var lexicon: Lexicon? { givenLexicon ?? Lexicon.french }
    let cache: TokenCache
    /// Token repairs of lines read by OCR in a document whose profile shows no OCR damage (they differ from the
    /// other lines' repairs: word repairs run on them); elsewhere never read, and `cache` itself.
    let ocrReadCache: TokenCache
    /// Lines proven unchanged skip the text buffer (`provablyUnchanged`); off in tests that compare both paths.
    var fastPaths = true

    public init() { self.init(profile: nil) }

    /// `lexicon`: the dictionary for word repairs (default: the shared French one, loaded when first needed; nil:
    /// no word-level repairs).
    public init(profile: DocumentProfile?, keepLines: Bool = false, lexicon: Lexicon?? = nil) {
        self.profile = profile; self.keepLines = keepLines; self.givenLexicon = lexicon
        self.cache = profile == nil ? .shared : TokenCache()
        self.ocrReadCache = profile?.ocrDamage ?? true ? cache : TokenCache()
    }

    public func normalise(_ text: String) -> NormalisedText { normalise(text, following: nil) }

    /// `following`: the next line of the document, read as context only (e.g. for an `a` that ends the line);
    /// useful with `keepLines`, where lines are normalised one by one.
    /// `ocrRead`: the line was read by OCR (a scanned page), so OCR repairs apply to it (glyphs such as a `}` read for
    /// `)`, OCR'd bullets, words the lexicon does not know that one confusion makes known) even in a document whose
    /// profile shows no OCR damage; the profile's other evidence (a lost `à`) still decides the rules that need it.
    public func normalise(_ text: String, following: String?, ocrRead: Bool = false) -> NormalisedText {
        if text.isEmpty { return NormalisedText(text: text, edits: []) }
        let damaged = profile?.ocrDamage ?? true
        let ocr = damaged || ocrRead
        let braces = ocr && text.utf8.contains(where: { $0 == 0x7D || $0 == 0x7B })
        if !braces {
            // Fast path: a line of printable ASCII without markup triggers, in a document without OCR damage.
            if !ocr, Self.plainASCII(text) { return NormalisedText(text: text, edits: []) }
            if fastPaths, provablyUnchanged(text, following: following, ocr: ocr) { return NormalisedText(text: text, edits: []) }
        }
        // one pass over the bytes: which character-level rule families can fire at all
        var nonASCII = false, markup = false, lt = false, fffd = false
        var prevByte: UInt8 = 0
        for b in text.utf8 {
            if b >= 0x80 {
                nonASCII = true
                if b == 0xBD, prevByte == 0xBF { fffd = true } // U+FFFD = EF BF BD
            } else if b == 0x3C { lt = true }
            else if (b == 0x2A && prevByte == 0x2A) || (b == 0x7B && prevByte == 0x5E) || (b == 0x5E && prevByte >= 0x30 && prevByte <= 0x39) { markup = true } // ** ^{ 3^
            prevByte = b
        }
        var buf = TextBuffer(text)
        if markup { buf.apply(CharRepair.markup(buf.scalars)) }
        if lt { buf.apply(CharRepair.html(buf.scalars)) }
        if (nonASCII && buf.edits.isEmpty) || (!buf.edits.isEmpty && buf.scalars.contains(where: { $0.value >= 0x80 })) {
            buf.decodeMojibake()
            buf.apply(CharRepair.characters(buf.scalars))
            buf.apply(CharRepair.compose(buf.scalars))
        }
        if ocr { buf.apply(CharRepair.bullets(buf.scalars)) }
        if braces { buf.apply(CharRepair.braces(buf.scalars)) }
        if !keepLines, Self.mayJoinHyphenated(buf.scalars), let lexicon { buf.apply(Self.hyphenation(buf.scalars, lexicon)) }
        // without OCR repairs, only a U+FFFD (in the input or decoded from markup) can make a word repair
        if ocr || fffd || (!buf.edits.isEmpty && buf.scalars.contains(where: { $0.value == 0xFFFD })), let lexicon {
            let words = WordRepair(lexicon: lexicon, tables: Tables.shared, profile: profile, cache: ocrRead ? ocrReadCache : cache,
                                   ocrRead: ocrRead)
            buf.apply(words.repairs(buf.scalars, following: ocr ? Self.leadingTokens(following) : []))
        }
        return NormalisedText(text: buf.string, edits: buf.sortedEdits)
    }

    /// The scalars of `following` up to the end of its first token or its first tab: all that `WordRepair` reads
    /// of the next line.
    static func leadingTokens(_ following: String?) -> [Unicode.Scalar] {
        guard let following else { return [] }
        var out: [Unicode.Scalar] = []
        var n = 0, inToken = false
        for u in following.unicodeScalars {
            if u.isWhite {
                if inToken { n += 1; inToken = false; if n == 1 { break } }
                if u.value == 0x09 { break }
            } else { inToken = true }
            out.append(u)
        }
        return out
    }

    static func plainASCII(_ text: String) -> Bool {
        var hyphen = false
        for b in text.utf8 {
            if b >= 0x80 || b == 0x2A || b == 0x5E || b == 0x3C { return false } // * ^ <
            if b == 0x0A, hyphen { return false }                             // "-" ending a line
            if b == 0x2D { hyphen = true } else if b != 0x20 { hyphen = false }
        }
        return true
    }

    /// Share of broken-extraction garbage (`(cid:NN)`, private-use glyph ids, U+FFFD, control characters)
    /// among the non-space characters of a page, in [0, 1].
    public static func garbageRatio(_ text: String) -> Double { CharRepair.garbageRatio(text) }

    /// True when a page's text layer is unusable and the page should be OCR'd instead.
    public static func needsOCR(_ text: String, threshold: Double = 0.1) -> Bool {
        garbageRatio(text) >= threshold
    }

    /// Whether `hyphenation` may find anything: a "-" followed by spaces and a line break.
    static func mayJoinHyphenated(_ s: [Unicode.Scalar]) -> Bool {
        s.withUnsafeBufferPointer { $0.withMemoryRebound(to: UInt32.self) { mayJoinHyphenated($0) } }
    }

    static func mayJoinHyphenated(_ s: UnsafeBufferPointer<UInt32>) -> Bool {
        var hyphen = false
        for v in s {
            if v == 0x0A, hyphen { return true }
            if v == 0x2D { hyphen = true } else if v != 0x20 { hyphen = false }
        }
        return false
    }

    /// `dévelop-` at a line end + `pement` on the next line -> `développement`, when the lexicon knows the joined
    /// word (so `petite-` + `enfance`, `Saint-` + `Eloy`, `ci-` + `après` stay).
    static func hyphenation(_ s: [Unicode.Scalar], _ lexicon: Lexicon) -> [Replacement] {
        var reps: [Replacement] = []
        var i = 0
        while i < s.count {
            guard s[i] == "-", i > 1, s[i - 1].isLetter, !s[i - 1].isUpper else { i += 1; continue }
            var j = i + 1
            while j < s.count, s[j].value == 0x20 { j += 1 }
            guard j < s.count, s[j].value == 0x0A else { i += 1; continue }
            var k = j + 1
            while k < s.count, s[k].value == 0x20 { k += 1 }
            var e = k
            while e < s.count, s[e].isLetter { e += 1 }
            guard e > k, !s[k].isUpper else { i += 1; continue }
            var tail = e
            while tail < s.count, !s[tail].isWhite { tail += 1 }
            var b = i
            while b > 0, s[b - 1].isLetter { b -= 1 }
            let joined = Array(s[b..<i]) + Array(s[k..<e])
            if lexicon.contains(joined.string) {
                var after = tail
                while after < s.count, s[after].value == 0x20 { after += 1 }
                reps.append(Replacement(range: i..<after, with: Array(s[k..<tail]) + ["\n"], rule: "chars.hyphenation", confidence: 0.9))
                i = after
            } else { i += 1 }
        }
        return reps
    }
}
