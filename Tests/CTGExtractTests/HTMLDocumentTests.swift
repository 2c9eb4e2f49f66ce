import Foundation
import Testing
@testable import CTGExtract
@testable import CTGModel

/// Whole HTML documents read as text dumps (libxml2): table rows as rows of cells, blocks as lines.

@Test func htmlDocumentsAreToldFromDumpsWithFragments() {
    #expect(HTMLDocument.isDocument("<!DOCTYPE html>\n<html><body><p>CTG</p></body></html>"))
    #expect(HTMLDocument.isDocument("<table>\n<tr><td>Pilote</td><td>Caf</td></tr>\n</table>"))
    // a dump whose cells hold list fragments (corpus 002, 004) is not a document
    #expect(!HTMLDocument.isDocument("Indicateurs\t<ul style=\"list-style-type: none\"> - Evolution du taux</ul>\t<p>► Création</p>"))
    #expect(!HTMLDocument.isDocument("Pilote : Caf < 2024"))
    // a tab dump whose first line opens with a fragment
    #expect(!HTMLDocument.isDocument("<p>Plan d'actions</p>\nChamp\tAction\tPilote\nEnfance\t<p>► Créer</p>\tCaf\nJeunesse\t<p>► Ouvrir</p>\tCommune"))
}

/// Tags are found in the text's bytes, ASCII letters without case, whatever the characters around them.
@Test func asciiSearchFindsTagsWithoutCaseInAnyText() {
    #expect(ASCIISearch.contains("Réunion <TABLE border=1>", "<table"))
    #expect(ASCIISearch.contains("é<Td>", "<td"))
    #expect(!ASCIISearch.contains("<tabl", "<table"))
    #expect(!ASCIISearch.contains("« table »", "<table"))
    #expect(ASCIISearch.count("<tr><TR><tr>", "<tr") == 3)
    #expect(ASCIISearch.count("<tr><tr><tr>", "<tr", upTo: 2) == 2)
    #expect(ASCIISearch.count("<tr<tr", "<tr<tr<tr") == 0)
    #expect(!ASCIISearch.contains("année\n", byte: 0x0D))
    #expect(ASCIISearch.contains("année\r\n", byte: 0x0D))
    // two rows of a table in an otherwise French text: a document
    #expect(HTMLDocument.isDocument("Préambule « accès »\n<Table><TR><td>Pilote</td></tr><tr><td>Caf</td></tr></table>"))
    #expect(!HTMLDocument.isDocument("Préambule\n<table><tr><td>Pilote</td></tr></table>"))
}

@Test func htmlTablesBecomeRowsAndBlocksLines() throws {
    let html = """
        <html><head><title>ignored</title><style>td { color: red }</style></head>
        <body>
        <h1>Plan d'actions</h1>
        <p>Convention Territoriale Globale<br>2021-2024</p>
        <table>
        <thead><tr><th>Pilote de l'action</th><th colspan="2">Acteurs</th></tr></thead>
        <tbody>
        <tr><td><strong>Calendrier</strong></td><td><ul><li>- À partir de 2021</li><li>- Bilan en 2023</li></ul></td><td>x</td></tr>
        <tr><td></td><td></td></tr>
        </tbody>
        </table>
        <p><strong>ACTION<br>ENGAGÉE</strong></p>
        <script>var a = "<tr><td>no</td></tr>";</script>
        </body></html>
        """
    let doc = try TextDumpExtractor().extract(data: Data(html.utf8), source: "plan.html")
    #expect(doc.pages.count == 1 && doc.pages[0].reason?.hasPrefix("HTML document") == true)
    let lines = doc.pages[0].lines
    #expect(lines.map(\.text) == [
        "Plan d'actions", "",
        "Convention Territoriale Globale", "2021-2024", "",
        "Pilote de l'action\tActeurs\t",
        "**Calendrier**\t- À partir de 2021\n- Bilan en 2023\tx", "",
        "**ACTION ENGAGÉE**",
    ])
    #expect(lines[5].cells == ["Pilote de l'action", "Acteurs", ""], "a colspan gives empty cells after its cell")
    #expect(lines[6].cells?[1] == "- À partir de 2021\n- Bilan en 2023")
    // source line numbers of the elements
    #expect(lines.first { $0.text == "Plan d'actions" }?.number == 3)
    #expect(lines[6].number == 8)
}

@Test func anHTMLDocumentWithoutTextIsAnEmptyInput() {
    #expect { try TextDumpExtractor().extract(data: Data("<html><body><table><tr><td></td></tr></table></body></html>".utf8), source: "e.html") }
        throws: { ($0 as? InputError)?.code == .empty }
}
