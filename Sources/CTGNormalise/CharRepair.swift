import CLibXML2
import CTGModel
import Foundation

/// Character-level repairs: converter markup, mojibake, ligatures, spaces, decomposed accents.
enum CharRepair {
    /// Literal character replacements from Data/chars.tsv, longest first.
    static let charTable: [(from: [Unicode.Scalar], to: [Unicode.Scalar], rule: String)] = {
        func parse(_ s: String) -> [Unicode.Scalar] {
            if s.hasPrefix("U+") {
                return s.split(separator: " ").compactMap { UInt32($0.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init) }
            }
            return s.scalarArray
        }
        return Tables.rows("chars").filter { $0.count >= 3 }
            .map { (parse($0[0]), parse($0[1]), $0[2]) }
            .sorted { $0.0.count > $1.0.count }
    }()
    /// First scalars of the char table, for a fast scan.
    static let charFirsts: Set<UInt32> = Set(charTable.compactMap { $0.from.first?.value })
    /// Indices in `charTable` (in its order) of the entries starting with each scalar: ASCII by value, others hashed.
    static let charByASCII: [[Int]] = (0..<128).map { v in charTable.indices.filter { charTable[$0].from.first?.value == UInt32(v) } }
    /// Bit set of the first scalars of `charTable` below U+10000.
    static let charFirstBits: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: 0x10000 / 64)
        for e in charTable { if let f = e.from.first?.value, f < 0x10000 { bits[Int(f >> 6)] |= 1 << (f & 63) } }
        return bits
    }()
    static let charFirstASCII: [Bool] = charByASCII.map { !$0.isEmpty }
    static let charByScalar: [UInt32: [Int]] = {
        var m: [UInt32: [Int]] = [:]
        for (k, e) in charTable.enumerated() { if let f = e.from.first?.value, f >= 0x80 { m[f, default: []].append(k) } }
        return m
    }()

    // MARK: markup

    /// `**bold**` markers and `^{er}` superscripts (also `3^e`: a caret between a digit and an ordinal suffix).
    static func markup(_ s: [Unicode.Scalar]) -> [Replacement] {
        var reps: [Replacement] = []
        var i = 0
        let n = s.count
        while i < n {
            let c = s[i].value
            if c == 0x2A, i + 1 < n, s[i + 1].value == 0x2A { // **
                var j = i + 2
                while j < n, s[j].value == 0x2A { j += 1 }
                reps.append(Replacement(range: i..<j, with: [], rule: "markup.bold", confidence: 1))
                i = j; continue
            }
            if c == 0x5E, i + 1 < n, s[i + 1].value == 0x7B { // ^{
                var j = i + 2
                while j < n, j - i < 12, s[j].value != 0x7D, !s[j].isWhite { j += 1 }
                if j < n, s[j].value == 0x7D, j > i + 2 {
                    reps.append(Replacement(range: i..<(j + 1), with: Array(s[(i + 2)..<j]), rule: "markup.superscript", confidence: 1))
                    i = j + 1; continue
                }
            }
            if c == 0x5E, i > 0, (0x30...0x39).contains(s[i - 1].value), let k = ordinalSuffix(s, from: i + 1) { // 3^e
                reps.append(Replacement(range: i..<(i + 1), with: [], rule: "markup.superscript", confidence: 1))
                i = k; continue
            }
            i += 1
        }
        return reps
    }

    /// Ordinal suffixes written as a superscript after a number ("3^e âge", "1^er", "2^nde"), without braces.
    static let ordinalSuffixes: Set<String> = ["e", "es", "er", "ers", "re", "res", "ère", "ères", "ème", "èmes", "eme", "emes",
                                               "nd", "nde", "nds", "ndes"]

    /// The end of an ordinal suffix starting at `from` and followed by a non-letter (or the end), else nil.
    static func ordinalSuffix(_ s: [Unicode.Scalar], from: Int) -> Int? {
        var j = from
        while j < s.count, j - from <= 5, s[j].properties.isAlphabetic { j += 1 }
        guard j > from, j - from <= 5, j == s.count || !s[j].properties.isAlphabetic else { return nil }
        var word = ""
        word.unicodeScalars.append(contentsOf: s[from..<j])
        return ordinalSuffixes.contains(word) ? j : nil
    }

    static let htmlTags: Set<String> = ["ul", "ol", "li", "p", "br", "div", "span", "strong", "em", "b", "i", "u",
                                        "table", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "sup", "sub", "a", "font"]

    /// Leftover HTML tags in free text: each tab-separated cell holding a known tag is re-read with libxml2's
    /// HTML parser and replaced by its text (entities decoded, blocks separated by one space).
    static func html(_ s: [Unicode.Scalar]) -> [Replacement] {
        guard s.contains(where: { $0.value == 0x3C }) else { return [] }
        var reps: [Replacement] = []
        var start = 0
        for i in 0...s.count where i == s.count || s[i].value == 0x09 || s[i].value == 0x0A {
            let cell = s[start..<i]
            if hasTag(cell) {
                // keep the cell's own leading/trailing spaces
                var a = start, b = i
                while a < b, s[a].isSpaceOrTab { a += 1 }
                while b > a, s[b - 1].isSpaceOrTab { b -= 1 }
                let text = htmlText(s[a..<b].string)
                reps.append(Replacement(range: a..<b, with: text.scalarArray, rule: "markup.html", confidence: 0.95))
            }
            start = i + 1
        }
        return reps
    }

    static func hasTag(_ cell: ArraySlice<Unicode.Scalar>) -> Bool {
        var i = cell.startIndex
        while i < cell.endIndex {
            if cell[i].value == 0x3C {
                var j = i + 1
                if j < cell.endIndex, cell[j].value == 0x2F { j += 1 }
                // an ASCII name is read on its scalars (lower-cased byte by byte, as `lowercased()` does); any other
                // name as a String
                var packed: UInt64 = 0, length = 0, ascii = true
                var k = j
                while k < cell.endIndex, length < 8 {
                    let v = cell[k].value
                    if v < 0x80 {
                        guard (v | 0x20) >= 0x61 && (v | 0x20) <= 0x7A || (v >= 0x30 && v <= 0x39) else { break }
                        packed |= UInt64(v >= 0x41 && v <= 0x5A ? v | 0x20 : v) << UInt64(8 * length)
                        length += 1; k += 1
                    } else { ascii = false; break }
                }
                if ascii {
                    if length > 0, k < cell.endIndex, cell[k].value == 0x3E || cell[k].value == 0x20 || cell[k].value == 0x2F,
                       htmlTagsPacked.contains(packed) { return true }
                } else if hasTagName(cell, j) { return true }
            }
            i += 1
        }
        return false
    }

    /// The tag names packed as `hasTag` reads them (ASCII, lower case, byte k at bits 8k).
    static let htmlTagsPacked: Set<UInt64> = Set(htmlTags.map { name in
        name.utf8.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << UInt64(8 * $1.offset) }
    })

    /// The definition of `hasTag` at one `<` (name starting at `j`), on Characters.
    static func hasTagName(_ cell: ArraySlice<Unicode.Scalar>, _ start: Int) -> Bool {
        var j = start
        var name = ""
        while j < cell.endIndex, cell[j].isLetter || cell[j].isDigit, name.count < 8 {
            name.unicodeScalars.append(cell[j]); j += 1
        }
        return !name.isEmpty && j < cell.endIndex && (cell[j].value == 0x3E || cell[j].value == 0x20 || cell[j].value == 0x2F)
            && htmlTags.contains(name.lowercased())
    }

    static let blockElements: Set<String> = ["p", "li", "ul", "ol", "div", "br", "tr", "td", "th", "table",
                                             "h1", "h2", "h3", "h4", "h5", "h6"]

    static func htmlText(_ fragment: String) -> String {
        xmlInitParser()
        let wrapped = "<html><body>" + fragment + "</body></html>"
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue
                            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOBLANKS.rawValue)
        let bytes = Array(wrapped.utf8)
        let parsed = bytes.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) {
                htmlReadMemory($0, Int32(buf.count), nil, "UTF-8", options)
            }
        }
        guard let doc = parsed else { return fragment }
        defer { xmlFreeDoc(doc) }
        var out = ""
        func sep() { if let l = out.unicodeScalars.last, !l.isWhite { out += " " } }
        func walk(_ node: UnsafeMutablePointer<xmlNode>?) {
            var n = node
            while let cur = n {
                switch cur.pointee.type {
                case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                    if let c = cur.pointee.content { out += String(cString: c) }
                case XML_ELEMENT_NODE:
                    let name = cur.pointee.name.map { String(cString: $0).lowercased() } ?? ""
                    let block = blockElements.contains(name)
                    if block { sep() }
                    walk(cur.pointee.children)
                    if block { sep() }
                default: break
                }
                n = cur.pointee.next
            }
        }
        walk(xmlDocGetRootElement(doc))
        // fold the whitespace libxml2 leaves between blocks
        return foldWhitespace(out)
    }

    /// `text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }).joined(separator: " ")`,
    /// on bytes when every Character of the text is one scalar (and no `\r\n`), else on Characters.
    static func foldWhitespace(_ text: String) -> String {
        var text = text
        text.makeContiguousUTF8()
        let fast: String?? = text.utf8.withContiguousStorageIfAvailable { p in
            // every scalar its own Character (as `DocumentProfile.singleScalarCharacter`), no CR LF
            let n = p.count
            var i = 0
            while i < n {
                let b = p[i]
                if b < 0x80 {
                    if b == 0x0A, i > 0, p[i - 1] == 0x0D { return nil }
                    i += 1
                    continue
                }
                let (v, length) = UTF8Scalar.decode(p, i)
                if !DocumentProfile.singleScalarCharacter(v) { return nil }
                i += length
            }
            return .some(String(unsafeUninitializedCapacity: n) { out in
                var k = 0
                var pendingSpace = false
                for b in p {
                    if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 {
                        pendingSpace = k > 0
                    } else {
                        if pendingSpace { out[k] = 0x20; k += 1; pendingSpace = false }
                        out[k] = b; k += 1
                    }
                }
                return k
            })
        }
        if let fast, let folded = fast { return folded }
        return text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }).joined(separator: " ")
    }

    // MARK: mojibake

    /// Windows-1252 bytes 0x80-0x9F and the characters they decode to.
    static let cp1252High: [UInt32: UInt8] = {
        let chars: [UInt32] = [0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
                               0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178]
        var m: [UInt32: UInt8] = [:]
        for (k, c) in chars.enumerated() where c != 0 { m[c] = UInt8(0x80 + k) }
        return m
    }()

    /// The byte a scalar came from if the text was UTF-8 wrongly read as Windows-1252 or Latin-1.
    @inline(__always) static func byte(_ u: Unicode.Scalar) -> UInt8? { byte(u.value) }
    @inline(__always) static func byte(_ v: UInt32) -> UInt8? {
        if v < 0x100 { return UInt8(v) } // includes C1 controls left by a Latin-1 read
        if v < 0x152 || v > 0x2122 { return nil } // outside the range of cp1252High's keys
        return cp1252High[v]
    }

    /// UTF-8 sequences read as single-byte characters (`Ã©` -> `é`, `â€™` -> `’`), one layer per call.
    static func mojibake(_ s: [Unicode.Scalar]) -> [Replacement] {
        var reps: [Replacement] = []
        let n = s.count
        var i = 0
        while i < n {
            let v = s[i].value
            guard v >= 0xC2, v <= 0xF4 else { i += 1; continue }
            let need = v < 0xE0 ? 1 : (v < 0xF0 ? 2 : 3)
            guard i + need < n else { i += 1; continue }
            var ok = true
            for k in 1...need {
                guard let b = byte(s[i + k]), b >= 0x80, b <= 0xBF else { ok = false; break }
            }
            var bytes: [UInt8] = []
            if ok {
                bytes.append(UInt8(v))
                for k in 1...need { bytes.append(byte(s[i + k])!) }
            }
            if ok, let decoded = String(validating: bytes, as: UTF8.self), let d = decoded.unicodeScalars.first,
               d.value >= 0x80 {
                reps.append(Replacement(range: i..<(i + need + 1), with: [d], rule: "chars.mojibake", confidence: 0.99))
                i += need + 1
            } else { i += 1 }
        }
        return reps
    }

    // MARK: characters

    static func characters(_ s: [Unicode.Scalar]) -> [Replacement] {
        var reps: [Replacement] = []
        var i = 0
        let n = s.count
        outer: while i < n {
            let v = s[i].value
            if v < 0x80 ? !charFirstASCII[Int(v)] : (v < 0x10000 && charFirstBits[Int(v >> 6)] & (1 << (v & 63)) == 0) {
                i += 1; continue
            }
            let entries = v < 0x80 ? charByASCII[Int(v)]
                : (v < 0x10000 && charFirstBits[Int(v >> 6)] & (1 << (v & 63)) == 0 ? [] : (charByScalar[v] ?? []))
            if !entries.isEmpty {
                for x in entries where i + charTable[x].from.count <= n {
                    let e = charTable[x]
                    var m = true
                    for k in 0..<e.from.count where s[i + k] != e.from[k] { m = false; break }
                    if m {
                        reps.append(Replacement(range: i..<(i + e.from.count), with: e.to, rule: e.rule, confidence: 1))
                        i += e.from.count
                        continue outer
                    }
                }
            }
            i += 1
        }
        return reps
    }

    /// Base letter + combining marks composed (NFC).
    static func compose(_ s: [Unicode.Scalar]) -> [Replacement] {
        var reps: [Replacement] = []
        var i = 1
        while i < s.count {
            let v = s[i].value
            if v >= 0x300, v <= 0x36F {
                let start = i - 1
                var j = i
                while j < s.count, s[j].value >= 0x300, s[j].value <= 0x36F { j += 1 }
                let cluster = s[start..<j].string
                let nfc = cluster.precomposedStringWithCanonicalMapping.scalarArray
                if nfc != Array(s[start..<j]) {
                    reps.append(Replacement(range: start..<j, with: nfc, rule: "chars.nfc", confidence: 1))
                }
                i = j
            } else { i += 1 }
        }
        return reps
    }

    /// OCR'd bullets at the start of a line: `¢ `, `e `, `o ` before a capitalised word.
    static func bullets(_ s: [Unicode.Scalar]) -> [Replacement] {
        s.withUnsafeBufferPointer { p in
            bulletPositions(UnsafeRawBufferPointer(p).bindMemory(to: UInt32.self)).map {
                Replacement(range: $0..<($0 + 1), with: ["\u{2022}"], rule: "ocr.bullet", confidence: 0.8)
            }
        }
    }

    /// A parenthesis read as a brace: a `}` closing a `(` opened on the same line, a `{` closed by a `)`
    /// (`(AVS, jeunesse ..}`, `enfant(s}`, `{éventuellement …)`); braces that pair up, or pair with nothing, stay.
    static func braces(_ s: [Unicode.Scalar]) -> [Replacement] {
        var reps: [Replacement] = []
        var open: [(at: Int, brace: Bool)] = []
        for (i, u) in s.enumerated() {
            switch u.value {
            case 0x0A: open.removeAll()
            case 0x28, 0x7B: open.append((i, u.value == 0x7B))
            case 0x29, 0x7D:
                guard let o = open.popLast() else { break }
                if o.brace && u.value == 0x29 {
                    reps.append(Replacement(range: o.at..<(o.at + 1), with: ["("], rule: "ocr.brace", confidence: 0.85))
                } else if !o.brace && u.value == 0x7D {
                    reps.append(Replacement(range: i..<(i + 1), with: [")"], rule: "ocr.brace", confidence: 0.85))
                }
            default: break
            }
        }
        return reps.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// Where `bullets` replaces a scalar, on scalar values.
    static func bulletPositions(_ s: UnsafeBufferPointer<UInt32>) -> [Int] {
        var found: [Int] = []
        var lineStart = 0
        for i in 0...s.count where i == s.count || s[i] == 0x0A || s[i] == 0x09 {
            var a = lineStart
            while a < i, s[a] == 0x20 { a += 1 }
            if a + 3 < i, s[a + 1] == 0x20 {
                let c = s[a]
                let next = Unicode.Scalar(s[a + 2])!
                if c == 0xA2 || ((c == 0x65 || c == 0x6F) && next.isUpper && a + 3 < i
                                 && Unicode.Scalar(s[a + 3])!.isLetter && !Unicode.Scalar(s[a + 3])!.isUpper) {
                    found.append(a)
                }
            }
            lineStart = i + 1
        }
        return found
    }

    /// Text extracted from PDFs without a usable font map: `(cid:NN)`, private-use glyph ids, U+FFFD runs.
    static func garbageRatio(_ text: String) -> Double {
        var bad = 0, total = 0
        var cidRuns = 0
        var rest = Substring(text)
        while let r = rest.range(of: "(cid:") { cidRuns += 1; rest = rest[r.upperBound...] }
        for u in text.unicodeScalars where !u.isWhite {
            total += 1
            let v = u.value
            if v == 0xFFFD || (v >= 0xE000 && v <= 0xF8FF) || (v < 0x20) || (v >= 0x80 && v < 0xA0) { bad += 1 }
        }
        bad += cidRuns * 8 // "(cid:NN)" is ~8 scalars of garbage
        return total == 0 ? 0 : min(1, Double(bad) / Double(total))
    }
}
