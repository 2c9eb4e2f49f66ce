import Foundation
import Testing
@testable import CTGExtract
@testable import CTGModel

/// Markdown pipe tables in text dumps (as pandoc, Docling or marker write a PDF's tables).

@Test func pipeTableRowsBecomeRowsAndTheDelimiterRowIsLeftOut() throws {
    let text = """
        Plan d'actions | 2023-2027
        | Champs | Descriptif | Échéance |
        |:-------|:----------:|---------:|
        | Petite Enfance | ► Création d'une micro-crèche \\| MAM | 2024 |
        Jeunesse | ► Etudier les besoins |
        | | ► Réfléchir à la création d'un lieu | 2024 - 2025 |

        Texte après le tableau | avec une barre.
        """
    let doc = try TextDumpExtractor().extract(data: Data(text.utf8), source: "plan.md")
    let lines = doc.pages[0].lines
    // the delimiter row (line 3) is gone; the others keep their source line numbers
    #expect(lines.map(\.number) == [1, 2, 4, 5, 6, 7, 8])
    #expect(lines[0].cells == nil, "a lone pipe in a line of text is no table")
    #expect(lines[1].cells == ["Champs", "Descriptif", "Échéance"])
    #expect(lines[2].cells == ["Petite Enfance", "► Création d'une micro-crèche | MAM", "2024"], "an escaped pipe stays in its cell")
    #expect(lines[3].cells == ["Jeunesse", "► Etudier les besoins"], "outer pipes are optional under a delimiter row")
    #expect(lines[4].cells == ["", "► Réfléchir à la création d'un lieu", "2024 - 2025"])
    #expect(lines[4].text == "\t► Réfléchir à la création d'un lieu\t2024 - 2025")
    #expect(lines[5].cells == nil && lines[6].cells == nil, "the table ends at the blank line")
}

@Test func fencedRowsWithoutADelimiterAreATableFromTwoRowsOn() throws {
    let text = "| Pilote | Communauté de communes |\n| Partenaires | Caf, MSA |\n\n| seule ligne | entre barres |"
    let lines = try TextDumpExtractor().extract(data: Data(text.utf8), source: "f.md").pages[0].lines
    #expect(lines[0].cells == ["Pilote", "Communauté de communes"])
    #expect(lines[1].cells == ["Partenaires", "Caf, MSA"])
    #expect(lines[3].cells == nil)
}

@Test func markdownPlanTableOfACorpusDumpReadsAsItsTabDumpDoes() throws {
    // Corpus dump 004's plan table as a Markdown pipe table, cells padded to the column widths: the padding is no
    // layout with spaces, the rows are the tab dump's rows.
    let doc = try Extraction().extract(data: try fixture("markdown-004-plan.md"), source: "plan.md", extension: "md")
    #expect(doc.pages.count == 1 && doc.pages[0].method == .text)
    let rows = doc.pages[0].lines.filter { $0.cells != nil }
    #expect(rows.count == 7)
    #expect(rows.allSatisfy { $0.cells!.count == 8 })
    let actions = rows.filter { $0.cells![1].hasPrefix("►") }
    #expect(actions.count == 4)
    #expect(actions.first?.cells?[7] == "2024")
    // the first action's cell is "<p>► Création …</p>" in the dump: HTML fragments in a cell are parsed as in a tab dump
    #expect(actions.first?.cells?[1].hasPrefix("► Création d'une micro-crèche") == true)
}
