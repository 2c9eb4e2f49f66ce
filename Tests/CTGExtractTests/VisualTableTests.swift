import CTGModel
import Testing
@testable import CTGExtract

/// A table without rulings that poppler reads column block by column block is put back in visual order; columns of
/// running prose are not.
@Suite struct VisualTableTests {
    /// Character tokens of a text layer, as poppler gives them: each column's lines, column after column (`cells`:
    /// one entry per column, the lines of that column as (baseline, text)); characters half a font size wide.
    static func columnBlocks(_ columns: [(x: Double, lines: [(y: Double, text: String)])], size: Double = 9) -> [Token] {
        var out: [Token] = []
        for col in columns {
            for (y, text) in col.lines {
                var x = col.x
                for (k, ch) in text.enumerated() {
                    let box = Box(x0: x, y0: y - size, x1: x + size / 2, y1: y)
                    out.append(Token(text: String(ch), box: box, lineStart: k == 0, fontSize: size, isSpace: ch == " "))
                    x += size / 2
                }
                out.append(Token(text: "\n", box: nil, isSpace: true))
            }
        }
        return out
    }

    /// The visual lines of ordered tokens: their text, a tab where no space separates two characters far apart.
    static func visualLines(_ tokens: [Token]) -> [String] {
        var lines: [String] = [], cur = "", last: Box?
        for t in tokens {
            if t.text == "\n" || t.lineStart { if !cur.isEmpty { lines.append(cur) }; cur = ""; last = nil; if t.text == "\n" { continue } }
            if let b = t.box, let l = last, !t.isSpace, b.x0 - l.x1 > 9 { cur += "\t" }
            cur += t.text
            if !t.isSpace { last = t.box }
        }
        if !cur.isEmpty { lines.append(cur) }
        return lines
    }

    @Test func aTableReadColumnByColumnComesBackLineByLine() {
        // rows 13 pt apart, a row's wrapped lines 11 pt apart
        let tokens = Self.columnBlocks([
            (50, [(100, "Axe"), (113, "Axe 1"), (148, "Axe 2")]),
            (120, [(100, "Action"), (113, "Développer l'accueil"), (124, "du jeune enfant"), (135, "sur le territoire"), (148, "Accompagner les")]),
            (260, [(100, "Pilote"), (113, "Caf"), (148, "Commune")]),
            (360, [(100, "Echéance"), (113, "2024"), (148, "2025")]),
        ])
        let (ordered, regions) = VisualTable.ordered(tokens, rows: [])
        #expect(regions.count == 1)
        #expect(regions.first?.anchors == [50, 120, 260, 360])
        #expect(Self.visualLines(ordered) == [
            "Axe\tAction\tPilote\tEchéance",
            "Axe 1\tDévelopper l'accueil\tCaf\t2024",
            "du jeune enfant",
            "sur le territoire",
            "Axe 2\tAccompagner les\tCommune\t2025",
        ])
        // every character is kept, once
        #expect(ordered.filter { !$0.isSpace }.map(\.text).sorted() == tokens.filter { !$0.isSpace }.map(\.text).sorted())
    }

    /// OCR words as Tesseract gives them: each column's lines, column after column, a text line's first word
    /// marked; words 8 pt high (a 10 pt font), 5 pt per character.
    static func ocrColumnBlocks(_ columns: [(x: Double, lines: [(y: Double, text: String)])]) -> [Token] {
        var out: [Token] = []
        for col in columns {
            for (y, text) in col.lines {
                var x = col.x
                for (k, w) in text.split(separator: " ").enumerated() {
                    let width = Double(w.count) * 5
                    // a word with a descender reaches lower
                    let bottom = w.contains(where: { "gjpqy".contains($0) }) ? y + 2 : y
                    out.append(Token(text: String(w), box: Box(x0: x, y0: y - 8, x1: x + width, y1: bottom), lineStart: k == 0, confidence: 0.9))
                    x += width + 3
                }
            }
        }
        return out
    }

    /// Tesseract reads a table of labels beside their values column by column: the words come back line by line, the
    /// first word of each value marked as starting a cell.
    @Test func ocrLabelsAndValuesComeBackSideBySide() {
        let tokens = Self.ocrColumnBlocks([
            (50, [(100, "Pilote"), (120, "Partenaires"), (145, "Public ciblé"), (165, "Calendrier")]),
            (170, [(100, "Communauté de communes du Pays de Saint-Eloy"), (120, "Caf, Département, PMI, centres sociaux,"),
                   (131, "associations locales"), (145, "Familles avec enfants de moins de 3 ans"), (165, "2023 - 2026")]),
        ])
        let (ordered, regions) = VisualTable.ordered(tokens, rows: [], words: true)
        #expect(regions.count == 1)
        var lines: [String] = []
        for t in ordered {
            if t.lineStart || lines.isEmpty { lines.append(t.text) } else { lines[lines.count - 1] += (t.cellStart ? " | " : " ") + t.text }
        }
        #expect(lines == ["Pilote | Communauté de communes du Pays de Saint-Eloy", "Partenaires | Caf, Département, PMI, centres sociaux,",
                          "associations locales", "Public ciblé | Familles avec enfants de moins de 3 ans", "Calendrier | 2023 - 2026"])
        #expect(ordered.map(\.text).sorted() == tokens.map(\.text).sorted())
    }

    /// Two columns of running text of equal width, in OCR words: not a table of labels.
    @Test func ocrTwoColumnsOfProseStayAsTesseractReadsThem() {
        let tokens = Self.ocrColumnBlocks([
            (50, [(100, "La Caisse d'allocations familiales et la"), (111, "communauté de communes conviennent"), (122, "Les signataires renforcent")]),
            (310, [(100, "Les signataires s'engagent à mobiliser"), (111, "les moyens nécessaires à la mise"), (122, "En œuvre des actions retenues")]),
        ])
        let (ordered, regions) = VisualTable.ordered(tokens, rows: [], words: true)
        #expect(regions.isEmpty)
        #expect(ordered.map(\.text) == tokens.map(\.text))
    }

    @Test func columnsOfProseStayAsPopplerReadsThem() {
        let tokens = Self.columnBlocks([
            (50, [(100, "La Caisse d'allocations"), (111, "et la communauté de"), (122, "communes conviennent"), (133, "de renforcer leur")]),
            (230, [(100, "Les signataires"), (111, "s'engagent à mobiliser"), (122, "les moyens nécessaires"), (133, "à la mise en œuvre")]),
            (410, [(100, "Le comité réunit"), (111, "les élus et les"), (122, "techniciens des deux"), (133, "institutions une fois")]),
        ])
        let (ordered, regions) = VisualTable.ordered(tokens, rows: [])
        #expect(regions.isEmpty)
        #expect(ordered.map(\.text) == tokens.map(\.text))
    }
}
