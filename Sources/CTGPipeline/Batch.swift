import CTGEmit
import CTGExtract
import CTGModel
import Foundation

/// One input of a batch and what became of it.
public struct InputOutcome: Codable, Sendable {
    public enum Status: String, Codable, Sendable { case ok, failed }
    public var path: String
    public var source: String
    public var status: Status
    public var reasonCode: ReasonCode?
    public var message: String?
    /// Output file, relative to the output folder.
    public var output: String?
    public var pages: Int
    public var ocrPages: Int
    public var fiches: Int
    public var warnings: Int
    public var durationMs: Int

    enum CodingKeys: String, CodingKey {
        case path, source, status, reasonCode = "reason_code", message, output, pages, ocrPages = "ocr_pages"
        case fiches, warnings, durationMs = "duration_ms"
    }
}

/// The batch report written to `run.json` (timings live here, never in documents).
public struct RunReport: Codable, Sendable {
    public var toolVersion: String
    public var schemaVersion: String
    public var inputs: [InputOutcome]
    public var processed: Int
    public var failed: Int
    public var pages: Int
    public var ocrPages: Int
    public var fiches: Int
    public var durationMs: Int

    enum CodingKeys: String, CodingKey {
        case toolVersion = "tool_version", schemaVersion = "schema_version", inputs, processed, failed, pages
        case ocrPages = "ocr_pages", fiches, durationMs = "duration_ms"
    }
}

/// Where progress and errors go. The CLI prints; tests collect.
public protocol BatchObserver: Sendable {
    func started(index: Int, total: Int, path: String)
    func finished(index: Int, total: Int, outcome: InputOutcome)
}

/// Ingests files and folders into an output folder: documents/<input name>.json, corpus.jsonl, run.json.
public struct Batch: Sendable {
    public var pipeline: Pipeline
    public var outputDirectory: URL

    public init(pipeline: Pipeline = Pipeline(), outputDirectory: URL) {
        self.pipeline = pipeline; self.outputDirectory = outputDirectory
    }

    /// A path named on the command line, expanded into the files to process (folders recursively, sorted).
    /// Missing paths become failures; hidden files inside folders are ignored.
    public static func collectInputs(_ paths: [String]) -> [URL] {
        var out: [URL] = []
        func relative(_ f: URL, under dir: URL, named p: String) -> URL {
            let base = dir.standardizedFileURL.path
            let full = f.standardizedFileURL.path
            let rest = full.hasPrefix(base + "/") ? String(full.dropFirst(base.count + 1)) : f.lastPathComponent
            return URL(fileURLWithPath: (p as NSString).appendingPathComponent(rest))
        }
        let fm = FileManager.default
        for p in paths {
            let url = URL(fileURLWithPath: p)
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: url.path, isDirectory: &isDir), isDir.boolValue {
                var found: [URL] = []
                if let e = fm.enumerator(at: url, includingPropertiesForKeys: [.isRegularFileKey, .isSymbolicLinkKey],
                                         options: [.skipsHiddenFiles]) {
                    for case let f as URL in e {
                        let v = try? f.resourceValues(forKeys: [.isRegularFileKey, .isSymbolicLinkKey])
                        if v?.isRegularFile == true || v?.isSymbolicLink == true { found.append(relative(f, under: url, named: p)) }
                    }
                }
                out += found.sorted { $0.relativePath < $1.relativePath }
            } else {
                out.append(url)
            }
        }
        return out
    }

    public var documentsDirectory: URL { outputDirectory.appendingPathComponent("documents", isDirectory: true) }

    /// Runs the batch. Every input is attempted; a bad one is recorded and the batch goes on.
    public func run(_ paths: [String], observer: BatchObserver? = nil) throws -> RunReport {
        let start = Date()
        let inputs = Self.collectInputs(paths)
        try FileManager.default.createDirectory(at: documentsDirectory, withIntermediateDirectories: true)
        var outcomes: [InputOutcome] = []
        var usedNames: [String: String] = [:]
        for (i, url) in inputs.enumerated() {
            observer?.started(index: i + 1, total: inputs.count, path: url.relativePath)
            let t0 = Date()
            var outcome = InputOutcome(path: url.relativePath, source: url.lastPathComponent, status: .ok, reasonCode: nil,
                                       message: nil, output: nil, pages: 0, ocrPages: 0, fiches: 0, warnings: 0, durationMs: 0)
            do {
                let result = try pipeline.process(fileAt: url)
                var name = "\(url.lastPathComponent).json"
                if let other = usedNames[name], other != url.path {
                    name = "\(url.lastPathComponent).\(result.record.sha256.prefix(12)).json"
                }
                usedNames[name] = url.path
                try Emitter.writeAtomically(try Emitter.documentJSON(result.record), to: documentsDirectory.appendingPathComponent(name))
                outcome.output = "documents/\(name)"
                outcome.pages = result.record.pages
                outcome.ocrPages = result.record.extraction.filter { $0.method == .ocr }.count
                outcome.fiches = result.record.fiches.count
                outcome.warnings = result.record.warnings.count
            } catch let e as InputError {
                outcome.status = .failed; outcome.reasonCode = e.code; outcome.message = e.message
            } catch {
                outcome.status = .failed; outcome.reasonCode = .internalError; outcome.message = "\(error)"
            }
            outcome.durationMs = Int(Date().timeIntervalSince(t0) * 1000)
            outcomes.append(outcome)
            observer?.finished(index: i + 1, total: inputs.count, outcome: outcome)
        }
        try writeCorpus()
        let report = RunReport(
            toolVersion: CTGVersion.tool, schemaVersion: CTGVersion.schema, inputs: outcomes,
            processed: outcomes.filter { $0.status == .ok }.count, failed: outcomes.filter { $0.status == .failed }.count,
            pages: outcomes.reduce(0) { $0 + $1.pages }, ocrPages: outcomes.reduce(0) { $0 + $1.ocrPages },
            fiches: outcomes.reduce(0) { $0 + $1.fiches }, durationMs: Int(Date().timeIntervalSince(start) * 1000))
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        try Emitter.writeAtomically(try e.encode(report) + Data("\n".utf8), to: outputDirectory.appendingPathComponent("run.json"))
        return report
    }

    /// Rebuilds corpus.jsonl from the documents folder: one compact line per document, sorted by file name.
    public func writeCorpus() throws {
        let fm = FileManager.default
        let names = (try? fm.contentsOfDirectory(atPath: documentsDirectory.path))?.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted() ?? []
        var out = Data()
        for n in names {
            let data = try Data(contentsOf: documentsDirectory.appendingPathComponent(n))
            // Re-encoded through the model so corpus.jsonl has exactly the documents' content and key order.
            guard let record = try? JSONDecoder().decode(DocumentRecord.self, from: data) else { continue }
            out += try Emitter.jsonLine(record)
        }
        try Emitter.writeAtomically(out, to: outputDirectory.appendingPathComponent("corpus.jsonl"))
    }
}
