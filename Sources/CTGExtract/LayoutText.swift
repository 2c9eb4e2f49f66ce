import CTGModel

/// Text dumps laid out with spaces, as `pdftotext -layout` and similar converters write them: each page a grid of
/// character columns, table cells side by side on one line with a blank of several spaces between them, a cell that
/// wraps continuing on the lines below at its own column, pages separated by form feeds (U+000C).
///
/// Read line by line, such a dump glues the cells of a row into one line and scatters a cell's wrapped lines over
/// the rows below. The positions are the layout: every character gets a box from its column and line (a fixed
/// character width and line step), and the page goes through the same `PageLayout` as a PDF text layer, whose
/// rules for tables without rulings (a wide blank between cells, wrapped cells under their column, rows told apart
/// by their line step) then rebuild the rows, and `Paragraphs` joins the wrapped lines of running text.
enum LayoutText {
    /// Width of one character column, in points. A blank of two spaces (16 pt) is wider than `PageLayout`'s
    /// word-space limit of 1.5 font sizes (15 pt): two spaces or more between words separate cells, one joins words.
    static let columnWidth = 8.0
    static let fontSize = 10.0
    /// Baseline to baseline: a blank line between two lines doubles it, as a gap between paragraphs or rows does.
    static let lineStep = 12.0

    /// Whether a text dump is laid out with spaces: no tab-separated table rows to speak of, and at least five lines
    /// (and 2 % of the non-blank ones) holding a blank of three spaces or more between two words, away from the
    /// line's start (typed text has two spaces after a full stop at most; an OCR dump keeps a stray double space).
    static func isLayout(_ lines: [Substring]) -> Bool {
        var nonBlank = 0, gutters = 0, tabs = 0
        for line in lines {
            var seenInk = false, spaces = 0, gutter = false, blank = true
            for b in line.utf8 {
                switch b {
                case 9: tabs += 1; spaces = 0
                case 32: spaces += 1
                case 10, 12, 13: spaces = 0
                default:
                    if seenInk && spaces >= 3 { gutter = true }
                    seenInk = true; spaces = 0; blank = false
                }
            }
            if !blank { nonBlank += 1 }
            if gutter { gutters += 1 }
        }
        return gutters >= 5 && gutters * 50 >= nonBlank && tabs * 10 < gutters
    }

    /// The pages of a layout dump (cut at form feeds), each read through `PageLayout` from character boxes.
    static func pages(_ text: String) -> [Page] {
        var sheets = text.split(separator: "\u{0C}", omittingEmptySubsequences: false)
        // A dump ends with a form feed after its last page: nothing after it is no page.
        if sheets.count > 1, sheets.last!.allSatisfy(\.isWhitespace) { sheets.removeLast() }
        let pageLines = sheets.map { sheet -> [Substring] in
            var lines = sheet.split(separator: "\n", omittingEmptySubsequences: false)
            if lines.count > 1, lines.last!.isEmpty { lines.removeLast() }
            return lines
        }
        // One page size for all pages (a dump's pages are one sheet size): the most lines and columns of any page.
        let rows = pageLines.map(\.count).max() ?? 0
        let cols = pageLines.flatMap { $0 }.map { $0.unicodeScalars.count }.max() ?? 0
        let width = Double(max(cols, 1)) * columnWidth, height = Double(max(rows, 1) + 1) * lineStep
        var pages: [Page] = []
        var firstLine = 1  // source line number of the page's first line (a form feed does not end a line)
        for (p, lines) in pageLines.enumerated() {
            let layout = PageLayout(page: p + 1, method: .textLayout)
            var out = layout.lines(tokens: tokens(lines), rows: [])
            // Each line keeps the source line number of its first visual line, as a text dump's lines do.
            for i in out.indices {
                if let b = out[i].box { out[i].number = firstLine + Int((b.y0 / lineStep).rounded(.down)) }
                else if i > 0 { out[i].number = out[i - 1].number } else { out[i].number = firstLine }
            }
            firstLine += sheets[p].utf8.reduce(0) { $1 == 10 ? $0 + 1 : $0 }
            pages.append(Page(number: p + 1, method: .textLayout, reason: "text dump laid out with spaces",
                              width: width, height: height, lines: out))
        }
        return pages
    }

    /// Character tokens of one page, in reading order, with a "\n" token after each line. A single space is a space
    /// token (a word space); a run of two or more leaves only the blank (a cell boundary that `PageLayout.gapBreak`
    /// sees, as in a PDF text layer whose cells poppler gives on one line).
    static func tokens(_ lines: [Substring]) -> [Token] {
        var out: [Token] = []
        for (r, line) in lines.enumerated() {
            let y0 = Double(r) * lineStep + (lineStep - fontSize)
            let scalars = Array(line.unicodeScalars)
            var first = true
            var c = 0
            while c < scalars.count {
                let s = scalars[c]
                if s == " " || s == "\t" || s == "\r" {
                    var e = c
                    while e < scalars.count && (scalars[e] == " " || scalars[e] == "\t" || scalars[e] == "\r") { e += 1 }
                    if e - c == 1 && !first && e < scalars.count {
                        out.append(Token(text: " ", box: box(c, y0), fontSize: fontSize, isSpace: true))
                    }
                    c = e
                    continue
                }
                out.append(Token(text: String(s), box: box(c, y0), lineStart: first, fontSize: fontSize))
                first = false
                c += 1
            }
            out.append(Token(text: "\n", box: nil, isSpace: true))
        }
        return out
    }

    private static func box(_ column: Int, _ y0: Double) -> Box {
        Box(x0: Double(column) * columnWidth, y0: y0, x1: Double(column + 1) * columnWidth, y1: y0 + fontSize)
    }
}
