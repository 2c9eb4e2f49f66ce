// The extractor's output: pages of lines, each line with its provenance.

/// How the text of a page was obtained.
public enum ExtractionMethod: String, Codable, Sendable, Hashable {
    /// A plain text dump (`.txt`, `.md`).
    case text
    /// A text dump laid out with spaces (`pdftotext -layout`): positions from character columns and lines.
    case textLayout = "text_layout"
    /// The text layer of a digital PDF page (poppler-glib).
    case pdfText = "pdf_text"
    /// Tesseract OCR of a rendered PDF page.
    case ocr
    /// No text could be obtained (page failed or OCR unavailable).
    case none
}

/// A rectangle in page coordinates (points, origin top-left).
public struct Box: Codable, Sendable, Hashable {
    public var x0: Double, y0: Double, x1: Double, y1: Double
    public init(x0: Double, y0: Double, x1: Double, y1: Double) {
        self.x0 = x0; self.y0 = y0; self.x1 = x1; self.y1 = y1
    }
    public var width: Double { x1 - x0 }
    public var height: Double { y1 - y0 }
    public func union(_ o: Box) -> Box {
        Box(x0: min(x0, o.x0), y0: min(y0, o.y0), x1: max(x1, o.x1), y1: max(y1, o.y1))
    }
}

/// What a line is, beyond its text.
public enum LineRole: String, Codable, Sendable, Hashable {
    case body
    /// Running header/footer, page number, repeated stamp: kept apart, never in fiche text.
    case furniture
}

/// A word of a PDF page with its box (points, from the top-left corner) and, for OCR'd words, Tesseract's
/// confidence in [0, 1].
public struct Word: Codable, Sendable, Hashable {
    public var text: String
    public var box: Box
    public var confidence: Double?
    public init(text: String, box: Box, confidence: Double? = nil) { self.text = text; self.box = box; self.confidence = confidence }
}

/// One line of a document. Table rows carry their cells.
public struct Line: Codable, Sendable, Hashable {
    /// The text of the line; for a table row, the cells joined by a tab.
    public var text: String
    /// The cells when the line is a table row (text dumps: tab-separated fields; PDFs: reconstructed columns).
    /// A cell (and the text of a line that is not a row) may hold several blocks, such as list items or
    /// paragraphs parsed from HTML fragments, separated by "\n".
    public var cells: [String]?
    /// 1-based page number (text dumps: 1).
    public var page: Int
    /// 1-based line number in the source (text dumps) or in document order (PDFs).
    public var number: Int
    public var box: Box?
    public var method: ExtractionMethod
    /// OCR confidence of the line in [0, 1], for OCR'd lines.
    public var confidence: Double?
    public var role: LineRole
    /// Dominant font size in points where known (PDF text layer).
    public var fontSize: Double?
    /// True where the dominant font is bold (PDF text layer) or the dump marks the line bold.
    public var bold: Bool?
    /// The words of the line in reading order, with their boxes (PDF pages: text layer or OCR); nil for text dumps.
    public var words: [Word]?

    public init(text: String, cells: [String]? = nil, page: Int = 1, number: Int, box: Box? = nil,
                method: ExtractionMethod = .text, confidence: Double? = nil, role: LineRole = .body,
                fontSize: Double? = nil, bold: Bool? = nil) {
        self.text = text; self.cells = cells; self.page = page; self.number = number; self.box = box
        self.method = method; self.confidence = confidence; self.role = role
        self.fontSize = fontSize; self.bold = bold
    }
}

/// One page and how it was read.
public struct Page: Codable, Sendable, Hashable {
    public var number: Int
    public var method: ExtractionMethod
    /// Why this method was chosen (e.g. "text layer", "no text layer", "garbage text layer: cid glyphs").
    public var reason: String?
    /// Mean OCR confidence in [0, 1], for OCR'd pages.
    public var ocrConfidence: Double?
    public var width: Double?
    public var height: Double?
    public var lines: [Line]

    public init(number: Int, method: ExtractionMethod, reason: String? = nil, ocrConfidence: Double? = nil,
                width: Double? = nil, height: Double? = nil, lines: [Line]) {
        self.number = number; self.method = method; self.reason = reason; self.ocrConfidence = ocrConfidence
        self.width = width; self.height = height; self.lines = lines
    }
}

/// The kind of input file.
public enum SourceKind: String, Codable, Sendable, Hashable {
    case text, pdf
}

/// The extractor's result for one input.
public struct ExtractedDocument: Codable, Sendable {
    /// Input file name (no directory).
    public var source: String
    public var kind: SourceKind
    public var pages: [Page]
    public var warnings: [String]

    public init(source: String, kind: SourceKind, pages: [Page], warnings: [String] = []) {
        self.source = source; self.kind = kind; self.pages = pages; self.warnings = warnings
    }

    /// Every body line in document order.
    public var bodyLines: [Line] { pages.flatMap { $0.lines.filter { $0.role == .body } } }
}
