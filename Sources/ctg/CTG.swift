import ArgumentParser
import CTGModel
import Foundation
import CMalloc

/// `ctg`: turn Convention Territoriale Globale documents into a structured corpus.
@main
struct CTG: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ctg",
        abstract: "Turn French CTG documents (conventions, plans d'actions, fiches-actions, deliberations) into a JSON corpus.",
        discussion: """
        Stages: extract (text dumps, PDFs, OCR) -> normalise (accents, OCR damage, markup) -> \
        segment (fiches-actions and their fields) -> emit (versioned JSON with confidence and provenance).

        Example:
          ctg ingest Corpus --out Output
        """,
        version: CTGVersion.tool,
        subcommands: [IngestCommand.self, ExtractCommand.self, NormaliseCommand.self, ExplainCommand.self]
    )

    /// Like ArgumentParser's default entry point, but usage errors exit with status 2 (not 64), as
    /// documented in `ctg ingest --help`.
    static func main() {
        limitMallocArenas()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// glibc gives each thread that allocates its own arena, up to 8 per core, and memory freed in an arena stays
/// mapped. Poppler, cairo and Tesseract allocate a lot on the page workers, and a batch works on the next document
/// on other threads: with one arena per core the peak memory of a scanned batch stays that of one document
/// (measured on the four scanned corpus PDFs: 343 MB with the default, 244 MB with this, same speed). A limit the
/// user set (MALLOC_ARENA_MAX) is kept.
func limitMallocArenas() {
    guard ProcessInfo.processInfo.environment["MALLOC_ARENA_MAX"] == nil else { return }
    _ = ctg_limit_malloc_arenas(Int32(max(1, ProcessInfo.processInfo.activeProcessorCount)))
}
