import CTGModel
import Foundation
import Testing
@testable import CTGExtract

/// Joining alone (block gaps as blank lines are tested on their own).
private let noBlankLines: Paragraphs.Options = { var o = Paragraphs.Options(); o.blankLines = false; return o }()

/// A synthetic A4 page: each line is (text, x0, x1, baseline y, size, bold); glyph boxes as Chromium's.
private func page(_ number: Int, _ specs: [(String, Double, Double, Double, Double, Bool)],
                  extra: [Line] = []) -> Page {
    var lines = specs.enumerated().map { i, s in
        Line(text: s.0, page: number, number: number * 100 + i, box: Box(x0: s.1, y0: s.3 - s.4 * 1.1, x1: s.2, y1: s.3),
             method: .pdfText, fontSize: s.4, bold: s.5)
    }
    lines += extra
    return Page(number: number, method: .pdfText, width: 595.3, height: 841.9, lines: lines)
}

/// Lines that set the column edges (x 42.7 ... 552.7) and the line step of 10.5 pt body text (13.5 pt).
private let column: [(String, Double, Double, Double, Double, Bool)] = [
    ("Le texte courant de la page occupe toute la largeur de la colonne et revient à la ligne au bord droit de", 42.7, 552.7, 100, 10.5, false),
    ("celle-ci, comme le ferait un navigateur qui imprime une page HTML au format A4 avec des marges de quinze", 42.7, 551.0, 113.5, 10.5, false),
    ("millimètres.", 42.7, 100, 127, 10.5, false),
]

private func joined(_ pages: [Page]) -> [String] {
    var doc = ExtractedDocument(source: "t.pdf", kind: .pdf, pages: pages)
    Paragraphs.join(&doc, options: noBlankLines)
    return doc.bodyLines.map(\.text)
}

@Suite struct ParagraphsTests {
    @Test func wrappedParagraphAndHeading() {
        let out = joined([page(1, column + [
            ("Fiche action 1 : Structurer et animer une coordination entre professionnels de la", 42.7, 538.9, 160, 13, true),
            ("petite enfance", 42.7, 130.1, 177.2, 13, true),
            ("Objectifs poursuivis :", 50.7, 158.1, 205, 10.5, true),
            ("- Suivre la mise en œuvre", 49.0, 200, 221.5, 10.5, false),
        ])])
        #expect(out == [
            column[0].0 + " " + column[1].0 + " " + column[2].0,
            "Fiche action 1 : Structurer et animer une coordination entre professionnels de la petite enfance",
            "Objectifs poursuivis :",
            "- Suivre la mise en œuvre",
        ])
    }

    @Test func listItemsWithHangingIndent() {
        let out = joined([page(1, column + [
            ("- Impulser et mettre en œuvre les politiques Petite enfance, Enfance jeunesse, parentalités et lutte contre", 49.0, 537.6, 160, 10.5, false),
            ("l'isolement des publics : conseil des élus, traduction de la politique en plans d'actions, évaluation des", 59.5, 527.6, 173.5, 10.5, false),
            ("engagements contractuels, suivi et évaluation des dispositifs", 59.5, 340.9, 187, 10.5, false),
            ("- Mettre en adéquation l'offre d'accueil aux besoins des familles (diagnostic socio-économique, évaluation", 49.0, 539.1, 202.7, 10.5, false),
            ("des demandes et attentes des familles)", 59.5, 242.2, 216.2, 10.5, false),
            ("- Maîtrise budgétaire", 49.0, 145.3, 231.9, 10.5, false),
        ])])
        #expect(Array(out.dropFirst()) == [
            "- Impulser et mettre en œuvre les politiques Petite enfance, Enfance jeunesse, parentalités et lutte contre l'isolement des publics : conseil des élus, traduction de la politique en plans d'actions, évaluation des engagements contractuels, suivi et évaluation des dispositifs",
            "- Mettre en adéquation l'offre d'accueil aux besoins des familles (diagnostic socio-économique, évaluation des demandes et attentes des familles)",
            "- Maîtrise budgétaire",
        ])
    }

    @Test func blocksThatStayApart() {
        let out = joined([page(1, column + [
            // A bold label never takes the body line under it.
            ("Publics visés : tous les habitants du territoire et les professionnels de la petite enfance, les élus et", 42.7, 549, 160, 10.5, true),
            ("partenaires", 42.7, 100, 173.5, 10.5, false),
            // A forced break: the next word would have fitted.
            ("la commune de Charmoy, représentée par son Maire, M. Gilbert COULON, diment", 42.7, 420, 200, 10.5, false),
            ("autorisé a signer la présente convention", 42.7, 250, 213.5, 10.5, false),
            // A paragraph gap.
            ("Un paragraphe qui remplit la ligne entière jusqu'au bord droit de la colonne de texte de la page imprimée", 42.7, 550, 240, 10.5, false),
            ("suivant sans rapport", 42.7, 150, 260, 10.5, false),
            // A new block: a field label, a numbered heading, a bullet.
            ("Une ligne longue qui remplit la ligne entière jusqu'au bord droit de la colonne de texte de la page imprimée", 42.7, 550, 290, 10.5, false),
            ("Périmètre géographique : Communauté de communes", 42.7, 300, 303.5, 10.5, false),
            ("Une autre ligne longue qui remplit la ligne entière jusqu'au bord droit de la colonne de texte de la page", 42.7, 550, 330, 10.5, false),
            ("Action 1.2 : Renforcer le relais", 42.7, 300, 343.5, 10.5, false),
            ("Encore une autre ligne longue qui remplit la ligne entière jusqu'au bord droit de la colonne de texte de la", 42.7, 550, 370, 10.5, false),
            ("• un point de liste", 42.7, 300, 383.5, 10.5, false),
        ])])
        #expect(Array(out.dropFirst()) == [
            "Publics visés : tous les habitants du territoire et les professionnels de la petite enfance, les élus et",
            "partenaires",
            "la commune de Charmoy, représentée par son Maire, M. Gilbert COULON, diment",
            "autorisé a signer la présente convention",
            "Un paragraphe qui remplit la ligne entière jusqu'au bord droit de la colonne de texte de la page imprimée",
            "suivant sans rapport",
            "Une ligne longue qui remplit la ligne entière jusqu'au bord droit de la colonne de texte de la page imprimée",
            "Périmètre géographique : Communauté de communes",
            "Une autre ligne longue qui remplit la ligne entière jusqu'au bord droit de la colonne de texte de la page",
            "Action 1.2 : Renforcer le relais",
            "Encore une autre ligne longue qui remplit la ligne entière jusqu'au bord droit de la colonne de texte de la",
            "• un point de liste",
        ])
    }

    @Test func centredTitle() {
        let out = joined([page(1, [
            ("ANNEXE 3 – Plan d’actions 2023/2026 - Moyens", 73.1, 523.1, 72.5, 20, true),
            ("mobilisés par chaque signataire dans le cadre des", 59.2, 537.0, 99.5, 20, true),
            ("objectifs partagés", 212.6, 383.7, 125.7, 20, true),
            ("Fiches-actions", 212.6, 383.7, 160, 20, true),
        ] + column.map { ($0.0, $0.1, $0.2, $0.3 + 200, $0.4, $0.5) })])
        #expect(out[0] == "ANNEXE 3 – Plan d’actions 2023/2026 - Moyens mobilisés par chaque signataire dans le cadre des objectifs partagés")
        #expect(out[1] == "Fiches-actions")
    }

    @Test func hyphenKeptWithoutSpace() {
        #expect(Paragraphs.joined("le développement de la petite-", "enfance sur le territoire") == "le développement de la petite-enfance sur le territoire")
        #expect(Paragraphs.joined("période 2023 -", "2026") == "période 2023 - 2026")
        #expect(Paragraphs.joined("contre", "l'isolement") == "contre l'isolement")
    }

    @Test func blockStarts() {
        #expect(Paragraphs.startsBlock("- item"))
        #expect(Paragraphs.startsBlock("► item"))
        #expect(Paragraphs.startsBlock("○ item"))
        #expect(Paragraphs.startsBlock("Fiche action 3 : titre"))
        #expect(Paragraphs.startsBlock("AXE 2 : Enfance"))
        #expect(Paragraphs.startsBlock("Objectif 1 : Favoriser"))
        #expect(Paragraphs.startsBlock("Action 1.2 : Renforcer"))
        #expect(Paragraphs.startsBlock("Pilote : la CAF"))
        #expect(Paragraphs.startsBlock("1. Premier point"))
        #expect(!Paragraphs.startsBlock("objectifs partagés"))
        #expect(!Paragraphs.startsBlock("thématiques)"))
        #expect(!Paragraphs.startsBlock("actions de la CTG"))
        #expect(!Paragraphs.startsBlock("petite-enfance"))
        #expect(!Paragraphs.startsBlock("Le cas échéant, promouvoir la réalisation de stages : chez les assistants maternels de tout le territoire"))
    }

    @Test func rowsAndFurnitureUntouched() {
        let row = Line(text: "a\tb", cells: ["a", "b"], page: 1, number: 150, box: Box(x0: 42.7, y0: 125, x1: 552, y1: 140),
                       method: .pdfText, fontSize: 10.5, bold: false)
        var p = page(1, Array(column.prefix(2)))
        p.lines.append(row)
        p.lines.append(Line(text: "suite du texte sous le tableau", page: 1, number: 151, box: Box(x0: 42.7, y0: 142, x1: 200, y1: 153.5),
                            method: .pdfText, fontSize: 10.5, bold: false))
        p.lines.append(Line(text: "1 / 2", page: 1, number: 152, box: Box(x0: 287, y0: 812, x1: 308, y1: 821),
                            method: .pdfText, role: .furniture, fontSize: 8.5, bold: false))
        var doc = ExtractedDocument(source: "t.pdf", kind: .pdf, pages: [p])
        Paragraphs.join(&doc, options: noBlankLines)
        let lines = doc.pages[0].lines
        #expect(lines.count == 4)
        #expect(lines[0].text == column[0].0 + " " + column[1].0)
        #expect(lines[0].number == 100)
        #expect(lines[0].box == Box(x0: 42.7, y0: 100 - 11.55, x1: 552.7, y1: 113.5))
        #expect(lines[1] == row)
        #expect(lines[2].text == "suite du texte sous le tableau")
        #expect(lines[3].role == .furniture)
    }

    @Test func paragraphAcrossPageBreak() {
        let footer = { (n: Int) in
            Line(text: "\(n) / 2", page: n, number: n * 100 + 99, box: Box(x0: 287, y0: 812, x1: 308, y1: 821),
                 method: .pdfText, role: .furniture, fontSize: 8.5, bold: false)
        }
        let a = page(1, column + [
            ("- Contacter les CCAS et les Missions Locales (et autres acteurs éventuels) afin de creuser les possibilités", 49.0, 539.3, 780, 10.5, false),
        ], extra: [footer(1)])
        let b = page(2, [
            ("de prise en charge ou d'aide au financement du permis de conduire", 59.5, 400, 60, 10.5, false),
            ("- Identifier les besoins", 49.0, 200, 75.7, 10.5, false),
        ], extra: [footer(2)])
        var doc = ExtractedDocument(source: "t.pdf", kind: .pdf, pages: [a, b])
        Paragraphs.join(&doc, options: noBlankLines)
        #expect(doc.pages[0].lines.map(\.text).suffix(2) == [
            "- Contacter les CCAS et les Missions Locales (et autres acteurs éventuels) afin de creuser les possibilités de prise en charge ou d'aide au financement du permis de conduire",
            "1 / 2",
        ])
        #expect(doc.pages[1].lines.map(\.text) == ["- Identifier les besoins", "2 / 2"])
    }

    @Test func textDumpsUntouched() throws {
        let dump = "une ligne\nqui continue en minuscule"
        let doc = try Extraction().extract(data: Data(dump.utf8), source: "d.txt", extension: "txt")
        #expect(doc.bodyLines.map(\.text) == ["une ligne", "qui continue en minuscule"])
    }

    /// Pages 6-7 of the corpus' 000 PDF (Chromium, Liberation Sans): wrapped headings and list items come back
    /// as the text dump holds them.
    @Test func realPages() throws {
        let data = try fixture("paragraphs-000_p6-7.pdf")
        var ex = Extraction()
        ex.pdf = PDFExtractor(ocr: false)
        let lines = try ex.extract(data: data, source: "p.pdf", extension: "pdf").bodyLines.map(\.text).filter { !$0.isEmpty }
        #expect(lines.contains("Fiche action 1 : Structurer et animer une coordination entre professionnels de la petite enfance"))
        #expect(lines.contains("Objectif 1 : Favoriser l'articulation des interventions des acteurs de la petite enfance et renforcer les partenariats"))
        #expect(lines.contains("- Echanger sur les projets d'accueil spécifiques aux enfants en situation de handicap (articulation accueil individuel et accueil collectif)"))
        #expect(lines.contains("Objectifs poursuivis :"))
        #expect(lines.contains("- Se réunir à une fréquence minimale"))
        #expect(lines.contains("Publics visés : Professionnels de la petite enfance et acteurs en lien avec la parentalité"))
        #expect(lines.contains("Périmètre géographique : Communauté de communes"))
        ex.paragraphs = false
        let visual = try ex.extract(data: data, source: "p.pdf", extension: "pdf").bodyLines.map(\.text).filter { !$0.isEmpty }
        #expect(visual.contains("petite enfance"))
        #expect(visual.count > lines.count + 8)
    }
}

/// A block gap (more than a line step of vertical space) becomes an empty line, as in a text dump.
@Test func blockGapsBecomeBlankLines() {
    func line(_ text: String, _ n: Int, y: Double) -> Line {
        Line(text: text, page: 1, number: n, box: Box(x0: 50, y0: y, x1: 200, y1: y + 11), method: .pdfText, fontSize: 11)
    }
    // Line step 14.5 (11 pt, line-height 1.32); a paragraph margin adds 6 pt.
    let lines = [line("Premier bloc.", 1, y: 100), line("Suite.", 2, y: 114.5), line("Encore.", 3, y: 129),
                 line("Second bloc.", 4, y: 149.5), line("Fin.", 5, y: 164)]
    var doc = ExtractedDocument(source: "x.pdf", kind: .pdf, pages: [Page(number: 1, method: .pdfText, width: 595, height: 842, lines: lines)])
    var options = Paragraphs.Options()
    options.acrossPages = false
    Paragraphs.join(&doc, options: options)
    // (Lines reaching the same right edge read as wrapped, so each block is also joined into one line.)
    let texts = doc.pages[0].lines.map(\.text)
    #expect(texts == ["Premier bloc. Suite. Encore.", "", "Second bloc. Fin."])
    #expect(doc.pages[0].lines.map(\.number) == [1, 2, 3])
}
