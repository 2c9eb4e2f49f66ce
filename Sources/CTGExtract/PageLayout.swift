import CTGModel

/// A piece of text on a page with its box: a character (text layer) or a word (OCR).
struct Token {
    var text: String
    var box: Box?
    /// Starts a new line of the source order (poppler line, Tesseract text line).
    var lineStart = false
    var fontSize: Double?
    var bold: Bool?
    var confidence: Double?
    /// Only whitespace.
    var isSpace = false
    /// Length in characters (for font statistics).
    var length = 1
    /// A word that opens a further cell of its line (`VisualTable`, OCR words of a table without rulings).
    var cellStart = false
}

extension Unicode.Scalar {
    /// Whitespace test with an ASCII fast path (the property lookup is slow).
    @inline(__always) var isSpaceFast: Bool {
        value < 128 ? (value == 32 || (value >= 9 && value <= 13)) : properties.isWhitespace
    }
}

extension String {
    /// The string without leading and trailing spaces (ASCII space, tab), cheap when there are none.
    var trimmedSpaces: String {
        let u = utf8
        guard let f = u.first, let l = u.last else { return self }
        if f != 32 && f != 9 && l != 32 && l != 9 { return self }
        guard let start = u.firstIndex(where: { $0 != 32 && $0 != 9 }) else { return "" }
        let end = u.lastIndex(where: { $0 != 32 && $0 != 9 })!
        return String(self[start...end])
    }
}

/// Characters counted by font size (half points), in the order the sizes first appear: a piece of text has one
/// to a few sizes, which a short list holds more cheaply than a dictionary, in an order that does not depend on
/// hashing (a dictionary's order changes from one process to the next, and with it which of two sizes with as
/// many characters came first).
struct SizeCounts {
    private(set) var sizes: [Double] = []
    private(set) var counts: [Int] = []
    mutating func add(_ size: Double, _ n: Int) {
        if let i = sizes.lastIndex(of: size) { counts[i] += n } else { sizes.append(size); counts.append(n) }
    }
    mutating func merge(_ other: SizeCounts) {
        for (s, n) in zip(other.sizes, other.counts) { add(s, n) }
    }
    /// The size of most characters; of sizes with as many, the one that came first.
    var dominant: Double? {
        guard var best = counts.indices.first else { return nil }
        for i in counts.indices.dropFirst() where counts[i] > counts[best] { best = i }
        return sizes[best]
    }
}

/// Builds a page's lines from tokens in reading order and the table rows found from rulings:
/// tokens inside a table cell go to that cell; each row becomes one `Line` with `cells`.
struct PageLayout {
    var page: Int
    var method: ExtractionMethod
    /// Tokens are words that need a space between them (OCR) rather than characters with their own spaces.
    var wordTokens = false

    private struct Piece {
        var text = ""
        var box: Box?
        var sizes = SizeCounts()
        var boldCount = 0, plainCount = 0
        var confSum = 0.0, confN = 0
        var row: Int?
        var col: Int?
        var words: [Word] = []
        /// The word being read from character tokens (PDF text layer).
        var wordText = "", wordBox: Box?
        /// Offsets (in UTF-8 bytes of `text`) where the text layer runs on across a wide blank without a space:
        /// the cells of a row of a table without rulings, or two columns side by side (see `gapBreak`).
        var breaks: [Int] = []
        /// Left edge of each such cell after the first (points).
        var breakX: [Double] = []
        /// Lines under a cell of such a row, continuing it (`continuationCell`), by cell.
        var continued: [Int: [String]] = [:]
        /// The columns of the table the row is part of, when it has fewer cells than the table has columns: the
        /// column of each of its cells, and the number of columns (`alignColumns`).
        var columns: (of: [Int], count: Int)?
        /// The last visible character token added, for `gapBreak`.
        var lastInk: Token?
        /// Takes `q` in as the continuation of cell `k` (text, box, words and font statistics).
        mutating func absorb(_ q: Piece, cell k: Int) {
            continued[k, default: []].append(q.trimmed)
            absorbStatistics(q)
        }
        /// `q` as a further cell of this row, after its last one (`q`'s own cells, if cut, as further cells).
        mutating func appendCell(_ q: Piece) {
            let offset = text.utf8.count
            breaks.append(offset)
            breakX.append(q.box?.x0 ?? box?.x1 ?? 0)
            breaks += q.breaks.map { $0 + offset }
            breakX += q.breakX
            text += q.text
            absorbStatistics(q)
        }
        /// The font size of most of the piece's characters, else its height.
        var mainSize: Double? { sizes.dominant ?? box?.height }
        /// Takes in `q`'s box, words and font statistics.
        mutating func absorbStatistics(_ q: Piece) {
            if let b = q.box { box = box.map { $0.union(b) } ?? b }
            words += q.words
            sizes.merge(q.sizes)
            boldCount += q.boldCount; plainCount += q.plainCount
            confSum += q.confSum; confN += q.confN
        }
        mutating func closeWord() {
            if let b = wordBox, !wordText.isEmpty { words.append(Word(text: wordText, box: b)) }
            wordText = ""; wordBox = nil
        }
        mutating func add(_ t: Token, word: Bool) {
            if !word {
                if t.isSpace { lastInk = nil }
                else if t.box != nil {
                    if let p = lastInk, PageLayout.gapBreak(p, t), let b = t.box {
                        breaks.append(text.utf8.count)
                        breakX.append(b.x0)
                        closeWord()   // the blank ends the word as a space would
                    }
                    lastInk = t
                }
            }
            if word && !text.isEmpty {
                if t.cellStart, let b = t.box { breaks.append(text.utf8.count); breakX.append(b.x0) } else { text += " " }
            }
            text += t.text
            if word {
                if !t.isSpace, let b = t.box { words.append(Word(text: t.text, box: b, confidence: t.confidence)) }
            } else if t.isSpace || t.box == nil {
                closeWord()
            } else if let b = t.box {
                wordText += t.text; wordBox = wordBox.map { $0.union(b) } ?? b
            }
            if let b = t.box, !t.isSpace { box = box.map { $0.union(b) } ?? b }
            if !t.isSpace {
                let n = t.length
                if let f = t.fontSize { sizes.add((f * 2).rounded() / 2, n) }
                if let b = t.bold { if b { boldCount += n } else { plainCount += n } }
                if let c = t.confidence { confSum += c; confN += 1 }
            }
        }
        var trimmed: String { text.trimmedSpaces }
        var isBlank: Bool { text.utf8.allSatisfy { $0 == 32 || $0 == 9 } }
    }

    func lines(tokens: [Token], rows: [GridRow]) -> [Line] {
        // (A table without rulings that poppler or Tesseract reads column by column: its lines in visual order.)
        let (tokens, tables) = method == .pdfText || method == .ocr ? VisualTable.ordered(tokens, rows: rows, words: wordTokens) : (tokens, [])
        // Assign each token to a cell.
        func cellOf(_ b: Box) -> (Int, Int)? {
            let cx = (b.x0 + b.x1) / 2, cy = (b.y0 + b.y1) / 2
            for (ri, r) in rows.enumerated() where cy > r.top && cy < r.bottom {
                for (ci, c) in r.cells.enumerated() where cx > c.x0 && cx < c.x1 { return (ri, ci) }
            }
            return nil
        }
        var pieces: [Piece] = []
        var cur = Piece()
        func flush() {
            cur.closeWord()
            if wordTokens { cur.text = Self.ocrTriangleBullet(cur.text) }
            if !cur.isBlank { pieces.append(cur) }
            cur = Piece()
        }
        for t in tokens {
            if t.text == "\n" { flush(); continue }
            if t.lineStart { flush() }
            if !t.isSpace, let b = t.box {
                var c = rows.isEmpty ? nil : cellOf(b)
                // A word too long for its narrow column runs on past the cell's border ("Echéanc|e"): the characters
                // glued to it stay in the cell the word started in.
                if !wordTokens, let r = cur.row, let k = cur.col, c?.0 != r || c?.1 != k,
                   let last = cur.lastInk, Self.gluedOn(last, t) {
                    c = (r, k)
                }
                if c?.0 != cur.row || c?.1 != cur.col {
                    if !cur.isBlank { flush() } else { cur = Piece() }
                    cur.row = c?.0; cur.col = c?.1
                } else if !wordTokens, c == nil, let last = cur.lastInk, Self.baselineJump(last, t) {
                    // poppler ran one line of text on into another one: two lines
                    flush()
                }
            }
            cur.add(t, word: wordTokens)
        }
        flush()

        // Free lines in reading order, rows inserted where they fall.
        var free: [Piece] = []
        var cellPieces: [Int: [Int: [Piece]]] = [:]
        for p in pieces {
            if let r = p.row, let c = p.col { cellPieces[r, default: [:]][c, default: []].append(p) } else { free.append(p) }
        }
        var out: [Line] = []
        func line(_ p: Piece) -> Line {
            var l = Line(text: p.trimmed, page: page, number: 0, box: p.box, method: method,
                         confidence: p.confN > 0 ? p.confSum / Double(p.confN) : nil,
                         fontSize: p.sizes.dominant,
                         bold: p.boldCount + p.plainCount > 0 ? p.boldCount > p.plainCount : nil)
            l.words = p.words
            if var cells = Self.gapCells(p.text, p.breaks) ?? (p.columns != nil ? [p.trimmed] : nil) {
                for (k, more) in p.continued.sorted(by: { $0.key < $1.key }) where k < cells.count {
                    for t in more { cells[k] = Self.joiningLine(cells[k], t) }
                }
                if let (of, count) = p.columns, of.count == cells.count {
                    var all = [String](repeating: "", count: count)
                    for (k, c) in of.enumerated() { all[c] = cells[k] }
                    cells = all
                }
                l.cells = cells
                l.text = cells.joined(separator: "\t")
            }
            return l
        }
        func sortedPieces(_ ps: [Piece]) -> [Piece] {
            ps.sorted {
                guard let a = $0.box, let b = $1.box else { return false }
                if abs(a.y0 - b.y0) > min(a.height, b.height) / 2 { return a.y0 < b.y0 }
                return a.x0 < b.x0
            }
        }
        // Line pitch (baseline to baseline, in font sizes) from one line of a cell to the next.
        func pitch(_ a: Piece, _ b: Piece) -> Double? {
            guard let ba = a.box, let bb = b.box, let size = b.sizes.dominant, size > 0,
                  bb.y1 - ba.y1 > min(ba.height, bb.height) / 2 else { return nil }
            return (bb.y1 - ba.y1) / size
        }
        // The page's ordinary pitch inside a paragraph of a cell; a wider step is a paragraph break (<p> margin).
        var pitches: [Double] = []
        for (_, byCol) in cellPieces {
            for (_, ps) in byCol {
                let sorted = sortedPieces(ps)
                for k in sorted.indices.dropFirst() { if let v = pitch(sorted[k - 1], sorted[k]) { pitches.append(v) } }
            }
        }
        pitches.sort()
        let ordinaryPitch: Double? = pitches.count >= 6 ? pitches[pitches.count / 4] : nil
        var rowLines: [(top: Double, line: Line)] = []
        for (ri, r) in rows.enumerated() {
            guard let byCol = cellPieces[ri] else { continue }
            var cells: [String] = []
            var all = Piece()
            for ci in 0..<r.cells.count {
                let ps = sortedPieces(byCol[ci] ?? [])
                var text = ""
                var lastBox: Box?
                var last: Piece?
                for p in ps {
                    defer { last = p }
                    let t = p.trimmed
                    if text.isEmpty { text = t }
                    else if let lb = lastBox, let b = p.box, abs(lb.y0 - b.y0) < min(lb.height, b.height) / 2 { text += " " + t }
                    else if Self.startsBlock(t) { text += "\n" + t }
                    else if let o = ordinaryPitch, let l = last, let v = pitch(l, p), v > o + 0.15 { text += "\n" + t }
                    else if Self.brokenAtHyphen(text, t) { text += t }
                    else { text += " " + t }
                    lastBox = p.box
                    all.sizes.merge(p.sizes)
                    all.boldCount += p.boldCount; all.plainCount += p.plainCount
                    all.confSum += p.confSum; all.confN += p.confN
                    all.words += p.words
                }
                cells.append(text)
            }
            var l = line(all)
            l.text = cells.joined(separator: "\t")
            l.cells = cells
            l.box = Box(x0: r.cells.first!.x0, y0: r.top, x1: r.cells.last!.x1, y1: r.bottom)
            rowLines.append((r.top, l))
        }
        // Lines right under a cell of a row cut at wide blanks, starting at that cell's left edge: the cell
        // continues (a table without rulings wraps its cells as a ruled one does).
        var merged: [Piece] = []
        let boxes = free.compactMap(\.box)
        let textWidth = (boxes.map(\.x1).max() ?? 0) - (boxes.map(\.x0).min() ?? 0)
        for p in (wordTokens ? free : Self.textColumns(free)) {
            if !wordTokens, let m = Self.wrappedFirstCell(merged, p, textWidth: textWidth) {
                // poppler gave a row's first cell, wrapped over a few lines, before the rest of the row: the rest goes
                // on the first cell's first line, the first cell's other lines under it as its continuation
                let under = Array(merged[(m + 1)...])
                merged.removeSubrange((m + 1)...)
                merged[m].appendCell(p)
                for q in under { merged[m].absorb(q, cell: 0) }
                continue
            }
            if !p.breaks.isEmpty || merged.last?.breaks.isEmpty != false { merged.append(p); continue }
            if let last = merged.last, Self.besideRow(last, p) {
                // poppler gave the row's last cell as a line of its own: a further cell, as `gapBreak` would cut it
                merged[merged.count - 1].appendCell(p)
                continue
            }
            if let k = Self.continuationCell(row: merged[merged.count - 1], p) {
                merged[merged.count - 1].absorb(p, cell: k)
            } else {
                merged.append(p)
            }
        }
        // (Text layers only: Tesseract reads a table without rulings row by row or block by block in its own ways;
        // only the tables put back in visual order get their rows.)
        free = wordTokens ? (tables.isEmpty ? merged : Self.wrappedRows(merged, tables: tables))
                          : Self.wrappedRows(Self.alignColumns(Self.labelColumnRows(Self.strayCells(merged))),
                                             gridSteps: method == .textLayout, tables: tables)
        var ri = 0
        for p in free {
            let y = p.box?.y0 ?? 0
            while ri < rowLines.count && rowLines[ri].top <= y { out.append(rowLines[ri].line); ri += 1 }
            out.append(line(p))
        }
        while ri < rowLines.count { out.append(rowLines[ri].line); ri += 1 }
        return out
    }

    /// Whether the text layer runs on from character `a` to character `b` across a blank that no word space
    /// explains: same baseline, a gap of more than 1.5 times the font size, and no space character between them
    /// (the caller resets `a` at spaces). Poppler's text gives the cells of a row of a table without rulings, or
    /// two columns side by side, as one line without a separator; read as one they glue words ("enfanceDroite").
    static func gapBreak(_ a: Token, _ b: Token) -> Bool {
        guard let pa = a.box, let pb = b.box else { return false }
        let size = max(b.fontSize ?? pb.height, 1)
        return abs(pa.y1 - pb.y1) < size / 2 && beyondBlank(pa, pb, size: size)
    }

    /// Whether character `b` follows character `a` in the same word: same baseline, starting where `a` ends (a
    /// fraction of a point of kerning either way), no space between them (the caller resets `a` at spaces).
    static func gluedOn(_ a: Token, _ b: Token) -> Bool {
        guard let pa = a.box, let pb = b.box else { return false }
        let size = max(b.fontSize ?? pb.height, 1)
        return abs(pa.y1 - pb.y1) < size / 4 && pb.x0 - pa.x1 < 0.15 * size && pb.x0 - pa.x1 > -0.15 * size
    }

    /// Whether `b` starts to the right of `a` beyond a blank wider than any word space: 1.5 font sizes.
    static func beyondBlank(_ a: Box, _ b: Box, size: Double) -> Bool { b.x0 - a.x1 > 1.5 * size }

    /// A table without rulings whose columns poppler reads one after the other (all the labels, then all the
    /// values): lines side by side on one baseline across a wide blank, in left-aligned columns, for at least three
    /// rows, the first column narrow next to the others (labels beside values; not two columns of running text,
    /// not centred signature blocks) are put back together as rows, each with the lines under its cells. The rows
    /// take the place of the first of their lines in the reading order.
    private static func labelColumnRows(_ ps: [Piece]) -> [Piece] {
        struct Cand { var i: Int; var box: Box; var size: Double }
        var cands: [Cand] = []
        for (i, p) in ps.enumerated() where p.breaks.isEmpty && !p.isBlank {
            guard let b = p.box else { continue }
            if let size = p.mainSize, size > 0 { cands.append(Cand(i: i, box: b, size: size)) }
        }
        guard cands.count >= 6 else { return ps }
        // The nearest line to the right of each line on its baseline, beyond a wide blank.
        var rightOf: [Int: Cand] = [:]
        var hasLeft = Set<Int>()
        for a in cands {
            var best: Cand?
            for b in cands where abs(b.box.y1 - a.box.y1) <= 0.3 * a.size && beyondBlank(a.box, b.box, size: a.size) {
                if best.map({ b.box.x0 < $0.box.x0 }) ?? true { best = b }
            }
            if let b = best { rightOf[a.i] = b; hasLeft.insert(b.i) }
        }
        guard rightOf.count >= 3 else { return ps }
        // Rows: chains of such lines from one without a left neighbour, top to bottom.
        var rows: [[Cand]] = []
        for a in cands where rightOf[a.i] != nil && !hasLeft.contains(a.i) {
            var row = [a]
            while let b = rightOf[row.last!.i], row.count < 8 { row.append(b) }
            rows.append(row)
        }
        rows.sort { $0[0].box.y0 < $1[0].box.y0 }
        let rowMembers = Set(rows.flatMap { $0.map(\.i) })
        // Lines that can continue a cell: those not in a row themselves.
        let byTop = cands.filter { !rowMembers.contains($0.i) }.sorted { $0.box.y0 < $1.box.y0 }
        var used = Set<Int>()
        var tables: [(rows: [[Cand]], under: [Int: [Int: [Int]]])] = []
        var k = 0
        while k < rows.count {
            // The longest run of rows from k with the same columns, nothing but cell continuations between them.
            let first = rows[k]
            let tol = first[0].size * 0.6
            // The first row's columns, or some of them (a row with empty cells).
            func sameColumns(_ r: [Cand]) -> Bool {
                r.count <= first.count && r.allSatisfy { c in first.contains { abs($0.box.x0 - c.box.x0) <= tol } }
            }
            var run = [first]
            var pairs = 1   // lines side by side taken in, as rows or as the next lines of a row's cells
            var under: [Int: [Int: [Int]]] = [:]   // row index in run -> column -> continuation lines
            var bottom = first.map(\.box.y1).max()!
            var m = k + 1
            scan: while m <= rows.count {
                let nextTop = m < rows.count ? rows[m][0].box.y0 : Double.infinity
                // Lines between the last row and the next one (or below the last row, within a line step each).
                for c in byTop where c.box.y0 > run.last![0].box.y0 && c.box.y0 < nextTop {
                    // (under a cell of that row: `under` is by the row's own cells, which may skip empty columns)
                    guard c.box.y0 - bottom <= c.size * 1.2,
                          let col = first.indices.first(where: { abs(c.box.x0 - first[$0].box.x0) <= tol }),
                          col + 1 >= first.count || c.box.x1 < first[col + 1].box.x0 - c.size / 2,
                          let cell = run.last!.firstIndex(where: { abs($0.box.x0 - first[col].box.x0) <= tol }) else {
                        if m < rows.count, c.box.y0 < nextTop { break scan } else { break }
                    }
                    under[run.count - 1, default: [:]][cell, default: []].append(c.i)
                    bottom = max(bottom, c.box.y1)
                }
                guard m < rows.count, sameColumns(rows[m]), rows[m][0].box.y0 - bottom <= rows[m][0].size * 2.5 else { break }
                // The next line of the row's cells rather than a row: one line step under it (no gap between rows),
                // its first cell going on in lower case (a wrapped label), every cell under one of the row's cells.
                let next = rows[m], last = run.last!
                let cellsUnder = next.map { c in last.firstIndex { abs($0.box.x0 - c.box.x0) <= tol } }
                if next[0].box.y0 - bottom <= next[0].size * 0.35, abs(next[0].box.x0 - first[0].box.x0) <= tol,
                   let f = ps[next[0].i].text.first(where: { !$0.isWhitespace }), f.isLowercase,
                   cellsUnder.allSatisfy({ $0 != nil }) {
                    for (c, cell) in zip(next, cellsUnder) { under[run.count - 1, default: [:]][cell!, default: []].append(c.i) }
                } else {
                    run.append(next)
                }
                bottom = max(bottom, next.map(\.box.y1).max()!)
                pairs += 1
                m += 1
            }
            k = max(m, k + 1)
            guard pairs >= 3 else { continue }
            // Labels beside values: the first column narrow next to the widest other one.
            let firstWidths = run.filter { abs($0[0].box.x0 - first[0].box.x0) <= tol }.map { $0[0].box.width }.sorted()
            var widest = 0.0
            for (r, row) in run.enumerated() {
                for col in row.indices where abs(row[col].box.x0 - first[0].box.x0) > tol {
                    var w = row[col].box.width
                    for j in under[r]?[col] ?? [] { w = max(w, ps[j].box!.x1 - row[col].box.x0) }
                    widest = max(widest, w)
                }
            }
            guard firstWidths[firstWidths.count / 2] <= 0.6 * widest else { continue }
            tables.append((run, under))
            for (r, row) in run.enumerated() {
                for c in row { used.insert(c.i) }
                for (_, js) in under[r] ?? [:] { for j in js { used.insert(j) } }
            }
        }
        guard !tables.isEmpty else { return ps }
        // Each table's rows where its first line was in the reading order.
        var rowsAt: [Int: [Piece]] = [:]
        for t in tables {
            var built: [Piece] = []
            for (r, row) in t.rows.enumerated() {
                var piece = ps[row[0].i]
                for c in row.dropFirst() { piece.appendCell(ps[c.i]) }
                for (col, js) in (t.under[r] ?? [:]).sorted(by: { $0.key < $1.key }) {
                    for j in js.sorted(by: { ps[$0].box!.y0 < ps[$1].box!.y0 }) { piece.absorb(ps[j], cell: col) }
                }
                built.append(piece)
            }
            let at = t.rows.flatMap { $0.map(\.i) }.min()!
            rowsAt[at] = built
        }
        var out: [Piece] = []
        for (i, p) in ps.enumerated() {
            if let built = rowsAt[i] { out += built }
            if !used.contains(i) { out.append(p) }
        }
        return out
    }

    /// Two columns of running text side by side that poppler gives line by line, each line of the left column glued
    /// to the line beside it (cut at the blank into two cells, `gapBreak`): at least four such lines in a row, one
    /// above the other, the blank at the same place, both columns long lines of text (not a narrow label column)
    /// are read column by column, as poppler reads them when their lines are closer together.
    private static func textColumns(_ ps: [Piece]) -> [Piece] {
        func twoCells(_ p: Piece) -> [String]? {
            guard p.breaks.count == 1, p.box != nil else { return nil }
            return gapCells(p.text, p.breaks)
        }
        func size(_ p: Piece) -> Double { p.mainSize ?? 0 }
        var out: [Piece] = []
        var i = 0
        while i < ps.count {
            guard twoCells(ps[i]) != nil else { out.append(ps[i]); i += 1; continue }
            let first = ps[i], tol = size(first) * 0.6
            var j = i + 1
            while j < ps.count, twoCells(ps[j]) != nil, let a = ps[j - 1].box, let b = ps[j].box,
                  abs(ps[j].breakX[0] - first.breakX[0]) <= tol, abs(b.x0 - first.box!.x0) <= tol,
                  b.y0 > a.y0, b.y0 - a.y1 <= 2.5 * size(ps[j]) { j += 1 }
            let run = Array(ps[i..<j])
            let cells = run.map { twoCells($0)! }
            func median(_ v: [Int]) -> Int { v.sorted()[v.count / 2] }
            let left = median(cells.map { $0[0].count }), right = median(cells.map { $0[1].count })
            guard run.count >= 4, left >= 25, right >= 25, Double(left) >= 0.6 * Double(right) else {
                out.append(ps[i]); i += 1; continue
            }
            var lefts: [Piece] = [], rights: [Piece] = []
            for (p, c) in zip(run, cells) {
                let x = p.breakX[0]
                for (k, text) in c.enumerated() {
                    var q = p
                    q.text = text; q.breaks = []; q.breakX = []
                    q.words = p.words.filter { ($0.box.x0 < x) == (k == 0) }
                    var box: Box?
                    for w in q.words { box = box.map { $0.union(w.box) } ?? w.box }
                    q.box = box ?? p.box
                    if k == 0 { lefts.append(q) } else { rights.append(q) }
                }
            }
            out += lefts + rights
            i = j
        }
        return out
    }

    /// Rows of one table without rulings, one under the other, have their cells at the same left edges, but an empty
    /// cell leaves no text: a row with fewer cells than the table's columns gets its cells put in their columns (the
    /// others empty), as a text dump with tabs keeps them. The columns are the left edges of all the rows' cells.
    private static func alignColumns(_ ps: [Piece]) -> [Piece] {
        var out = ps
        var i = 0
        while i < out.count {
            guard !out[i].breaks.isEmpty, let top = out[i].box else { i += 1; continue }
            let size = out[i].mainSize ?? top.height
            var j = i + 1
            while j < out.count, !out[j].breaks.isEmpty, let a = out[j - 1].box, let b = out[j].box,
                  b.y0 > a.y0, b.y0 - a.y1 <= 2.5 * size { j += 1 }
            defer { i = j }
            guard j - i >= 2, size > 0 else { continue }
            let lefts: [[Double]] = out[i..<j].map { [$0.box!.x0] + $0.breakX }
            var anchors: [Double] = []
            for x in lefts.flatMap({ $0 }).sorted() where anchors.last.map({ x - $0 > size * 0.6 }) ?? true { anchors.append(x) }
            guard lefts.contains(where: { $0.count < anchors.count }) else { continue }
            for (r, xs) in lefts.enumerated() where xs.count < anchors.count {
                var of: [Int] = []
                for x in xs {
                    guard let c = anchors.lastIndex(where: { $0 <= x + size * 0.6 }), abs(anchors[c] - x) <= size * 0.6,
                          of.last.map({ c > $0 }) ?? true else { of = []; break }
                    of.append(c)
                }
                if !of.isEmpty { out[i + r].columns = (of, anchors.count) }
            }
        }
        return out
    }

    /// A table without rulings whose cells wrap gives each row as several lines cut into cells, the lines of one
    /// row closer together than the rows are (cell padding, a blank between rows). Such lines are put back together
    /// as one row, each cell's lines joined in its column, as a ruled table's rows are. Only where the evidence
    /// says so: a run of at least two lines cut into cells, one under the other, whose cells start at common left
    /// edges (the table's columns), with two kinds of line step, the short one (within a row) and a longer one
    /// (between rows); a line whose cells all open with a capital, a digit or a bullet starts a row whatever its
    /// step. A run with one kind of step (rows of one line each, or no blank between rows) is left as it is, except
    /// on a character grid (`gridSteps`: a text dump laid out with spaces), where steps are whole lines (a row's
    /// padding vanishes, a blank line may fall inside a cell): there the lines that open a row start the rows.
    /// `tables`: the page's tables read in visual order (`VisualTable`): a run inside one takes the table's columns
    /// (a run may then start with a line of one cell, and a run's rows may leave the first column empty), and a line
    /// of one cell there, outside the first column, is a row of that one cell (a row's rest after a page break).
    private static func wrappedRows(_ ps: [Piece], gridSteps: Bool = false, tables: [VisualTable.Region] = []) -> [Piece] {
        var out: [Piece] = []
        var i = 0
        while i < ps.count {
            let table = ps[i].box.flatMap { b in tables.first { $0.contains(b) } }
            guard !ps[i].breaks.isEmpty || table != nil, ps[i].box != nil, let size = ps[i].mainSize, size > 0 else { out.append(ps[i]); i += 1; continue }
            // (A character grid places a cell's lines a column or two apart, rounding their true positions.)
            let tol = gridSteps ? size * 2 : size * 0.6
            // Lines one under the other, close together; the table's columns from the lines cut into cells.
            var j = i + 1
            while j < ps.count, !ps[j].isBlank, let a = ps[j - 1].box, let b = ps[j].box,
                  b.y0 > a.y0 + min(a.height, b.height) / 2, b.y0 - a.y1 <= 1.5 * size { j += 1 }
            // Each line's cells with their left edges; a cell hanging a little right of a list item of the line
            // above ("- Evolution du taux" / "   d'occupation des structures") continues it: it takes the item's edge.
            var texts: [[(x: Double, text: String)]] = []
            var hanging: [[Bool]] = []
            for k in i..<j {
                var cells = cellTexts(ps[k]), hung = [Bool](repeating: false, count: cells.count)
                if let above = texts.last, let aboveHung = hanging.last {
                    for c in cells.indices {
                        let x = cells[c].x
                        if let a = above.indices.first(where: { a in
                            x > above[a].x + tol && x - above[a].x <= 3 * size && (startsBlock(above[a].text) || aboveHung[a])
                                && (a + 1 == above.count || x < above[a + 1].x - tol)
                        }) {
                            cells[c].x = above[a].x; hung[c] = true
                        }
                    }
                }
                texts.append(cells); hanging.append(hung)
            }
            // (a run inside a table read in visual order also takes the table's columns: its rows may leave some empty)
            var anchors: [Double] = []
            for x in ((i..<j).filter({ !ps[$0].breaks.isEmpty }).flatMap({ texts[$0 - i].map(\.x) }) + (table?.anchors ?? [])).sorted()
            where anchors.last.map({ x - $0 > tol }) ?? true { anchors.append(x) }
            func column(_ x: Double) -> Int? {
                guard let c = anchors.indices.min(by: { abs(anchors[$0] - x) < abs(anchors[$1] - x) }), abs(anchors[c] - x) <= tol else { return nil }
                return c
            }
            // Each line's cells in their columns; the run ends at a line with a cell outside the columns, and at a
            // line of one cell in the first column (a paragraph or a list under the table) unless a line cut into
            // cells follows it (the first cell wrapping on its own).
            var lines: [[(col: Int, text: String)]] = []
            var end = i
            scan: while end < j {
                var cells: [(col: Int, text: String)] = []
                for (x, t) in texts[end - i] {
                    guard let c = column(x), cells.last.map({ c > $0.col }) ?? true else { break scan }
                    cells.append((c, t))
                }
                // (A list in the first column goes on: an item's hanging line, or a next item under an item.)
                let k = end - i
                let listGoesOn = k > 0 && (hanging[k].first == true || (startsBlock(cells[0].text) && lines.last?.first?.col == 0
                    && (startsBlock(texts[k - 1][0].text) || hanging[k - 1].first == true)))
                // (in a table read in visual order, a first cell's wrapped lines are lines of one cell in the first column)
                let inTable = k > 0 && table.map { t in ps[end].box.map(t.contains) == true } == true
                if cells.count == 1, cells[0].col == 0, !listGoesOn, !inTable, !(end + 1 < j && !ps[end + 1].breaks.isEmpty) { break }
                lines.append(cells)
                end += 1
            }
            defer { i = max(end, i + 1) }
            // (a run in a table read in visual order may end at its first line: its cells are not in the columns)
            let steps = end > i ? (i + 1..<end).map { ps[$0].box!.y0 - ps[$0 - 1].box!.y0 } : []
            guard end - i >= 3, ps[i..<end].filter({ !$0.breaks.isEmpty }).count >= 2, anchors.count >= 2,
                  let short = steps.min(), let long = steps.max(),
                  gridSteps || long - short > 0.25 * size || oneWrappedRow(lines, columns: anchors.count) else {
                for k in i..<max(end, i + 1) {
                    var p = ps[k]
                    if table != nil, p.breaks.isEmpty, k < end, let c = lines[k - i].first?.col, c > 0 { p.columns = ([c], anchors.count) }
                    out.append(p)
                }
                continue
            }
            // (On a character grid a blank line is no evidence: the converter puts one wherever the text's lines
            // are further apart than one line step, inside a row's cell as well as between rows.)
            let cut = !gridSteps && long - short > 0.25 * size ? short + 0.25 * size : .infinity
            // A row's first line: its cells open as cells do (a capital, a digit, a bullet), all of them when there
            // are two, all but one of three or more (a cell may open with a word in lower case, where the wrapped
            // lines under a row's first line open mostly so); and it starts in the first column or fills half the
            // columns at least (cells start at the row's top: a line of two list items deep in a wide row is not one).
            func opensRow(_ cells: [(col: Int, text: String)]) -> Bool {
                guard cells.count >= 2, cells[0].col == 0 || cells.count * 2 >= anchors.count else { return false }
                return Self.opensRow(opening: Self.opening(cells), of: cells.count)
            }
            // Rows: a long step or a line opening a row starts one; where the steps tell the rows apart, a line at a
            // short step opens one only with every cell opening (the wrapped lines of a row's cells may open so but
            // for one: "d'accueil en horaires" | "Territoire PSU" | "Acquisition bâtiment").
            var groups: [[Int]] = [[0]]
            for k in 1..<lines.count {
                let opens = opensRow(lines[k]) && (cut == .infinity || Self.opening(lines[k]) == lines[k].count)
                if steps[k - 1] > cut || opens { groups.append([k]) } else { groups[groups.count - 1].append(k) }
            }
            for g in groups {
                // (in a table read in visual order, the lines of one cell outside the first column are a row too)
                guard g.count > 1, g.contains(where: { lines[$0].count > 1 }) || (table != nil && lines[g[0]][0].col > 0) else {
                    for k in g {
                        var p = ps[i + k]
                        // A row of one line keeps its cells, placed in the run's columns as the wrapped rows are (a
                        // header row over them: "Indicateurs d'évaluation" … "Résultats attendus").
                        let cols = lines[k].map(\.col)
                        if !p.breaks.isEmpty, cols.count == p.breaks.count + 1, cols.count < anchors.count || cols.first != 0 {
                            p.columns = (cols, anchors.count)
                        } else if table != nil, p.breaks.isEmpty, let c = cols.first, c > 0 {
                            p.columns = ([c], anchors.count)
                        }
                        out.append(p)
                    }
                    continue
                }
                var byColumn: [Int: String] = [:]
                for k in g {
                    for (c, t) in lines[k] {
                        byColumn[c] = byColumn[c].map { joiningLine($0, t) } ?? t
                    }
                }
                var row = ps[i + g[0]]
                for k in g.dropFirst() { row.absorbStatistics(ps[i + k]) }
                let cols = byColumn.keys.sorted()
                row.text = ""; row.breaks = []; row.breakX = []; row.continued = [:]
                for (n, c) in cols.enumerated() {
                    if n > 0 { row.breaks.append(row.text.utf8.count); row.breakX.append(anchors[c]) }
                    row.text += byColumn[c]!
                }
                row.columns = cols.count < anchors.count || cols.first != 0 ? (cols, anchors.count) : nil
                out.append(row)
            }
        }
        return out
    }

    /// Whether a cell's text opens as a cell does: a capital, a digit or a bullet.
    static func opensCell(_ t: String) -> Bool {
        guard let f = t.first else { return false }
        return f.isUppercase || f.isNumber || startsBlock(t)
    }

    /// How many of a line's cells open as a cell does (`opensCell`).
    private static func opening(_ cells: [(col: Int, text: String)]) -> Int { cells.filter { opensCell($0.text) }.count }

    /// Whether a line of `count` cells, `opening` of them opening, opens as a row of a table does: all of them, or
    /// three in four of three cells or more (a cell may open with a word in lower case).
    static func opensRow(opening: Int, of count: Int) -> Bool { opening == count || (count >= 3 && opening * 4 >= count * 3) }

    /// A run of lines at one step that reads as one row of wrapped cells (a table's last row, set apart from the
    /// rows above by a blank): its first line has a cell in every column but one at most, every cell opening, and
    /// none of the lines under it opens as a row does (wrapped lines, not rows of one line each).
    private static func oneWrappedRow(_ lines: [[(col: Int, text: String)]], columns: Int) -> Bool {
        guard let first = lines.first, columns >= 3, first.count + 1 >= columns, opening(first) == first.count else { return false }
        return lines.dropFirst().allSatisfy { !opensRow(opening: opening($0), of: $0.count) }
    }

    /// A cell's text with its next line `t`: a list item on a line of its own, a word broken at its hyphen joined up,
    /// else after a space.
    static func joiningLine(_ text: String, _ t: String) -> String {
        text + (startsBlock(t) ? "\n" : (brokenAtHyphen(text, t) ? "" : " ")) + t
    }

    /// A line's cells with their left edges: its text cut at its blanks, each with the lines `continuationCell`
    /// took in under it (as `line(_:)` joins them).
    private static func cellTexts(_ p: Piece) -> [(x: Double, text: String)] {
        guard let box = p.box else { return [] }
        guard var cells = gapCells(p.text, p.breaks) else { return [(box.x0, p.trimmed)] }
        for (k, more) in p.continued.sorted(by: { $0.key < $1.key }) where k < cells.count {
            for t in more { cells[k] = joiningLine(cells[k], t) }
        }
        return cells.enumerated().map { (k, t) in (k == 0 ? box.x0 : p.breakX[k - 1], t) }
    }

    /// The row whose first cell wraps over the last few lines read (up to eleven, one under the other at the same
    /// left edge, left of `p`), `p`'s first line standing on the baseline of that cell's first line across a wide
    /// blank: poppler read the first column's lines of the row before the rest of it ("Adapter les agréments au" /
    /// "besoin des familles" / "1-1-1-A  CC + AFJC  …"). The lines under the first go on with it (lower case, a list
    /// item inside the cell, or after a line left open: "Moyens et" / "Ressources"); a line opening with a capital
    /// under a complete one is a row of its own, a table read column by column (`labelColumnRows`). The first cell
    /// is narrow (a third of the page's text width at most): two columns of running text are not a row. The
    /// index of that first line in `read`, or nil.
    private static func wrappedFirstCell(_ read: [Piece], _ p: Piece, textWidth: Double) -> Int? {
        guard read.count >= 2, let b = p.box, !p.isBlank else { return nil }
        let size = max(p.mainSize ?? b.height, 1)
        let pb = p.words.first?.box ?? b
        for m in stride(from: read.count - 2, through: max(0, read.count - 12), by: -1) {
            let first = read[m]
            guard let a = first.box, first.breaks.isEmpty, first.continued.isEmpty, !first.isBlank else { continue }
            guard abs((first.words.first?.box ?? a).y1 - pb.y1) < size / 2, beyondBlank(a, b, size: size) else { continue }
            var above = a
            var aboveText = first.trimmed
            var right = a.x1
            for q in read[(m + 1)...] {
                let t = q.trimmed
                guard let c = q.box, q.breaks.isEmpty, q.continued.isEmpty, abs(c.x0 - a.x0) <= size * 0.6,
                      c.x1 < b.x0 - size / 2, c.y0 > above.y0, c.y0 - above.y1 <= size,
                      t.first?.isLowercase == true || startsBlock(t) || leftOpen(aboveText) else { return nil }
                above = c; aboveText = t; right = max(right, c.x1)
            }
            // a first column, narrow on the page (not a column of running text beside another one)
            guard right - a.x0 <= 0.35 * textWidth else { return nil }
            return m
        }
        return nil
    }

    /// Words that cannot end a phrase ("Moyens et", "Actions de"): a line ending on one goes on below.
    static let openEnds: Set<String> = ["de", "du", "des", "d'", "la", "le", "les", "l'", "et", "ou", "à", "au", "aux",
                                        "en", "pour", "par", "avec", "sur", "dans"]

    /// Whether a line ends open: on one of `openEnds`, or on a comma, a hyphen, a slash or an opening parenthesis.
    static func leftOpen(_ t: String) -> Bool {
        guard let l = t.last else { return false }
        if ",-/(".contains(l) { return true }
        let last = t.split(separator: " ").last.map { $0.lowercased() } ?? ""
        return openEnds.contains(last) || last.hasSuffix("'") || last.hasSuffix("’")
    }

    /// Cells of a row of a table without rulings that poppler reads apart from the row: some lines after it (a
    /// header row's "Moyens à mobiliser" after the rows under it, a row's last cells after the next rows), or just
    /// before it (a header's "2022", "2023"… before its "Personnel  Financier"). A short line whose first line stands
    /// on the first line of a row cut into cells among the few lines before it, in a blank of that row (no word of
    /// the row over it), goes into that row at its place from the left; the lines right under such a cell continue
    /// it. A row cut into cells takes in the one-cell lines just before it that stand on its first line in its blanks.
    private static func strayCells(_ ps: [Piece]) -> [Piece] {
        var out: [Piece] = []
        // the cells put in last (row, their indices and left edges, bottom of their last line): the lines right
        // under one of them continue it
        var last: (m: Int, cells: [(k: Int, x: Double, bottom: Double)])?
        func firstLine(_ p: Piece) -> Box? { p.words.first?.box }
        /// Whether no word of `p` on its first line stands over a word of `r` on the same line.
        func clear(_ r: Piece, _ p: Piece, size: Double) -> Bool {
            guard let a = firstLine(r), let b = firstLine(p) else { return false }
            let rs = r.words.filter { abs($0.box.y1 - a.y1) < size / 2 }
            let qs = p.words.filter { abs($0.box.y1 - b.y1) < size / 2 }
            return qs.allSatisfy { q in rs.allSatisfy { w in w.box.x1 < q.box.x0 - size || w.box.x0 > q.box.x1 + size } }
        }
        /// `row` with `cells` added at their places from the left (their continuations flattened in).
        func inserting(_ cells: [(x: Double, text: String)], into row: Piece, from q: Piece) -> Piece {
            var all = cellTexts(row) + cells
            all.sort { $0.x < $1.x }
            var r = row
            r.absorbStatistics(q)
            r.text = ""; r.breaks = []; r.breakX = []; r.continued = [:]
            for (n, c) in all.enumerated() {
                if n > 0 { r.breaks.append(r.text.utf8.count); r.breakX.append(c.x) }
                r.text += c.text
            }
            return r
        }
        for var p in ps {
            // (at most 200 characters; the byte count settles most lines without counting characters)
            guard !p.isBlank, let b = p.box, let top = firstLine(p), p.text.utf8.count <= 200 || p.text.count <= 200 else {
                last = nil; out.append(p); continue
            }
            let size = max(p.mainSize ?? top.height, 1)
            if p.breaks.isEmpty, p.continued.isEmpty, let l = last,
               let n = l.cells.firstIndex(where: { abs(b.x0 - $0.x) <= size * 0.6 && b.y0 >= $0.bottom - size / 2 && b.y0 - $0.bottom <= size }) {
                out[l.m].absorb(p, cell: l.cells[n].k)
                last!.cells[n].bottom = b.y1
                continue
            }
            last = nil
            // the one-cell lines just before a row, on its first line, in its blanks
            if !p.breaks.isEmpty {
                var pulled: [Piece] = []
                while let q = out.last, q.breaks.isEmpty, q.continued.isEmpty, !q.isBlank, let qb = q.box, let qt = firstLine(q),
                      qb.height < 2 * size, abs(qt.y1 - top.y1) < size / 2, clear(p, q, size: size) {
                    pulled.append(q); out.removeLast()
                }
                for q in pulled { p = inserting([(q.box!.x0, q.trimmed)], into: p, from: q) }
            }
            var target: Int?
            for m in stride(from: out.count - 1, through: max(0, out.count - 8), by: -1) {
                let r = out[m]
                guard !r.breaks.isEmpty, r.columns == nil, let first = firstLine(r), abs(first.y1 - top.y1) < size / 2 else { continue }
                if clear(r, p, size: size) { target = m }
                break
            }
            guard let m = target else { out.append(p); continue }
            let added = cellTexts(p)
            out[m] = inserting(added, into: out[m], from: p)
            let now = cellTexts(out[m])
            last = (m, added.compactMap { a in now.firstIndex { $0.x == a.x && $0.text == a.text }.map { ($0, a.x, top.y1 + 0.25 * size) } })
        }
        return out
    }

    /// Whether the line `p` stands on the baseline of the row `row` (cut at wide blanks), to the right of its last
    /// cell beyond a wide blank: a further cell of that row.
    private static func besideRow(_ row: Piece, _ p: Piece) -> Bool {
        guard let a = row.box, let b = p.box, p.breaks.isEmpty, row.continued.isEmpty, !p.isBlank else { return false }
        let size = max(p.mainSize ?? b.height, 1)
        return abs(a.y1 - b.y1) < size / 2 && beyondBlank(a, b, size: size)
    }

    /// The cell (after the first) of `row` that the line `p` continues: `p` starts at that cell's left edge (or,
    /// in a cell holding a list, a little right of it: the hanging indent of an item, a nested item), stays left of
    /// the next cell, and lies right under the row (within a line step: not a paragraph gap).
    private static func continuationCell(row: Piece, _ p: Piece) -> Int? {
        guard let a = row.box, let b = p.box, !p.isBlank else { return nil }
        let size = p.mainSize ?? b.height
        guard size > 0, b.y0 >= a.y1 - size / 2, b.y0 - a.y1 <= size else { return nil }
        func item(_ i: Int) -> Bool {
            // the cell is a list: its first line, or a line taken in under it, opens a list item
            if row.continued[i + 1]?.contains(where: startsBlock) == true { return true }
            let cells = gapCells(row.text, row.breaks)
            return cells.map { i + 1 < $0.count && startsBlock($0[i + 1]) } ?? false
        }
        for (i, x) in row.breakX.enumerated()
        where abs(b.x0 - x) <= size * 0.6 || (b.x0 > x && b.x0 - x <= size * 6 && item(i)) {
            if i + 1 < row.breakX.count, b.x1 > row.breakX[i + 1] - size / 2 { return nil }
            return i + 1
        }
        return nil
    }

    /// Whether poppler's line goes on from character `a` to character `b` on another baseline, across a wide blank
    /// to the right: the next line of another column (a wrapped table label followed by the value beside its first
    /// line), which is a line of its own.
    static func baselineJump(_ a: Token, _ b: Token) -> Bool {
        guard let pa = a.box, let pb = b.box else { return false }
        let size = max(b.fontSize ?? pb.height, 1)
        return abs(pa.y1 - pb.y1) >= size * 0.6 && beyondBlank(pa, pb, size: size)
    }

    /// A line's text cut at `breaks` (UTF-8 offsets) into trimmed cells; nil when there is no break or when a
    /// part is empty (nothing to separate).
    static func gapCells(_ text: String, _ breaks: [Int]) -> [String]? {
        guard !breaks.isEmpty else { return nil }
        var cells: [String] = []
        let u = text.utf8
        var start = u.startIndex
        for b in breaks + [u.count] {
            let end = u.index(u.startIndex, offsetBy: b)
            guard let part = String(u[start..<end]) else { return nil }
            cells.append(part.trimmedSpaces)
            start = end
        }
        return cells.contains(where: \.isEmpty) ? nil : cells
    }

    /// "physico-" + "sportives": a line broken after the hyphen of a compound word.
    static func brokenAtHyphen(_ text: String, _ next: String) -> Bool {
        guard text.hasSuffix("-"), text.count >= 2 else { return false }
        let before = text[text.index(text.endIndex, offsetBy: -2)]
        return before.isLetter && (next.first?.isLetter ?? false)
    }

    /// Tesseract has no glyph for a triangle bullet ("►"): it reads ">", "»>" or "»". A word made of nothing
    /// else that opens an OCR line (or a cell's line) and is followed by text is that bullet.
    static func ocrTriangleBullet(_ text: String) -> String {
        let t = text.trimmedSpaces
        guard let space = t.firstIndex(of: " ") else { return text }
        let head = t[..<space]
        guard head.count <= 3, head.allSatisfy({ $0 == ">" || $0 == "»" || $0 == "›" }),
              t[space...].contains(where: { $0.isLetter }) else { return text }
        return "►" + t[space...]
    }

    /// A line that starts a new block inside a cell (list item).
    static func startsBlock(_ t: String) -> Bool {
        guard let f = t.first else { return false }
        if "•○►▪◦●■➢✓".contains(f) { return true }
        if (f == "-" || f == "–") && t.dropFirst().first == " " { return true }
        return false
    }
}
