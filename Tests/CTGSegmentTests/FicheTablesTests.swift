import CTGExtract
import CTGModel
import Foundation
import Testing
@testable import CTGSegment

/// Reads a fixture as the pipeline would: text-dump extraction, then the `**` markup removed
/// (the normaliser's first rule), each cell on its own.
func loadFixture(_ name: String) throws -> DocumentView {
    let url = try #require(Bundle.module.url(forResource: name, withExtension: "txt", subdirectory: "Fixtures"))
    let data = try Data(contentsOf: url)
    var doc = try TextDumpExtractor().extract(data: data, source: name + ".txt")
    for p in doc.pages.indices {
        for l in doc.pages[p].lines.indices {
            var line = doc.pages[p].lines[l]
            if let cells = line.cells {
                line.cells = cells.map { $0.replacingOccurrences(of: "**", with: "") }
                line.text = line.cells!.joined(separator: "\t")
            } else {
                line.text = line.text.replacingOccurrences(of: "**", with: "")
            }
            doc.pages[p].lines[l] = line
        }
    }
    return DocumentView(doc)
}

@Suite struct FicheTablesTests {
    /// A fiche of corpus 002 as `pdftotext -layout` writes it: the thématique and an all-caps enjeu side by side,
    /// both wrapped in their cells, read as two rows of two cells.
    @Test func enjeuWrappedInItsCellBesideTheThematique() throws {
        let f = try #require(FicheTablesLayout().segment(try loadFixture("tables-layout-wrapped-enjeu-002")).fiches.first)
        #expect(f.title == "Définir une stratégie mobilité à l'échelle intercommunale")
        #expect(f.axe == "GARANTIR POUR TOUS L'ACCESSIBILITE AUX SERVICES ADMINISTRATIFS ET AUX OUTILS NUMERIQUES")
        #expect(f.evidence.contains { $0.subject == "axe" && $0.lines.count == 2 })
    }

    @Test func findsOneFichePerLabelTableNotPerSummaryLine() throws {
        let r = FicheTablesLayout().segment(try loadFixture("tables-two-column"))
        #expect(r.fiches.map(\.number) == ["1.1", "1.2", "1.3", "1.1", "1.2", "2.1", "2.2"])
        #expect(r.spans.count == r.fiches.count)
        #expect(r.fiches[0].title == "Définir une stratégie d'offre d'accueil sur l'ensemble du territoire")
    }

    @Test func badgesBeforeOrAfterTheTableGoToTheRightFiche() throws {
        let r = FicheTablesLayout().segment(try loadFixture("tables-two-column"))
        #expect(r.fiches.map { $0.status?.rawValue ?? "-" } == ["engagée", "engagée", "nouvelle", "engagée", "engagée", "engagée", "nouvelle"])
    }

    @Test func gluedBoldHeaderGivesTitleAxeAndStatus() throws {
        let r = FicheTablesLayout().segment(try loadFixture("tables-two-column"))
        let f = try #require(r.fiches.first { $0.number == "2.1" })
        #expect(f.title == "Promouvoir et faire vivre le REAAP local (Réseau d'Ecoute, d'Appui et d'Accompagnement des Parents)")
        #expect(f.axe == "Mettre en réseau les acteurs de la parentalité")
        #expect(f.thematique == .parentalite)
        #expect(f.pilotes == ["Communauté de Communes Vie et Boulogne", "CAF"])
    }

    @Test func labelledFieldsAreParsed() throws {
        let r = FicheTablesLayout().segment(try loadFixture("tables-two-column"))
        let f = r.fiches[0]
        #expect(f.thematique == .petiteEnfance)
        #expect(f.axe == "AVOIR ACCES AU MODE D'ACCUEIL DE SON CHOIX")
        #expect(f.pilotes == ["Communauté de Communes pour l'observatoire et la stratégie intercommunale", "Communes pour la stratégie locale"])
        #expect(f.partenaires.contains("CAF") && f.partenaires.contains("PMI"))
        #expect(f.years == [2021])
        #expect(f.indicateurs.first == "Mise à jour annuelle des données de l'observatoire")
        #expect(f.confidence >= 0.85)
        #expect(f.evidence.contains { $0.subject == "title" && !$0.lines.isEmpty })
    }

    @Test func staysQuietOnPlainText() {
        let lines = ["Plan d'actions", "Pilote : la commune", "Action 1.1 : faire quelque chose", "Calendrier : 2023"].enumerated()
            .map { Line(text: $0.element, number: $0.offset + 1) }
        #expect(FicheTablesLayout().segment(DocumentView(lines: lines)).fiches.isEmpty)
    }

    @Test func organisationCommaListsSplitOnCapitals() {
        #expect(FicheTablesLayout.organisationText("- CAF, PMI, Professionnels de l'accueil, Parents") == "CAF\nPMI\nProfessionnels de l'accueil\nParents")
        #expect(FicheTablesLayout.organisationText("Acteurs du secteur périnatal, de la petite enfance") == "Acteurs du secteur périnatal, de la petite enfance")
        #expect(FicheTablesLayout.organisationText("En fonction des actions : écoles, centres sociaux") == "écoles\ncentres sociaux")
    }

    @Test func gluedListItemsAreSplit() {
        #expect(Text.items("- Nombre d'acteurs mobilisés- Nombre d'actions menées- Fréquentation") ==
                ["Nombre d'acteurs mobilisés", "Nombre d'actions menées", "Fréquentation"])
        #expect(Text.items("- Saint-Etienne et non-recours") == ["Saint-Etienne et non-recours"])
    }

    /// A title about mobility is coded mobilité under any heading; other title words leave the heading's code.
    @Test func mobilityTitlesSettleTheirThematique() {
        #expect(ThematiqueVocabulary.fromTitle("Définir une stratégie mobilité à l'échelle intercommunale") == .mobilite)
        #expect(ThematiqueVocabulary.fromTitle("Envisager l'organisation de solutions de mobilité par les villes") == .mobilite)
        #expect(ThematiqueVocabulary.fromTitle("Recenser et diffuser l'offre de services administratifs et numériques") == nil)
        #expect(ThematiqueVocabulary.fromTitle("Favoriser l'inclusion des enfants en situation de handicap") == nil)
        var f = Fiche(key: "", title: "Définir une stratégie mobilité à l'échelle intercommunale", layout: "test")
        FicheAssembler().assignThematique(&f, hint: (.accesAuxDroits, "Accès aux services administratifs", [3]))
        #expect(f.thematique == .mobilite)
        #expect(f.evidence.last?.rule == "title.thematique")
    }

    @Test func thematiqueHeadingLongestPhraseWins() {
        #expect(ThematiqueVocabulary.fromHeading("Accès aux droits et accompagnement des familles") == .accesAuxDroits)
        #expect(ThematiqueVocabulary.fromHeading("Santé et Handicap") == .handicap)
        #expect(ThematiqueVocabulary.fromHeading("Petite enfance et parentalité") == .petiteEnfance)
    }

    /// An "Axe n :" / "AXE n -" heading in a fiche table's header is its axe, as an "Enjeu n :" one is (synthetic:
    /// the corpus heads its fiche tables with enjeux).
    @Test func axeHeadingAboveAFicheTableIsItsAxe() {
        let v = Self.view([
            "Axe 1 : Petite enfance", "",
            "Fiche action n°1\tCréer un lieu d'accueil enfants parents", "Pilote\tCommunauté de communes", "Partenaires\tCaf, PMI", "Calendrier\t2025", "",
            "AXE 2 - Jeunesse", "",
            "Fiche action n°3\tOuvrir un point information jeunesse", "Pilote\tCommune", "Partenaires\tMission locale", "Calendrier\t2024",
        ])
        let r = FicheTablesLayout().segment(v)
        #expect(r.fiches.map(\.number) == ["1", "3"])
        #expect(r.fiches.map(\.axe) == ["Petite enfance", "Jeunesse"])
        // "axe" as a word only: the end of "taxe" is no heading
        #expect(FicheTablesLayout.enjeu("Taxe 2 : contribution") == nil)
        #expect(FicheTablesLayout.enjeu("ThématiqueEnjeu 2 : Mettre en réseau") == "Mettre en réseau")
    }

    static func view(_ rows: [String]) -> DocumentView {
        DocumentView(lines: rows.enumerated().map { k, t in
            Line(text: t, cells: t.contains("\t") ? t.components(separatedBy: "\t") : nil, number: k + 1)
        })
    }

    @Test func numberedHeadingWithTitleOnTheNextLineAndTableCutByFurniture() {
        let v = Self.view([
            "FICHE ACTION N°3", "Créer un guichet unique petite enfance", "",
            "Objectif\tFaciliter l'accès", "Pilote\tCommunauté de communes", "Partenaires\tCaf, PMI",
            "Page 12", "",
            "Calendrier\t2023-2024", "Indicateurs\t- Nombre de familles - Délai de réponse",
        ])
        let r = FicheTablesLayout().segment(v)
        #expect(r.fiches.count == 1)
        let f = r.fiches[0]
        #expect(f.number == "3")
        #expect(f.title == "Créer un guichet unique petite enfance")
        #expect(f.years == [2023, 2024])
        #expect(f.indicateurs == ["Nombre de familles", "Délai de réponse"])
        #expect(f.partenaires == ["Caf", "PMI"])
    }

    @Test func titleFromALabelRowWithoutHeader() {
        let v = Self.view(["Intitulé de l'action\tAccompagner les jeunes vers l'autonomie", "Axe\tJeunesse",
                           "Porteur\tCentre social", "Public visé\tJeunes de 16 à 25 ans", "Échéance\t2025"])
        let r = FicheTablesLayout().segment(v)
        #expect(r.fiches.count == 1)
        #expect(r.fiches.first?.title == "Accompagner les jeunes vers l'autonomie")
        #expect(r.fiches.first?.pilotes == ["Centre social"])
        #expect(r.fiches.first?.axe == "Jeunesse")
    }

    @Test func keysArePrefixedEverywhereWhenNumberingRestarts() {
        var fiches = [Fiche(key: "", number: "1.1", title: "a", thematique: .petiteEnfance, layout: "x"),
                      Fiche(key: "", number: "1.3", title: "b", thematique: .petiteEnfance, layout: "x"),
                      Fiche(key: "", number: "1.1", title: "c", thematique: .parentalite, layout: "x"),
                      Fiche(key: "", title: "d", thematique: .enfance, layout: "x")]
        Segmenter(layouts: []).assignKeys(&fiches)
        #expect(fiches.map(\.key) == ["PE-1.1", "PE-1.3", "PAR-1.1", "ROW-1"])
        var plain = [Fiche(key: "", number: "1", title: "a", layout: "x"), Fiche(key: "", number: "2", title: "b", layout: "x")]
        Segmenter(layouts: []).assignKeys(&plain)
        #expect(plain.map(\.key) == ["1", "2"])
    }
}

/// A fiche table whose "Action N : title" heading wraps in a narrow cell, a line each (corpus 002 rendered without
/// rulings): its last line, a label word in lower case ("territoire"), ends the title rather than opening a
/// "Territoire" row.
@Test func aWrappedTitleEndingOnALabelWordStaysWhole() throws {
    let r = FicheTablesLayout().segment(try loadFixture("tables-wrapped-title"))
    let f = try #require(r.fiches.first)
    #expect(f.number == "4.1")
    #expect(f.title == "Mettre en réseau les acteurs du territoire")
    #expect(f.pilotes == ["Communauté de Communes"])
    let labels = DocumentView(ExtractedDocument(source: "t", kind: .text, pages: [Page(number: 1, method: .text, lines: [
        Line(text: "réseau les acteurs du", number: 1), Line(text: "territoire", number: 2), Line(text: "", number: 3),
        Line(text: "territoire", number: 4), Line(text: "Accès facilité aux services", number: 5), Line(text: "indicateurs d'évaluation", number: 6)])]))
    #expect(FicheTablesLayout.labelLine(labels, 1) == nil)
    // alone, or under a complete line, a label in lower case (OCR) is a label
    #expect(FicheTablesLayout.labelLine(labels, 3)?.field == .perimetre)
    #expect(FicheTablesLayout.labelLine(labels, 5)?.field == .indicateurs)
}

/// Fiche tables from an OCR'd scan (002, pages 9, 17 and 33 of the scanned PDF) where the table cells were not
/// rebuilt: labels on lines of their own with their content on the lines below, an OCR speck (",") between two
/// rows, a title whose end fell into a third cell, and a whole fiche without one label<TAB>content row.
@Suite struct FicheTablesLostCellsTests {
    @Test func labelLinesAndTheirContentLinesMakeAFiche() throws {
        let r = FicheTablesLayout().segment(try loadFixture("tables-ocr-lost-cells"))
        let f = try #require(r.fiches.first { $0.number == "2.2" })
        #expect(f.title == "Faciliter le départ en formation continue des assistants maternels")
        #expect(f.pilotes == ["Communauté de Communes : Relais Petite Enfance"])
        #expect(f.public?.contains("Parents") == true)
        #expect(f.partenaires.contains("PMI"))
    }

    @Test func aSpeckBetweenRowsAndATitleCutIntoThreeCells() throws {
        let r = FicheTablesLayout().segment(try loadFixture("tables-ocr-lost-cells"))
        let f = try #require(r.fiches.first { $0.title.hasPrefix("Elaborer le plan d'actions enfance") })
        #expect(f.title == "Elaborer le plan d'actions enfance (3-11 ans)")
        #expect(f.thematique == .enfance)
    }

    @Test func aFicheOfLabelLinesOnlyInADocumentOfFicheTables() throws {
        let r = FicheTablesLayout().segment(try loadFixture("tables-ocr-lost-cells"))
        let f = try #require(r.fiches.first { $0.title.hasPrefix("Engager une réflexion") })
        #expect(f.pilotes == ["Communauté de communes Vie et Boulogne"])
        #expect(f.indicateurs == ["Nombre de participants impliqués", "Satisfaction des participants"])
    }

    @Test func labelLinesAloneAreNotAFicheTableElsewhere() throws {
        // the same label lines without any label<TAB>content row in the document: labelled paragraphs, not a table
        let text = """
            Engager une réflexion sur la thématique de l'accès aux droits

            Contexte
            - Elaboration d'un diagnostic
            Public ciblé
            Habitants du territoire
            Pilote de l'action
            Communauté de communes
            Indicateurs d'évaluation
            - Nombre de participants
            Calendrier
            A compter de 2021
            """
        let doc = try TextDumpExtractor().extract(data: Data(text.utf8), source: "labels.txt")
        #expect(FicheTablesLayout().segment(DocumentView(doc)).fiches.isEmpty)
    }
}

/// Fiche headers of the scanned 002 as OCR'd (pages 3 and 25): an all-caps enjeu and an action title each cut in
/// two by a blank line.
@Suite struct FicheTablesWrappedHeadingsTests {
    @Test func titleAndEnjeuCutByABlankLine() throws {
        let r = FicheTablesLayout().segment(try loadFixture("tables-ocr-wrapped-headings"))
        let a = try #require(r.fiches.first { $0.number == "1.2" })
        #expect(a.axe == "AVOIR ACCES AU MODE D'ACCUEIL DE SON CHOIX")
        let b = try #require(r.fiches.first { $0.title.hasPrefix("Recenser") })
        #expect(b.title == "Recenser et diffuser l'offre de services administratifs et numériques du territoire")
    }
}
