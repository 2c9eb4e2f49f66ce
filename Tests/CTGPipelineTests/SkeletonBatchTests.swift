import CTGEmit
import CTGModel
import Foundation
import Testing
@testable import CTGPipeline

private func tempDir() throws -> URL {
    let d = FileManager.default.temporaryDirectory.appendingPathComponent("ctg-batch-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
    return d
}

@Test func badInputsAreReportedAndTheBatchGoesOn() throws {
    let dir = try tempDir()
    defer { try? FileManager.default.removeItem(at: dir) }
    let inputs = dir.appendingPathComponent("in")
    try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
    try Data("Fiche action 1 : Créer un LAEP\nPilote : Caf\n".utf8).write(to: inputs.appendingPathComponent("good.txt"))
    try Data().write(to: inputs.appendingPathComponent("empty.txt"))
    try Data("not a pdf".utf8).write(to: inputs.appendingPathComponent("fake.pdf"))
    try Data("x".utf8).write(to: inputs.appendingPathComponent("notes.docx"))
    let out = dir.appendingPathComponent("out")
    let report = try Batch(outputDirectory: out).run([inputs.path, dir.appendingPathComponent("missing.txt").path])
    let byName = Dictionary(uniqueKeysWithValues: report.inputs.map { ($0.source, $0) })
    #expect(byName["good.txt"]?.status == .ok)
    #expect(byName["empty.txt"]?.reasonCode == .empty)
    #expect(byName["fake.pdf"]?.reasonCode == .notPDF)
    #expect(byName["notes.docx"]?.reasonCode == .unsupportedExtension)
    #expect(byName["missing.txt"]?.reasonCode == .notFound)
    #expect(report.failed == 4 && report.processed == 1)
    #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("documents/good.txt.json").path))
    let corpus = try String(contentsOf: out.appendingPathComponent("corpus.jsonl"), encoding: .utf8)
    #expect(corpus.split(separator: "\n").count == 1)
}

/// A batch processes the next input ahead, in the background: its documents are the same as those of inputs
/// processed one at a time, and a bad input among them still gets its own reason.
@Test func inputsProcessedAheadGiveTheSameDocuments() throws {
    let tmp = try TempDir()
    defer { tmp.cleanup() }
    for n in 1...5 { try tmp.write("in/\(n).txt", sampleText(n)) }
    try tmp.write("in/3b.pdf", Data("not a pdf".utf8))
    // Files over 2 s old: their fingerprints are trusted, and content read ahead is used without a second read.
    usleep(2_200_000)
    let report = try Batch(outputDirectory: tmp.path("out")).run([tmp.path("in").path])
    #expect(report.processed == 5)
    for n in 1...5 {
        #expect(report.inputs.first { $0.source == "\(n).txt" }?.sha256 == Pipeline.sha256(try Data(contentsOf: tmp.path("in/\(n).txt"))))
    }
    #expect(report.inputs.first { $0.source == "3b.pdf" }?.status == .failed)
    for n in 1...5 {
        let url = tmp.path("in/\(n).txt")
        let alone = try Emitter.documentJSON(Pipeline().process(fileAt: url).record)
        let batched = try Data(contentsOf: tmp.path("out/documents/\(n).txt.json"))
        #expect(alone == batched, "\(n).txt")
    }
}

/// Lines of a page read by OCR get the glyph-level OCR repairs (a brace read for a parenthesis) even when the
/// document shows no OCR damage; lines of a page with a text layer keep their braces.
@Test func ocrReadLinesGetGlyphRepairs() {
    func page(_ n: Int, _ method: ExtractionMethod, _ text: String) -> Page {
        Page(number: n, method: method, width: 595, height: 842, lines: [Line(text: text, page: n, number: n, method: method)])
    }
    let doc = ExtractedDocument(source: "t.pdf", kind: .pdf, pages: [
        page(1, .pdfText, "Les enfant(s} et les parents {voir annexe)."),
        page(2, .ocr, "Les enfant(s} et les parents {voir annexe)."),
    ])
    let (out, edits) = Pipeline().normalise(doc)
    #expect(out.pages[0].lines[0].text == "Les enfant(s} et les parents {voir annexe).")
    #expect(out.pages[1].lines[0].text == "Les enfant(s) et les parents (voir annexe).")
    #expect(edits.count == 2 && edits.allSatisfy { $0.rule == "ocr.brace" && $0.line == 2 })
    // and the word repairs of a good scan: a misread glyph in a word the lexicon does not know
    let labels = ExtractedDocument(source: "t.pdf", kind: .pdf, pages: [page(1, .pdfText, "Caiendrier : 2024"), page(2, .ocr, "Caiendrier : 2024")])
    let (fixed, _) = Pipeline().normalise(labels)
    #expect(fixed.pages.map { $0.lines[0].text } == ["Caiendrier : 2024", "Calendrier : 2024"])
}

/// What a produced document still needs a human look for: no fiche, fiches more likely wrong than right, pages
/// OCR read poorly; a sound document gets no warning.
@Test func reviewWarnings() {
    func record(_ confidences: [Double], ocr: [Double?]) -> DocumentRecord {
        let pages = ocr.enumerated().map { i, c in
            Page(number: i + 1, method: c == nil ? .pdfText : .ocr, ocrConfidence: c, width: 595, height: 842, lines: [])
        }
        let fiches = confidences.enumerated().map { i, c in Fiche(key: "F\(i + 1)", title: "Fiche \(i + 1)", confidence: c, layout: "test") }
        return DocumentRecord(extracted: ExtractedDocument(source: "t.pdf", kind: .pdf, pages: pages), sha256: "",
                              segmentation: Segmentation(facts: DocumentFacts(), fiches: fiches), edits: [])
    }
    #expect(Batch.review(record([0.9, 0.8], ocr: [nil, 0.92])).isEmpty)
    #expect(Batch.review(record([], ocr: [nil])).map(\.code) == [.noFiche])
    let weak = Batch.review(record([0.9, 0.31, 0.45], ocr: [nil, 0.42, 0.95, 0.3]))
    #expect(weak.map(\.code) == [.lowConfidence, .lowOCRConfidence])
    #expect(weak[0].message == "2 of 3 fiches with confidence below 0.5 (F2, F3)")
    #expect(weak[1].message == "OCR mean confidence below 60 % on pages 2, 4")
    var marked = record([0.6, 0.6, 0.6], ocr: [nil])
    for i in marked.fiches.indices { marked.fiches[i].layout = "marked-actions" }
    #expect(Batch.review(marked).map(\.code) == [.titlesOnly])
}
