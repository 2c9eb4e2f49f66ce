import CTGModel
import Testing
@testable import CTGExtract

/// Repetition in the page margins: a running header on most pages is furniture; a field heading that
/// happens to open a few pages of a long document is not.
@Test func marginRepetitionNeedsAShareOfThePages() {
    var pages: [Page] = []
    var n = 0
    for p in 1...20 {
        var lines: [Line] = []
        func add(_ text: String, y: Double) {
            n += 1
            lines.append(Line(text: text, page: p, number: n, box: Box(x0: 50, y0: y, x1: 300, y1: y + 10), method: .pdfText))
        }
        add("Convention Territoriale Globale 2023-2026", y: 20)      // running header, every page
        if p % 6 == 0 { add("Moyens mobilisés", y: 40) }             // heading opening 3 pages of 20
        add("Corps de la page \(p)", y: 400)
        pages.append(Page(number: p, method: .pdfText, width: 595, height: 842, lines: lines))
    }
    var doc = ExtractedDocument(source: "x.pdf", kind: .pdf, pages: pages)
    Furniture.mark(&doc)
    let roles = Dictionary(doc.pages.flatMap(\.lines).map { ($0.text, $0.role) }, uniquingKeysWith: { a, _ in a })
    #expect(roles["Convention Territoriale Globale 2023-2026"] == .furniture)
    #expect(roles["Moyens mobilisés"] == .body)
    #expect(roles["Corps de la page 6"] == .body)
}
