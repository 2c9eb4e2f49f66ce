import Foundation
import Testing
@testable import CTGNormalise

/// The lexicon's form set must never say "no" to a word Hunspell accepts, nor "yes" to a word it rejects.
/// Checked against Hunspell itself on every token of the sample corpus, their case variants, and every
/// OCR-confusion candidate the word repairs generate for them (all-caps variants always go to Hunspell).
@Suite("lexicon form set") struct LexiconFormsTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Corpus")

    static func tokens() throws -> [String] {
        let files = try FileManager.default.contentsOfDirectory(at: corpus, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "txt" }.sorted { $0.path < $1.path }
        var seen = Set<String>()
        for f in files {
            let text = try String(contentsOf: f, encoding: .utf8)
            for t in text.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "'" || $0 == "’" || $0 == "-") }) {
                seen.insert(String(t))
            }
        }
        return seen.sorted()
    }

    @Test func neverRejectsAWordHunspellAccepts() throws {
        guard let lexicon = Lexicon(), lexicon.waitForForms() > 0 else {
            Issue.record("hunspell-fr is not installed or the form set could not be built"); return
        }
        let words = try Self.tokens()
        #expect(words.count > 5000)
        var checked = 0, accepted = 0, rejectedByHunspell = 0, answeredNo = 0, answeredYes = 0
        var wrongNo: [String] = [], wrongYes: [String] = []
        let repair = WordRepair(lexicon: lexicon, tables: Tables.shared, profile: nil, cache: TokenCache())
        func check(_ w: String) {
            checked += 1
            let h = lexicon.hunspellSpell(w)
            let f = lexicon.formsLookup(w)
            if f == false { if h { wrongNo.append(w) } else { answeredNo += 1 } }
            if f == true { if !h { wrongYes.append(w) } else { answeredYes += 1 } }
            guard w.allSatisfy(\.isLetter) else { return }
            if h { accepted += 1 } else { rejectedByHunspell += 1 }
        }
        for w in words {
            check(w); check(w.lowercased()); check(w.uppercased()); check(w.prefix(1).uppercased() + w.dropFirst())
            // what Hunspell reads apart: trailing dots, BREAK patterns (leading / trailing apostrophes, dots, hyphens)
            check(w + "."); check("'" + w); check("‘" + w); check(w + "’"); check("d'" + w.lowercased())
            if w.contains("-") { check(w.replacingOccurrences(of: "-", with: ".")) }
            let s = Array(w.unicodeScalars)
            if s.count >= 3, s.count <= 20, w.allSatisfy(\.isLetter) {
                for c in repair.candidates(s).prefix(40) { check(c.0.string) }
            }
        }
        #expect(wrongNo.isEmpty, "Hunspell accepts these, the form set said no: \(wrongNo.prefix(20))")
        #expect(wrongYes.isEmpty, "Hunspell rejects these, the form set said yes: \(wrongYes.prefix(20))")
        #expect(checked > 20_000)
        #expect(accepted > 10_000)
        // and it answers most questions about words of letters itself
        #expect(Double(answeredNo) > 0.9 * Double(rejectedByHunspell), "no: \(answeredNo) of \(rejectedByHunspell)")
        #expect(Double(answeredYes) > 0.6 * Double(accepted), "yes: \(answeredYes) of \(accepted)")
    }

    /// The Bloom filter's "surely absent" (a text's share of non-words, for the PDF stage) never says so of a word
    /// of letters in lower case that Hunspell accepts, and says so of most of those it rejects.
    @Test func rejectedWordsAreNeverWordsHunspellAccepts() throws {
        guard let lexicon = Lexicon(), lexicon.waitForForms() > 0 else {
            Issue.record("hunspell-fr is not installed or the form set could not be built"); return
        }
        let words = try Self.tokens().map { $0.lowercased() }.filter { $0.count >= 4 && $0.allSatisfy(\.isLetter) }
        let accepted = words.filter { lexicon.hunspellSpell($0) }
        #expect(accepted.count > 3000)
        #expect(lexicon.rejected(accepted) == 0)
        // the same words with their letters shifted by one (a font without its character map)
        let shifted = accepted.map { String(String.UnicodeScalarView($0.unicodeScalars.map { u in
            u.value >= 0x61 && u.value <= 0x7A ? Unicode.Scalar((u.value - 0x61 + 1) % 26 + 0x61)! : u })) }
        let nonWords = shifted.filter { !lexicon.hunspellSpell($0) }
        #expect(Double(lexicon.rejected(nonWords)) > 0.9 * Double(nonWords.count))
        #expect(lexicon.rejected(["nfuusf", "qmbdf", "mettre", "place", "gouvernance"]) == 2)
        // what it surely accepts: the form set's certain "yes" only
        #expect(lexicon.accepts(["accompagnement", "accompagnem", "fonctionnement", "symphoriende"]) == [true, false, true, false])
        #expect(zip(accepted.prefix(2000), lexicon.accepts(Array(accepted.prefix(2000)))).allSatisfy { !$1 || lexicon.hunspellSpell($0) })
    }

    @Test func affixConditions() {
        let aff = Affixes("""
            SET UTF-8
            FLAG long
            SFX S. Y 2
            SFX S. 0 s [^sxz]
            SFX S. al aux al
            PFX L' Y 1
            PFX L' 0 l' [aeiou]
            """)!
        var out: [String] = []
        aff.expand(stem: Array("canal".unicodeScalars), flags: aff.flags("S.L'")) { w, _ in out.append(w.string) }
        #expect(out.sorted() == ["canal", "canals", "canaux"])   // the elision prefix is left to Hunspell
        out = []
        aff.expand(stem: Array("nez".unicodeScalars), flags: aff.flags("S.")) { w, _ in out.append(w.string) }
        #expect(out == ["nez"])
    }
}
