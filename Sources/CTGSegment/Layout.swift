import CTGModel
import Foundation

/// The normalised body lines of a document, as the layouts see them.
public struct DocumentView: Sendable {
    /// Body lines in document order (furniture removed), normalised.
    public let lines: [Line]
    /// Page furniture (headers, footers, stamps), kept apart: never fiche text, but evidence for some
    /// document facts (a prefecture stamp carries the deliberation's reference).
    public let furniture: [Line]
    public let kind: SourceKind
    public let source: String
    /// Per-line facts every layout asks for, computed once: the trimmed text and whether the line is blank.
    private let texts: [String]
    private let blanks: [Bool]
    /// Readings shared by several layouts of this document, computed by the first one that asks.
    let shared: SharedReadings

    public init(_ document: ExtractedDocument) {
        self.init(lines: document.bodyLines, furniture: document.pages.flatMap { $0.lines.filter { $0.role == .furniture } },
                  kind: document.kind, source: document.source)
    }

    public init(lines: [Line], furniture: [Line] = [], kind: SourceKind = .text, source: String = "") {
        self.lines = lines; self.furniture = furniture; self.kind = kind; self.source = source
        self.texts = lines.map { $0.text.trimmedSpaces() }
        self.blanks = lines.map { $0.text.allSatisfy { $0.isWhitespace } }
        self.shared = SharedReadings()
    }

    /// Text of line `i` with whitespace trimmed.
    public func text(_ i: Int) -> String { texts[i] }

    /// Cells of line `i` (a single cell for a line that is not a table row), trimmed.
    public func cells(_ i: Int) -> [String] {
        (lines[i].cells ?? [lines[i].text]).map { $0.trimmedSpaces() }
    }

    /// Non-empty cells of line `i`.
    public func filledCells(_ i: Int) -> [String] { cells(i).filter { !$0.isEmpty } }

    public func isBlank(_ i: Int) -> Bool { blanks[i] }

    /// Provenance of lines `range` (indices into `lines`).
    public func provenance(_ range: ClosedRange<Int>) -> Provenance {
        let ls = lines[range]
        var pages: [Int] = []
        for l in ls where pages.last != l.page { if !pages.contains(l.page) { pages.append(l.page) } }
        return Provenance(page: ls.first!.page, lineStart: ls.first!.number, lineEnd: ls.last!.number, pages: pages)
    }

    /// Source line numbers of indices.
    public func numbers(_ range: ClosedRange<Int>) -> [Int] { lines[range].map(\.number) }
}

/// What several layouts read the same way, once per document: `LabelledBlocks` and `NumberedActions` share one
/// `BlockReader` reading (the same pure function of the same view), whichever asks first computes it.
final class SharedReadings: @unchecked Sendable {
    private let lock = NSLock()
    /// The reading without its view (the view holds this object: no cycle).
    private var blocks: (details: [DetailFiche], summary: [SummaryEntry])?

    func blockReading(_ doc: DocumentView) -> BlockReader.Reading {
        lock.lock(); defer { lock.unlock() }
        if let b = blocks { return BlockReader.Reading(doc: doc, details: b.details, summary: b.summary) }
        let r = BlockReader(doc).read()
        blocks = (r.details, r.summary)
        return r
    }
}

/// What one layout found in a document.
public struct LayoutResult: Sendable {
    public var fiches: [Fiche]
    public var sections: [Section]
    /// Line index ranges each fiche covers (same order as `fiches`), used to resolve overlaps between layouts.
    public var spans: [ClosedRange<Int>]
    public var warnings: [String]

    public init(fiches: [Fiche] = [], sections: [Section] = [], spans: [ClosedRange<Int>] = [], warnings: [String] = []) {
        self.fiches = fiches; self.sections = sections; self.spans = spans; self.warnings = warnings
    }
}

/// One family of document layouts (labelled blocks, label|value tables, numbered action lists,
/// wide plan tables, OCR'd tables...). A layout recognises structure, never a particular document.
public protocol Layout: Sendable {
    /// Short stable name written into each fiche's `layout`.
    var name: String { get }
    func segment(_ doc: DocumentView) -> LayoutResult
}
