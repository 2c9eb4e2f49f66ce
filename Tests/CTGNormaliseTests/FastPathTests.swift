import Foundation
import Testing
@testable import CTGNormalise

/// The byte- and scalar-level fast paths against the Character-level definitions they replace.
@Suite("fast paths") struct FastPathTests {
    static let tricky = [
        "il a dit a la mairie a ce titre I'offre |l d’'un à à",
        "e\u{301}te\u{301} a\u{300} la a\u{300}",                 // decomposed: one Character, several scalars
        "ligne\r\nsuivante a\r\n\r\nà\rfin",                       // CR LF is one Character, not a separator
        "espace \u{301}combinant, 👍🏽 et 🇫🇷 drapeau",             // a space joined to a mark; emoji sequences
        "ÉTÉ Été été ÆSOP Œuvre œuvre \u{212B}ngström Ångström",   // case and singleton decompositions
        "\u{FFFD}tat, (cid:12) \u{E000}glyph, ﬁn, n°® 12\n\n\t\ttab a",
        "", "a", "à", "\n", " a \n à ",
    ]

    @Test func profileScanMatchesCharacters() {
        for s in Self.tricky + [Self.tricky.joined(separator: "\n"), Self.tricky.joined(separator: " ")] {
            let fast = DocumentProfile(text: s), ref = DocumentProfile(characters: s)
            #expect(fast.frequencies == ref.frequencies, "\(s.debugDescription)")
            #expect(fast.lowerCaseFrequencies == ref.lowerCaseFrequencies, "\(s.debugDescription)")
            #expect(fast.aCount == ref.aCount && fast.aGraveCount == ref.aGraveCount, "\(s.debugDescription)")
            #expect(fast.elisionGlitches == ref.elisionGlitches, "\(s.debugDescription)")
        }
    }

    @Test func whitespaceFolding() {
        for s in Self.tricky + ["  a \n\n b\t\tc  ", "x\r\ny", " \u{301}a"] {
            let ref = s.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }).joined(separator: " ")
            #expect(CharRepair.foldWhitespace(s) == ref, "\(s.debugDescription)")
        }
    }

    @Test func scalarStringsMatchTheStandardLibrary() {
        for s in Self.tricky {
            #expect(Array(s.unicodeScalars).string == s)
        }
    }

    @Test func tokenCacheKeysFollowStringEquality() {
        var a: [UInt32] = [], b: [UInt32] = []
        TokenCache.makeKey(&a, ArraySlice("été".unicodeScalars), sentenceStart: false)
        TokenCache.makeKey(&b, ArraySlice("e\u{301}te\u{301}".unicodeScalars), sentenceStart: false)
        #expect(a == b)
        TokenCache.makeKey(&b, ArraySlice("été".unicodeScalars), sentenceStart: true)
        #expect(a != b)
    }

    @Test func scalarTable() {
        var t = ScalarTable<Int>(capacity: 4)
        for n in 0..<5000 {
            let k = Array(String(n).unicodeScalars.map(\.value))
            k.withUnsafeBufferPointer { b in #expect(t.find(b) == nil); t.insert(b, n) }
        }
        for n in 0..<5000 {
            let k = Array(String(n).unicodeScalars.map(\.value))
            #expect(k.withUnsafeBufferPointer { t.find($0).map { t.values[$0] } } == n)
        }
    }

    @Test func sameOutputsLineByLineWithAndWithoutContext() {
        let n = Normaliser(profile: DocumentProfile(text: String(repeating: "il a dit a la mairie a ce titre I'offre ", count: 10)), keepLines: true)
        // the next line's first word decides; later words of the next line are never read
        #expect(n.normalise("invités a", following: "participer aux ateliers").text == "invités à")
        #expect(n.normalise("invités a", following: "participer").text == "invités à")
        #expect(n.normalise("invités a", following: "\tparticiper").text == "invités a")
    }
}
