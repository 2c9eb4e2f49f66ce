import CTGModel
import CTGPipeline
import Foundation
import Testing

@Suite("Bad inputs: each gets its reason code, the batch goes on")
struct BadInputTests {
    @Test func everyBadInputKindHasItsReasonCode() throws {
        let tmp = try TempDir("ctg-bad")
        defer { tmp.cleanup() }
        let inDir = tmp.path("in")
        let good = PDFBuilder.text(["Fiche action 1", "Objectif : accueil"])
        try tmp.write("in/good.pdf", good)
        try tmp.write("in/good.txt", sampleText(1))
        try tmp.write("in/empty.txt", Data())
        try tmp.write("in/empty.pdf", Data())
        try tmp.write("in/blank.txt", "  \n\t\n ")
        try tmp.write("in/truncated.pdf", good.prefix(40))
        try tmp.write("in/encrypted.pdf", PDFBuilder.encrypted())
        try tmp.write("in/not-a-pdf.pdf", "Ceci est un texte, pas un PDF.\n")
        var garbage = [UInt8](repeating: 0, count: 900)
        var rng = SystemRandomNumberGenerator()
        for i in garbage.indices { garbage[i] = UInt8.random(in: 0...255, using: &rng) }
        try tmp.write("in/garbage.txt", Data(garbage))
        try tmp.write("in/latin1.txt", Data([0x41, 0x6E, 0x6E, 0xE9, 0x65, 0x20, 0x32, 0x30, 0x32, 0x34, 0x0A]))  // "Année 2024"
        try tmp.write("in/cp1252.txt", Data([0x43, 0x6F, 0x80, 0x20, 0x92, 0x71, 0x75, 0x6F, 0x74, 0x65, 0x0A]))  // "Co€ ’quote"
        var utf16le = Data([0xFF, 0xFE])
        for u in "Équipe d'accueil\n".utf16 { utf16le.append(UInt8(u & 0xFF)); utf16le.append(UInt8(u >> 8)) }
        try tmp.write("in/utf16le.txt", utf16le)
        var utf16be = Data()
        for u in "Réunion du comité de pilotage\n".utf16 { utf16be.append(UInt8(u >> 8)); utf16be.append(UInt8(u & 0xFF)) }
        try tmp.write("in/utf16be-nobom.txt", utf16be)
        try tmp.write("in/zero-pages.pdf", PDFBuilder.zeroPages())
        try tmp.write("in/image-only.pdf", PDFBuilder.imageOnly())
        try tmp.write("in/huge-page.pdf", PDFBuilder.imageOnly(mediaBox: "[0 0 14400 14400]", userUnit: "/UserUnit 75000"))
        try tmp.write("in/too-large.txt", String(repeating: "Fiche action\n", count: 200))
        try tmp.write("in/no-fiche.txt", "Une délibération sans fiche-action.\n")
        try tmp.write("in/unsupported.docx", "PK")
        try tmp.write("in/nom avec espaces 'apostrophe' \"guillemets\" été.txt", sampleText(2))
        let unreadable = try tmp.write("in/unreadable.txt", sampleText(3))
        chmod(unreadable.path, 0)
        let isRoot = getuid() == 0
        try FileManager.default.createSymbolicLink(atPath: inDir.appendingPathComponent("broken-link.txt").path,
                                                   withDestinationPath: "/nonexistent/target.txt")
        #expect(mkfifo(inDir.appendingPathComponent("fifo.txt").path, 0o644) == 0)
        let before = snapshot(inDir, ignoring: ["unreadable.txt", "broken-link.txt", "fifo.txt"])

        var batch = Batch(outputDirectory: tmp.path("out"))
        batch.maxSize = 1000
        let missing = tmp.path("missing.txt").path
        let report = try batch.run([inDir.path, missing])

        let byName = Dictionary(report.inputs.map { ($0.source, $0) }, uniquingKeysWith: { a, _ in a })
        func code(_ n: String) -> ReasonCode? { byName[n]?.reasonCode }
        func status(_ n: String) -> InputOutcome.Status? { byName[n]?.status }

        #expect(status("good.pdf") == .ok)
        #expect(status("good.txt") == .ok)
        #expect(code("empty.txt") == .empty)
        #expect(code("empty.pdf") == .empty)
        #expect(code("blank.txt") == .empty)
        #expect(code("truncated.pdf") == .truncated)
        #expect(code("encrypted.pdf") == .encrypted)
        #expect(code("not-a-pdf.pdf") == .notPDF)
        #expect(code("garbage.txt") == .binary)
        for n in ["latin1.txt", "cp1252.txt", "utf16le.txt", "utf16be-nobom.txt"] {
            #expect(status(n) == .ok, "\(n): \(byName[n]?.message ?? "")")
        }
        #expect(code("zero-pages.pdf") == .zeroPages)
        #expect(code("image-only.pdf") == .ocrUnavailable)
        // The PDF extractor being rewritten (OCR) should say render_limit; without rendering it is ocr_unavailable.
        #expect([ReasonCode.renderLimit, .ocrUnavailable].contains(code("huge-page.pdf")))
        #expect(code("too-large.txt") == .tooLarge)
        #expect(status("no-fiche.txt") == .ok)
        #expect(byName["no-fiche.txt"]?.warningCodes.contains("no_fiche") == true)
        #expect(code("unsupported.docx") == .unsupportedExtension)
        #expect(status("nom avec espaces 'apostrophe' \"guillemets\" été.txt") == .ok)
        if !isRoot { #expect(code("unreadable.txt") == .unreadable) }  // root reads mode-000 files
        #expect(code("broken-link.txt") == .notFound)
        #expect(code("fifo.txt") == .unreadable)
        #expect(code("missing.txt") == .notFound)

        // Decoded text, not mojibake (documents hold no raw text yet, so read the pipeline's extraction).
        func text(_ n: String) throws -> String {
            try Pipeline().process(fileAt: inDir.appendingPathComponent(n)).extracted.bodyLines.map(\.text).joined(separator: "\n")
        }
        #expect(try text("latin1.txt").contains("Année"))
        #expect(try text("cp1252.txt").contains("€ ’quote"))
        #expect(try text("utf16le.txt").contains("Équipe"))
        #expect(try text("utf16be-nobom.txt").contains("comité"))
        let latin = try String(contentsOf: tmp.path("out/documents/latin1.txt.json"), encoding: .utf8)
        #expect(latin.contains("decoded as windows-1252"))

        // Every failure is in run.json and failed/report.tsv, one line each.
        let failedNames = Set(report.inputs.filter { $0.status == .failed }.map(\.source))
        let tsv = try String(contentsOf: tmp.path("out/failed/report.tsv"), encoding: .utf8)
        let tsvLines = tsv.split(separator: "\n").dropFirst()
        #expect(tsvLines.count == failedNames.count)
        for n in failedNames { #expect(tsv.contains("/\(n)\t"), "\(n) missing from failed/report.tsv") }
        let runJSON = try JSONSerialization.jsonObject(with: Data(contentsOf: tmp.path("out/run.json"))) as? [String: Any]
        #expect(runJSON?["failed"] as? Int == failedNames.count)
        // Processed inputs carry their time per stage; failed ones none.
        for input in report.inputs {
            if input.status == .ok { #expect(Set(input.stageMs.keys) == ["extract", "normalise", "segment", "write"], "\(input.source)") }
            if input.status == .failed { #expect(input.stageMs.isEmpty, "\(input.source)") }
        }
        let rows = runJSON?["inputs"] as? [[String: Any]] ?? []
        #expect(rows.contains { ($0["stage_ms"] as? [String: Int])?["segment"] != nil })

        // Corpus: one line per good document.
        let corpus = try String(contentsOf: tmp.path("out/corpus.jsonl"), encoding: .utf8)
        #expect(corpus.split(separator: "\n").count == report.processed)

        // Originals untouched.
        #expect(snapshot(inDir, ignoring: ["unreadable.txt", "broken-link.txt", "fifo.txt"]) == before)
    }

    @Test func symlinkToAFileIsAnInput() throws {
        let tmp = try TempDir()
        defer { tmp.cleanup() }
        let target = try tmp.write("elsewhere/real.txt", sampleText(5))
        try FileManager.default.createDirectory(at: tmp.path("in"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: tmp.path("in/link.txt"), withDestinationURL: target)
        let report = try Batch(outputDirectory: tmp.path("out")).run([tmp.path("in").path])
        #expect(report.inputs.map(\.status) == [.ok])
    }
}
