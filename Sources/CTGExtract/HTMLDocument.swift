import CLibXML2
import CTGModel
import Foundation

/// A text dump that is a whole HTML document (a web page saved as text, a converter's HTML output, `.html` files):
/// parsed with libxml2's forgiving HTML parser into the lines a text dump would hold. Each table row (`<tr>`) is a
/// row of cells (`Line.cells`, one per `<td>`/`<th>`, a `colspan` giving empty cells after it, a cell's paragraphs
/// and list items joined by "\n"), as a dump's tab-separated rows are; each paragraph, heading, list item or `<br>`
/// ends a line; a blank line follows each block (paragraph, heading, list, table), as blank lines separate a dump's
/// blocks; bold text is marked `**…**` as converters mark it in dumps. `<head>`, `<script>` and `<style>` are left
/// out. Each line keeps the source line number of the element it starts with.
///
/// HTML fragments inside the cells of an ordinary dump (`<ul>`, `<p>`) are not this: `HTMLFragment` reads those.
enum HTMLDocument {
    /// Whether the dump is an HTML document rather than text with fragments: it opens with markup (a doctype, `<html>`,
    /// `<body>`, `<table>`, a heading, a paragraph or a division, after blanks), or it holds a table of two rows or
    /// more (`<table>`, `<tr>`, `<td>`), which no text dump of the corpus holds. A tag named in running text is no
    /// document.
    static func isDocument(_ text: String) -> Bool {
        guard ASCIISearch.contains(text, byte: UInt8(ascii: "<")) else { return false }
        let start = text.drop { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" || $0 == "\u{FEFF}" }.prefix(16).lowercased()
        if ["<!doctype html", "<html", "<body"].contains(where: { start.hasPrefix($0) }) { return true }
        // A dump of tab-separated rows whose cells hold fragments ("<p>► …") stays a dump, whatever it opens with.
        var tabLines = 0
        for line in text.split(separator: "\n", maxSplits: 2000, omittingEmptySubsequences: true) where line.utf8.contains(0x09) {
            tabLines += 1
            if tabLines >= 3 { return false }
        }
        if ["<table", "<h1", "<h2", "<div", "<p>", "<p "].contains(where: { start.hasPrefix($0) }) { return true }
        return ASCIISearch.contains(text, "<table") && ASCIISearch.count(text, "<tr", upTo: 2) >= 2
            && (ASCIISearch.contains(text, "<td") || ASCIISearch.contains(text, "<th"))
    }

    static func lines(_ text: String) -> [Line] {
        guard let doc = HTMLFragment.read(text) else { return [] }
        defer { xmlFreeDoc(doc) }
        var b = Builder()
        b.walk(xmlDocGetRootElement(doc))
        b.endBlock()
        while b.lines.last?.text.isEmpty == true { b.lines.removeLast() }
        return b.lines
    }

    static let skipped: Set<String> = ["head", "script", "style", "title", "noscript", "template"]
    static let blocks: Set<String> = ["p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol",
                                      "dl", "section", "article", "header", "footer", "figure", "figcaption", "address",
                                      "center", "main", "nav", "aside"]
    static let lineElements: Set<String> = ["li", "dt", "dd", "caption"]

    struct Builder {
        var lines: [Line] = []
        var current = ""
        var currentNumber = 0
        /// Inside a table cell: no blank lines, the cell's lines become its blocks.
        var inCell = false

        mutating func text(_ s: String, at number: Int) {
            var out = ""
            var space = current.last == " " || current.isEmpty
            for ch in s {
                if ch == " " || ch == "\n" || ch == "\t" || ch == "\r" || ch == "\u{0C}" {
                    if !space { out.append(" "); space = true }
                } else {
                    out.append(ch); space = false
                }
            }
            if out.isEmpty || (current.isEmpty && out == " ") { return }
            if current.isEmpty { currentNumber = number }
            current += out
        }

        /// Ends the current line.
        mutating func flush() {
            let t = current.trimmingCharacters(in: .whitespaces)
            if !t.isEmpty { lines.append(Line(text: t, number: currentNumber)) }
            current = ""
        }

        /// Ends the current line and the block: a blank line after it (none inside a cell, none twice).
        mutating func endBlock() {
            flush()
            if !inCell, let last = lines.last, !last.text.isEmpty {
                lines.append(Line(text: "", number: last.number))
            }
        }

        mutating func walk(_ node: UnsafeMutablePointer<xmlNode>?) {
            var n = node
            while let cur = n {
                defer { n = cur.pointee.next }
                let number = Int(xmlGetLineNo(cur))
                switch cur.pointee.type {
                case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                    if let c = cur.pointee.content { text(String(cString: c), at: number) }
                case XML_ELEMENT_NODE:
                    let name = HTMLFragment.name(cur)
                    if HTMLDocument.skipped.contains(name) { continue }
                    if name == "br" { flush(); continue }
                    if name == "table" { endBlock(); table(cur); endBlock(); continue }
                    if name == "tr" { flush(); row(cur); continue }  // a row outside a <table> (forgiving)
                    if name == "strong" || name == "b" {
                        // (a bold run over a <br> is one run: "**ACTION ENGAGÉE**")
                        let inner = Builder.inner(cur, joinedBy: " ")
                        if !inner.isEmpty { text(inner.hasPrefix("**") ? inner : "**" + inner + "**", at: number) }
                        continue
                    }
                    if HTMLDocument.blocks.contains(name) {
                        endBlock(); walk(cur.pointee.children); endBlock()
                    } else if HTMLDocument.lineElements.contains(name) {
                        flush(); walk(cur.pointee.children); flush()
                    } else {
                        walk(cur.pointee.children)
                    }
                default:
                    break
                }
            }
        }

        /// The text of an element's children read as a cell (no blank lines), its lines joined by `separator`.
        static func inner(_ node: UnsafeMutablePointer<xmlNode>, joinedBy separator: String) -> String {
            var sub = Builder()
            sub.inCell = true
            sub.walk(node.pointee.children)
            sub.flush()
            return sub.lines.map(\.text).filter { !$0.isEmpty }.joined(separator: separator)
        }

        /// The rows of a table, through `<thead>`, `<tbody>`, `<tfoot>`; a table inside a cell is read as its text.
        mutating func table(_ node: UnsafeMutablePointer<xmlNode>) {
            var n = node.pointee.children
            while let cur = n {
                defer { n = cur.pointee.next }
                guard cur.pointee.type == XML_ELEMENT_NODE else { continue }
                let name = HTMLFragment.name(cur)
                if name == "tr" { row(cur) } else if ["thead", "tbody", "tfoot"].contains(name) { table(cur) }
                else if name == "caption" { flush(); walk(cur.pointee.children); endBlock() }
            }
        }

        mutating func row(_ node: UnsafeMutablePointer<xmlNode>) {
            var cells: [String] = []
            var n = node.pointee.children
            while let cur = n {
                defer { n = cur.pointee.next }
                guard cur.pointee.type == XML_ELEMENT_NODE else { continue }
                let name = HTMLFragment.name(cur)
                guard name == "td" || name == "th" else { continue }
                // (no tab inside a cell, which would cut the row: `text` folds tabs into spaces)
                cells.append(Builder.inner(cur, joinedBy: "\n"))
                if let span = HTMLDocument.colspan(cur), span > 1 { cells += Array(repeating: "", count: min(span, 50) - 1) }
            }
            guard cells.contains(where: { !$0.isEmpty }) else { return }
            let number = Int(xmlGetLineNo(node))
            if inCell {
                // a table inside a cell: its rows as lines of the cell
                lines.append(Line(text: cells.filter { !$0.isEmpty }.joined(separator: " "), number: number))
            } else {
                lines.append(Line(text: cells.joined(separator: "\t"), cells: cells, number: number))
            }
        }
    }

    static func colspan(_ node: UnsafeMutablePointer<xmlNode>) -> Int? {
        let name: [UInt8] = Array("colspan".utf8) + [0]
        guard let v = name.withUnsafeBufferPointer({ xmlGetProp(node, $0.baseAddress) }) else { return nil }
        defer { free(v) }
        return Int(String(cString: v).trimmingCharacters(in: .whitespaces))
    }
}
