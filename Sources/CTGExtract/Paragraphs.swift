import CTGModel
import Foundation

/// Rebuilds paragraphs from the visual lines of PDF pages: a text dump holds a paragraph, a heading or a
/// list item on one line, the PDF text layer gives one `Line` per visual line. A line is joined to the
/// previous one when the layout says they are one block:
///
/// * same page, both body lines that are not table rows (rows are rebuilt per row already, furniture is kept apart);
/// * same font size and weight (a bold heading never swallows the body text under it);
/// * the vertical step is a line step of that font size, not a paragraph gap;
/// * left edges aligned (or the hanging indent of a list item), or both lines centred;
/// * the previous line wrapped: the first word of the next line would not have fitted on it before the right edge
///   of the text column. Where that edge is unknown (centred lines, lines away from the main column) the
///   previous line must instead end without sentence-final punctuation and the next start in lower case;
/// * the next line does not start a block of its own: a bullet ("-", "•", "►", "○" …), a numbered heading
///   ("Action 1.2", "Fiche action 3", "AXE 2", "Objectif 1"), a numbered item ("1.", "a)"), a short field label
///   followed by ":".
///
/// Only layout and these generic shapes are used, never document-specific strings. A joined line keeps the first
/// line's number, page, font and role, the union of the boxes, and the texts joined by a space (no space after a
/// hyphen that ends a line inside a word: "petite-" + "enfance" gives "petite-enfance", the hyphen is kept).
public enum Paragraphs {
    public struct Options: Sendable {
        /// Also join lines of OCR'd pages (no font information there: sizes are compared by line height).
        public var ocrPages = true
        /// Join a paragraph that a page break cuts (last body line of a page, first body line of the next).
        public var acrossPages = true
        /// Mark a paragraph gap (vertical space well above the line step) with an empty line, as a text dump
        /// has a blank line between blocks.
        public var blankLines = true
        public init() {}
    }

    public static func join(_ doc: inout ExtractedDocument, options: Options = Options()) {
        guard doc.pages.contains(where: { usable($0, options) }), !disabledByEnvironment else { return }
        let g = Geometry(doc, options)
        join(&doc, options: options, g)
        if options.blankLines { insertBlankLines(&doc, options: options, g) }
    }

    /// An empty body line between two free lines of a page whose vertical distance is clearly more than
    /// one line step (a paragraph or block gap). Lines are then renumbered in document order.
    static func insertBlankLines(_ doc: inout ExtractedDocument, options: Options, _ g: Geometry) {
        var inserted = false
        for p in doc.pages.indices where usable(doc.pages[p], options) {
            var out: [Line] = []
            var previous: Line?
            for line in doc.pages[p].lines {
                if isFree(line), let prev = previous, let a = prev.box, let b = line.box {
                    // Gap between the previous block's last line and this one, against the gap of two lines of
                    // one paragraph (line step minus the glyphs' height): a block gap adds about half a line.
                    let size = size(prev) ?? (prev.fontSize ?? 10)
                    let gap = b.y0 - a.y1
                    if gap > g.lineStep(prev) - 0.8 * size {
                        out.append(Line(text: "", page: line.page, number: line.number, method: line.method))
                        inserted = true
                    }
                }
                if line.role == .body { previous = isFree(line) ? line : nil }
                out.append(line)
            }
            doc.pages[p].lines = out
        }
        // A text dump's lines keep their source line numbers (the blank line takes the number of the line after it).
        guard inserted, doc.kind == .pdf else { return }
        var n = 0
        for p in doc.pages.indices {
            for i in doc.pages[p].lines.indices { n += 1; doc.pages[p].lines[i].number = n }
        }
    }

    /// `CTG_NO_PARAGRAPHS=1` turns the pass off (before/after measurements with one binary).
    static let disabledByEnvironment = ProcessInfo.processInfo.environment["CTG_NO_PARAGRAPHS"].map { !$0.isEmpty && $0 != "0" } ?? false

    static func usable(_ page: Page, _ options: Options) -> Bool {
        page.method == .pdfText || page.method == .textLayout || (options.ocrPages && page.method == .ocr)
    }

    static func isFree(_ l: Line) -> Bool { l.cells == nil && l.role == .body && l.box != nil && !l.text.isEmpty }

    /// Document-wide layout facts: the text column's edges per page width, the line step per font size.
    struct Geometry {
        /// Right edge of the main text column, by rounded page width.
        var rightEdge: [Int: Double] = [:]
        /// Left edge of the main text column, by rounded page width.
        var leftEdge: [Int: Double] = [:]
        /// Usual baseline-to-baseline step of consecutive lines, by font size (x2, rounded).
        var step: [Int: Double] = [:]

        init(_ doc: ExtractedDocument, _ options: Options) {
            var rights: [Int: [Double]] = [:], lefts: [Int: [Double]] = [:]
            var steps: [Int: [Int: Int]] = [:]
            for page in doc.pages where Paragraphs.usable(page, options) {
                let w = Int((page.width ?? 0).rounded())
                var prev: Line?
                for l in page.lines {
                    guard Paragraphs.isFree(l), let b = l.box else { prev = nil; continue }
                    if b.x1 <= (page.width ?? .infinity) { rights[w, default: []].append(b.x1) }
                    lefts[w, default: []].append(b.x0)
                    if let p = prev, let pb = p.box, let s = Paragraphs.sizeKey(p), s == Paragraphs.sizeKey(l) {
                        let dy = b.y1 - pb.y1, size = Double(s) / 2
                        if dy > size * 0.9 && dy < size * 2 { steps[s, default: [:]][Int((dy * 2).rounded()), default: 0] += 1 }
                    }
                    prev = l
                }
            }
            for (w, xs) in rights { rightEdge[w] = xs.max() }
            // The left margin: the most common left edge (rounded to a point).
            for (w, xs) in lefts {
                var count: [Int: Int] = [:]
                for x in xs { count[Int(x.rounded()), default: 0] += 1 }
                if let best = count.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }) {
                    leftEdge[w] = xs.filter { abs($0 - Double(best.key)) <= 1 }.min()
                }
            }
            for (s, hist) in steps where hist.values.reduce(0, +) >= 3 {
                // The smallest frequent step: lines of one paragraph are closer than list items and paragraphs.
                let total = hist.values.reduce(0, +)
                let frequent = hist.filter { $0.value * 10 >= total }.keys.min() ?? hist.max(by: { $0.value < $1.value })!.key
                step[s] = Double(frequent) / 2
            }
        }

        func lineStep(_ l: Line) -> Double {
            if let s = Paragraphs.sizeKey(l), let st = step[s] { return st }
            return (Paragraphs.size(l) ?? 10) * 1.3
        }
    }

    static func sizeKey(_ l: Line) -> Int? {
        if let f = l.fontSize { return Int((f * 2).rounded()) }
        if let b = l.box { return Int((b.height / 1.15 * 2).rounded()) }  // OCR: from the line height
        return nil
    }

    static func size(_ l: Line) -> Double? { sizeKey(l).map { Double($0) / 2 } }

    /// The paragraphs at the ends of a page, for joining across a page break.
    struct PageEnds {
        /// Index in the page's joined lines of the last paragraph (free line), with its first and last visual lines.
        var last: (index: Int, first: Line, lastVisual: Line, contX0: Double?)?
        /// Index of the first paragraph, with its first visual line.
        var first: (index: Int, firstVisual: Line)?
    }

    /// One page: walk the lines, extending the current paragraph while the next line continues it.
    static func joinPage(_ page: Page, _ g: Geometry) -> [Line] { joinPageEnds(page, g).0 }

    static func joinPageEnds(_ page: Page, _ g: Geometry) -> ([Line], PageEnds) {
        var out: [Line] = []
        var ends = PageEnds()
        var open = false  // the last line of `out` is a free line that may be continued
        var start: Line?  // the first visual line of the open paragraph
        var last: Line?  // the last visual line of the open paragraph
        var contX0: Double?
        for l in page.lines {
            if !isFree(l) { out.append(l); open = false; continue }
            if open, let prev = last, let s = start,
               continues(prev, l, paragraphStart: s, contX0: contX0, page: page, g) {
                merge(&out[out.count - 1], l)
                if contX0 == nil { contX0 = l.box!.x0 }
                last = l
                ends.last = (out.count - 1, s, l, contX0)
                continue
            }
            out.append(l)
            if ends.first == nil { ends.first = (out.count - 1, l) }
            open = true
            start = l; last = l
            contX0 = nil
            ends.last = (out.count - 1, l, l, nil)
        }
        return (out, ends)
    }

    /// Whether `next` continues the paragraph whose last visual line is `prev`.
    static func continues(_ prev: Line, _ next: Line, paragraphStart: Line, contX0: Double?,
                          page: Page, _ g: Geometry, acrossPage: Bool = false) -> Bool {
        guard let pb = prev.box, let nb = next.box, let firstX0 = paragraphStart.box?.x0 else { return false }
        // OCR'd lines have only their heights (ascenders, descenders): sizes within a point are one size.
        let sameSize = prev.fontSize == nil && next.fontSize == nil
            ? abs((sizeKey(prev) ?? 0) - (sizeKey(next) ?? 99)) <= 2 : sizeKey(prev) == sizeKey(next)
        guard sameSize, (prev.bold ?? false) == (next.bold ?? false) else { return false }
        let size = self.size(next) ?? 10
        let w = Int((page.width ?? 0).rounded())
        // Vertical: one line step down (a paragraph or list-item gap is larger).
        if !acrossPage {
            let dy = nb.y1 - pb.y1
            let step = g.lineStep(next)
            guard dy > step * 0.6, dy <= step * 1.1 + 0.5 else { return false }
            // Overlapping horizontally (not a second column).
            guard nb.x0 < pb.x1, pb.x0 < nb.x1 else { return false }
        }
        if startsBlock(next.text) { return false }
        let text = prev.text
        let nextText = next.text
        // Horizontal alignment.
        let tol = max(1.5, size * 0.15)
        let aligned: Bool
        if let c = contX0 { aligned = abs(nb.x0 - c) <= tol }
        else { aligned = abs(nb.x0 - firstX0) <= tol || (hangs(paragraphStart.text) && nb.x0 > firstX0 && nb.x0 - firstX0 <= size * 2.5) }
        let centred = abs((pb.x0 + pb.x1) / 2 - (nb.x0 + nb.x1) / 2) <= max(3, size * 0.3)
            && !(g.leftEdge[w].map { abs(pb.x0 - $0) <= tol } ?? false)
        guard aligned || centred else { return false }
        // Did the previous line wrap?
        if !centred, let edge = g.rightEdge[w], let left = g.leftEdge[w], firstX0 >= left - tol, firstX0 <= left + size * 4 {
            if wrapped(prevRight: pb.x1, next: next, edge: edge, size: size) { return true }
            // A text dump laid out with spaces keeps no cell edges: the lines of a cell of a table without rulings
            // wrap at the cell's edge, well before the page's. There a line open at its end (no full stop) followed
            // by one in lower case goes on too.
            return page.method == .textLayout && !endsSentence(text) && startsLower(nextText)
        }
        return !endsSentence(text) && startsLower(nextText)
    }

    /// Whether the first word of `next` (and a space) would not have fitted after `prevRight` before the column
    /// edge: the previous line wrapped. The word's width is estimated from the next line's mean glyph width (a space
    /// counted as half a glyph); a quarter of the font size of slack absorbs the estimate's error.
    static func wrapped(prevRight: Double, next: Line, edge: Double, size: Double) -> Bool {
        guard let nb = next.box else { return false }
        var glyphs = 0.0
        for c in next.text { glyphs += c == " " ? 0.5 : 1 }
        let perGlyph = nb.width / max(1, glyphs)
        let wordWidth = Double(firstWord(next.text).count) * perGlyph
        return prevRight + size * 0.25 + wordWidth > edge - size * 0.25
    }

    /// Appends `next` to the paragraph line `line`.
    static func merge(_ line: inout Line, _ next: Line) {
        line.text = joined(line.text, next.text)
        if let a = line.box, let b = next.box { line.box = a.union(b) }
        if let a = line.confidence, let b = next.confidence { line.confidence = min(a, b) }
        if let b = next.words { line.words = (line.words ?? []) + b }
    }

    static func joined(_ a: String, _ b: String) -> String {
        if a.isEmpty { return b }
        if b.isEmpty { return a }
        if brokenAtHyphen(a, b) { return a + b }
        return a + " " + b
    }

    /// "petite-" + "enfance": a line that ends on a hyphen right after a letter, the next starting with a letter.
    /// The hyphen is kept (browsers and word processors break lines after the hyphen of a compound word).
    static func brokenAtHyphen(_ a: String, _ b: String) -> Bool {
        guard let last = a.last, last == "-" || last == "\u{2010}", a.count >= 2 else { return false }
        let before = a[a.index(a.endIndex, offsetBy: -2)]
        return before.isLetter && (b.first?.isLetter ?? false)
    }

    static func firstWord(_ s: String) -> Substring {
        s.prefix { !$0.isWhitespace }
    }

    static func endsSentence(_ s: String) -> Bool {
        guard let c = s.last else { return true }
        return ".!?;:…".contains(c)
    }

    static func startsLower(_ s: String) -> Bool {
        guard let c = s.first(where: { !"«\"'(“ ".contains($0) }) else { return false }
        return c.isLowercase
    }

    /// The first line of a list item (its continuation lines may be indented under the text).
    static func hangs(_ s: String) -> Bool { bulletStart(s) || numberedItem(s) }

    static func bulletStart(_ s: String) -> Bool {
        guard let f = s.first else { return false }
        if "•○►▪◦●■➢✓➤▶·*□☐".contains(f) { return true }
        if "-–—".contains(f) { return s.dropFirst().first.map { $0 == " " } ?? true }
        return false
    }

    static let numberedHeading = try! NSRegularExpression(
        pattern: #"^(?i:fiches?[- ]?actions?|actions?|axes?|objectifs?(?:\s+(?:op[ée]rationnels?|strat[ée]giques?|g[ée]n[ée]raux))?|enjeux?|orientations?|mesures?|articles?|chapitres?|parties?|annexes?|th[ée]matiques?|priorit[ée]s?)(?:\s*(?:n\s*°\s*)?\d+|\s+(?:[IVX]+|[A-Z])\b)"#,
        options: [])
    static let numbered = try! NSRegularExpression(
        pattern: #"^(?:\d{1,2}(?:[.)]\d{0,2})+|[a-z]\)|[IVX]{1,4}[.)])\s"#, options: [])
    static let label = try! NSRegularExpression(
        pattern: #"^\p{Lu}[^:.;!?]{0,45}?\s?:(?:\s|$)"#, options: [])

    static func matches(_ re: NSRegularExpression, _ s: String) -> Bool {
        re.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil
    }

    static func numberedItem(_ s: String) -> Bool { matches(numbered, s) }

    /// A line that starts a block of its own: list item, numbered heading or item, field label.
    static func startsBlock(_ s: String) -> Bool {
        if bulletStart(s) { return true }
        guard let f = s.first, f.isLetter || f.isNumber else { return false }
        if matches(numberedHeading, s) || matches(numbered, s) { return true }
        if f.isUppercase, matches(label, s) {
            // A label is a few words ("Publics visés :", "Périmètre géographique :").
            let head = s.prefix { $0 != ":" }
            return head.split(separator: " ").count <= 5
        }
        return false
    }

    /// A paragraph cut by a page break: the last paragraph of a page continues with the first of the next page
    /// when nothing but furniture lies between them, the last one ends its page, the next one starts its page,
    /// and the tests of `continues` hold except the vertical step.
    static func join(_ doc: inout ExtractedDocument, options: Options, _ g: Geometry) {
        var ends: [PageEnds?] = []
        for p in doc.pages.indices {
            guard usable(doc.pages[p], options) else { ends.append(nil); continue }
            let (lines, e) = joinPageEnds(doc.pages[p], g)
            doc.pages[p].lines = lines
            ends.append(e)
        }
        guard options.acrossPages, doc.pages.count > 1 else { return }
        // Back to front, so that indices of earlier pages stay valid and chains over several pages work.
        for p in stride(from: doc.pages.count - 1, to: 0, by: -1) {
            guard let ea = ends[p - 1], let eb = ends[p], let last = ea.last, let first = eb.first else { continue }
            let a = doc.pages[p - 1], b = doc.pages[p]
            // Only furniture after the last paragraph, only furniture before the first one.
            guard !a.lines[(last.index + 1)...].contains(where: { $0.role == .body }),
                  !b.lines[..<first.index].contains(where: { $0.role == .body }) else { continue }
            guard let pb = last.lastVisual.box, let nb = first.firstVisual.box else { continue }
            let ah = a.height ?? 842, bh = b.height ?? 842
            guard pb.y1 > ah * 0.6, nb.y0 < bh * 0.4 else { continue }
            // A page break is not a paragraph break only when the previous line clearly wrapped.
            guard continues(last.lastVisual, first.firstVisual, paragraphStart: last.first, contX0: last.contX0,
                            page: a, g, acrossPage: true) else { continue }
            let next = doc.pages[p].lines.remove(at: first.index)
            merge(&doc.pages[p - 1].lines[last.index], next)
        }
    }
}
