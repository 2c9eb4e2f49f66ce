import CTGModel
import Foundation
import Testing
@testable import CTGExtract

@Suite struct TablesGridTests {
    /// A white page with a bordered grid: horizontal rules at `ys`, vertical rules at `xs` (pixels, scale 1.5).
    /// `ink`: the grey of the rules; `shade`: rows of pixels filled with a grey before the rules are drawn (a shaded
    /// header row).
    func page(width: Int = 600, height: Int = 300, ys: [Int], xs: [Int], hEnd: Int, faintRight: Int? = nil,
              ink: UInt8 = 60, shade: (rows: ClosedRange<Int>, grey: UInt8)? = nil) -> GrayImage {
        var px = [UInt8](repeating: 255, count: width * height)
        if let shade { for y in shade.rows { for x in xs.first!...hEnd { px[y * width + x] = shade.grey } } }
        for y in ys { for x in xs.first!...hEnd { px[y * width + x] = ink } }
        for x in xs { for y in ys.first!...ys.last! { px[y * width + x] = ink } }
        if let f = faintRight { for y in ys.first!...ys.last! { px[y * width + f] = 225 } }
        return GrayImage(width: width, height: height, scale: 1.5, pixels: px)
    }

    @Test func allRulesFound() {
        let rows = TableGrid.rows(in: page(ys: [30, 90, 150], xs: [20, 200, 400, 560], hEnd: 560))
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { $0.cells.count == 3 })
    }

    /// The outer right border anti-aliased too light to be a rule: the horizontal rules still end there.
    @Test func faintRightBorderClosesTheLastColumn() {
        let rows = TableGrid.rows(in: page(ys: [30, 90, 150], xs: [20, 200, 400], hEnd: 560, faintRight: 560))
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { $0.cells.count == 3 })
        #expect(abs((rows.first?.cells.last?.x1 ?? 0) - 560 / 1.5) < 2)
    }

    /// A two-column "label | value" table whose right border is too light: two vertical rules are left, and the
    /// horizontal rules ending further right still close the value column (a fiche table printed in landscape).
    @Test func faintRightBorderOfATwoColumnTable() {
        let rows = TableGrid.rows(in: page(ys: [30, 90, 150], xs: [20, 200], hEnd: 560, faintRight: 560))
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { $0.cells.count == 2 })
        #expect(abs((rows.first?.cells.last?.x1 ?? 0) - 560 / 1.5) < 2)
        // a box of one column (two rules, the horizontal ones ending on them) is no table row
        #expect(TableGrid.rows(in: page(ys: [30, 90, 150], xs: [20, 560], hEnd: 560)).isEmpty)
    }

    /// Light grey rules (#D9D9D9 half a point wide, anti-aliased to about 225): too light for the dark level, found
    /// at the faint one, which digital pages are also searched at.
    @Test func lightGreyRulesAreFoundAtTheFaintLevel() {
        let img = page(ys: [30, 90, 150], xs: [20, 200, 400, 560], hEnd: 560, ink: 225)
        #expect(TableGrid.rows(in: img).isEmpty)
        let rows = TableGrid.rows(in: img, levels: TableGrid.digitalLevels)
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { $0.cells.count == 3 })
    }

    /// Dark rules over a shaded header row (shading light enough to read as ink at the faint level, where the rules
    /// across it are then not thin): pooling both levels gives the rows the dark level alone gives.
    @Test func shadedRowsKeepTheirDarkRules() {
        let img = page(ys: [30, 90, 150], xs: [20, 200, 400, 560], hEnd: 560, shade: (30...90, 226))
        let dark = TableGrid.rows(in: img), pooled = TableGrid.rows(in: img, levels: TableGrid.digitalLevels)
        #expect(dark.count == 2)
        #expect(pooled.map(\.cells) == dark.map(\.cells))
    }

    /// The vertical runs of a digital render, found from probe rows, are the runs a column-by-column walk finds:
    /// dark pixels on even rows, across at most one light even row, `9 * scale` pixels tall or more, thin (mostly
    /// light `gap` pixels either side). On a page of random strokes: short and long, broken once or twice, thick,
    /// and near the page's top and bottom edges.
    @Test func verticalRunsFromProbeRowsAreTheColumnWalksRuns() {
        let w = 300, h = 240, scale = 1.5
        var state: UInt64 = 7  // a fixed linear congruential sequence: the same pages on every run
        func random(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        for round in 0..<40 {
            var px = [UInt8](repeating: 255, count: w * h)
            for x in 10..<290 { px[5 * w + x] = 50 }  // a horizontal rule: vertical runs are searched for
            for _ in 0..<60 {
                let x = random(w - 8) + 4, y0 = random(h), len = random(40) + 1
                let thick = random(5) == 0 ? 4 : 1, grey = UInt8(random(250))
                for y in y0..<min(h, y0 + len) { for t in 0..<thick where x + t < w { px[y * w + x + t] = grey } }
                if random(3) == 0 {  // a hole of one or two rows
                    let hy = y0 + random(len), hl = random(2) + 1
                    for y in hy..<(hy + hl) where y < h { px[y * w + x] = 255 }
                }
            }
            let found = px.withUnsafeBufferPointer { buf in
                TableGrid.runs(in: PixelView(base: buf.baseAddress!, width: w, height: h, scale: scale), darkBelow: TableGrid.darkRule).v
            }
            // the reference: each column walked from top to bottom
            let minV = Int(9 * scale), gap = max(2, Int((2 * scale).rounded()))
            func dark(_ x: Int, _ y: Int) -> Bool { px[y * w + x] < TableGrid.darkRule }
            var expected: [TableGrid.VRule] = []
            for x in gap..<(w - gap) {
                var y = 0
                while y < h {
                    guard dark(x, y) else { y += 2; continue }
                    let start = y
                    var stop = y
                    while stop + 2 < h && dark(x, stop + 2) || stop + 4 < h && dark(x, stop + 4) { stop += dark(x, stop + 2) ? 2 : 4 }
                    let rows = Array(stride(from: start, through: stop, by: 2))
                    if stop - start + 1 >= minV && rows.filter({ dark(x - gap, $0) }).count * 2 < rows.count
                        && rows.filter({ dark(x + gap, $0) }).count * 2 < rows.count {
                        expected.append(TableGrid.VRule(x: x, y0: start, y1: stop))
                    }
                    y = stop + 2
                }
            }
            func key(_ r: TableGrid.VRule) -> [Int] { [r.x, r.y0, r.y1] }
            #expect(found.map(key).sorted { $0.lexicographicallyPrecedes($1) } == expected.map(key), "round \(round)")
        }
    }

    /// A rule found as two runs a few pixels apart (a skewed scan) is one column boundary, in every row alike.
    @Test func twoRulesCloserThanACellAreOne() {
        let rows = TableGrid.rows(in: page(ys: [30, 90, 150], xs: [20, 200, 205, 400, 560], hEnd: 560))
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { $0.cells.count == 3 })
        #expect(abs((rows.first?.cells.first?.x1 ?? 0) - 202 / 1.5) < 2)
    }

    @Test func labelAndContentOnOnePopplerLineMayHoldTable() {
        func chars(_ parts: [(String, Double)]) -> [PDFChar] {
            var out: [PDFChar] = []
            for (s, x0) in parts {
                for (k, u) in s.unicodeScalars.enumerated() {
                    let x = x0 + Double(k) * 5
                    out.append(PDFChar(scalar: u, box: Box(x0: x, y0: 100, x1: x + 5, y1: 110), fontSize: 10, bold: false))
                }
            }
            return out
        }
        #expect(PDFExtractor.mayHoldTable(chars([("Enfance", 40), ("Elaborer", 180)])))
        #expect(!PDFExtractor.mayHoldTable(chars([("Enfance Elaborer le plan", 40)])))
    }

    /// A heading that opens several pages stands where body text starts on the other pages: not furniture.
    @Test func repeatedPageOpeningHeadingIsNotFurniture() {
        func line(_ t: String, _ y: Double) -> Line {
            Line(text: t, number: 0, box: Box(x0: 40, y0: y, x1: 300, y1: y + 10), method: .pdfText)
        }
        var pages: [Page] = []
        for n in 1...8 {
            let first = n % 3 == 0 ? line("Accès aux droits", 46) : line("Body text " + String(repeating: "x", count: n), 46)
            pages.append(Page(number: n, method: .pdfText, width: 595, height: 842,
                              lines: [line("Running header", 20), first, line("More text \(n)", 200)]))
        }
        var doc = ExtractedDocument(source: "x.pdf", kind: .pdf, pages: pages)
        Furniture.mark(&doc)
        let furniture = Set(doc.pages.flatMap { $0.lines.filter { $0.role == .furniture }.map(\.text) })
        #expect(furniture == ["Running header"])
    }
}
