import CTGModel
import Foundation
import GRDB

/// What the state store remembers of one input (one row of the `inputs` table).
public struct InputState: Sendable, Equatable {
    /// Absolute, standardised path of the input: the key.
    public var path: String
    /// Input file name (no directory).
    public var source: String
    public var sha256: String
    public var size: Int64
    /// Pipeline version that produced the row (see `Batch.pipelineVersion`).
    public var pipelineVersion: String
    /// "ok" or "failed".
    public var status: String
    public var reasonCode: String?
    public var message: String?
    /// Output file relative to the output folder (documents/NAME.json), also kept after a later failure.
    public var output: String?
    /// The document as one compact JSON line, exactly as it goes into corpus.jsonl.
    public var corpusLine: Data?
    public var pages: Int
    public var ocrPages: Int
    public var fiches: Int
    public var warnings: Int
    /// Warning codes, comma-separated (e.g. "no_fiche").
    public var warningCodes: String
    public var durationMs: Int
    /// ISO 8601 time the row was last written.
    public var processedAt: String
    /// device:inode:size:mtime:ctime when the file was hashed (nil when its ctime was too recent to trust):
    /// a rerun that finds the same fingerprint reuses the hash without reading the file.
    public var fingerprint: String?

    public init(path: String, source: String, sha256: String, size: Int64, pipelineVersion: String, status: String,
                reasonCode: String? = nil, message: String? = nil, output: String? = nil, corpusLine: Data? = nil,
                pages: Int = 0, ocrPages: Int = 0, fiches: Int = 0, warnings: Int = 0, warningCodes: String = "",
                durationMs: Int = 0, processedAt: String, fingerprint: String? = nil) {
        self.path = path; self.source = source; self.sha256 = sha256; self.size = size
        self.pipelineVersion = pipelineVersion; self.status = status; self.reasonCode = reasonCode; self.message = message
        self.output = output; self.corpusLine = corpusLine; self.pages = pages; self.ocrPages = ocrPages
        self.fiches = fiches; self.warnings = warnings; self.warningCodes = warningCodes
        self.durationMs = durationMs; self.processedAt = processedAt; self.fingerprint = fingerprint
    }
}

/// The batch state in `OUT/state.sqlite` (SQLite through GRDB, rollback journal): one row per input ever seen.
/// Each input's row is committed in its own transaction after its document file is on disk, so a run
/// killed at any moment leaves a store that describes only finished work.
public final class StateStore: Sendable {
    public static let fileName = "state.sqlite"
    let db: DatabaseQueue

    public init(directory: URL) throws {
        var config = Configuration()
        config.busyMode = .timeout(10)
        db = try DatabaseQueue(path: directory.appendingPathComponent(Self.fileName).path, configuration: config)
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE inputs (
                    path TEXT PRIMARY KEY NOT NULL,
                    source TEXT NOT NULL,
                    sha256 TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    pipeline_version TEXT NOT NULL,
                    status TEXT NOT NULL,
                    reason_code TEXT,
                    message TEXT,
                    output TEXT,
                    corpus_line BLOB,
                    pages INTEGER NOT NULL DEFAULT 0,
                    ocr_pages INTEGER NOT NULL DEFAULT 0,
                    fiches INTEGER NOT NULL DEFAULT 0,
                    warnings INTEGER NOT NULL DEFAULT 0,
                    warning_codes TEXT NOT NULL DEFAULT '',
                    duration_ms INTEGER NOT NULL DEFAULT 0,
                    processed_at TEXT NOT NULL
                );
                CREATE UNIQUE INDEX inputs_output ON inputs(output) WHERE output IS NOT NULL;
                """)
        }
        migrator.registerMigration("v2-fingerprint") { db in
            try db.execute(sql: "ALTER TABLE inputs ADD COLUMN fingerprint TEXT")
        }
        try migrator.migrate(db)
    }

    public func all() throws -> [String: InputState] {
        try db.read { db in
            var out: [String: InputState] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM inputs") {
                let s = Self.state(row)
                out[s.path] = s
            }
            return out
        }
    }

    public func get(_ path: String) throws -> InputState? {
        try db.read { db in try Row.fetchOne(db, sql: "SELECT * FROM inputs WHERE path = ?", arguments: [path]).map(Self.state) }
    }

    /// Inserts or updates one row in its own transaction. (An upsert on the path, not INSERT OR REPLACE,
    /// so a clash on the unique output name fails instead of silently deleting another input's row.)
    public func put(_ s: InputState) throws {
        try db.write { db in
            try db.execute(sql: """
                INSERT INTO inputs (path, source, sha256, size, pipeline_version, status, reason_code, message,
                    output, corpus_line, pages, ocr_pages, fiches, warnings, warning_codes, duration_ms, processed_at,
                    fingerprint)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(path) DO UPDATE SET source = excluded.source, sha256 = excluded.sha256, size = excluded.size,
                    pipeline_version = excluded.pipeline_version, status = excluded.status,
                    reason_code = excluded.reason_code, message = excluded.message, output = excluded.output,
                    corpus_line = excluded.corpus_line, pages = excluded.pages, ocr_pages = excluded.ocr_pages,
                    fiches = excluded.fiches, warnings = excluded.warnings, warning_codes = excluded.warning_codes,
                    duration_ms = excluded.duration_ms, processed_at = excluded.processed_at, fingerprint = excluded.fingerprint
                """, arguments: [s.path, s.source, s.sha256, s.size, s.pipelineVersion, s.status, s.reasonCode, s.message,
                                 s.output, s.corpusLine, s.pages, s.ocrPages, s.fiches, s.warnings, s.warningCodes,
                                 s.durationMs, s.processedAt, s.fingerprint])
        }
    }

    public func delete(_ path: String) throws {
        try db.write { db in try db.execute(sql: "DELETE FROM inputs WHERE path = ?", arguments: [path]) }
    }

    /// Which input (path) owns an output name, if any.
    public func owner(ofOutput output: String) throws -> String? {
        try db.read { db in try String.fetchOne(db, sql: "SELECT path FROM inputs WHERE output = ?", arguments: [output]) }
    }

    /// Corpus lines of every input that has a document, sorted by output name.
    public func corpusLines() throws -> [Data] {
        try db.read { db in
            try Row.fetchAll(db, sql: "SELECT corpus_line FROM inputs WHERE corpus_line IS NOT NULL ORDER BY output")
                .compactMap { $0["corpus_line"] as Data? }
        }
    }

    static func state(_ r: Row) -> InputState {
        InputState(path: r["path"], source: r["source"], sha256: r["sha256"], size: r["size"],
                   pipelineVersion: r["pipeline_version"], status: r["status"], reasonCode: r["reason_code"],
                   message: r["message"], output: r["output"], corpusLine: r["corpus_line"], pages: r["pages"],
                   ocrPages: r["ocr_pages"], fiches: r["fiches"], warnings: r["warnings"],
                   warningCodes: r["warning_codes"], durationMs: r["duration_ms"], processedAt: r["processed_at"],
                   fingerprint: r["fingerprint"])
    }
}
