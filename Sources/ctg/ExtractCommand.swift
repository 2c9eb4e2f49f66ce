import ArgumentParser
import CTGExtract
import CTGModel
import CTGPipeline
import Foundation

/// `ctg extract FILE`: runs the extraction stage alone and prints pages, methods, lines and cells.
struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract", abstract: "Extract one file (text dump or PDF) and print its pages, lines and table rows.")
    @Argument(help: ".txt, .md, .html or .pdf files.")
    var files: [String]
    @Flag(name: .long, help: "Do not OCR pages without a usable text layer.")
    var noOCR = false
    @Flag(name: .long, help: "Do not rebuild bordered tables (no ruling detection).")
    var noTables = false
    @Option(name: .long, help: "Pages read in parallel (default: cores).")
    var jobs: Int?
    @Option(name: .long, help: "Per-document time limit in seconds.")
    var timeout: Double = 600
    @Flag(name: .long, help: "Print only the body text (one line per line, cells joined by tabs).")
    var text = false
    @Flag(name: .long, help: "Print only the per-page summary.")
    var summary = false
    @Flag(name: .long, help: "Print the document as JSON.")
    var json = false
    @Flag(name: .long, help: "Normalise the extracted text as `ctg ingest` does (the document's profile; OCR repairs on pages read by OCR).")
    var normalise = false

    func run() throws {
        var ex = Extraction()
        ex.pdf = PDFExtractor(ocr: !noOCR, timeLimit: timeout,
                              parallelism: jobs ?? ProcessInfo.processInfo.activeProcessorCount, tables: !noTables)
        ex.pdf.vocabulary = LexiconVocabulary.french   // as `ctg ingest` reads PDFs
        var failed = false
        for file in files {
            do {
                var doc = try ex.extract(fileAt: URL(fileURLWithPath: file))
                if normalise { doc = Pipeline(extraction: ex).normalise(doc).0 }
                if files.count > 1 && !text && !json { print("##### \(file)") }
                try show(doc)
            } catch {
                FileHandle.standardError.write(Data("\(file): \(error)\n".utf8))
                failed = true
            }
        }
        if failed { throw ExitCode(2) }
    }

    func show(_ doc: ExtractedDocument) throws {
        if json {
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            FileHandle.standardOutput.write(try enc.encode(doc))
            print()
            return
        }
        if text {
            for l in doc.bodyLines { print(l.text) }
            return
        }
        for page in doc.pages {
            let conf = page.ocrConfidence.map { String(format: " conf=%.2f", $0) } ?? ""
            print("=== page \(page.number) method=\(page.method.rawValue) reason=\"\(page.reason ?? "")\"\(conf) lines=\(page.lines.count)")
            if summary { continue }
            for l in page.lines {
                var tags: [String] = []
                if l.role == .furniture { tags.append("F") }
                if l.bold == true { tags.append("b") }
                if let f = l.fontSize { tags.append(String(format: "%.1fpt", f)) }
                if let c = l.confidence { tags.append(String(format: "c%.2f", c)) }
                let head = String(format: "%4d", l.number) + " [" + tags.joined(separator: " ") + "] "
                if let cells = l.cells {
                    print(head + "ROW " + cells.map { "| " + $0.replacingOccurrences(of: "\n", with: " ⏎ ") }.joined(separator: " ") + " |")
                } else {
                    print(head + l.text)
                }
            }
        }
        for w in doc.warnings { print("warning: \(w)") }
    }
}
