import CTGModel
import Foundation
import Testing
@testable import CTGEmit

private func record() -> DocumentRecord {
    let doc = ExtractedDocument(source: "a.txt", kind: .text, pages: [Page(number: 1, method: .text, lines: [Line(text: "x", number: 1)])])
    let fiche = Fiche(key: "1", number: "1", title: "Titre", confidence: 0.87654, fieldConfidence: ["pilotes": 0.33333], layout: "test")
    return DocumentRecord(extracted: doc, sha256: String(repeating: "0", count: 64),
                          segmentation: Segmentation(facts: DocumentFacts(), fiches: [fiche]), edits: [])
}

@Test func documentJSONIsSortedStableAndRounded() throws {
    let a = try Emitter.documentJSON(record())
    let b = try Emitter.documentJSON(record())
    #expect(a == b)
    let text = String(decoding: a, as: UTF8.self)
    #expect(text.contains("\"confidence\" : 0.877"))
    #expect(text.contains("\"pilotes\" : 0.333"))
    // Optional fields are written as null, so every document has the same keys.
    #expect(text.contains("\"deliberation\" : null"))
    #expect(text.range(of: "\"caf\"")!.lowerBound < text.range(of: "\"doc_types\"")!.lowerBound)
}

@Test func atomicWriteReplacesWholeFileAndLeavesNoTemp() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ctg-emit-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("doc.json")
    try Emitter.writeAtomically(Data("old".utf8), to: url)
    try Emitter.writeAtomically(Data("new content".utf8), to: url)
    #expect(try String(contentsOf: url, encoding: .utf8) == "new content")
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["doc.json"])
}

@Test func recordRoundTripsThroughJSON() throws {
    let data = try Emitter.documentJSON(record())
    let back = try JSONDecoder().decode(DocumentRecord.self, from: data)
    #expect(try Emitter.documentJSON(back) == data)
}

/// The compact line made from the pretty document is the compact encoding of the same record, strings with
/// spaces, quotes, backslashes, tabs, newlines and non-ASCII text included.
@Test func compactLineFromPrettyIsTheCompactEncoding() throws {
    let texts = ["x", "  deux  espaces ", "guillemets \" et \\\" échappés \\", "tab\there\nnew line", "Saône-et-Loire : 2023 { } [ ] , :", ""]
    let lines = texts.enumerated().map { Line(text: $0.element, number: $0.offset + 1) }
    let doc = ExtractedDocument(source: "a b.txt", kind: .text, pages: [Page(number: 1, method: .text, lines: lines)])
    let fiches = texts.enumerated().map { i, t in
        Fiche(key: "\(i)", number: "\(i)", title: t, confidence: 0.5, fieldConfidence: ["pilotes": 0.25], layout: "test")
    }
    let r = DocumentRecord(extracted: doc, sha256: String(repeating: "0", count: 64),
                           segmentation: Segmentation(facts: DocumentFacts(), fiches: fiches), edits: [])
    for value in [r, record()] {
        #expect(Emitter.compactLine(fromPretty: try Emitter.documentJSON(value)) == (try Emitter.jsonLine(value)))
    }
}
