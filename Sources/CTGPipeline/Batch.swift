import CTGEmit
import CTGExtract
import CTGModel
import CTGSegment
import Foundation
import Logging

/// One input of a batch and what became of it in this run.
public struct InputOutcome: Codable, Sendable {
    public enum Status: String, Codable, Sendable {
        /// Processed in this run, document written.
        case ok
        /// Unchanged since a previous run with the same pipeline version: nothing redone.
        case skipped
        /// Could not be processed; `reasonCode` and `message` say why.
        case failed
        /// Not reached: the run was stopped by SIGINT/SIGTERM. The next run will do it.
        case pending
    }
    public var path: String
    public var source: String
    public var status: Status
    public var reasonCode: ReasonCode?
    public var message: String?
    /// Output file, relative to the output folder. For a failed input that had a document before, the
    /// earlier document, which is kept.
    public var output: String?
    public var pages: Int
    public var ocrPages: Int
    public var fiches: Int
    public var warnings: Int
    /// Warning codes of the document (`no_fiche`, `titles_only`, `low_confidence`, `low_ocr_confidence`: see
    /// `Batch.review`): the input is fine, but the document is worth a look.
    public var warningCodes: [String]
    public var sha256: String?
    public var durationMs: Int
    /// Milliseconds per stage of a processed input: "extract", "normalise", "segment", "write" (JSON encoding and
    /// the atomic write of its document). Empty for skipped and failed inputs.
    public var stageMs: [String: Int] = [:]

    enum CodingKeys: String, CodingKey {
        case path, source, status, reasonCode = "reason_code", message, output, pages, ocrPages = "ocr_pages"
        // "fiche_count", not "fiches": a per-input row of run.json must not look like a document to scorers.
        case fiches = "fiche_count", warnings, warningCodes = "warning_codes", sha256, durationMs = "duration_ms"
        case stageMs = "stage_ms"
    }

    init(path: String, source: String, status: Status) {
        self.path = path; self.source = source; self.status = status
        pages = 0; ocrPages = 0; fiches = 0; warnings = 0; warningCodes = []; durationMs = 0
    }
}

/// The batch report written to `run.json` (timings live here and in the store, never in documents).
public struct RunReport: Codable, Sendable {
    public var toolVersion: String
    public var schemaVersion: String
    public var pipelineVersion: String
    /// Inputs named in this run, in order.
    public var inputs: [InputOutcome]
    /// Inputs known to the store whose file no longer exists.
    public var removed: [String]
    /// Documents removed from the corpus by `--prune`.
    public var pruned: [String]
    /// Processed in this run (status ok).
    public var processed: Int
    public var skipped: Int
    public var failed: Int
    public var pending: Int
    /// Failures by reason code.
    public var failures: [String: Int]
    public var pages: Int
    public var ocrPages: Int
    public var fiches: Int
    /// Documents in corpus.jsonl after the run.
    public var corpusDocuments: Int
    /// The signal that stopped the run early, if any.
    public var interrupted: String?
    public var durationMs: Int

    enum CodingKeys: String, CodingKey {
        case toolVersion = "tool_version", schemaVersion = "schema_version", pipelineVersion = "pipeline_version"
        case inputs, removed, pruned, processed, skipped, failed, pending, failures, pages, ocrPages = "ocr_pages", fiches = "fiche_count"
        case corpusDocuments = "corpus_documents", interrupted, durationMs = "duration_ms"
    }
}

/// Where progress goes. The CLI prints on a terminal; tests collect.
public protocol BatchObserver: Sendable {
    func started(index: Int, total: Int, path: String)
    func finished(index: Int, total: Int, outcome: InputOutcome)
}

/// Ingests files and folders into an output folder:
/// - `documents/NAME.json`, one per input (NAME is the input file name);
/// - `corpus.jsonl`, one line per document, sorted by document file name, rebuilt from the state store;
/// - `run.json`, the report of the last run; `failed/report.tsv`, every input that currently fails;
/// - `state.sqlite`, the state store; `.ctg.lock`, the lock held while a run is going.
///
/// A rerun skips inputs whose content hash and pipeline version are unchanged, redoes changed ones, and
/// reports inputs whose file has gone (removing their documents with `prune`).
public struct Batch: Sendable {
    public var pipeline: Pipeline
    public var outputDirectory: URL
    /// Redo every input, even unchanged ones.
    public var force = false
    /// Remove documents (and store rows) of inputs whose file no longer exists.
    public var prune = false
    /// Inputs larger than this fail with `too_large` without being read.
    public var maxSize: Int64 = Batch.defaultMaxSize
    /// Wait for the output folder's lock instead of failing when another run holds it.
    public var waitForLock = false
    /// Changes whenever output for the same input may change; a change redoes every input.
    public var pipelineVersion = Batch.pipelineVersion
    public var logger = Logger(label: "ctg.batch")
    /// Set (by signal handlers) to stop after the current file.
    public var stop: StopFlag?
    /// Test hook: `document:N` (after the N-th document file of the run is written, before its commit),
    /// `commit:N` (after the N-th commit), `corpus` (corpus.jsonl temp file written, not yet renamed),
    /// `report` (corpus.jsonl written, run.json not yet): the process kills itself with SIGKILL there.
    /// `hang:NAME`: processing the input named NAME never returns; `slow:MS`: sleep MS ms after each input.
    /// The CLI sets it from the environment variable CTG_FAULT.
    public var fault: String?
    /// An input still being processed after this many seconds is recorded as failed (`timeout`) in the store,
    /// corpus.jsonl and failed/report.tsv are rebuilt, and `onTimeout` is called from the watchdog thread
    /// (a hung extractor cannot be interrupted in-process). The CLI restarts itself there (exec), so the
    /// batch goes on: the rerun skips what is done and does not retry the input that hung. Nil: no limit.
    public var timeout: TimeInterval?
    /// Called after a timeout is recorded; must not return. Default: exit with status 5.
    public var onTimeout: (@Sendable (InputOutcome) -> Never)?

    public static let defaultMaxSize: Int64 = 200 * 1024 * 1024
    /// The tool and schema versions plus a fingerprint of the running executable (size and modification
    /// time), so that any new build of the pipeline redoes every input once: outputs never go stale.
    public static let pipelineVersion: String = {
        var fingerprint = ""
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        if let attrs = try? FileManager.default.attributesOfItem(atPath: exe),
           let size = attrs[.size] as? NSNumber, let date = attrs[.modificationDate] as? Date {
            fingerprint = " build \(size.int64Value)-\(Int64(date.timeIntervalSince1970))"
        }
        if let data = resourceFingerprint(besides: exe) { fingerprint += " data \(data)" }
        return "ctg \(CTGVersion.tool) schema \(CTGVersion.schema)" + fingerprint
    }()

    /// A hash of the resource bundles installed beside the executable (`*.resources`: the normaliser's data tables),
    /// paths and contents: a new table changes the output as a new build does, so it must change the version too.
    /// Nil when there are none.
    public static func resourceFingerprint(besides exe: String) -> String? {
        let fm = FileManager.default
        let dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        let bundles = ((try? fm.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".resources") }.sorted()
        guard !bundles.isEmpty else { return nil }
        var bytes = Data()
        for b in bundles {
            let root = dir.appendingPathComponent(b)
            let files = ((fm.enumerator(atPath: root.path)?.allObjects as? [String]) ?? []).sorted()
            for f in files {
                var isDir: ObjCBool = false
                guard fm.fileExists(atPath: root.appendingPathComponent(f).path, isDirectory: &isDir), !isDir.boolValue else { continue }
                bytes.append(Data("\(b)/\(f)\n".utf8))
                bytes.append((try? Data(contentsOf: root.appendingPathComponent(f))) ?? Data())
            }
        }
        return String(Pipeline.sha256(bytes).prefix(16))
    }

    public init(pipeline: Pipeline = Pipeline(), outputDirectory: URL) {
        self.pipeline = pipeline; self.outputDirectory = outputDirectory
    }

    public var documentsDirectory: URL { outputDirectory.appendingPathComponent("documents", isDirectory: true) }

    /// Paths named on the command line, expanded into the files to process (folders recursively, sorted).
    /// Missing paths are kept (they fail with `not_found`); hidden files inside folders are ignored.
    public static func collectInputs(_ paths: [String]) -> [URL] {
        var out: [URL] = []
        let fm = FileManager.default
        for p in paths {
            let url = URL(fileURLWithPath: p)
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: url.path, isDirectory: &isDir), isDir.boolValue {
                var found: [String] = []
                if let e = fm.enumerator(atPath: url.path) {
                    while let rel = e.nextObject() as? String {
                        let parts = rel.split(separator: "/")
                        if parts.contains(where: { $0.hasPrefix(".") }) { continue }
                        let full = url.appendingPathComponent(rel).path
                        var ls = stat()
                        guard lstat(full, &ls) == 0 else { continue }
                        let type = ls.st_mode & S_IFMT
                        if type == S_IFDIR {
                            continue
                        } else if type == S_IFLNK {
                            // A symlink to a folder is not followed; to a file (or to nothing) it is an input.
                            var st = stat()
                            if stat(full, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR { continue }
                        }
                        found.append(rel)
                    }
                }
                out += found.sorted().map { URL(fileURLWithPath: (p as NSString).appendingPathComponent($0)) }
            } else {
                out.append(url)
            }
        }
        return out
    }

    /// Runs the batch: takes the output folder's lock, then processes or skips every input. A bad input is
    /// recorded with its reason and the batch goes on. Throws only for fatal errors (lock busy, output
    /// folder not writable, store unusable).
    public func run(_ paths: [String], observer: BatchObserver? = nil) throws -> RunReport {
        let lock = try OutputLock.acquire(directory: outputDirectory, wait: waitForLock) { holder in
            logger.warning("\(outputDirectory.path): waiting for the lock held by \(holder)")
        }
        defer { lock.release() }
        return try runLocked(paths, observer: observer)
    }

    func runLocked(_ paths: [String], observer: BatchObserver?) throws -> RunReport {
        let start = Date()
        let fm = FileManager.default
        try fm.createDirectory(at: documentsDirectory, withIntermediateDirectories: true)
        removeStaleTemporaries()
        let store = try StateStore(directory: outputDirectory)
        // The output folder may sit inside an input folder (ctg ingest incoming --out incoming/corpus): never
        // ingest our own outputs.
        let outPrefix = outputDirectory.standardizedFileURL.resolvingSymlinksInPath().path + "/"
        let inputs = Self.collectInputs(paths).filter {
            !$0.standardizedFileURL.deletingLastPathComponent().resolvingSymlinksInPath().path.appending("/").hasPrefix(outPrefix)
        }
        var outcomes: [InputOutcome] = []
        var seen = Set<String>()
        var prefetched: Prefetch?
        var processedCount = 0
        let iso = ISO8601DateFormatter()

        for (i, url) in inputs.enumerated() {
            let key = url.standardizedFileURL.path
            if seen.contains(key) { continue }
            seen.insert(key)
            if let why = stop?.reason {
                var o = InputOutcome(path: url.relativePath, source: url.lastPathComponent, status: .pending)
                o.message = "not processed: run stopped by \(why)"
                outcomes.append(o)
                continue
            }
            observer?.started(index: i + 1, total: inputs.count, path: url.relativePath)
            let t0 = Date()
            var o = InputOutcome(path: url.relativePath, source: url.lastPathComponent, status: .ok)
            let prior = try store.get(key)
            var size: Int64 = 0
            var sha = ""
            var fingerprint: String?
            do {
                size = try InputCheck.check(key, maxSize: maxSize)
                fingerprint = InputCheck.fingerprint(key)
                var read: Data?
                if !force, let prior, prior.pipelineVersion == pipelineVersion, !prior.sha256.isEmpty,
                   let fingerprint, prior.fingerprint == fingerprint {
                    // Same inode, size, mtime and ctime as when it was hashed: unchanged, no need to read it.
                    sha = prior.sha256
                } else if let fingerprint, let ahead = prefetched, ahead.key == key,
                          let content = ahead.content(fingerprint: fingerprint) {
                    // Read ahead from a file with the same inode, size, mtime and ctime as now: that content.
                    read = content.data
                    sha = content.sha
                } else {
                    read = try InputCheck.readAll(key, limit: maxSize)
                    sha = Pipeline.sha256(read!)
                }
                o.sha256 = sha
                if !force, let prior, prior.sha256 == sha, prior.pipelineVersion == pipelineVersion,
                   prior.output == nil || fm.fileExists(atPath: outputDirectory.appendingPathComponent(prior.output!).path) {
                    o.status = prior.status == "ok" ? .skipped : .failed
                    o.reasonCode = prior.reasonCode.flatMap(ReasonCode.init(rawValue:))
                    o.message = prior.message
                    o.output = prior.output
                    o.pages = prior.pages; o.ocrPages = prior.ocrPages; o.fiches = prior.fiches; o.warnings = prior.warnings
                    o.warningCodes = prior.warningCodes.split(separator: ",").map(String.init)
                    if o.status == .failed {
                        logger.error("\(o.path): \(o.message ?? "failed") [\(o.reasonCode?.rawValue ?? "")] (unchanged, not retried)",
                                     metadata: ["file": "\(o.path)", "reason_code": "\(o.reasonCode?.rawValue ?? "")"])
                    } else {
                        logger.debug("\(o.path): unchanged, skipped", metadata: ["file": "\(o.path)"])
                    }
                    outcomes.append(o)
                    observer?.finished(index: i + 1, total: inputs.count, outcome: o)
                    continue
                }
                let data = try read ?? InputCheck.readAll(key, limit: maxSize)
                let watchdog = startWatchdog(key: key, outcome: o, size: size, sha: sha, fingerprint: fingerprint,
                                             prior: prior, store: store)
                let result: Pipeline.Result
                do {
                    defer { watchdog?.cancel() }
                    if let f = fault, f == "hang:\(url.lastPathComponent)" { while true { sleep(60) } }
                    // The next input that will need processing starts now, in the background (two documents in
                    // flight: one's extraction overlaps the other's single-threaded stages); this one may have been
                    // started that way by the previous turn.
                    // (the gate the next input waits for: this input's extraction, done ahead or done here; in the
                    // rare case where the content changed since it was read ahead, the next one need not wait)
                    let ahead = prefetched.flatMap { $0.key == key ? $0 : nil }
                    let extracted = ahead?.extracted ?? Gate()
                    let next = try startPrefetch(after: i, inputs: inputs, seen: seen, store: store, gate: extracted)
                    if let ahead, let r = ahead.result(sha: sha) {
                        logger.debug("\(url.relativePath): processed ahead, in the background")
                        result = try r.get()
                    } else {
                        defer { extracted.open() }
                        result = try process(data: data, url: url, afterExtraction: extracted.open)
                    }
                    prefetched = next
                }
                let record = result.record
                let writeStart = Date()
                let name = try outputName(source: url.lastPathComponent, key: key, store: store)
                let docURL = documentsDirectory.appendingPathComponent(name)
                let docData: Data
                let line: Data
                do {
                    docData = try Emitter.documentJSON(record)
                    line = Emitter.compactLine(fromPretty: docData)
                } catch {
                    throw InputError(.internalError, "cannot encode document (\(error))")
                }
                try Emitter.writeAtomically(docData, to: docURL)
                o.stageMs = result.stageMs
                o.stageMs["write"] = Int(Date().timeIntervalSince(writeStart) * 1000)
                processedCount += 1
                injectFault("document:\(processedCount)")
                o.output = "documents/\(name)"
                o.pages = record.pages
                o.ocrPages = record.extraction.filter { $0.method == .ocr }.count
                o.fiches = record.fiches.count
                o.warnings = record.warnings.count
                let review = Self.review(record)
                o.warningCodes = review.map(\.code.rawValue)
                o.durationMs = Int(Date().timeIntervalSince(t0) * 1000)
                try store.put(InputState(
                    path: key, source: o.source, sha256: sha, size: size, pipelineVersion: pipelineVersion, status: "ok",
                    output: o.output, corpusLine: line, pages: o.pages, ocrPages: o.ocrPages, fiches: o.fiches,
                    warnings: o.warnings, warningCodes: o.warningCodes.joined(separator: ","), durationMs: o.durationMs,
                    processedAt: iso.string(from: Date()), fingerprint: fingerprint))
                injectFault("commit:\(processedCount)")
                if let f = fault, f.hasPrefix("slow:"), let ms = UInt32(f.dropFirst(5)) { usleep(ms * 1000) }
                // The document moved to another name (content of a same-named input changed): drop the old file.
                if let old = prior?.output, old != o.output { try? fm.removeItem(at: outputDirectory.appendingPathComponent(old)) }
                logger.info("\(o.path): ok, \(o.pages) pages, \(o.fiches) fiches",
                            metadata: ["file": "\(o.path)", "pages": "\(o.pages)", "fiches": "\(o.fiches)",
                                       "duration_ms": "\(o.durationMs)"])
                for r in review {
                    logger.warning("\(o.path): warning: \(r.message) [\(r.code.rawValue)]",
                                   metadata: ["file": "\(o.path)", "reason_code": "\(r.code.rawValue)"])
                }
            } catch let e as InputError {
                o.status = .failed; o.reasonCode = e.code; o.message = e.message
            } catch {
                // Anything else is about the output side (disk full, store): fatal for the run.
                throw error
            }
            if o.status == .failed {
                o.durationMs = Int(Date().timeIntervalSince(t0) * 1000)
                // An earlier good document of this input is kept (and stays in the corpus).
                o.output = prior?.output
                try store.put(InputState(
                    path: key, source: o.source, sha256: sha, size: size, pipelineVersion: pipelineVersion, status: "failed",
                    reasonCode: o.reasonCode?.rawValue, message: o.message, output: prior?.output, corpusLine: prior?.corpusLine,
                    pages: prior?.pages ?? 0, ocrPages: prior?.ocrPages ?? 0, fiches: prior?.fiches ?? 0,
                    warnings: prior?.warnings ?? 0, warningCodes: prior?.warningCodes ?? "", durationMs: o.durationMs,
                    processedAt: iso.string(from: Date()), fingerprint: sha.isEmpty ? nil : fingerprint))
                logger.error("\(o.path): \(o.message ?? "failed") [\(o.reasonCode?.rawValue ?? "")]",
                             metadata: ["file": "\(o.path)", "reason_code": "\(o.reasonCode?.rawValue ?? "")"])
            }
            outcomes.append(o)
            observer?.finished(index: i + 1, total: inputs.count, outcome: o)
        }

        // Inputs the store knows whose file is gone.
        var removed: [String] = []
        var pruned: [String] = []
        for (path, state) in try store.all().sorted(by: { $0.key < $1.key }) where !seen.contains(path) {
            var ls = stat()
            if lstat(path, &ls) == 0 { continue }
            removed.append(path)
            if prune {
                if let out = state.output { try? fm.removeItem(at: outputDirectory.appendingPathComponent(out)); pruned.append(out) }
                try store.delete(path)
                logger.warning("\(path): input removed; document \(state.output ?? "-") pruned")
            } else {
                logger.warning("\(path): input removed (its document stays in the corpus; use --prune to remove it)")
            }
        }

        // Outputs rebuilt from the store, each written atomically.
        let lines = try store.corpusLines()
        try writeFile(lines.reduce(into: Data()) { $0.append($1) }, to: outputDirectory.appendingPathComponent("corpus.jsonl"),
                      fault: "corpus")
        try writeFailedReport(store)
        injectFault("report")

        var failures: [String: Int] = [:]
        for o in outcomes where o.status == .failed { failures[o.reasonCode?.rawValue ?? "unknown", default: 0] += 1 }
        let done = outcomes.filter { $0.status == .ok }
        let report = RunReport(
            toolVersion: CTGVersion.tool, schemaVersion: CTGVersion.schema, pipelineVersion: pipelineVersion,
            inputs: outcomes, removed: removed, pruned: pruned,
            processed: done.count, skipped: outcomes.filter { $0.status == .skipped }.count,
            failed: outcomes.filter { $0.status == .failed }.count, pending: outcomes.filter { $0.status == .pending }.count,
            failures: failures, pages: done.reduce(0) { $0 + $1.pages }, ocrPages: done.reduce(0) { $0 + $1.ocrPages },
            fiches: done.reduce(0) { $0 + $1.fiches }, corpusDocuments: lines.count, interrupted: stop?.reason,
            durationMs: Int(Date().timeIntervalSince(start) * 1000))
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        try Emitter.writeAtomically(try e.encode(report) + Data("\n".utf8), to: outputDirectory.appendingPathComponent("run.json"))
        return report
    }

    /// Arms the per-input timeout (see `timeout`).
    func startWatchdog(key: String, outcome: InputOutcome, size: Int64, sha: String, fingerprint: String?, prior: InputState?,
                       store: StateStore) -> DispatchSourceTimer? {
        guard let timeout else { return nil }
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + timeout)
        let batch = self
        timer.setEventHandler {
            var o = outcome
            o.status = .failed; o.reasonCode = .timeout
            o.message = "still processing after \(Int(timeout)) s (--timeout); not retried until the file changes"
            o.output = prior?.output
            o.durationMs = Int(timeout * 1000)
            try? store.put(InputState(
                path: key, source: o.source, sha256: sha, size: size, pipelineVersion: batch.pipelineVersion, status: "failed",
                reasonCode: ReasonCode.timeout.rawValue, message: o.message, output: prior?.output, corpusLine: prior?.corpusLine,
                pages: prior?.pages ?? 0, ocrPages: prior?.ocrPages ?? 0, fiches: prior?.fiches ?? 0,
                warnings: prior?.warnings ?? 0, warningCodes: prior?.warningCodes ?? "", durationMs: o.durationMs,
                processedAt: ISO8601DateFormatter().string(from: Date()), fingerprint: fingerprint))
            if let lines = try? store.corpusLines() {
                try? batch.writeFile(lines.reduce(into: Data()) { $0.append($1) },
                                     to: batch.outputDirectory.appendingPathComponent("corpus.jsonl"), fault: nil)
            }
            try? batch.writeFailedReport(store)
            batch.logger.error("\(o.path): \(o.message ?? "") [\(ReasonCode.timeout.rawValue)]",
                               metadata: ["file": "\(o.path)", "reason_code": "\(ReasonCode.timeout.rawValue)"])
            if let onTimeout = batch.onTimeout { onTimeout(o) }
            _exit(5)
        }
        timer.resume()
        return timer
    }

    /// Starts processing, in the background, the first input after `i` not yet seen, unless the state store says
    /// it will be skipped (same pipeline version and same file fingerprint as when it was last done). It waits for
    /// `gate`, opened when input `i`'s extraction is over: one extraction at a time (pages already use every core,
    /// and two OCR'd documents at once would double the memory), the next document's extraction overlapping this
    /// one's normalisation and segmentation, which use fewer cores. Reading and processing are pure: the main loop
    /// takes the result only if the content it reads has the same hash, and does all writing itself, in input order.
    func startPrefetch(after i: Int, inputs: [URL], seen: Set<String>, store: StateStore, gate: Gate) throws -> Prefetch? {
        guard let url = inputs[(i + 1)...].first(where: { !seen.contains($0.standardizedFileURL.path) }) else { return nil }
        let key = url.standardizedFileURL.path
        guard (try? InputCheck.check(key, maxSize: maxSize)) != nil else { return nil }
        if !force, let prior = try store.get(key), prior.pipelineVersion == pipelineVersion, !prior.sha256.isEmpty,
           let fingerprint = InputCheck.fingerprint(key), prior.fingerprint == fingerprint { return nil }
        return Prefetch(key: key, url: url, batch: self, after: gate)
    }

    func process(data: Data, url: URL, afterExtraction: (() -> Void)? = nil) throws(InputError) -> Pipeline.Result {
        let result = try pipeline.process(data: data, source: url.lastPathComponent, extension: url.pathExtension.lowercased(),
                                          afterExtraction: afterExtraction)
        // A PDF whose pages gave no text at all: scanned pages with no OCR available (or OCR found nothing).
        if result.record.sourceKind == .pdf, result.record.pages > 0,
           result.extracted.bodyLines.allSatisfy({ $0.text.allSatisfy(\.isWhitespace) }),
           !result.record.extraction.contains(where: { $0.method == .ocr }) {
            throw InputError(.ocrUnavailable, "no text layer on any of \(result.record.pages) pages and no OCR text (image-only PDF?)")
        }
        return result
    }

    /// documents/SOURCE.json, or documents/SOURCE.KEY12.json when another input with the same file name
    /// already owns the plain name (KEY12: start of the SHA-256 of the input's path, so the name is stable
    /// for that input across runs and differs between same-named inputs, even with identical content).
    func outputName(source: String, key: String, store: StateStore) throws -> String {
        let plain = "\(source).json"
        guard let owner = try store.owner(ofOutput: "documents/\(plain)"), owner != key else { return plain }
        let tag = Pipeline.sha256(Data(key.utf8)).prefix(12)
        var name = "\(source).\(tag).json"
        var n = 2
        while let other = try store.owner(ofOutput: "documents/\(name)"), other != key {
            name = "\(source).\(tag)-\(n).json"; n += 1
        }
        return name
    }

    /// failed/report.tsv: every input that currently fails (path, reason code, message), from the store.
    func writeFailedReport(_ store: StateStore) throws {
        let failed = try store.all().values.filter { $0.status == "failed" }.sorted { $0.path < $1.path }
        var text = "path\treason_code\tmessage\n"
        for f in failed {
            func clean(_ s: String) -> String { s.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ") }
            text += "\(clean(f.path))\t\(f.reasonCode ?? "")\t\(clean(f.message ?? ""))\n"
        }
        try writeFile(Data(text.utf8), to: outputDirectory.appendingPathComponent("failed/report.tsv"), fault: nil)
    }

    func writeFile(_ data: Data, to url: URL, fault point: String?) throws {
        if let point, fault == point {
            // Simulate a crash after the temporary file is written and before the rename.
            let tmp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
            try? data.prefix(data.count / 2).write(to: tmp)
            injectFault(point)
        }
        try Emitter.writeAtomically(data, to: url)
    }

    func injectFault(_ point: String) {
        if fault == point { kill(getpid(), SIGKILL) }
    }

    /// Fiche confidence below which a fiche is more likely wrong than right (`low_confidence`).
    public static let reviewFicheConfidence = 0.5
    /// OCR mean word confidence below which a page is likely misread (`low_ocr_confidence`).
    public static let reviewOCRConfidence = 0.6

    /// Why a document that was produced still needs a human look: no fiche found, fiches read from action markers
    /// only, fiches of low confidence, pages OCR read poorly. Each is a warning code in run.json and the state store, and a warning line on stderr.
    static func review(_ record: DocumentRecord) -> [(code: ReasonCode, message: String)] {
        var out: [(code: ReasonCode, message: String)] = []
        if record.fiches.isEmpty { out.append((.noFiche, "no fiche-action found")) }
        let markers = record.fiches.filter { $0.layout == MarkedActions.layoutName }
        if !markers.isEmpty { out.append((.titlesOnly, "no fiche structure found: \(markers.count) actions read from their markers, titles only")) }
        let weak = record.fiches.filter { $0.confidence < reviewFicheConfidence }
        if !weak.isEmpty {
            let keys = weak.prefix(5).map(\.key).joined(separator: ", ") + (weak.count > 5 ? ", …" : "")
            out.append((.lowConfidence, "\(weak.count) of \(record.fiches.count) fiches with confidence below \(reviewFicheConfidence) (\(keys))"))
        }
        let poor = record.extraction.filter { $0.method == .ocr && ($0.ocrConfidence ?? 1) < reviewOCRConfidence }
        if !poor.isEmpty {
            out.append((.lowOCRConfidence, "OCR mean confidence below \(Int(reviewOCRConfidence * 100)) % on page" + (poor.count > 1 ? "s " : " ")
                        + poor.map { "\($0.page)" }.joined(separator: ", ")))
        }
        return out
    }

    /// Temporary files left by a killed run (".NAME.PID.tmp") in the output folders.
    func removeStaleTemporaries() {
        let fm = FileManager.default
        for dir in [outputDirectory, documentsDirectory, outputDirectory.appendingPathComponent("failed")] {
            for name in (try? fm.contentsOfDirectory(atPath: dir.path)) ?? [] where name.hasPrefix(".") && name.hasSuffix(".tmp") {
                try? fm.removeItem(at: dir.appendingPathComponent(name))
            }
        }
    }
}

/// A gate that stays open once opened (any number of times, from any thread).
final class Gate: @unchecked Sendable {
    private let condition = NSCondition()
    private var isOpen = false
    func open() { condition.lock(); isOpen = true; condition.broadcast(); condition.unlock() }
    func wait() { condition.lock(); while !isOpen { condition.wait() }; condition.unlock() }
}

/// One input read and processed in the background (`Batch.startPrefetch`).
final class Prefetch: @unchecked Sendable {
    let key: String
    /// Opened when this input's extraction is over (or failed).
    let extracted = Gate()
    /// Opened once the content is read and hashed (or could not be read).
    private let read = Gate()
    private let done = DispatchSemaphore(value: 0)
    private var value: (sha: String, result: Result<Pipeline.Result, InputError>)?
    /// What was read, with the file's fingerprint before and after the read (nil when they differ or when
    /// the file is too new to be trusted: see `InputCheck.fingerprint`).
    private var readValue: (fingerprint: String?, sha: String, data: Data)?

    init(key: String, url: URL, batch: Batch, after previous: Gate) {
        self.key = key
        DispatchQueue.global().async { [self] in
            defer { read.open(); extracted.open(); done.signal() }
            previous.wait()
            let before = InputCheck.fingerprint(key)
            guard let data = try? InputCheck.readAll(key, limit: batch.maxSize) else { return }
            let sha = Pipeline.sha256(data)
            let after = InputCheck.fingerprint(key)
            readValue = (before == after ? before : nil, sha, data)
            read.open()
            let result: Result<Pipeline.Result, InputError>
            do throws(InputError) {
                result = .success(try batch.process(data: data, url: url, afterExtraction: extracted.open))
            } catch { result = .failure(error) }
            value = (sha, result)
        }
    }

    /// The content read ahead and its hash, if the file had `fingerprint` when it was read (then the file has not
    /// changed since, as far as the state store's own skip test can tell); nil otherwise. Waits for the read.
    func content(fingerprint: String) -> (sha: String, data: Data)? {
        read.wait()
        guard let r = readValue, r.fingerprint == fingerprint else { return nil }
        return (r.sha, r.data)
    }

    /// Waits for the background work; its result if it read content with this hash, else nil.
    func result(sha: String) -> Result<Pipeline.Result, InputError>? {
        done.wait(); done.signal()
        guard let value, value.sha == sha else { return nil }
        return value.result
    }
}
