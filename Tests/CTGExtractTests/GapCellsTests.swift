import CTGModel
import Foundation
import Testing
@testable import CTGExtract

/// Lines of the text layer that run on across a wide blank without a space (cells of a table without rulings,
/// columns side by side) are cut there into cells, and the lines under a cell continue it.
@Suite struct GapCellsTests {
    /// The rows of the synthetic fiche, whatever the spacing of its table.
    static let ficheRows: [[String]?] = [
            ["Fiche action 3", "Développer l'accueil des jeunes enfants"],
            ["Pilote", "Communauté de communes"],
            ["Partenaires", "Caf, Département, PMI, associations locales"],
            ["Public", "Familles avec enfants de moins de 3 ans"],
            ["Calendrier", "2023 - 2026"],
            ["Indicateurs", "Nombre de places créées Taux d'occupation"],
    ]

    /// A word too long for its narrow column runs past the cell's border (a header "Echéance" in an eight-column
    /// table printed in portrait): its last characters stay in the cell, not a line of their own under the row.
    @Test func wordRunningPastItsCellStaysInIt() {
        func chars(_ s: String, x0: Double, y: Double, lineStart: Bool = false) -> [Token] {
            s.enumerated().map { k, ch in
                Token(text: String(ch), box: Box(x0: x0 + Double(k) * 6, y0: y - 8, x1: x0 + Double(k + 1) * 6, y1: y),
                      lineStart: lineStart && k == 0, fontSize: 10)
            }
        }
        let row = GridRow(top: 100, bottom: 130, cells: [Box(x0: 40, y0: 100, x1: 200, y1: 130),
                                                         Box(x0: 200, y0: 100, x1: 300, y1: 130)])
        // "Echéance" from 256 to 304 pt: the centre of its "e" (301) lies beyond the border at 300
        let tokens = chars("Champ", x0: 50, y: 115, lineStart: true) + chars("Echéance", x0: 256, y: 115)
        let lines = PageLayout(page: 1, method: .pdfText).lines(tokens: tokens, rows: [row])
        #expect(lines.map(\.cells) == [["Champ", "Echéance"]])
        // a character of the next cell after a space, or on another baseline, is not glued on
        #expect(!PageLayout.gluedOn(tokens[12], Token(text: "x", box: Box(x0: 306, y0: 107, x1: 312, y1: 115), fontSize: 10)))
        #expect(!PageLayout.gluedOn(tokens[12], Token(text: "x", box: Box(x0: 304, y0: 117, x1: 310, y1: 125), fontSize: 10)))
    }

    @Test func borderlessFicheTableGivesRows() throws {
        let doc = try PDFExtractor(ocr: false).extract(data: try fixture("borderless-fiche.pdf"), source: "b.pdf")
        let lines = doc.pages.flatMap(\.lines).filter { !$0.text.isEmpty }
        #expect(lines.map(\.cells) == Self.ficheRows)
        #expect(lines.allSatisfy { $0.text == $0.cells?.joined(separator: "\t") })
        // The row taking in the line under it takes its box too.
        let partners = try #require(lines.first { $0.cells?.first == "Partenaires" })
        #expect((partners.box?.height ?? 0) > 18)
        // The blank ends a word as a space does: no word "PiloteCommunauté".
        #expect(lines[1].words?.map(\.text) == ["Pilote", "Communauté", "de", "communes"])
    }

    /// Two columns of text whose lines poppler glues side by side (a wide line step) are read column by column, as
    /// poppler reads them with a tighter step (`columnsOfTextAndSignatureBlocksStayColumns`), words never glued.
    @Test func columnsSideBySideAreReadColumnByColumn() throws {
        let doc = try PDFExtractor(ocr: false).extract(data: try fixture("two-columns-wide-spacing.pdf"), source: "c.pdf")
        let lines = doc.pages.flatMap(\.lines).filter { !$0.text.isEmpty }
        #expect(lines.count == 40)
        #expect(lines.allSatisfy { $0.cells == nil })
        #expect(!lines.contains { $0.text.contains("enfanceDroite") })
        #expect(lines.first?.text == "Gauche ligne 01 du premier paragraphe sur la petite enfance")
        #expect(lines.prefix(20).allSatisfy { $0.text.hasPrefix("Gauche") } && lines.suffix(20).allSatisfy { $0.text.hasPrefix("Droite") })
        // Each half keeps its own words and box.
        let right = try #require(lines.last)
        let words = try #require(right.words)
        #expect(words.allSatisfy { $0.box.x0 >= (right.box?.x0 ?? 0) } && (right.box?.x0 ?? 0) > 300)
        #expect(words.map(\.text).joined(separator: " ") == right.text)
    }

    /// Without a gap between rows poppler reads the label column, then the value column: the rows are put back.
    @Test func labelColumnReadBeforeValueColumnGivesRows() throws {
        let doc = try PDFExtractor(ocr: false).extract(data: try fixture("borderless-fiche-tight.pdf"), source: "t.pdf")
        let lines = doc.pages.flatMap(\.lines).filter { !$0.text.isEmpty }
        #expect(lines.map(\.cells) == Self.ficheRows)
    }

    /// Two columns of running text and two centred signature blocks side by side are not tables: poppler's column
    /// order stays.
    @Test func columnsOfTextAndSignatureBlocksStayColumns() throws {
        let text = try PDFExtractor(ocr: false).extract(data: try fixture("two-columns.pdf"), source: "c.pdf")
        let lines = text.pages.flatMap(\.lines).filter { !$0.text.isEmpty }
        #expect(lines.allSatisfy { $0.cells == nil })
        #expect(lines.prefix(20).allSatisfy { $0.text.hasPrefix("Gauche") } && lines.suffix(20).allSatisfy { $0.text.hasPrefix("Droite") })
        let signatures = try PDFExtractor(ocr: false).extract(data: try fixture("signatures-centred.pdf"), source: "s.pdf")
        #expect(signatures.pages.flatMap(\.lines).filter { !$0.text.isEmpty }.map(\.text) == [
            "Pour la Caisse d'allocations familiales", "Le Directeur", "Jean Dupont",
            "Pour la Communauté de communes", "Le Président", "Marie Durand",
        ])
    }

    /// A table without rulings with empty cells, rows close (read column by column) or apart (glued side by side):
    /// each row gets its cells in their columns, the empty ones empty, as a text dump with tabs has them.
    @Test(arguments: ["borderless-plan.pdf", "borderless-plan-spaced.pdf"])
    func emptyCellsKeepTheirColumns(_ name: String) throws {
        let doc = try PDFExtractor(ocr: false).extract(data: try fixture(name), source: name)
        let lines = doc.pages.flatMap(\.lines).filter { !$0.text.isEmpty }
        #expect(lines.map(\.cells) == [
            ["Axe", "Action", "Pilote"],
            ["Axe 1", "Développer l'accueil du jeune enfant", "Caf"],
            ["", "Soutenir les assistants maternels", "RPE"],
            ["Axe 2", "Accompagner les parents", ""],
            ["Axe 3", "Favoriser l'engagement des jeunes", "Commune"],
        ], "\(name)")
        #expect(lines.allSatisfy { $0.text == $0.cells?.joined(separator: "\t") })
    }

    /// Labels that wrap beside values that wrap: poppler runs the label's second line on into the value's first
    /// line ("associé(s)Caf, …"); each row comes out whole, its cells' lines joined.
    @Test func wrappedLabelsStayInTheirRows() throws {
        let doc = try PDFExtractor(ocr: false).extract(data: try fixture("borderless-wrapped-labels.pdf"), source: "w.pdf")
        let lines = doc.pages.flatMap(\.lines).filter { !$0.text.isEmpty }
        #expect(lines.map(\.cells) == [
            ["Pilote", "Communauté de communes, service petite enfance"],
            ["Acteur(s)/ Partenaire(s) associé(s)", "Caf, Département, PMI, centres sociaux, associations de parents, écoles et communes du territoire"],
            ["Indicateurs d'évaluation", "Nombre de places créées chaque année sur le territoire intercommunal"],
            ["Calendrier", "2023 - 2026"],
        ])
    }

    /// A label and its value that wrap together (a real fiche rendered without rulings): poppler gives each line of
    /// the row cut into its two cells; the lines of a row, closer together than the rows, come back as one row.
    @Test func rowsWrappedInEveryColumnComeBackWhole() throws {
        let doc = try PDFExtractor(ocr: false).extract(data: try fixture("borderless-fiche-002-wrapped.pdf"), source: "w.pdf")
        let rows = doc.pages.flatMap(\.lines).compactMap(\.cells)
        #expect(rows.contains(["Acteur(s)/ Partenaire(s) associé(s)",
                               "- Parents - Professionnels de l'accueil petite enfance (en accueil collectif, assistant maternel, garde à domicile) - PMI, CAF, Pôle Emploi, associations d'insertion - Communes"]))
        #expect(rows.contains { $0.first == "Moyens et Ressources" && $0.count == 2 && $0[1].hasPrefix("- Relais Petite Enfance: guide petite enfance (voir") })
        // rows of one line each, and the lines under the table, stay as they were
        #expect(rows.contains(["Pilote de l'action", "- Communauté de Communes : Relais Petite Enfance"]))
        #expect(rows.contains(["Calendrier", "A partir de 2022"]))
        #expect(!rows.contains { $0.first == "Acteur(s)/" || $0.first == "Moyens et" })
    }

    /// A table without rulings whose first column wraps while the other cells of the row hold one line (a real
    /// sub-action table rendered without rulings): poppler reads the first cell's lines before the rest of the row,
    /// which stands on the first line's baseline, and header cells apart from their rows; the rows come back whole.
    @Test func aFirstCellReadBeforeTheRestOfItsRowComesBackWithIt() throws {
        let doc = try PDFExtractor(ocr: false).extract(data: try fixture("borderless-subactions-003.pdf"), source: "s.pdf")
        let rows = doc.pages.flatMap(\.lines).compactMap { $0.cells?.filter { !$0.isEmpty } }
        #expect(rows.contains(["Adapter les agréments au besoin des familles", "1-1-1-A", "CC + AFJC", "Communauté de Communes + CAF + MSA"]))
        #expect(rows.contains(["Faire connaître l'offre d'accueil collectif du territoire", "1-1-1-B", "CC service communication"]))
        // the header rows' cells that poppler reads after the rows under them, or before their row, go back in
        #expect(rows.contains(["Actions", "N°action", "Calendrier", "Moyens à mobiliser"]))
        #expect(rows.contains(["2022", "2023", "2024", "2025", "Personnel", "Financier"]))
        // a value row whose first cell wraps over many lines, its second cell read after them
        #expect(rows.contains { $0.count == 2 && $0[0].hasPrefix("- Evolution du taux d'occupation des structures") && $0[1].hasPrefix("Augmentation du taux") })
        let texts = doc.pages.flatMap(\.lines).map(\.text)
        #expect(!texts.contains("besoin des familles") && !texts.contains("2022") && !texts.contains("par les partenaires."))
        // lines that are not a table's stay as they were
        #expect(texts.contains("Communauté de communes de communes") && texts.contains("AFJC"))
    }

    /// A plan table of eight columns without rulings, its cells wrapping over many lines (corpus 004's plan table
    /// rendered without rulings): poppler reads it column block by column block, as narrow columns of text; put back
    /// in visual order, each row comes out whole, its cells in their columns, the empty ones empty.
    @Test func aWideTableReadColumnByColumnComesBackInRows() throws {
        let doc = try PDFExtractor(ocr: false).extract(data: try fixture("borderless-plan-004-columns.pdf"), source: "p.pdf")
        let lines = doc.pages.flatMap(\.lines).filter { !$0.text.isEmpty }
        let rows = lines.compactMap(\.cells)
        #expect(rows.count == 8)
        #expect(rows.allSatisfy { $0.count == 8 })
        #expect(rows.first == ["Champs d'intervention", "Nature de l'offre à développer en partenariat avec la Caf", "",
                               "Moyens mobilisés par les partenaires", "Objectif(s)", "Indicateurs de suivi", "", ""])
        #expect(rows.contains(["", "Descriptif", "Moyens mobilisés par la Caf", "", "", "Résultat attendu", "Impact envisagé", "Echéance"]))
        #expect(rows.contains(["Petite Enfance", "- Déploiement de places AVIP /AVIS",
                               "Accompagnem ent par les professionnels de l'action sociale (référente Caf Petite Enfance, Conseillère Technique Territoriale) Accompagnem ent financier",
                               "Réponse à l'appel à projet départemental Mise en œuvre de l'accompagne ment des familles avec les partenaires de l'insertion professionnelle et sociale",
                               ". Faciliter l'accueil des enfants dont les parents entrent dans un parcours d'insertion",
                               "Labélisation de places AVIP/AVIS au sein d'une ou des structure(s) du territoire.",
                               "Réduction des inégalités sociales en facilitant l'insertion professionnelle et sociale des parents", "2023-2024"]))
        // a row with an empty first cell keeps its cells in their columns
        #expect(rows.contains { $0[0].isEmpty && $0[1] == "- Soutien de la collectivité à l'implantation de MAM sur son territoire." && $0[7] == "2023 -2027" })
        // the lines above the table stay lines
        #expect(lines.prefix(4).allSatisfy { $0.cells == nil })
    }

    /// Two columns of running prose, read column by column: the right column's first line stands on the left
    /// column's first line, and the left column's lines go on in lower case, but the left column is no narrow
    /// first cell of a row.
    @Test func columnsOfProseAreNoRowWithAWrappedFirstCell() throws {
        let doc = try PDFExtractor(ocr: false).extract(data: try fixture("two-columns-prose.pdf"), source: "p.pdf")
        let lines = doc.pages.flatMap(\.lines).filter { !$0.text.isEmpty }
        #expect(lines.allSatisfy { $0.cells == nil })
        // the left column, then the right one
        let text = lines.map(\.text).joined(separator: " ")
        #expect(text.hasPrefix("La Caisse d'allocations familiales et la communauté de communes conviennent de"))
        #expect(text.contains("dans le temps. Les signataires s'engagent à mobiliser les moyens"))
    }

    @Test func baselineJump() {
        func t(_ x0: Double, _ x1: Double, y: Double) -> Token { Token(text: "a", box: Box(x0: x0, y0: y - 8, x1: x1, y1: y), fontSize: 10) }
        #expect(PageLayout.baselineJump(t(50, 90, y: 254), t(200, 206, y: 243)))   // up a line and across a blank
        #expect(!PageLayout.baselineJump(t(50, 90, y: 254), t(92, 98, y: 254)))   // the same line
        #expect(!PageLayout.baselineJump(t(50, 90, y: 254), t(91, 95, y: 250)))   // a superscript
    }

    @Test func cutting() {
        #expect(PageLayout.gapCells("Pilote Caf", []) == nil)
        #expect(PageLayout.gapCells("PiloteCaf du Cantal", [6]) == ["Pilote", "Caf du Cantal"])
        #expect(PageLayout.gapCells(" Pilote  Caf ", [8]) == ["Pilote", "Caf"])
        #expect(PageLayout.gapCells("Pilote ", [7]) == nil)          // an empty part: nothing to separate
        #expect(PageLayout.gapCells("ÉtéAoût", [5]) == ["Été", "Août"])  // offsets in UTF-8 bytes
        #expect(PageLayout.gapCells("ÉtéAoût", [4]) == nil)              // not on a character boundary
    }

    @Test func gapTest() {
        func t(_ x0: Double, _ x1: Double, y: Double = 100, size: Double = 10) -> Token {
            Token(text: "a", box: Box(x0: x0, y0: y - 8, x1: x1, y1: y), fontSize: size)
        }
        #expect(PageLayout.gapBreak(t(10, 15), t(31, 36)))           // 16 pt > 1.5 x 10
        #expect(!PageLayout.gapBreak(t(10, 15), t(24, 29)))          // 9 pt: a wide word space at most
        #expect(!PageLayout.gapBreak(t(10, 15), t(40, 45, y: 120)))  // another baseline
    }
}
