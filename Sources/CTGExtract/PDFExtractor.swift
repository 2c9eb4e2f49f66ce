import CPoppler
import CTGModel
import Dispatch
import Foundation

/// Words of a language, for the PDF stage's test of a text layer (`PDFExtractor.vocabulary`): this module needs
/// no lexicon of its own; the pipeline passes the French one.
public protocol Vocabulary: Sendable {
    /// Which of `words` (letters, in lower case) are certainly none of the language's words.
    func rejects(_ words: [String]) -> [Bool]
    /// Which of `words` (letters, in lower case) are certainly words of the language.
    func accepts(_ words: [String]) -> [Bool]
    /// Starts loading, in the background, what `rejects` and `accepts` need (called as a PDF's pages start to be read).
    func prepare()
}

extension Vocabulary {
    public func prepare() {}
    /// How many of `words` the vocabulary rejects.
    func rejected(_ words: [String]) -> Int { rejects(words).filter { $0 }.count }
}

/// Reads a PDF through poppler-glib: the text layer of each page in reading order, with boxes and fonts,
/// bordered tables rebuilt into rows of cells; pages without a usable text layer are rendered and
/// read by Tesseract. Pages run in parallel, each worker with its own poppler document and OCR engine.
public struct PDFExtractor: Sendable {
    /// OCR pages without a usable text layer (otherwise they come out empty, method `.none`).
    public var ocr: Bool
    /// Tesseract language.
    public var language: String
    /// Rendering resolution for OCR.
    public var ocrDPI: Double
    /// Render a scanned page at its scan's own resolution when that is lower than `ocrDPI` (but at least 150 dpi):
    /// more pixels add no information and cost Tesseract time.
    public var nativeScanResolution = true
    /// Whole-document time limit in seconds (nil: none).
    public var timeLimit: Double?
    /// Number of pages read at once (default: the number of active cores).
    public var parallelism: Int
    /// Rebuild bordered tables into rows of cells.
    public var tables: Bool
    /// Mark running headers, footers, page numbers and stamps as furniture.
    public var furniture: Bool
    /// Largest bitmap (in pixels) a page may be rendered to.
    public var maxPixels: Int
    /// When a digital page is rendered for its table rulings before its text is read (see `RenderOrder`).
    public var renderOrder: RenderOrder = .predicted
    /// The words of the documents' language (the pipeline gives the French lexicon): a text layer whose words are
    /// mostly none of them is garbage and read by OCR (see `readPage`). Nil: no such test.
    public var vocabulary: (any Vocabulary)?

    /// The ruling render of a digital page can come before the text is read, and then the text comes from the
    /// render's own pass over the page (one pass instead of two), or after, only where the text shows a possible
    /// table. The output is the same either way; only the time differs. (A page with annotations that can show
    /// text is always read through a render, in every order: only that pass sees the annotations.)
    public enum RenderOrder: Sendable {
        /// Render first where the nearest page already read held a table candidate.
        case predicted
        /// Render every digital page first (the rulings of pages without a table candidate are not used).
        case always
        /// Read the text first, render table candidates only.
        case never
    }

    public init(ocr: Bool = true, language: String = "fra", ocrDPI: Double = 300, timeLimit: Double? = 600,
                parallelism: Int = ProcessInfo.processInfo.activeProcessorCount, tables: Bool = true,
                furniture: Bool = true, maxPixels: Int = 150_000_000) {
        self.ocr = ocr; self.language = language; self.ocrDPI = ocrDPI; self.timeLimit = timeLimit
        self.parallelism = max(1, parallelism); self.tables = tables; self.furniture = furniture; self.maxPixels = maxPixels
    }

    public func extract(data: Data, source: String) throws(InputError) -> ExtractedDocument {
        if data.isEmpty { throw InputError(.empty, "empty file") }
        guard data.prefix(1024).range(of: Data("%PDF-".utf8)) != nil else {
            throw InputError(.notPDF, "not a PDF (no %PDF- header)")
        }
        if data.suffix(2048).range(of: Data("%%EOF".utf8)) == nil && data.range(of: Data("startxref".utf8)) == nil {
            throw InputError(.truncated, "truncated PDF (no trailer)")
        }
        let bytes = try PDFBytes(data: data)
        let first = try PopplerDocument(bytes: bytes)
        let n = first.pageCount
        if n == 0 { throw InputError(.zeroPages, "PDF has no pages") }
        let deadline = timeLimit.map { Date().addingTimeInterval($0) }

        vocabulary?.prepare()
        let results = PageResults(count: n)
        let hints = TableHints(count: n)
        let workers = min(parallelism, n)
        let firstDoc = UncheckedBox(first)
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var doc: PopplerDocument? = w == 0 ? firstDoc.value : nil
            var engine: OCREngine?
            var engineError: InputError?
            var i = w
            while i < n {
                if results.failed { return }
                if let deadline, Date() > deadline {
                    results.fail(InputError(.timeout, "time limit of \(Int(timeLimit ?? 0)) s exceeded after \(results.done) of \(n) pages"))
                    return
                }
                do throws(InputError) {
                    if doc == nil { doc = try PopplerDocument(bytes: bytes) }
                    let page = try readPage(doc!, index: i, deadline: deadline, engine: &engine, engineError: &engineError, hints: hints)
                    results.set(i, page)
                } catch {
                    results.fail(error)
                    return
                }
                i += workers
            }
        }
        if let error = results.error { throw error }
        var pages = results.pages.map { $0! }
        var flags = results.flags
        // A text layer whose words are mostly none of the vocabulary's (a font without its character map, a scanner's
        // failed OCR) is garbage: its page is read by OCR, and that reading kept where it has fewer such words. Told
        // once all pages are read (the vocabulary loads meanwhile, off the pages' way); rare, so one page at a time.
        if ocr, let v = vocabulary {
            var engine: OCREngine?
            var engineError: InputError?
            for i in pages.indices where pages[i].method == .pdfText {
                guard let share = Self.unknownShare(pages[i].lines.lazy.flatMap { $0.text.unicodeScalars + [" "] }, v),
                      share >= Self.garbageShare else { continue }
                (pages[i], flags[i]) = try readPage(first, index: i, deadline: deadline, engine: &engine, engineError: &engineError,
                                                    hints: hints, garbage: share)
            }
        }
        if tables { Self.mergeContinuedRows(&pages, flags) }
        if let v = vocabulary { for i in pages.indices where pages[i].method == .pdfText { BrokenWords.repair(&pages[i], v) } }
        var number = 0
        for p in pages.indices { for l in pages[p].lines.indices { number += 1; pages[p].lines[l].number = number } }
        var doc = ExtractedDocument(source: source, kind: .pdf, pages: pages)
        let ocrPages = pages.filter { $0.method == .ocr }.count
        if ocrPages > 0 { doc.warnings.append("\(ocrPages) of \(n) pages read by OCR") }
        if furniture { Furniture.mark(&doc) }
        return doc
    }

    /// Share of a text layer's words the vocabulary rejects from which the layer is garbage (`readPage`), and how
    /// much lower the share must be in the OCR reading for that reading to be kept.
    static let garbageShare = 0.5
    static let garbageGain = 0.2

    /// The share of the words (runs of letters) in lower case of four letters or more that `vocabulary` rejects,
    /// over the first 30 such words where a fifth at most are rejected (most pages: a clean layer is told at once),
    /// else over the first 100; nil for fewer than 30 such words (too little to judge: names, acronyms, numbers).
    static func unknownShare<S: Sequence<Unicode.Scalar>>(_ scalars: S, _ vocabulary: any Vocabulary) -> Double? {
        var words: [String] = []
        var word = String.UnicodeScalarView()
        var lower = true
        var unknown = 0
        func close() -> Bool {
            defer { word = .init(); lower = true }
            guard lower, word.count >= 4, word.count <= 25 else { return false }
            words.append(String(word))
            if words.count == 30 {
                unknown = vocabulary.rejected(words)
                return unknown * 5 <= 30
            }
            return words.count == 100
        }
        for u in scalars {
            let v = u.value
            // (ASCII without the property tables, which are slow)
            let letter = v < 0x80 ? (v | 0x20) >= 0x61 && (v | 0x20) <= 0x7A : u.properties.isAlphabetic
            if letter {
                word.append(u)
                if lower && !(v < 0x80 ? v >= 0x61 : u.properties.isLowercase) { lower = false }
            } else if !word.isEmpty, close() { break }
        }
        if !word.isEmpty { _ = close() }
        guard words.count >= 30 else { return nil }
        if words.count > 30 { unknown += vocabulary.rejected(Array(words[30...])) }
        return Double(unknown) / Double(words.count)
    }

    /// Mean OCR confidence below which a page is read again turned upside down (`readPage`).
    static let turnRetryConfidence = 0.6

    /// Pixels per point of the low-resolution render used to find table rulings on digital pages.
    static let rulingScale = Double(ProcessInfo.processInfo.environment["CTG_RULING_SCALE"] ?? "") ?? 1.5

    /// Why a page's text layer cannot be used, or nil when it can.
    static func textLayerProblem(_ chars: [PDFChar]) -> String? {
        var visible = 0, letters = 0, bad = 0
        // "(cid:" markers among the first 20000 visible characters (spaces skipped), counted as they pass.
        var cid = 0, matched = 0
        let marker: [UInt32] = [40, 99, 105, 100, 58]  // "(cid:"
        for c in chars where !c.scalar.isSpaceFast {
            visible += 1
            let v = c.scalar.value
            if v < 128 {
                if (v >= 48 && v <= 57) || (v >= 65 && v <= 90) || (v >= 97 && v <= 122) { letters += 1 }
            } else if c.scalar.properties.isAlphabetic || c.scalar.properties.numericType != nil { letters += 1 }
            if v == 0xFFFD || (0xE000...0xF8FF).contains(v) || v < 0x20 { bad += 1 }
            if visible < 20000 {
                // "(" occurs once in the marker, at its start: on a mismatch the match restarts there.
                if v == marker[matched] { matched += 1 } else { matched = v == 40 ? 1 : 0 }
                if matched == marker.count { cid += 1; matched = 0 }
            }
        }
        if visible == 0 { return "no text layer" }
        if visible < 15 { return "too few characters (\(visible))" }
        if cid * 20 > visible / 10 { return "garbage text layer: (cid:NN) glyphs" }
        if bad * 10 > visible { return "garbage text layer: unmapped glyphs" }
        if letters * 2 < visible { return "garbage text layer: \(100 - letters * 100 / visible) % non-letters" }
        return nil
    }

    /// Whether to render a digital page before reading its text, given whether the nearest page read before it
    /// held a table candidate (nil: none read yet).
    func renderFirst(hint: Bool?) -> Bool {
        switch renderOrder {
        case .predicted: return hint ?? false
        case .always: return true
        case .never: return false
        }
    }

    /// `garbage`: the share of the page's text-layer words the vocabulary rejects, where that makes it garbage: the
    /// page is read by OCR, that reading kept only where the share is clearly lower there.
    func readPage(_ doc: PopplerDocument, index: Int, deadline: Date?, engine: inout OCREngine?,
                  engineError: inout InputError?, hints: TableHints, garbage: Double? = nil) throws(InputError) -> (Page, PageFlags) {
        guard let page = doc.page(index) else { throw InputError(.truncated, "cannot read page \(index + 1)") }
        var (w, h) = page.size
        if !(w > 0 && h > 0 && w < 14_400 && h < 14_400) {
            throw InputError(.renderLimit, "page \(index + 1) has an absurd size (\(Int(w)) x \(Int(h)) pt)")
        }
        // A page rendered before its text is read gets its text layer from the render's own pass over the page
        // (poppler-glib collects it while drawing): one pass instead of two. Worth it only where the ruling render
        // will be used, so it is done where the nearest page read before held a table (tables run over pages).
        // That pass also draws the page's annotations, whose text (form fields, stamps) the content stream alone
        // lacks: a page with such annotations always gets its text that way, whatever the render order.
        var early: [GridRow]?
        let annotated = page.hasTextAnnotations
        if tables && (annotated || renderFirst(hint: hints.tableBefore(index))) {
            early = page.rulingRows(scale: Self.rulingScale, grayScratch: doc.grayScratch)
        } else if annotated {
            page.collectTextThroughRender()
        }
        var chars = page.chars()
        var problem = Self.textLayerProblem(chars)
        // A scan with a thin text layer on top (a registration stamp, a page number): the scan holds the text.
        if problem == nil, let few = Self.smallTextLayer(chars) {
            let coverage = page.imageCoverage
            if coverage >= 0.5 { problem = "image page (\(Int(coverage * 100)) % of the area) with a small text layer (\(few) characters)" }
        }
        func textPage() -> (Page, PageFlags) {
            var (w, h) = page.size
            // A page whose text runs sideways or upside down as displayed (a landscape page printed on portrait
            // paper) is read turned upright: its characters, its size, and its render for rulings (made again if
            // made already).
            let turn = PageTurn.of(chars)
            if turn != .upright {
                chars = turn.upright(chars, width: w, height: h)
                (w, h) = turn.size(width: w, height: h)
                if early != nil { early = page.rulingRows(scale: Self.rulingScale, grayScratch: doc.grayScratch, turn: turn) }
            }
            var rows: [GridRow] = []
            let candidate = tables && Self.mayHoldTable(chars)
            hints.note(index, table: candidate)
            // The same rows whether the render came first or not: only a candidate page's render is used.
            if candidate, let r = early ?? page.rulingRows(scale: Self.rulingScale, grayScratch: doc.grayScratch, turn: turn) { rows = r }
            let tokens = chars.map { c in
                Token(text: String(c.scalar), box: c.box, fontSize: c.fontSize, bold: c.bold, isSpace: c.scalar.isSpaceFast)
            }
            let lines = PageLayout(page: index + 1, method: .pdfText).lines(tokens: tokens, rows: rows)
            return (Page(number: index + 1, method: .pdfText, reason: "text layer" + turn.note, width: w, height: h, lines: lines),
                    Self.flags(rows))
        }
        if problem == nil, let share = garbage {
            problem = "garbage text layer: \(Int((share * 100).rounded())) % of its words unknown to the lexicon"
        }
        if problem == nil { return textPage() }
        let reason = problem!
        if chars.isEmpty && page.imageCoverage == 0 {
            return (Page(number: index + 1, method: .none, reason: "blank page (no text, no image)", width: w, height: h, lines: []), PageFlags())
        }
        guard ocr else {
            return (Page(number: index + 1, method: .none, reason: reason + "; OCR disabled", width: w, height: h, lines: []), PageFlags())
        }
        if engine == nil {
            if let engineError { if garbage != nil { return textPage() }; throw engineError }
            do throws(InputError) { engine = try OCREngine(language: language) } catch {
                engineError = error
                // (a garbage layer is still text: kept where OCR cannot be had)
                if garbage != nil { return textPage() }
                throw InputError(.ocrUnavailable, "page \(index + 1) needs OCR (\(reason)) but " + error.message)
            }
        }
        var dpi = ocrDPI
        if nativeScanResolution, let native = page.scanResolution(), native < dpi { dpi = max(150, native.rounded()) }
        if w * h * (dpi / 72) * (dpi / 72) > Double(maxPixels) {
            dpi = (Double(maxPixels) / (w * h)).squareRoot() * 72
            if dpi < 100 { throw InputError(.renderLimit, "page \(index + 1) too large to render for OCR (\(Int(w)) x \(Int(h)) pt)") }
        }
        guard let rendered = page.renderGray(scale: dpi / 72) else {
            throw InputError(.renderLimit, "page \(index + 1) could not be rendered at \(Int(dpi)) dpi")
        }
        // Scans are rarely straight: straighten before OCR and before looking for table rulings.
        var img = Deskew.apply(rendered).image
        DarkBars.invert(&img)
        guard var result = engine!.recognize(img, deadline: deadline) else {
            if let deadline, Date() > deadline { throw InputError(.timeout, "time limit exceeded during OCR of page \(index + 1)") }
            if garbage != nil { return textPage() }
            return (Page(number: index + 1, method: .none, reason: reason + "; OCR failed", width: w, height: h, lines: []), PageFlags())
        }
        // A page scanned sideways or upside down: Tesseract reads its words but leaves them where they stand on the
        // page as displayed, each its own line, and white-on-dark headings unread. Read again turned upright: the
        // image (straightened once upright: the skew search follows lines of text), then the page's size.
        // A reading of low confidence (below `PDFExtractor.turnRetryConfidence`) may be of a page upside down
        // (Tesseract reads upside-down lines as lines, of nonsense): it is read once more turned a half, and that
        // reading kept where it is confident and clearly more so.
        var turn = PageTurn.of(words: result.tokens)
        // (Tesseract reads sideways lines as running top to bottom: those running bottom to top come back as
        // misread words of low confidence, stepping down the page like the others; they are turned the other way)
        if (turn == .quarter || turn == .threeQuarters) && result.meanConfidence < Self.turnRetryConfidence { turn = turn.plusHalf }
        func reread(_ t: PageTurn) -> (OCREngine.Result, GrayImage)? {
            var upright = Deskew.apply(rendered.turned(t)).image
            DarkBars.invert(&upright)
            return engine!.recognize(upright, deadline: deadline).map { ($0, upright) }
        }
        if turn != .upright {
            if let (again, upright) = reread(turn) { result = again; img = upright } else { turn = .upright }
        }
        if result.meanConfidence < Self.turnRetryConfidence, let (again, upright) = reread(turn.plusHalf),
           again.meanConfidence >= Self.turnRetryConfidence, again.meanConfidence >= result.meanConfidence + 0.2 {
            result = again; img = upright; turn = turn.plusHalf
        }
        // (OCR of a garbage layer's page that reads no better, by the same measure, than the layer: the layer)
        if let g = garbage, let v = vocabulary,
           (Self.unknownShare(result.tokens.lazy.flatMap { $0.text.unicodeScalars + [" "] }, v) ?? 1) > g - Self.garbageGain { return textPage() }
        (w, h) = turn.size(width: w, height: h)
        let rows = tables ? TableGrid.rows(in: img) : []
        let lines = PageLayout(page: index + 1, method: .ocr, wordTokens: true).lines(tokens: result.tokens, rows: rows)
        return (Page(number: index + 1, method: .ocr, reason: reason + turn.note, ocrConfidence: result.meanConfidence,
                     width: w, height: h, lines: lines), Self.flags(rows))
    }

    static func flags(_ rows: [GridRow]) -> PageFlags {
        PageFlags(continuesOnNext: rows.last?.openBottom ?? false)
    }

    /// The number of visible characters when the text layer is small enough to be an overlay on a scan.
    static func smallTextLayer(_ chars: [PDFChar], limit: Int = 400) -> Int? {
        var n = 0
        for c in chars where !c.scalar.isSpaceFast { n += 1; if n > limit { return nil } }
        return n
    }

    /// Cheap test before rendering: several characters on one text line far apart horizontally.
    static func mayHoldTable(_ chars: [PDFChar]) -> Bool {
        // A table cell boundary shows as a large gap between two characters of one baseline,
        // or as several poppler lines sharing a baseline.
        var baselines: [Int: Int] = [:]
        var lineStart = true
        var last: PDFChar?
        for c in chars {
            if c.scalar == "\n" { lineStart = true; last = nil; continue }
            if c.scalar.isSpaceFast { continue }
            if lineStart {
                baselines[Int(c.box.y1.rounded()), default: 0] += 1
                lineStart = false
            }
            // Poppler may put a label cell and its neighbour on one line ("Enfance      Elaborer le plan…").
            if let p = last, abs(p.box.y1 - c.box.y1) < 2 {
                let size = max(c.fontSize ?? c.box.height, 4)
                if c.box.x0 - p.box.x1 > 3 * size { return true }
            }
            last = c
        }
        return baselines.values.contains { $0 >= 2 }
    }

    /// A table row that a page break cuts (no ruling at the break) is one row: its cells are joined. The last row
    /// of the page must be open at its foot: a row closed by its ruling there is whole, even when the next page's
    /// first row has no ruling above it (tables that draw only the bottom border of each row).
    static func mergeContinuedRows(_ pages: inout [Page], _ flags: [PageFlags]) {
        guard pages.count > 1 else { return }
        for p in 1..<pages.count {
            guard flags[p - 1].continuesOnNext,
                  let prevIndex = pages[p - 1].lines.lastIndex(where: { $0.cells != nil }),
                  let nextIndex = pages[p].lines.firstIndex(where: { $0.cells != nil }) else { continue }
            let prev = pages[p - 1].lines[prevIndex], next = pages[p].lines[nextIndex]
            guard let a = prev.cells, let b = next.cells, a.count == b.count else { continue }
            // Nothing but margin text (footer, header) between the two parts.
            let ph = pages[p - 1].height ?? 842, nh = pages[p].height ?? 842
            let bodyAfter = pages[p - 1].lines[(prevIndex + 1)...].contains { ($0.box?.y0 ?? 0) < ph * 0.92 }
            let bodyBefore = pages[p].lines[..<nextIndex].contains { ($0.box?.y1 ?? nh) > nh * 0.08 }
            guard !bodyAfter && !bodyBefore else { continue }
            var cells = a
            for i in cells.indices where !b[i].isEmpty {
                cells[i] = cells[i].isEmpty ? b[i] : cells[i] + (PageLayout.startsBlock(b[i]) ? "\n" : " ") + b[i]
            }
            pages[p - 1].lines[prevIndex].cells = cells
            pages[p - 1].lines[prevIndex].text = cells.joined(separator: "\t")
            pages[p].lines.remove(at: nextIndex)
        }
    }
}

/// Whether a page's last table row is cut by the page break (no ruling at its foot).
struct PageFlags: Sendable {
    var continuesOnNext = false
}

/// Which pages read so far held a table candidate, for the workers' render-first guess.
final class TableHints: @unchecked Sendable {
    private let lock = NSLock()
    private var table: [Bool?]
    init(count: Int) { table = Array(repeating: nil, count: count) }
    func note(_ i: Int, table t: Bool) { lock.lock(); if i < table.count { table[i] = t }; lock.unlock() }
    /// The flag of the nearest page before `i` already read (nil: none).
    func tableBefore(_ i: Int) -> Bool? {
        lock.lock(); defer { lock.unlock() }
        var j = min(i, table.count) - 1
        while j >= 0 { if let t = table[j] { return t }; j -= 1 }
        return nil
    }
}

/// Pages filled in by the workers.
final class PageResults: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var pages: [Page?]
    private(set) var flags: [PageFlags]
    private(set) var error: InputError?
    private(set) var done = 0
    init(count: Int) { pages = Array(repeating: nil, count: count); flags = Array(repeating: PageFlags(), count: count) }
    var failed: Bool { lock.lock(); defer { lock.unlock() }; return error != nil }
    func set(_ i: Int, _ p: (Page, PageFlags)) { lock.lock(); pages[i] = p.0; flags[i] = p.1; done += 1; lock.unlock() }
    func fail(_ e: InputError) { lock.lock(); if error == nil { error = e }; lock.unlock() }
}

struct UncheckedBox<T>: @unchecked Sendable { let value: T; init(_ v: T) { value = v } }
