import ArgumentParser
import CTGModel

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
        subcommands: [IngestCommand.self, ExtractCommand.self]
    )
}
