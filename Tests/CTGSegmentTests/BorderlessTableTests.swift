import CTGExtract
import CTGModel
import Foundation
import Testing
@testable import CTGSegment

/// A fiche laid out as a table without rulings, read from the PDF: its label and value cells give the fields,
/// as the cells of a ruled table or of a text dump with tabs do.
@Test(arguments: ["borderless-fiche", "borderless-fiche-tight"])
func borderlessFicheTableGivesItsFields(_ name: String) throws {
    let url = try #require(Bundle.module.url(forResource: name, withExtension: "pdf", subdirectory: "Fixtures"))
    let doc = try PDFExtractor(ocr: false).extract(data: Data(contentsOf: url), source: name + ".pdf")
    let fiches = Segmenter().segment(doc).fiches
    #expect(fiches.count == 1)
    let f = try #require(fiches.first)
    #expect(f.title == "Développer l'accueil des jeunes enfants")
    #expect(f.pilotes == ["Communauté de communes"])
    #expect(f.partenaires == ["Caf", "Département", "PMI", "associations locales"])
    #expect(f.public == "Familles avec enfants de moins de 3 ans")
    #expect(f.years == [2023, 2024, 2025, 2026])
}
