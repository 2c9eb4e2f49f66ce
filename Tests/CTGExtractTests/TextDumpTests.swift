import Foundation
import Testing
@testable import CTGExtract
@testable import CTGModel

@Test func tabSeparatedLinesBecomeRows() throws {
    let text = "Axes prioritaires\tObjectifs\tFiches-actions\nAxe 0 : Gouvernance\t\tAction 0 : Mettre en place"
    let doc = try TextDumpExtractor().extract(data: Data(text.utf8), source: "x.txt")
    let lines = doc.pages[0].lines
    #expect(lines.count == 2)
    #expect(lines[1].cells == ["Axe 0 : Gouvernance", "", "Action 0 : Mettre en place"])
    #expect(lines[1].number == 2)
}

@Test func htmlListInACellBecomesBlocks() throws {
    let text = "Indicateurs\t<ul style=\"list-style-type: none\"> - Evolution du taux - Relais d'informations</ul>\t<p>► Création</p><p>Suite</p>"
    let doc = try TextDumpExtractor().extract(data: Data(text.utf8), source: "x.txt")
    let cells = try #require(doc.pages[0].lines[0].cells)
    #expect(cells[1] == "- Evolution du taux - Relais d'informations")
    #expect(cells[2] == "► Création\nSuite")
}

@Test func latin1AndUTF16AreDecoded() throws {
    let s = "Petite enfance : crèche, à côté"
    let latin1 = s.data(using: .isoLatin1)!
    #expect(try TextDecoding.decode(latin1).text == s)
    #expect(try TextDecoding.decode(latin1).encoding == "windows-1252")
    var utf16 = Data([0xFF, 0xFE]); utf16.append(s.data(using: .utf16LittleEndian)!)
    #expect(try TextDecoding.decode(utf16).text == s)
    let cp1252 = Data([0x93, 0x6F, 0x65, 0x75, 0x76, 0x72, 0x65, 0x94, 0x20, 0x9C]) // “oeuvre” œ
    #expect(try TextDecoding.decode(cp1252).text == "“oeuvre” œ")
}

@Test func binaryAndEmptyInputsAreRejected() {
    #expect(throws: InputError.self) { try TextDecoding.decode(Data()) }
    #expect { try TextDecoding.decode(Data([0x00, 0x01, 0x02, 0xFF, 0x00, 0x10])) } throws: { ($0 as? InputError)?.code == .binary }
    #expect { try TextDumpExtractor().extract(data: Data("  \n\n ".utf8), source: "x.txt") } throws: { ($0 as? InputError)?.code == .empty }
}
