import CLibXML2
import Foundation

/// Converter leftovers such as `<ul style="…"> - a - b`, `<p>…</p>`, `<li>…</li>` inside a text-dump cell,
/// parsed with libxml2's forgiving HTML parser into blocks (paragraphs, list items, line breaks).
public enum HTMLFragment {
    /// True where the text holds something that looks like an HTML tag.
    public static func hasMarkup(_ text: String) -> Bool {
        guard ASCIISearch.contains(text, byte: UInt8(ascii: "<")) else { return false }
        return Self.tags.contains { ASCIISearch.contains(text, "<" + $0) || ASCIISearch.contains(text, "</" + $0) }
    }

    static let tags = ["ul", "ol", "li", "p>", "p ", "br", "div", "span", "strong", "em>", "b>", "i>", "u>", "table", "tr", "td", "th"]
    static let blockElements: Set<String> = ["p", "li", "ul", "ol", "div", "br", "tr", "td", "th", "table",
                                             "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "dd", "dt"]

    /// The blocks of a fragment in document order, whitespace folded, empty blocks dropped.
    public static func blocks(_ fragment: String) -> [String] {
        let wrapped = "<html><head><meta charset=\"utf-8\"></head><body>" + fragment + "</body></html>"
        guard let doc = read(wrapped) else {
            return [fold(fragment)].filter { !$0.isEmpty }
        }
        defer { xmlFreeDoc(doc) }
        var blocks: [String] = []
        var current = ""
        func flush() {
            let t = fold(current)
            if !t.isEmpty { blocks.append(t) }
            current = ""
        }
        func walk(_ node: UnsafeMutablePointer<xmlNode>?) {
            var n = node
            while let cur = n {
                switch cur.pointee.type {
                case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                    if let c = cur.pointee.content { current += String(cString: c) }
                case XML_ELEMENT_NODE:
                    let name = HTMLFragment.name(cur)
                    let isBlock = blockElements.contains(name)
                    if isBlock { flush() }
                    walk(cur.pointee.children)
                    if isBlock { flush() }
                default:
                    break
                }
                n = cur.pointee.next
            }
        }
        walk(xmlDocGetRootElement(doc))
        flush()
        return blocks
    }

    /// `html` (UTF-8) parsed by libxml2's forgiving HTML parser, without network access or messages; the caller frees
    /// the document (`xmlFreeDoc`). Nil where libxml2 gives no document (empty input).
    static func read(_ html: String) -> htmlDocPtr? {
        xmlInitParser()
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue
                            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue)
        let bytes = Array(html.utf8)
        guard !bytes.isEmpty else { return nil }
        return bytes.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) {
                htmlReadMemory($0, Int32(buf.count), nil, "UTF-8", options)
            }
        }
    }

    /// The lower-case name of an element node.
    static func name(_ node: UnsafeMutablePointer<xmlNode>) -> String {
        node.pointee.name.map { String(cString: $0).lowercased() } ?? ""
    }

    static func fold(_ s: String) -> String {
        s.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).joined(separator: " ")
    }
}
