/// Markdown pipe tables in a text dump (GitHub-flavoured Markdown, as pandoc, Docling or marker write a PDF's tables):
/// `| Pilote | Communauté de communes |`. Their rows become table rows (`Line.cells`) as a dump's tab-separated rows
/// do; the delimiter row under a header (`|---|:---:|`) is layout, not text, and is left out.
///
/// A table is a header row followed by a delimiter row with as many cells, then every following line holding a pipe
/// (outer pipes optional, as GFM allows); or, without a delimiter row, at least two consecutive lines that open and
/// close with a pipe and hold two cells or more. A pipe escaped as `\|` belongs to its cell.
enum PipeTable {
    struct Rows {
        /// Cells by line index.
        var cells: [Int: [String]] = [:]
        /// Line indices of delimiter rows.
        var delimiters: Set<Int> = []
        var isEmpty: Bool { cells.isEmpty }
    }

    static func rows(_ lines: [Substring]) -> Rows {
        var out = Rows()
        var i = 0
        while i < lines.count {
            // header + delimiter
            if i + 1 < lines.count, lines[i + 1].contains("|"), let d = delimiter(lines[i + 1]), d >= 2, let head = cells(lines[i]), head.count == d {
                out.cells[i] = head
                out.delimiters.insert(i + 1)
                var k = i + 2
                while k < lines.count, let c = cells(lines[k]) {
                    out.cells[k] = c
                    k += 1
                }
                i = k
                continue
            }
            // fenced rows without a delimiter: two or more in a row
            var run: [[String]] = []
            while i + run.count < lines.count, fenced(lines[i + run.count]), let c = cells(lines[i + run.count]), c.count >= 2 { run.append(c) }
            if run.count >= 2 {
                for (j, c) in run.enumerated() { out.cells[i + j] = c }
                i += run.count
                continue
            }
            i += 1
        }
        return out
    }

    /// Whether the line opens and closes with a pipe (spaces around allowed).
    static func fenced(_ s: Substring) -> Bool {
        let t = s.trimmingSpaces
        return t.count >= 2 && t.first == "|" && t.last == "|" && !t.hasSuffix("\\|")
    }

    /// The number of cells of a delimiter row (`| --- | :---: |`, dashes with optional colons), else nil.
    static func delimiter(_ s: Substring) -> Int? {
        guard s.contains("-"), s.allSatisfy({ "|-: \t".contains($0) }), let parts = cells(s) else { return nil }
        for p in parts {
            var t = Substring(p)
            if t.first == ":" { t = t.dropFirst() }
            if t.last == ":" { t = t.dropLast() }
            guard !t.isEmpty, t.allSatisfy({ $0 == "-" }) else { return nil }
        }
        return parts.count
    }

    /// The cells of a row: the line cut at its unescaped pipes, the outer pipes dropped, each cell trimmed and its
    /// `\|` unescaped. Nil when the line holds no unescaped pipe or is blank.
    static func cells(_ s: Substring) -> [String]? {
        let t = s.trimmingSpaces
        guard !t.isEmpty else { return nil }
        var parts: [String] = []
        var cur = ""
        var escaped = false, pipes = 0
        for ch in t {
            if escaped { cur.append(ch == "|" ? "|" : "\\"); if ch != "|" { cur.append(ch) }; escaped = false; continue }
            if ch == "\\" { escaped = true; continue }
            if ch == "|" { parts.append(cur); cur = ""; pipes += 1; continue }
            cur.append(ch)
        }
        if escaped { cur.append("\\") }
        parts.append(cur)
        guard pipes > 0 else { return nil }
        if t.first == "|" { parts.removeFirst() }
        if t.last == "|" && !t.hasSuffix("\\|") { parts.removeLast() }
        return parts.map { String(Substring($0).trimmingSpaces) }
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: Substring {
        var t = self
        while let f = t.first, f == " " || f == "\t" { t = t.dropFirst() }
        while let l = t.last, l == " " || l == "\t" { t = t.dropLast() }
        return t
    }
}
