import CTGModel
import Foundation
import Testing
@testable import CTGExtract

/// Words the layout broke inside, given as two by the text layer: joined again where the vocabulary rejects the
/// parts and knows the whole; real words, names beside short words, and pairs the vocabulary cannot vouch for stay.
@Suite struct BrokenWordsTests {
    /// A vocabulary of a few words, every other word rejected.
    struct WordSet: Vocabulary {
        let words: Set<String>
        func rejects(_ ws: [String]) -> [Bool] { ws.map { !words.contains($0) } }
        func accepts(_ ws: [String]) -> [Bool] { ws.map { words.contains($0) } }
    }
    static let french = WordSet(words: ["accompagnement", "financier", "par", "les", "professionnels", "de", "marmagne",
                                        "fonctionnement", "supplémentaires", "le", "relais"])

    @Test func brokenWordsAreJoined() {
        let text = "Accompagnem ent financier (Fonctionnem ent, supplémentair es) par les professionnels"
        let broken = BrokenWords.broken(Set(BrokenWords.pairs(text)), Self.french)
        #expect(BrokenWords.joined(text, broken) == "Accompagnement financier (Fonctionnement, supplémentaires) par les professionnels")
    }

    @Test func wordsNamesAndUnknownWholesStay() {
        for text in ["par les professionnels", "Saint Symphorien de Marmagne", "le Relais Xyzab cd", "Accompagnem entX"] {
            let broken = BrokenWords.broken(Set(BrokenWords.pairs(text)), Self.french)
            #expect(BrokenWords.joined(text, broken) == text, "\(text)")
        }
    }

    /// A plan table of eight narrow columns without rulings (corpus 004), its long words broken where they fill
    /// their column: with a vocabulary, the cells hold them whole, and so do the rows' words.
    @Test func cellsOfANarrowTableGetTheirWordsBack() throws {
        var ex = PDFExtractor(ocr: false)
        ex.vocabulary = Self.french
        let doc = try ex.extract(data: try fixture("borderless-plan-004-columns.pdf"), source: "p.pdf")
        let rows = doc.pages.flatMap(\.lines).filter { $0.cells != nil }
        #expect(rows.contains { $0.cells!.contains { $0.hasPrefix("Accompagnement par les professionnels") } })
        #expect(!rows.contains { $0.text.contains("Accompagnem ent") })
        #expect(rows.contains { $0.words?.contains { $0.text == "Accompagnement" } == true })
    }
}
