import Foundation
import Testing
@testable import CTGExtract
@testable import CTGModel

/// Text dumps laid out with spaces (`pdftotext -layout`), read from the positions of their characters.
/// Fixtures: `pdftotext -layout` of corpus PDFs (see Fixtures/README.md).

@Test func layoutDumpsAreToldFromTabDumpsAndProse() throws {
    let layout = String(decoding: try fixture("layout-004-plan.txt"), as: UTF8.self)
    #expect(LayoutText.isLayout(layout.split(separator: "\n", omittingEmptySubsequences: false)))
    // The same table as a dump with tabs: not laid out with spaces.
    let tabs = (0..<20).map { "Petite Enfance\t► Action \($0)\tAccompagnement   financier\t2024" }.joined(separator: "\n")
    #expect(!LayoutText.isLayout(tabs.split(separator: "\n")))
    // Typed prose with two spaces after its full stops, a stray wide blank on one line: not a layout.
    var prose = (0..<40).map { "La Caf accompagne le projet.  Les communes y participent \($0)." }
    prose[7] = "Signé le 12 mars 2023          à Joinville"
    #expect(!LayoutText.isLayout(prose.map { Substring($0) }))
    let doc = try TextDumpExtractor().extract(data: Data(prose.joined(separator: "\n").utf8), source: "p.txt")
    #expect(doc.pages.count == 1 && doc.pages[0].method == .text)
}

@Test func planTableRowsOfALayoutDumpComeBackOneActionARow() throws {
    let doc = try Extraction().extract(data: try fixture("layout-004-plan.txt"), source: "plan.txt", extension: "txt")
    #expect(doc.kind == .text)
    #expect(doc.pages.count == 2, "pages are cut at form feeds")
    #expect(doc.pages.allSatisfy { $0.method == .textLayout })
    let rows = doc.pages.flatMap(\.lines).filter { $0.cells != nil }
    let actions = rows.filter { $0.cells!.contains { $0.hasPrefix("►") } }
    // Eight "►" actions in the excerpt, each its own row of the table's eight columns, none holding two.
    #expect(actions.count == 8)
    #expect(actions.allSatisfy { $0.cells!.count == 8 })
    #expect(actions.allSatisfy { $0.cells!.filter { $0.contains("►") }.count == 1 })
    // The first action's cells wrap over 17 lines with a blank line inside the row; its list item "- Fonctionnement"
    // and the partners' cell running on alone below the other cells stay in the row.
    let first = try #require(actions.first)
    #expect(first.cells![1] == "► Création d'une micro-crèche de 12 places à Thonnance les Joinville, prenant en compte les besoins d'accueil en horaires atypiques.")
    #expect(first.cells![2].contains("- Fonctionnement : Bonus Territoire PSU"))
    #expect(first.cells![3].hasSuffix("Mise en œuvre du projet : recrutement, Montage administratif financier et pédagogique du projet de fonctionnement"))
    #expect(first.cells![7] == "2024")
    // Source line numbers: the row's first line in the dump.
    #expect(first.number == 11)
    #expect(actions.map(\.number) == [11, 29, 37, 47, 55, 63, 70, 76])
    // The page numbers at the foot are furniture, not text of the table.
    #expect(doc.pages.allSatisfy { $0.lines.last?.role != .body })
}

@Test func labelledFicheOfALayoutDumpKeepsItsListsInTheirCells() throws {
    let doc = try Extraction().extract(data: try fixture("layout-002-fiche.txt"), source: "fiche.txt", extension: "txt")
    let lines = doc.pages.flatMap(\.lines)
    // The heading wrapped in the narrow first column is one line again.
    #expect(lines.contains { $0.text == "Action 4.1 : Mettre en réseau les acteurs du territoire" })
    func cell(_ label: String) -> String? { lines.first { $0.cells?.first == label }?.cells?[1] }
    // Items whose lines hang under their text ("- Lancer…" / "• Différents formats…" / "   professionnels, …").
    let descriptif = try #require(cell("Descriptif de l'action"))
    #expect(descriptif.contains("• Différents formats"))
    #expect(descriptif.contains("(plateforme de mutualisation de ressources, d'informations, webinaires...)"))
    #expect(descriptif.hasSuffix("(voir fiche action 1.1)"))
    #expect(cell("Acteur(s)/ Partenaire(s) associé(s)") == "Intervenants extérieurs")
    #expect(cell("Indicateurs d'évaluation") == "- Nombre de participants\n- Nombre et fréquence des réunions\n- Satisfaction des participants")
    #expect(cell("Calendrier") == "À partir de 2021")
}

@Test func listItemsHangingInAWrappedRowStayInTheirColumn() throws {
    // Indicators under a sub-actions table: "- Evolution du taux" / "   d'occupation des structures" (three columns
    // right of the dash) / "- Utilisation…" / "   médias" / "- Relais…" in the first column, results beside them.
    let doc = try Extraction().extract(data: try fixture("layout-003-indicateurs.txt"), source: "fiche.txt", extension: "txt")
    let lines = doc.pages.flatMap(\.lines)
    let header = try #require(lines.firstIndex { $0.cells?.first == "Indicateurs d'évaluation" })
    let values = try #require(lines[header + 1].cells)
    #expect(values.first == """
        - Evolution du taux d'occupation des structures
        - Utilisation de la publicité, site, applications, affichages, articles de presse et autres médias
        - Relais d'informations par les partenaires.
        """)
    #expect(values.contains("Augmentation du taux d'occupation des structures Visibilité et connaissance des structures existantes du territoires par la population"))
    #expect(header + 2 == lines.count, "nothing of the row left after it")
    // The header row of one line sits in the same columns as the wrapped row under it.
    let head = try #require(lines[header].cells)
    #expect(head.count == values.count)
    #expect(head.firstIndex(of: "Résultats attendus") == values.firstIndex { $0.hasPrefix("Augmentation") })
}

/// A plain dump (`pdftotext` without `-layout`) puts a form feed before each page's first line: it starts a page and
/// is no text of the line; the dump's final form feed makes no empty page.
@Test func formFeedsStartPagesOfAPlainDump() throws {
    let text = "Plan d'actions\n► Première action\n\u{0C}► Deuxième action\nsuite\n\u{0C}Troisième page\n\u{0C}"
    let doc = try TextDumpExtractor().extract(data: Data(text.utf8), source: "plain.txt")
    #expect(doc.pages.count == 3)
    #expect(doc.pages[1].lines.map(\.text) == ["► Deuxième action", "suite"])
    #expect(doc.pages[1].lines.allSatisfy { $0.page == 2 } && doc.pages[1].lines[0].number == 3)
    #expect(doc.pages[2].lines.map(\.text) == ["Troisième page"])
}
