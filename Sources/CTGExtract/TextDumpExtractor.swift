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
        let text = decoded.text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
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
        var lines: [Line] = []
        for (i, raw) in rawLines.enumerated() {
            if pipes.delimiters.contains(i) { continue }
            if let cells = pipes.cells[i] { lines.append(Self.row(cells, number: i + 1)); continue }
            lines.append(Self.line(String(raw), number: i + 1))
        }
        return ExtractedDocument(source: source, kind: .text,
                                 pages: [Page(number: 1, method: .text, reason: "text dump (\(decoded.encoding))", lines: lines)],
                                 warnings: warnings)
    }

    /// One source line: table row where it holds tabs; markup parsed into blocks.
    static func line(_ raw: String, number: Int) -> Line {
        if raw.contains("\t") { return row(raw.split(separator: "\t", omittingEmptySubsequences: false).map(String.init), number: number) }
        return Line(text: cell(raw), number: number)
    }

    /// A table row of the given raw cells, each parsed (`cell`), joined by tabs as its text.
    static func row(_ raw: [String], number: Int) -> Line {
        let cells = raw.map(cell)
        return Line(text: cells.joined(separator: "\t"), cells: cells, number: number)
    }

    static func cell(_ raw: String) -> String {
        guard HTMLFragment.hasMarkup(raw) else { return raw }
        return HTMLFragment.blocks(raw).joined(separator: "\n")
    }
}
