import CTGModel
import CTGPipeline
import Foundation
import Testing

@Suite("Reruns: skip unchanged, redo changed, version, --force, removed inputs, lock")
struct RerunTests {
    func fixture(_ tmp: TempDir, count: Int = 4) throws {
        for i in 0..<count { try tmp.write("in/doc\(i).txt", sampleText(i)) }
        try tmp.write("in/bad.txt", Data())
    }

    /// The pipeline version covers the data tables installed beside the executable (resource bundles): a changed
    /// table changes the version, so the next run redoes every input.
    @Test func versionCoversTheDataTables() throws {
        let tmp = try TempDir()
        defer { tmp.cleanup() }
        try tmp.write("bin/ctg", "binary")
        let exe = tmp.path("bin/ctg").path
        #expect(Batch.resourceFingerprint(besides: exe) == nil)
        try tmp.write("bin/ctg_CTGNormalise.resources/Data/confusions.tsv", "a\to\t0.6\trare\n")
        let first = Batch.resourceFingerprint(besides: exe)
        #expect(first != nil)
        #expect(Batch.resourceFingerprint(besides: exe) == first)
        try tmp.write("bin/ctg_CTGNormalise.resources/Data/confusions.tsv", "a\to\t0.5\trare\n")
        let second = Batch.resourceFingerprint(besides: exe)
        #expect(second != nil && second != first)
        try tmp.write("bin/ctg_CTGNormalise.resources/Data/glued.tsv", "la\n")
        #expect(Batch.resourceFingerprint(besides: exe) != second)
    }

    @Test func unchangedRerunProcessesNothing() throws {
        let tmp = try TempDir()
        defer { tmp.cleanup() }
        try fixture(tmp)
        let batch = Batch(outputDirectory: tmp.path("out"))
        let first = try batch.run([tmp.path("in").path])
        #expect(first.processed == 4 && first.failed == 1)
        let corpus1 = try Data(contentsOf: tmp.path("out/corpus.jsonl"))
        let docs1 = snapshot(tmp.path("out/documents"))
        let second = try batch.run([tmp.path("in").path])
        #expect(second.processed == 0)
        #expect(second.skipped == 4)
        #expect(second.failed == 1)  // still failing, not retried, still reported
        #expect(second.inputs.filter { $0.status == .skipped }.count == 4)
        #expect(try Data(contentsOf: tmp.path("out/corpus.jsonl")) == corpus1)
        #expect(snapshot(tmp.path("out/documents")) == docs1)
        // No absolute paths (nor, by byte identity above, timestamps) inside the corpus.
        #expect(!String(decoding: corpus1, as: UTF8.self).contains(tmp.url.path))
    }

    @Test func changedInputIsRedoneAndVersionChangeRedoesAll() throws {
        let tmp = try TempDir()
        defer { tmp.cleanup() }
        try fixture(tmp)
        var batch = Batch(outputDirectory: tmp.path("out"))
        _ = try batch.run([tmp.path("in").path])
        try tmp.write("in/doc1.txt", sampleText(1) + "\nAjout : nouvelle ligne\n")
        let r = try batch.run([tmp.path("in").path])
        #expect(r.processed == 1 && r.skipped == 3)
        #expect(r.inputs.first { $0.source == "doc1.txt" }?.status == .ok)
        let newHash = Pipeline.sha256(try Data(contentsOf: tmp.path("in/doc1.txt")))
        #expect(try String(contentsOf: tmp.path("out/corpus.jsonl"), encoding: .utf8).contains(newHash))

        batch.pipelineVersion = "test-next-version"
        let v = try batch.run([tmp.path("in").path])
        #expect(v.processed == 4 && v.skipped == 0)

        batch.force = true
        let f = try batch.run([tmp.path("in").path])
        #expect(f.processed == 4)
    }

    @Test func aChangedInputThatNowFailsKeepsItsEarlierDocument() throws {
        let tmp = try TempDir()
        defer { tmp.cleanup() }
        try fixture(tmp)
        let batch = Batch(outputDirectory: tmp.path("out"))
        _ = try batch.run([tmp.path("in").path])
        let corpus1 = try Data(contentsOf: tmp.path("out/corpus.jsonl"))
        try tmp.write("in/doc2.txt", Data())
        let r = try batch.run([tmp.path("in").path])
        let o = try #require(r.inputs.first { $0.source == "doc2.txt" })
        #expect(o.status == .failed && o.reasonCode == .empty)
        #expect(o.output == "documents/doc2.txt.json")
        #expect(try Data(contentsOf: tmp.path("out/corpus.jsonl")) == corpus1)
    }

    @Test func removedInputIsReportedAndPrunedOnRequest() throws {
        let tmp = try TempDir()
        defer { tmp.cleanup() }
        try fixture(tmp)
        var batch = Batch(outputDirectory: tmp.path("out"))
        _ = try batch.run([tmp.path("in").path])
        try FileManager.default.removeItem(at: tmp.path("in/doc3.txt"))
        let r = try batch.run([tmp.path("in").path])
        #expect(r.removed.count == 1 && r.removed[0].hasSuffix("/doc3.txt"))
        #expect(r.pruned.isEmpty)
        #expect(r.corpusDocuments == 4)
        batch.prune = true
        let p = try batch.run([tmp.path("in").path])
        #expect(p.pruned == ["documents/doc3.txt.json"])
        #expect(p.corpusDocuments == 3)
        #expect(!FileManager.default.fileExists(atPath: tmp.path("out/documents/doc3.txt.json").path))
        let again = try batch.run([tmp.path("in").path])
        #expect(again.removed.isEmpty)
    }

    @Test func sameFileNameInTwoFoldersGetsTwoDocuments() throws {
        let tmp = try TempDir()
        defer { tmp.cleanup() }
        // Same name, and for two of them the same content too (a folder copied twice).
        try tmp.write("in/a/deliberation.txt", sampleText(1))
        try tmp.write("in/b/deliberation.txt", sampleText(2))
        try tmp.write("in/c/deliberation.txt", sampleText(2))
        let batch = Batch(outputDirectory: tmp.path("out"))
        let r = try batch.run([tmp.path("in").path])
        #expect(Set(r.inputs.compactMap(\.output)).count == 3)
        #expect(r.inputs.first?.output == "documents/deliberation.txt.json")
        #expect(r.corpusDocuments == 3)
        let again = try batch.run([tmp.path("in").path])
        #expect(again.skipped == 3)
        #expect(again.inputs.map(\.output) == r.inputs.map(\.output))
    }

    @Test func secondRunOnALockedFolderIsRefused() throws {
        let tmp = try TempDir()
        defer { tmp.cleanup() }
        try fixture(tmp)
        let lock = try OutputLock.acquire(directory: tmp.path("out"), wait: false)
        do {
            _ = try Batch(outputDirectory: tmp.path("out")).run([tmp.path("in").path])
            Issue.record("second run was not refused")
        } catch let busy as OutputLock.Busy {
            #expect(busy.holder.pid == getpid())
            #expect(busy.holder.host == ProcessInfo.processInfo.hostName)
            #expect(busy.holder.started != nil)
        }
        lock.release()
        #expect(try Batch(outputDirectory: tmp.path("out")).run([tmp.path("in").path]).processed == 4)
    }

    @Test func outputFolderInsideTheInputFolderIsNotIngested() throws {
        let tmp = try TempDir()
        defer { tmp.cleanup() }
        try fixture(tmp)
        let batch = Batch(outputDirectory: tmp.path("in/corpus"))
        _ = try batch.run([tmp.path("in").path])
        let again = try batch.run([tmp.path("in").path])
        #expect(again.inputs.count == 5)
        #expect(again.skipped == 4 && again.failed == 1)
    }

    @Test func unchangedFilesAreRecognisedByFingerprintAndSameSizeEditsAreNot() throws {
        let tmp = try TempDir()
        defer { tmp.cleanup() }
        try fixture(tmp)
        usleep(2_200_000)  // fingerprints are only trusted for files whose ctime is over 2 s old
        let batch = Batch(outputDirectory: tmp.path("out"))
        _ = try batch.run([tmp.path("in").path])
        let store = try StateStore(directory: tmp.path("out"))
        let key = tmp.path("in/doc1.txt").standardizedFileURL.path
        #expect(try store.get(key)?.fingerprint != nil)
        #expect(try batch.run([tmp.path("in").path]).skipped == 4)

        // Same size, mtime put back: only the ctime and the content tell.
        let url = tmp.path("in/doc1.txt")
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        var text = try String(contentsOf: url, encoding: .utf8)
        text = String(text.dropLast()) + "X"
        try text.write(to: url, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: attributes[.modificationDate]!], ofItemAtPath: url.path)
        usleep(2_200_000)
        let r = try batch.run([tmp.path("in").path])
        #expect(r.processed == 1 && r.skipped == 3)
        #expect(r.inputs.first { $0.source == "doc1.txt" }?.status == .ok)
    }
}
