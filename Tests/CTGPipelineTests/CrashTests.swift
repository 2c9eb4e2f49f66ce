import CTGPipeline
import Foundation
import Testing

/// These tests spawn the built `ctg` executable (found next to the test bundle, .build/debug/ctg, or at
/// $CTG_BINARY) and kill it: with SIGKILL at chosen points (environment variable CTG_FAULT, see
/// `Batch.fault`) and at random moments, with SIGTERM, and while another process holds the lock.
@Suite("Crash safety and concurrency (spawns the ctg binary)", .serialized)
struct CrashTests {
    /// 2 small PDFs, 30 text dumps (part1/ and part2/), one bad input.
    func makeInputs(_ tmp: TempDir) throws -> URL {
        for i in 0..<12 { try tmp.write("in/part1/doc\(String(format: "%02d", i)).txt", sampleText(i) + String(repeating: "\nLigne \(i)", count: 200)) }
        for i in 12..<30 { try tmp.write("in/part2/doc\(String(format: "%02d", i)).txt", sampleText(i) + String(repeating: "\nLigne \(i)", count: 200)) }
        try tmp.write("in/part2/plan.pdf", PDFBuilder.text(["Plan d'actions", "Fiche action 1", "Fiche action 2"]))
        try tmp.write("in/part1/convention.pdf", PDFBuilder.text(["Convention", "Article 1"]))
        try tmp.write("in/part2/vide.txt", Data())
        return tmp.path("in")
    }

    /// What must be identical between an interrupted-then-rerun batch and an uninterrupted one.
    func outputs(_ out: URL) -> [String: Data] {
        snapshot(out, ignoring: ["run.json", "state.sqlite", "state.sqlite-journal", "state.sqlite-wal", "state.sqlite-shm", ".ctg.lock"])
    }

    func reference(_ tmp: TempDir, _ inputs: URL) throws -> [String: Data] {
        let ref = tmp.path("ref")
        let r = try runCTG(["ingest", inputs.path, "--out", ref.path, "--quiet"])
        #expect(r.status == 1, "reference run: \(r.stderr)")  // vide.txt fails
        return outputs(ref)
    }

    @Test(.enabled(if: ctgBinary() != nil, "ctg binary not built"))
    func killedAtChosenPointsThenRerunGivesTheSameCorpus() throws {
        let tmp = try TempDir("ctg-crash")
        defer { tmp.cleanup() }
        let inputs = try makeInputs(tmp)
        let ref = try reference(tmp, inputs)
        #expect(ref["corpus.jsonl"] != nil)
        for (n, point) in ["document:1", "commit:1", "document:7", "commit:15", "corpus", "report"].enumerated() {
            let out = tmp.path("out\(n)")
            // A previous corpus from an earlier run over part of the inputs.
            let seed = try runCTG(["ingest", inputs.appendingPathComponent("part1").path, "--out", out.path, "--quiet"])
            #expect(seed.status == 0, "\(seed.stderr)")
            let previous = try Data(contentsOf: out.appendingPathComponent("corpus.jsonl"))
            let killed = try runCTG(["ingest", inputs.path, "--out", out.path, "--quiet"], env: ["CTG_FAULT": point])
            #expect(killed.signalled && killed.status == SIGKILL, "\(point): not killed (\(killed.status))")
            // The previous corpus is intact after the kill (at "report" the new corpus was already in place).
            if point != "report" { #expect(try Data(contentsOf: out.appendingPathComponent("corpus.jsonl")) == previous, "\(point): corpus changed") }
            let rerun = try runCTG(["ingest", inputs.path, "--out", out.path, "--quiet"])
            #expect(rerun.status == 1, "\(point): \(rerun.stderr)")
            #expect(outputs(out) == ref, "\(point): outputs differ from the uninterrupted run")
            // And one more run does nothing.
            let again = try runCTG(["ingest", inputs.path, "--out", out.path, "--quiet"])
            #expect(again.stdout.contains("0 ok, 32 skipped, 1 failed"), "\(point): \(again.stdout)")
        }
    }

    @Test(.enabled(if: ctgBinary() != nil, "ctg binary not built"))
    func killedAtRandomMomentsThenRerunGivesTheSameCorpus() throws {
        let tmp = try TempDir("ctg-crash-random")
        defer { tmp.cleanup() }
        let inputs = try makeInputs(tmp)
        let ref = try reference(tmp, inputs)
        let out = tmp.path("out")
        var rng = SystemRandomNumberGenerator()
        // Several kills on the same folder, each run getting a bit further (or not), then a clean finish.
        var killedMidRun = 0
        for _ in 0..<5 {
            // slow:20 makes each input take 20 ms more, so kills land mid-batch on any machine.
            let running = try startCTG(["ingest", inputs.path, "--out", out.path, "--quiet"], env: ["CTG_FAULT": "slow:20"])
            usleep(UInt32.random(in: 20_000...600_000, using: &rng))
            kill(running.process.processIdentifier, SIGKILL)
            if finish(running).signalled { killedMidRun += 1 }
            if let corpus = try? Data(contentsOf: out.appendingPathComponent("corpus.jsonl")) {
                // Whatever corpus exists is complete JSON lines.
                for line in corpus.split(separator: 0x0A) { #expect((try? JSONSerialization.jsonObject(with: Data(line))) != nil) }
            }
        }
        #expect(killedMidRun >= 1)
        let rerun = try runCTG(["ingest", inputs.path, "--out", out.path, "--quiet"])
        #expect(rerun.status == 1, "\(rerun.stderr)")
        #expect(outputs(out) == ref)
    }

    @Test(.enabled(if: ctgBinary() != nil, "ctg binary not built"))
    func sigtermFinishesTheCurrentFileAndStops() throws {
        let tmp = try TempDir("ctg-term")
        defer { tmp.cleanup() }
        let inputs = try makeInputs(tmp)
        let ref = try reference(tmp, inputs)
        let out = tmp.path("out")
        // slow:100: 33 inputs take over 3 s, so the signal at 0.5 s lands mid-batch.
        let running = try startCTG(["ingest", inputs.path, "--out", out.path, "--quiet"], env: ["CTG_FAULT": "slow:100"])
        usleep(500_000)
        kill(running.process.processIdentifier, SIGTERM)
        let r = finish(running)
        #expect(!r.signalled)
        #expect(r.status == 4, "\(r.status) \(r.stderr)")
        let run = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("run.json"))) as? [String: Any]
        #expect(run?["interrupted"] as? String == "SIGTERM")
        #expect((run?["pending"] as? Int ?? 0) > 0)
        #expect((run?["processed"] as? Int ?? 0) > 0)
        // What was done is in the corpus already.
        let corpusLines = try String(contentsOf: out.appendingPathComponent("corpus.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(corpusLines.count == run?["corpus_documents"] as? Int)
        let rerun = try runCTG(["ingest", inputs.path, "--out", out.path, "--quiet"])
        #expect(rerun.status == 1)
        #expect(outputs(out) == ref)
    }

    @Test(.enabled(if: ctgBinary() != nil, "ctg binary not built"))
    func concurrentRunIsRefusedOrWaits() throws {
        let tmp = try TempDir("ctg-lock")
        defer { tmp.cleanup() }
        try tmp.write("in/a.txt", sampleText(1))
        let out = tmp.path("out")
        let lock = try OutputLock.acquire(directory: out, wait: false)
        let refused = try runCTG(["ingest", tmp.path("in").path, "--out", out.path])
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("locked by another ctg run (pid \(getpid()) on "), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("corpus.jsonl").path))

        let waiting = try startCTG(["ingest", tmp.path("in").path, "--out", out.path, "--wait"])
        usleep(700_000)
        #expect(waiting.process.isRunning)
        lock.release()
        let r = finish(waiting)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("waiting for the lock"))
    }

    @Test(.enabled(if: ctgBinary() != nil, "ctg binary not built"))
    func cliSaysWhatWentWrongWithEachFile() throws {
        let tmp = try TempDir("ctg-cli")
        defer { tmp.cleanup() }
        try tmp.write("in/bon fichier é.txt", sampleText(1))
        try tmp.write("in/vide.txt", Data())
        try tmp.write("in/faux.pdf", "pas un PDF")
        let text = try runCTG(["ingest", tmp.path("in").path, "--out", tmp.path("out").path])
        #expect(text.status == 1)
        let lines = text.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains("\(tmp.path("in").path)/vide.txt: empty file [empty]"), "\(text.stderr)")
        #expect(lines.contains { $0.hasPrefix("\(tmp.path("in").path)/faux.pdf: ") && $0.hasSuffix("[not_pdf]") })
        #expect(text.stdout.contains("1 ok, 0 skipped, 2 failed"))
        #expect(text.stdout.contains("failed by reason: empty 1, not_pdf 1"))

        let json = try runCTG(["ingest", tmp.path("in").path, "--out", tmp.path("out2").path, "--log-format", "json"])
        #expect(json.status == 1)
        var codes: [String] = []
        for line in json.stderr.split(separator: "\n") {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["level"] != nil && object?["message"] != nil)
            if object?["level"] as? String == "error", let c = object?["reason_code"] as? String { codes.append(c) }
        }
        #expect(codes.sorted() == ["empty", "not_pdf"])

        let usage = try runCTG(["ingest", tmp.path("in").path])
        #expect(usage.status == 2, "usage error status \(usage.status)")
        #expect(usage.stderr.contains("--out"))
    }

    @Test(.enabled(if: ctgBinary() != nil, "ctg binary not built"))
    func anInputThatHangsFailsWithTimeoutAndTheBatchGoesOn() throws {
        let tmp = try TempDir("ctg-timeout")
        defer { tmp.cleanup() }
        for i in 0..<5 { try tmp.write("in/doc\(i).txt", sampleText(i)) }
        let out = tmp.path("out")
        // CTG_FAULT=hang:NAME makes the processing of NAME never return.
        let r = try runCTG(["ingest", tmp.path("in").path, "--out", out.path, "--timeout", "1", "--quiet"],
                           env: ["CTG_FAULT": "hang:doc2.txt"])
        #expect(r.status == 1, "\(r.status) \(r.stderr)")
        #expect(r.stderr.contains("doc2.txt: still processing after 1 s"), "\(r.stderr)")
        let run = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("run.json"))) as? [String: Any]
        let inputs = run?["inputs"] as? [[String: Any]] ?? []
        #expect(inputs.count == 5)
        #expect(inputs.first { ($0["source"] as? String) == "doc2.txt" }?["reason_code"] as? String == "timeout")
        #expect(run?["corpus_documents"] as? Int == 4)
        let tsv = try String(contentsOf: out.appendingPathComponent("failed/report.tsv"), encoding: .utf8)
        #expect(tsv.contains("doc2.txt\ttimeout\t"))
        // Not retried while unchanged.
        let again = try runCTG(["ingest", tmp.path("in").path, "--out", out.path, "--timeout", "1", "--quiet"],
                               env: ["CTG_FAULT": "hang:doc2.txt"])
        #expect(again.status == 1 && again.stdout.contains("0 ok, 4 skipped, 1 failed"), "\(again.stdout)")
    }
}
