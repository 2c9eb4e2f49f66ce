import ArgumentParser
import CTGPipeline

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ingest", abstract: "Ingest files and folders into a JSON corpus.")
    @Argument(help: "Files or folders (searched recursively) of .txt, .md and .pdf inputs.")
    var paths: [String]
    @Option(name: .long, help: "Output folder.")
    var out: String
    func run() throws {}
}
