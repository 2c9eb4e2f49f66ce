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
