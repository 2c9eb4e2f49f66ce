import ArgumentParser
import CTGModel
import Foundation

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
