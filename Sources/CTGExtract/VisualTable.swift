import CTGModel
import Foundation

/// A table without rulings that poppler reads column block by column block (all of a column's wrapped lines, then
/// the next column's), as it reads narrow columns of text: its characters are put back in visual order, line by
/// line across the columns, so that each line of the table comes out as one line cut into cells at its wide blanks
/// (`PageLayout.gapBreak`), and `PageLayout`'s wrapped-row reading gathers the lines of each row as it does for a
/// table poppler reads across.
///
/// Only where the page shows such a table: visual lines (characters on one baseline) cut by wide blanks into three
/// segments or more, at least `minTableLines` of them, whose segments start at common left edges (the columns, each
/// used by two such lines at least), two of them opening rows (their cells open with a capital, a digit or a bullet,
/// as a header's and a row's first line do), and the run of visual lines around them whose every segment lies inside
/// one column (a cell's wrapped lines; a paragraph across the page, or a line of a column of text wider than the
/// table's column, ends the run). Characters inside ruled rows are left alone, as is every page without such a run.
///
/// Tesseract reads such a table column by column as well, and a table of labels beside their values too: for OCR
/// words the same reading, with two columns enough where the first is narrow beside the second (at most two fifths
/// of the table's width; two columns of running text are about as wide as each other).
enum VisualTable {
    static let minTableLines = 3
    static let minColumns = 3
    /// CTG_DEBUG_TABLES=1: each region found, on standard error.
    static let debug = ProcessInfo.processInfo.environment["CTG_DEBUG_TABLES"] != nil

    /// A table region of a page: its vertical extent and its columns' left edges (points), for `PageLayout` to place
    /// the region's lines in the table's columns (a line of one cell too, and rows without a first cell).
    struct Region {
        var top: Double, bottom: Double
        var anchors: [Double]
        /// Whether a line's box lies in the region.
        func contains(_ b: Box) -> Bool { (b.y0 + b.y1) / 2 >= top && (b.y0 + b.y1) / 2 <= bottom }
    }

    /// A word of the text layer (consecutive ink characters of poppler's order on one baseline, without a wide blank),
    /// or consecutive OCR words of one Tesseract line without a wide blank.
    private struct Word {
        /// Its tokens' indices in the tokens read (consecutive).
        var range: Range<Int>
        var box: Box
        var size: Double
    }

    /// A visual line: words on one baseline, left to right, and its segments (word index ranges between wide blanks).
    private struct VisualLine {
        var words: [Word]
        /// Where the line stands: its characters' baseline, or its OCR words' vertical centre.
        var level: Double
        var baseline: Double
        var size: Double
        var segments: [(range: Range<Int>, x0: Double, x1: Double)] = []
        var top: Double { words.map(\.box.y0).min() ?? baseline }
    }

    /// `tokens` (a text layer's characters in poppler's order, or with `words` the words of an OCR in Tesseract's
    /// order, its text lines marked by `lineStart`) with every table region in visual order; the tokens themselves
    /// when there is none. OCR words get no font size: one size for the page, from the words' heights (a word's box
    /// spans about four fifths of the font size), and their lines are matched by vertical centre, not by baseline
    /// (a word without descender sits higher). Moved words: the first of each visual line starts a line, the first
    /// of each further segment starts a cell (`Token.cellStart`), as `PageLayout` reads words without gap breaks.
    static func ordered(_ tokens: [Token], rows: [GridRow], words wordTokens: Bool = false) -> (tokens: [Token], regions: [Region]) {
        let heights = wordTokens ? tokens.compactMap { $0.box?.height }.sorted() : []
        let ocrSize: Double? = heights.isEmpty ? nil : heights[heights.count / 2] * 1.25
        // Words, in poppler order, with their token index span (a word never spans a ruled row).
        func inRuledRow(_ b: Box) -> Bool {
            let cy = (b.y0 + b.y1) / 2
            return rows.contains { cy > $0.top && cy < $0.bottom }
        }
        var words: [Word] = []
        var current: Word?
        var last = Box(x0: 0, y0: 0, x1: 0, y1: 0)   // the box of the current word's last token
        func close() {
            if let w = current { words.append(w) }
            current = nil
        }
        for (i, t) in tokens.enumerated() {
            guard !t.isSpace, t.text != "\n", let b = t.box, !inRuledRow(b) else { close(); continue }
            let size = max(ocrSize ?? t.fontSize ?? b.height, 1)
            if current != nil, !(wordTokens && t.lineStart),
               wordTokens ? abs(last.y0 + last.y1 - b.y0 - b.y1) < size : abs(last.y1 - b.y1) < size / 3,
               b.x0 - last.x1 <= 1.5 * size, b.x0 - last.x1 > -0.5 * size {
                current!.range = current!.range.lowerBound..<(i + 1); current!.box = current!.box.union(b)
            } else {
                close()
                current = Word(range: i..<(i + 1), box: b, size: size)
            }
            last = b
        }
        close()
        // (OCR: two columns too, a narrow one of labels beside their values, which Tesseract reads column by column;
        // a text layer's are read by `PageLayout`'s label-column rows)
        let minColumns = wordTokens ? 2 : Self.minColumns
        guard words.count >= minTableLines * minColumns else { return (tokens, []) }

        // Visual lines: words by baseline, clustered; each line's words left to right, cut into segments.
        // (the line's level: the baseline of characters, the vertical centre of OCR words)
        func level(_ b: Box) -> Double { wordTokens ? (b.y0 + b.y1) / 2 : b.y1 }
        let byBaseline = words.indices.sorted { level(words[$0].box) != level(words[$1].box) ? level(words[$0].box) < level(words[$1].box) : words[$0].box.x0 < words[$1].box.x0 }
        var lines: [(line: VisualLine, ids: [Int])] = []
        for k in byBaseline {
            let w = words[k]
            if let last = lines.last, abs(level(w.box) - last.line.level) < min(w.size, last.line.size) / (wordTokens ? 2 : 3) {
                lines[lines.count - 1].line.words.append(w); lines[lines.count - 1].ids.append(k)
            } else {
                lines.append((VisualLine(words: [w], level: level(w.box), baseline: w.box.y1, size: w.size), [k]))
            }
        }
        for n in lines.indices {
            let order = lines[n].line.words.indices.sorted { lines[n].line.words[$0].box.x0 < lines[n].line.words[$1].box.x0 }
            lines[n].line.words = order.map { lines[n].line.words[$0] }
            lines[n].ids = order.map { lines[n].ids[$0] }
            let ws = lines[n].line.words
            var segs: [(range: Range<Int>, x0: Double, x1: Double)] = []
            var s = 0
            for k in 1...ws.count where k == ws.count || ws[k].box.x0 - ws[k - 1].box.x1 > 1.5 * max(ws[k].size, ws[k - 1].size) {
                segs.append((s..<k, ws[s].box.x0, ws[s..<k].map(\.box.x1).max()!))
                s = k
            }
            lines[n].line.segments = segs
        }

        // The columns: left edges shared by the segments of lines of `minColumns` segments or more.
        let tabular = lines.indices.filter { lines[$0].line.segments.count >= minColumns }
        guard tabular.count >= minTableLines else { return (tokens, []) }
        let tol = 0.6 * (tabular.map { lines[$0].line.size }.sorted()[tabular.count / 2])
        var edges: [(x: Double, lines: Set<Int>)] = []
        for n in tabular {
            for s in lines[n].line.segments {
                if let e = edges.firstIndex(where: { abs($0.x - s.x0) <= tol }) { edges[e].lines.insert(n) }
                else { edges.append((s.x0, [n])) }
            }
        }
        let anchors = edges.filter { $0.lines.count >= 2 }.map(\.x).sorted()
        guard anchors.count >= minColumns else { return (tokens, []) }
        // two columns: the first narrow beside the second (labels and values), not two columns of running text
        if anchors.count == 2 {
            let right = tabular.flatMap { lines[$0].line.segments.map(\.x1) }.max() ?? anchors[1]
            guard anchors[1] - anchors[0] <= 0.4 * (right - anchors[0]) else { return (tokens, []) }
        }
        // A segment lies in a column: it starts at or right of the column's left edge and ends before the next one.
        func fits(_ s: (range: Range<Int>, x0: Double, x1: Double)) -> Bool {
            guard let c = anchors.lastIndex(where: { $0 <= s.x0 + tol }) else { return false }
            return c + 1 == anchors.count || s.x1 <= anchors[c + 1] + tol * 0.5
        }
        // A segment starting at a column edge, in a line of `minColumns` or more such segments.
        func onColumns(_ n: Int) -> Bool {
            lines[n].line.segments.filter { s in anchors.contains { abs($0 - s.x0) <= tol } }.count >= minColumns
        }

        // A line that opens rows as a table's header and its rows' first lines do (`PageLayout.opensRow`: its cells
        // open with a capital, a digit or a bullet); columns of running prose side by side seldom start a sentence on
        // one line in every column.
        func opensRows(_ n: Int) -> Bool {
            let l = lines[n].line
            guard l.segments.count >= minColumns else { return false }
            // (a segment's first two words: a bullet is a word of its own; an OCR unit holds words, a text layer's characters)
            let opening = l.segments.filter { s in
                PageLayout.opensCell(l.words[s.range].prefix(2).map { tokens[$0.range].map(\.text).joined(separator: wordTokens ? " " : "") }.joined(separator: " "))
            }.count
            return PageLayout.opensRow(opening: opening, of: l.segments.count)
        }

        // Regions: runs of visual lines whose every segment fits a column, without a blank of several lines, holding
        // `minTableLines` lines on the columns at least, two of them opening rows.
        var regions: [Range<Int>] = []
        var n = 0
        while n < lines.count {
            guard lines[n].line.segments.allSatisfy(fits) else { n += 1; continue }
            var m = n + 1
            while m < lines.count, lines[m].line.segments.allSatisfy(fits),
                  lines[m].line.top - lines[m - 1].line.baseline <= 3 * lines[m].line.size { m += 1 }
            if (n..<m).filter(onColumns).count >= minTableLines, (n..<m).filter(opensRows).count >= 2 { regions.append(n..<m) }
            n = m
        }
        if debug {
            for r in regions {
                FileHandle.standardError.write(Data("visual table: lines \(lines[r.lowerBound].line.top)-\(lines[r.upperBound - 1].line.baseline) pt, columns at \(anchors.map { Int($0.rounded()) })\n".utf8))
            }
        }
        guard !regions.isEmpty else { return (tokens, []) }

        // The regions' words in visual order, each at the place of its first word in poppler's order; a space between
        // words of one segment, none across a wide blank (`PageLayout.gapBreak` cuts the cells there).
        let found = regions.map { r in
            Region(top: lines[r.lowerBound].line.top, bottom: lines[r.upperBound - 1].line.baseline, anchors: anchors)
        }
        var taken = Set<Int>()
        var insertAt: [Int: [Token]] = [:]     // token index in `tokens` -> the region's tokens, put there
        for r in regions {
            var out: [Token] = []
            for n in r {
                let l = lines[n]
                for (k, id) in l.ids.enumerated() {
                    taken.insert(id)
                    var toks = Array(tokens[l.line.words[k].range])
                    // (only the visual line's first character starts a line: poppler's line starts are gone)
                    for t in toks.indices { toks[t].lineStart = (k == 0 && t == 0) }
                    let opensSegment = l.line.segments.contains(where: { $0.range.lowerBound == k })
                    if wordTokens { toks[0].cellStart = k > 0 && opensSegment }
                    else if k > 0, !opensSegment { out.append(Token(text: " ", box: nil, isSpace: true)) }
                    out += toks
                }
                if !wordTokens { out.append(Token(text: "\n", box: nil, isSpace: true)) }
            }
            let first = r.flatMap { lines[$0].ids }.map { words[$0].range.lowerBound }.min()!
            insertAt[first] = out
        }
        var result: [Token] = []
        result.reserveCapacity(tokens.count + 64)
        var skip = [Bool](repeating: false, count: tokens.count)
        for id in taken { for i in words[id].range { skip[i] = true } }
        // (the spaces after a moved word go with it)
        var afterMoved = false
        for (i, t) in tokens.enumerated() {
            if let region = insertAt[i] {
                if !wordTokens { result.append(Token(text: "\n", box: nil, isSpace: true)) }
                result += region
            }
            if skip[i] { afterMoved = true; continue }
            if t.isSpace && t.text != "\n" && afterMoved { continue }
            afterMoved = false
            result.append(t)
        }
        return (result, found)
    }
}
