import CTGModel
import Foundation

/// Reads a text dump (`.txt`, `.md`, `.html`): OCR output, PDF-to-text with tabs, HTML fragments, Markdown,
/// PDF-to-text laid out with spaces, whole HTML documents. Tab-separated lines and Markdown pipe tables (`PipeTable`)
/// become table rows (`Line.cells`); HTML fragments in a cell are parsed with libxml2 and their blocks (paragraphs,
/// list items) joined by "\n" inside the cell. A dump laid out with spaces (`LayoutText`) is read from the positions
/// of its characters instead, page by page; a whole HTML document (`HTMLDocument`) from its elements.
public struct TextDumpExtractor: Sendable {
    public init() {}

    public func extract(data: Data, source: String) throws(InputError) -> ExtractedDocument {
        let decoded = try TextDecoding.decode(data)
        var warnings: [String] = []
        if decoded.encoding != "utf-8" { warnings.append("decoded as \(decoded.encoding)") }
        let text = ASCIISearch.contains(decoded.text, byte: 0x0D)
            ? decoded.text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n") : decoded.text
        if text.allSatisfy({ $0.isWhitespace }) { throw InputError(.empty, "no text (only whitespace)") }
        if HTMLDocument.isDocument(text) {
            let lines = HTMLDocument.lines(text)
            guard lines.contains(where: { !$0.text.isEmpty }) else { throw InputError(.empty, "no text (an HTML document without text)") }
            return ExtractedDocument(source: source, kind: .text,
                                     pages: [Page(number: 1, method: .text, reason: "HTML document (\(decoded.encoding))", lines: lines)],
                                     warnings: warnings)
        }
        let rawLines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let pipes = PipeTable.rows(rawLines)
        if pipes.isEmpty, LayoutText.isLayout(rawLines) {
            return ExtractedDocument(source: source, kind: .text, pages: LayoutText.pages(text), warnings: warnings)
        }
        // Pages: a form feed (as plain `pdftotext` writes between pages) starts a new one; it is no text of the line.
        var pages: [[Line]] = [[]]
        for (i, raw) in rawLines.enumerated() {
            if pipes.delimiters.contains(i) { continue }
            if let cells = pipes.cells[i] { pages[pages.count - 1].append(Self.row(cells, number: i + 1, page: pages.count)); continue }
            let parts = raw.utf8.contains(0x0C) ? raw.split(separator: "\u{0C}", omittingEmptySubsequences: false) : [raw]
            for (k, part) in parts.enumerated() {
                if k > 0 { pages.append([]) }
                // a line without form feed is kept even blank; around a form feed only text is a line
                if !part.isEmpty || parts.count == 1 {
                    pages[pages.count - 1].append(Self.line(String(part), number: i + 1, page: pages.count))
                }
            }
        }
        // a dump ends with a form feed after its last page: nothing after it is no page
        if pages.count > 1, pages.last!.allSatisfy({ $0.text.allSatisfy(\.isWhitespace) }) { pages.removeLast() }
        let reason = "text dump (\(decoded.encoding))"
        return ExtractedDocument(source: source, kind: .text,
                                 pages: pages.enumerated().map { Page(number: $0.offset + 1, method: .text, reason: reason, lines: $0.element) },
                                 warnings: warnings)
    }

    /// One source line: table row where it holds tabs; markup parsed into blocks.
    static func line(_ raw: String, number: Int, page: Int = 1) -> Line {
        if raw.utf8.contains(0x09) { return row(raw.split(separator: "\t", omittingEmptySubsequences: false).map(String.init), number: number, page: page) }
        return Line(text: cell(raw), page: page, number: number)
    }

    /// A table row of the given raw cells, each parsed (`cell`), joined by tabs as its text.
    static func row(_ raw: [String], number: Int, page: Int = 1) -> Line {
        let cells = raw.map(cell)
        return Line(text: cells.joined(separator: "\t"), cells: cells, page: page, number: number)
    }

    static func cell(_ raw: String) -> String {
        guard HTMLFragment.hasMarkup(raw) else { return raw }
        return HTMLFragment.blocks(raw).joined(separator: "\n")
    }
}
