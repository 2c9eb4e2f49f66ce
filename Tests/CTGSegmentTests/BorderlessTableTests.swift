@testable import CTGExtract
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

/// A real fiche (corpus 002, "Action 1.3") rendered without rulings, its labels and values wrapping together: the
/// partners' row comes back whole, so the first partners are not lost to a row of their own.
@Test func borderlessFicheWithWrappedRowsKeepsAllItsPartners() throws {
    let url = try #require(Bundle.module.url(forResource: "borderless-fiche-002-wrapped", withExtension: "pdf", subdirectory: "Fixtures"))
    let doc = try PDFExtractor(ocr: false).extract(data: Data(contentsOf: url), source: "borderless-fiche-002-wrapped.pdf")
    let fiches = Segmenter().segment(doc).fiches
    let f = try #require(fiches.first)
    #expect(fiches.count == 1)
    #expect(f.title == "Faciliter l'accueil spécifique : horaires atypiques, handicap, accueil d'urgence, occasionnel")
    #expect(f.partenaires.prefix(2) == ["Parents", "Professionnels de l'accueil petite enfance (en accueil collectif, assistant maternel, garde à domicile)"])
    #expect(f.partenaires.contains("Pôle Emploi"))
    #expect(f.pilotes == ["Communauté de Communes : Relais Petite Enfance"])
}

/// A real fiche (corpus 003, "Action 1-1-1") rendered without rulings: its sub-actions table's first column wraps,
/// poppler reads header cells apart from their rows; the sub-actions, partners and indicators come whole.
@Test func borderlessSubActionsTableGivesWholeSubActions() throws {
    let url = try #require(Bundle.module.url(forResource: "borderless-subactions-003", withExtension: "pdf", subdirectory: "Fixtures"))
    let doc = try PDFExtractor(ocr: false).extract(data: Data(contentsOf: url), source: "borderless-subactions-003.pdf")
    let f = try #require(Segmenter().segment(doc).fiches.first)
    #expect(f.subActions.map(\.key) == ["1-1-1-A", "1-1-1-B"])
    #expect(f.subActions.map(\.title) == ["Adapter les agréments au besoin des familles", "Faire connaître l'offre d'accueil collectif du territoire"])
    #expect(f.partenaires == ["Service petite enfance", "AFJC", "PMI"])
    // the calendar grid's cells are empty: no year
    #expect(f.years.isEmpty)
    #expect(f.indicateurs == ["Evolution du taux d'occupation des structures",
                              "Utilisation de la publicité, site, applications, affichages, articles de presse et autres médias",
                              "Relais d'informations par les partenaires"])
}

/// A plan table of eight columns without rulings (corpus 004's, first rows) that poppler reads column by column: each
/// "-" item row with its own échéance is a fiche, as in the text dump (where the items are "►").
@Test func borderlessWidePlanTableGivesOneFichePerRow() throws {
    let url = try #require(Bundle.module.url(forResource: "borderless-plan-004-columns", withExtension: "pdf", subdirectory: "Fixtures"))
    let doc = try PDFExtractor(ocr: false).extract(data: Data(contentsOf: url), source: "borderless-plan-004-columns.pdf")
    let fiches = Segmenter().segment(doc).fiches
    #expect(fiches.map(\.title) == [
        "Création d'une micro-crèche de 12 places à Thonnance les Joinville, prenant en compte les besoins d'accueil en horaires atypiques",
        "Déploiement de places AVIP /AVIS",
        "Etude de besoins d'une offre d'accueil petite enfance sur la commune d'Echenay (MAM ou Micro-Crèche)",
        "Soutien de la collectivité à l'implantation de MAM sur son territoire",
        "Expérimentatio n d'une formation à destination des professionnels de la structure sur les TND et",
    ])
    #expect(fiches.map(\.years) == [[2024], [2023, 2024], [2024], [2023, 2024, 2025, 2026, 2027], [2023, 2024, 2025, 2026, 2027]])
    #expect(fiches.allSatisfy { $0.thematique == .petiteEnfance })
}

/// The same table printed and scanned (300 dpi, 1 bit), read by OCR: the same five fiches.
@Test func scannedWidePlanTableWithoutRulingsGivesOneFichePerRow() throws {
    guard OCREngine.tessdataDirectory(language: "fra") != nil else { print("skipped: no fra.traineddata"); return }
    let url = try #require(Bundle.module.url(forResource: "scanned-borderless-plan-004-columns", withExtension: "pdf", subdirectory: "Fixtures"))
    let doc = try PDFExtractor().extract(data: Data(contentsOf: url), source: "scanned-borderless-plan-004-columns.pdf")
    let fiches = Segmenter().segment(doc).fiches
    #expect(fiches.count == 5)
    #expect(fiches.first?.title == "Création d'une micro-crèche de 12 places à Thonnance les Joinville, prenant en compte les besoins d'accueil en horaires atypiques")
    #expect(fiches.map(\.years) == [[2024], [2023, 2024], [2024], [2023, 2024, 2025, 2026, 2027], [2023, 2024, 2025, 2026, 2027]])
}
