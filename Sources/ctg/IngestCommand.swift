import ArgumentParser
import CTGExtract
import CTGModel
import CTGPipeline
import Foundation
import Logging

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Ingest files and folders of CTG documents into a JSON corpus.",
        discussion: """
        Inputs: .txt / .md text dumps and .pdf files; folders are searched recursively (hidden files skipped).
        For each input it writes OUT/documents/<input file name>.json; for the batch, OUT/corpus.jsonl
        (one document per line, sorted by file name), OUT/run.json (per-file status, reason, timings),
        OUT/failed/report.tsv (every input that currently fails, with its reason code) and the state store
        OUT/state.sqlite. Input files are never moved or modified.

        Reruns are incremental: an input whose content hash and pipeline version are unchanged is skipped;
        a changed input is redone; a new pipeline version redoes everything; --force redoes everything.
        An input whose file has gone is reported; --prune also removes its document from the corpus.

        Only one run at a time may use an output folder (lock file OUT/.ctg.lock). A second run says who
        holds the lock and exits with status 3, or waits for it with --wait.
        An input still processing after --timeout seconds (default 600) fails with reason timeout; ctg then
        restarts itself and goes on with the rest (the input is not retried until it changes).
        SIGINT/SIGTERM finish the current file, write corpus.jsonl and run.json, and stop (status 4);
        the next run completes the batch. A second signal stops at once (still safe).

        A bad input prints one line "PATH: reason [code]" on stderr and the batch goes on.

        Exit status:
          0  every input processed or skipped, none failed
          1  some inputs failed (see run.json and failed/report.tsv)
          2  usage or fatal error (output folder not writable, state store unusable)
          3  output folder locked by another run (without --wait)
          4  stopped by SIGINT/SIGTERM before the end; rerun to complete
          5  an input hung past --timeout and ctg could not restart itself; rerun to go on

        Examples:
          ctg ingest Corpus --out Output
          ctg ingest /srv/incoming --out /srv/ctg-corpus --wait --log-format json
        """
    )

    enum LogFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: ArgumentHelp("Files or folders to ingest (.txt, .md, .html, .pdf).", valueName: "path"))
    var paths: [String]

    @Option(name: .long, help: ArgumentHelp("Output folder (created if missing), e.g. --out Output.", valueName: "dir"))
    var out: String

    @Flag(name: .long, help: "Redo every input, even those unchanged since the last run.")
    var force = false

    @Flag(name: .long, help: "Remove the documents of inputs whose file no longer exists.")
    var prune = false

    @Flag(name: .long, help: "Wait for another run on the same output folder to finish instead of exiting with status 3.")
    var wait = false

    @Option(name: .long, help: ArgumentHelp("Inputs larger than this fail with too_large (bytes, or with K/M/G suffix).", valueName: "size"))
    var maxSize: String = "200M"

    @Option(name: .long, help: ArgumentHelp("Give up on an input still processing after this many seconds (reason timeout); 0: no limit.", valueName: "seconds"))
    var timeout: Double = 600

    @Option(name: .long, help: "Log format on stderr: text (default) or json (one object per line, for cron and log shippers).")
    var logFormat: LogFormat = .text

    @Flag(name: .long, help: "Log every processed input (text format logs only warnings and errors by default).")
    var verbose = false

    @Flag(name: .long, help: "Do not show progress, even on a terminal.")
    var quiet = false

    func validate() throws {
        if timeout < 0 { throw ValidationError("--timeout: expected seconds >= 0, got \(timeout)") }
        if Self.parseSize(maxSize) == nil { throw ValidationError("--max-size: expected a size such as 200M, got '\(maxSize)'") }
    }

    /// After a timeout: start this command again in this process (exec), so the batch goes on without the
    /// input that hung (recorded as failed, hence skipped). The lock's file descriptor is close-on-exec, so
    /// the new image takes the lock afresh. Exits with status 5 if exec fails.
    static func restart() -> Never {
        let args = CommandLine.arguments
        var exe = args[0]
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { exe = resolved }
        let cargs = args.map { strdup($0) } + [nil]
        execv(exe, cargs)
        _exit(5)
    }

    static func parseSize(_ s: String) -> Int64? {
        let t = s.trimmingCharacters(in: .whitespaces).uppercased()
        let units: [(String, Int64)] = [("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10), ("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10), ("B", 1)]
        for (suffix, mult) in units where t.hasSuffix(suffix) {
            guard let n = Int64(t.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), n >= 0 else { return nil }
            return n * mult
        }
        return Int64(t).flatMap { $0 >= 0 ? $0 : nil }
    }

    func run() throws {
        let format = logFormat
        let level: Logger.Level = verbose || format == .json ? .info : .warning
        LoggingSystem.bootstrap { label in
            switch format {
            case .json: var h = JSONLogHandler(label: label); h.logLevel = level; return h
            case .text: var h = TextLogHandler(); h.logLevel = level; return h
            }
        }
        let logger = Logger(label: "ctg")
        let terminal = isatty(STDERR_FILENO) == 1 && !quiet && format == .text
        let progress = Progress(terminal: terminal)
        let stop = StopFlag()
        stop.installSignalHandlers { name in
            logger.warning("ctg: \(name) received: finishing the current file, then stopping (again to stop at once)")
        }
        var batch = Batch(outputDirectory: URL(fileURLWithPath: out, isDirectory: true))
        batch.force = force
        batch.prune = prune
        batch.waitForLock = wait
        batch.maxSize = Self.parseSize(maxSize) ?? Batch.defaultMaxSize
        batch.logger = logger
        batch.stop = stop
        batch.fault = ProcessInfo.processInfo.environment["CTG_FAULT"]
        batch.timeout = timeout > 0 ? timeout : nil
        batch.onTimeout = { _ in Self.restart() }
        let report: RunReport
        do {
            report = try batch.run(paths, observer: progress)
        } catch let busy as OutputLock.Busy {
            logger.error("ctg: \(busy)")
            throw ExitCode(3)
        } catch {
            logger.critical("ctg: \(out): fatal error, run abandoned (\(error))")
            throw ExitCode(2)
        }
        print(Summary.table(report, verbose: verbose || !terminal))
        if report.interrupted != nil { throw ExitCode(4) }
        if report.failed > 0 { throw ExitCode(1) }
    }
}

/// Progress on a terminal only (file n/N and pages).
final class Progress: BatchObserver, @unchecked Sendable {
    let terminal: Bool
    init(terminal: Bool) { self.terminal = terminal }

    func started(index: Int, total: Int, path: String) {
        guard terminal else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K[\(index)/\(total)] \(path) …".utf8))
    }

    func finished(index: Int, total: Int, outcome: InputOutcome) {
        guard terminal else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        if outcome.status == .ok {
            FileHandle.standardError.write(Data("[\(index)/\(total)] \(outcome.path): \(outcome.pages) pages, \(outcome.fiches) fiches\n".utf8))
        }
    }
}

enum Summary {
    /// The end-of-run summary: a row per input processed or failed (skipped and pending ones are only
    /// counted), totals, failures by reason.
    static func table(_ r: RunReport, verbose: Bool) -> String {
        let header = ["input", "status", "pages", "ocr", "fiches", "time (s)"]
        var rows = r.inputs.filter { $0.status != .skipped && $0.status != .pending }.map { i in
            [i.path, i.status == .failed ? "FAILED: \(i.reasonCode?.rawValue ?? "")" : i.status.rawValue, "\(i.pages)",
             "\(i.ocrPages)", "\(i.fiches)", String(format: "%.2f", Double(i.durationMs) / 1000)]
        }
        rows.append(["total: \(r.inputs.count) inputs", "\(r.processed) ok, \(r.skipped) skipped, \(r.failed) failed",
                     "\(r.pages)", "\(r.ocrPages)", "\(r.fiches)", String(format: "%.2f", Double(r.durationMs) / 1000)])
        let widths = header.indices.map { c in ([header] + rows).map { $0[c].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { c, v in
                c >= 2 ? String(repeating: " ", count: widths[c] - v.count) + v : v + String(repeating: " ", count: widths[c] - v.count)
            }.joined(separator: "  ")
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        var out = [line(header), rule] + rows.dropLast().map(line) + [rule, line(rows.last!)]
        if !r.failures.isEmpty {
            out.append("failed by reason: " + r.failures.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        // the short list of what needs a human look: documents produced with warnings (failures are listed above)
        let review = r.inputs.filter { $0.status == .ok && !$0.warningCodes.isEmpty }
        if !review.isEmpty {
            out.append("to review (\(review.count)):")
            out += review.map { "  \($0.path): \($0.warningCodes.joined(separator: ", "))" }
        }
        if r.pending > 0 { out.append("not done (stopped by \(r.interrupted ?? "signal")): \(r.pending); rerun to complete") }
        if !r.removed.isEmpty {
            out.append("removed inputs: \(r.removed.count)" + (r.pruned.isEmpty ? " (documents kept; --prune removes them)" : ", \(r.pruned.count) documents pruned"))
        }
        out.append("corpus: \(r.corpusDocuments) documents")
        return out.joined(separator: "\n")
    }
}
