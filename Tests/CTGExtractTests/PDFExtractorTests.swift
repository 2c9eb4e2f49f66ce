import CTGModel
import Foundation
import Testing
@testable import CTGExtract

func fixture(_ name: String) throws -> Data {
    let dir = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
    return try Data(contentsOf: dir.appendingPathComponent(name))
}

func expectFailure(_ name: String, _ code: ReasonCode, _ extractor: PDFExtractor = PDFExtractor()) throws {
    let data = try fixture(name)
    do {
        _ = try extractor.extract(data: data, source: name)
        Issue.record("\(name): expected \(code), got a document")
    } catch {
        #expect(error.code == code, "\(name): \(error)")
        #expect(!error.message.contains("\n"))
    }
}

@Suite struct PDFDigitalTests {
    @Test func tableRowsAndFurniture() throws {
        let doc = try PDFExtractor().extract(data: try fixture("digital_002_p2-3.pdf"), source: "d.pdf")
        #expect(doc.pages.count == 2)
        #expect(doc.pages.allSatisfy { $0.method == .pdfText && $0.reason == "text layer" })
        let lines = doc.pages.flatMap(\.lines)
        #expect(lines.map(\.number) == Array(1...lines.count))
        #expect(lines.first?.text == "Sommaire du plan d'actions")
        #expect(lines.first?.bold == true)
        let rows = lines.filter { $0.cells != nil }
        #expect(rows.count > 30)
        #expect(rows.allSatisfy { $0.cells?.count == 2 })
        let action = try #require(rows.first { $0.cells?.first == "Action 1.1" })
        #expect(action.cells?[1] == "Définir une stratégie d'offre d'accueil sur l'ensemble du territoire")
        #expect(action.text == "Action 1.1\tDéfinir une stratégie d'offre d'accueil sur l'ensemble du territoire")
        #expect(action.box != nil && action.fontSize == 9)
        let heading = try #require(rows.first { $0.cells?.first == "PETITE ENFANCE (0-3 ans)" })
        #expect(heading.cells == ["PETITE ENFANCE (0-3 ans)", ""])
        let footers = lines.filter { $0.role == .furniture }.map(\.text)
        #expect(footers == ["2 / 33", "3 / 33"])
        // words with boxes, inside the line's box, in reading order; a row's words are its cells' words
        #expect(action.words?.map(\.text) == ["Action", "1.1", "Définir", "une", "stratégie", "d'offre", "d'accueil", "sur",
                                               "l'ensemble", "du", "territoire"])
        for l in lines where l.cells == nil && !l.text.isEmpty {
            let words = try #require(l.words)
            #expect(words.map(\.text).joined(separator: " ") == l.text.split(separator: " ").joined(separator: " "))
            let box = try #require(l.box)
            #expect(words.allSatisfy { $0.box.x0 >= box.x0 - 0.01 && $0.box.x1 <= box.x1 + 0.01 && $0.confidence == nil })
        }
        #expect(!doc.bodyLines.contains { $0.text.contains(" / 33") })
    }

    /// Pages whose text runs sideways or upside down as displayed (/Rotate set on upright pages: a landscape plan
    /// printed sideways on portrait paper) read as the upright pages do: the same lines, rows and cells, the
    /// upright page's size.
    @Test func turnedPagesReadAsUpright() throws {
        let upright = try PDFExtractor().extract(data: try fixture("digital_002_p2-3.pdf"), source: "d.pdf")
        // (and content drawn turned on a portrait page that /Rotate shows upright: an upright page, no turn)
        for name in ["turned-90_002_p2-3.pdf", "turned-180_002_p2-3.pdf", "rotated-content_002_p2-3.pdf"] {
            let doc = try PDFExtractor().extract(data: try fixture(name), source: name)
            #expect(doc.pages.map { $0.lines.map(\.text) } == upright.pages.map { $0.lines.map(\.text) }, "\(name)")
            #expect(doc.pages.map { $0.lines.map(\.cells) } == upright.pages.map { $0.lines.map(\.cells) }, "\(name)")
            #expect(doc.pages.map { [$0.width, $0.height] } == upright.pages.map { [$0.width, $0.height] }, "\(name)")
            #expect(doc.pages.flatMap(\.lines).filter { $0.role == .furniture }.map(\.text) == ["2 / 33", "3 / 33"])
        }
        // a ruled plan table of eight columns on a landscape page turned three quarters
        let plan = try PDFExtractor().extract(data: try fixture("turned-270_004_p1.pdf"), source: "p.pdf")
        let rows = plan.pages[0].lines.compactMap(\.cells)
        #expect((plan.pages[0].width ?? 0) > (plan.pages[0].height ?? 0))
        #expect(rows.first == ["Champs d'intervention", "Nature de l'offre à développer en partenariat avec la Caf", "",
                               "Moyens mobilisés par les partenaires", "Objectif(s)", "Indicateurs de suivi", "", ""])
        #expect(plan.pages[0].lines.first?.text == "Convention Territoriale Globale")
    }

    /// Which way a page's text runs, from the steps between the characters of its words; boxes turned upright.
    @Test func pageTurnFromCharacterSteps() {
        func word(_ s: String, step: (Int) -> Box) -> [PDFChar] {
            s.unicodeScalars.enumerated().map { PDFChar(scalar: $0.element, box: step($0.offset), fontSize: 10, bold: false) }
        }
        let text = "Convention territoriale globale"
        let across = word(text) { Box(x0: 100 + Double($0) * 6, y0: 50, x1: 106 + Double($0) * 6, y1: 60) }
        let down = word(text) { Box(x0: 500, y0: 100 + Double($0) * 6, x1: 510, y1: 106 + Double($0) * 6) }
        let up = word(text) { Box(x0: 80, y0: 700 - Double($0) * 6, x1: 90, y1: 706 - Double($0) * 6) }
        let back = word(text) { Box(x0: 500 - Double($0) * 6, y0: 780, x1: 506 - Double($0) * 6, y1: 790) }
        #expect(PageTurn.of(across) == .upright)
        #expect(PageTurn.of(down) == .quarter)
        #expect(PageTurn.of(back) == .half)
        #expect(PageTurn.of(up) == .threeQuarters)
        #expect(PageTurn.of(Array(down.prefix(5))) == .upright)   // too few steps to tell
        // turned upright, each runs left to right on one line
        for (chars, turn) in [(down, PageTurn.quarter), (back, .half), (up, .threeQuarters)] {
            let boxes = turn.upright(chars, width: 595, height: 842).map(\.box)
            #expect(zip(boxes, boxes.dropFirst()).allSatisfy { $0.x1 <= $1.x0 + 0.01 && abs($0.y0 - $1.y0) < 0.01 }, "\(turn)")
            #expect(boxes.allSatisfy { $0.x0 >= 0 && $0.y0 >= 0 && $0.x1 <= turn.size(width: 595, height: 842).width })
        }
        #expect(PageTurn.quarter.size(width: 595, height: 842) == (842, 595))
        // one poppler line holding characters at two heights (upside down, a cell's last line and the label beside
        // it) comes back as two lines, top to bottom
        func char(_ s: Unicode.Scalar, _ x: Double, _ y: Double) -> PDFChar {
            PDFChar(scalar: s, box: Box(x0: x, y0: y, x1: x + 6, y1: y + 10), fontSize: 10, bold: false)
        }
        let mixed = [char("e", 400, 600), char("n", 394, 600), char("d", 388, 600), char(" ", 382, 600),
                     char("L", 300, 750), char("a", 294, 750), char("b", 288, 750)]
        let lines = PageTurn.half.upright(mixed, width: 595, height: 842).split { $0.scalar == "\n" }
            .map { String(String.UnicodeScalarView($0.map(\.scalar))).trimmingCharacters(in: .whitespaces) }
        #expect(lines == ["Lab", "end"])
    }

    @Test func sequentialEqualsParallel() throws {
        let data = try fixture("digital_002_p2-3.pdf")
        let a = try PDFExtractor(parallelism: 1).extract(data: data, source: "d.pdf")
        let b = try PDFExtractor(parallelism: 4).extract(data: data, source: "d.pdf")
        #expect(a.pages == b.pages)
    }

    /// Rendering a page before reading its text (the text then comes from the render's pass) changes nothing.
    @Test func renderOrderDoesNotChangeTheDocument() throws {
        for name in ["digital_002_p2-3.pdf", "digital_002_p2-3_annotated.pdf", "paragraphs-000_p6-7.pdf", "mixed_000_p1-3.pdf"] {
            let data = try fixture(name)
            var never = PDFExtractor(ocr: false, parallelism: 1); never.renderOrder = .never
            var always = PDFExtractor(ocr: false, parallelism: 1); always.renderOrder = .always
            let predicted = PDFExtractor(ocr: false, parallelism: 1)
            let a = try never.extract(data: data, source: name)
            #expect(a.pages.flatMap(\.lines).contains { $0.cells != nil } == (name != "paragraphs-000_p6-7.pdf"), "\(name)")
            #expect(try always.extract(data: data, source: name).pages == a.pages, "\(name)")
            #expect(try predicted.extract(data: data, source: name).pages == a.pages, "\(name)")
        }
    }

    /// The visible text of annotations (here a FreeText on each page) is part of the page's text, as in a viewer
    /// (and in pdftotext), with or without table rebuilding.
    @Test func annotationTextIsRead() throws {
        let data = try fixture("digital_002_p2-3_annotated.pdf")
        for tables in [true, false] {
            let doc = try PDFExtractor(ocr: false, tables: tables).extract(data: data, source: "a.pdf")
            #expect(doc.pages.allSatisfy { $0.lines.contains { $0.text.contains("Annotation stamp text") } }, "tables: \(tables)")
        }
        let plain = try PDFExtractor(ocr: false).extract(data: try fixture("digital_002_p2-3.pdf"), source: "p.pdf")
        #expect(!plain.pages.contains { $0.lines.contains { $0.text.contains("Annotation stamp text") } })
    }

    @Test func renderFirstGuess() {
        let hints = TableHints(count: 4)
        #expect(hints.tableBefore(0) == nil && hints.tableBefore(3) == nil)
        hints.note(0, table: true)
        #expect(hints.tableBefore(2) == true)
        hints.note(1, table: false)
        #expect(hints.tableBefore(2) == false && hints.tableBefore(1) == true)
        var x = PDFExtractor()
        #expect(x.renderFirst(hint: nil) == false && x.renderFirst(hint: true) && !x.renderFirst(hint: false))
        x.renderOrder = .always
        #expect(x.renderFirst(hint: nil) && x.renderFirst(hint: false))
        x.renderOrder = .never
        #expect(!x.renderFirst(hint: true))
    }

    @Test func garbageLayerDecision() {
        func chars(_ s: String) -> [PDFChar] { s.unicodeScalars.map { PDFChar(scalar: $0, box: Box(x0: 0, y0: 0, x1: 1, y1: 1)) } }
        #expect(PDFExtractor.textLayerProblem([]) == "no text layer")
        #expect(PDFExtractor.textLayerProblem(chars("12 / 40"))?.hasPrefix("too few characters") == true)
        #expect(PDFExtractor.textLayerProblem(chars(String(repeating: "(cid:12)(cid:7) ", count: 20)))?.contains("cid") == true)
        #expect(PDFExtractor.textLayerProblem(chars(String(repeating: "#$%&*@!", count: 10)))?.contains("non-letters") == true)
        #expect(PDFExtractor.textLayerProblem(chars("Fiche action 1 : Renforcer le Relais Petite Enfance")) == nil)
    }

    @Test func rowCutByPageBreakIsMerged() {
        let row1 = Line(text: "Pilote\tla CAF et", cells: ["Pilote", "la CAF et"], page: 1, number: 0,
                        box: Box(x0: 50, y0: 700, x1: 545, y1: 800), method: .pdfText)
        let foot = Line(text: "1 / 2", page: 1, number: 0, box: Box(x0: 280, y0: 810, x1: 300, y1: 820), method: .pdfText)
        let row2 = Line(text: "\tles communes", cells: ["", "les communes"], page: 2, number: 0,
                        box: Box(x0: 50, y0: 40, x1: 545, y1: 60), method: .pdfText)
        var pages = [Page(number: 1, method: .pdfText, width: 595, height: 842, lines: [row1, foot]),
                     Page(number: 2, method: .pdfText, width: 595, height: 842, lines: [row2])]
        let original = pages
        PDFExtractor.mergeContinuedRows(&pages, [PageFlags(continuesOnNext: true), PageFlags()])
        #expect(pages[0].lines[0].cells == ["Pilote", "la CAF et les communes"])
        #expect(pages[1].lines.isEmpty)
        // A row closed by its ruling at the foot of the page is whole, even when the next page's first row has no
        // ruling above it (a table drawing only the bottom border of each row: wkhtmltopdf).
        pages = original
        PDFExtractor.mergeContinuedRows(&pages, [PageFlags(continuesOnNext: false), PageFlags()])
        #expect(pages[0].lines[0].cells == ["Pilote", "la CAF et"])
        #expect(pages[1].lines.count == 1)
    }
}

@Suite struct PDFOCRTests {
    /// Scans of tables without rulings (the borderless fixtures printed and scanned at 300 dpi, 1 bit): Tesseract
    /// reads them column by column; their rows come back with their cells in their columns.
    @Test func scannedTablesWithoutRulingsGiveRows() throws {
        guard OCREngine.tessdataDirectory(language: "fra") != nil else { print("skipped: no fra.traineddata"); return }
        let plan = try PDFExtractor().extract(data: try fixture("scanned-borderless-plan-004-columns.pdf"), source: "p.pdf")
        let rows = plan.pages.flatMap(\.lines).compactMap(\.cells)
        #expect(plan.pages.first?.method == .ocr)
        #expect(rows.count == 8 && rows.allSatisfy { $0.count == 8 })
        #expect(rows.contains { $0[1] == "Descriptif" && $0[7] == "Echéance" })
        #expect(rows.contains { $0[0] == "Petite Enfance" && $0[1] == "- Déploiement de places AVIP /AVIS" && $0[7] == "2023-2024" })
        let fiche = try PDFExtractor().extract(data: try fixture("scanned-borderless-fiche-002-wrapped.pdf"), source: "f.pdf")
        let labelled = fiche.pages.flatMap(\.lines).compactMap(\.cells)
        #expect(labelled.contains(["Public ciblé", "- Parents - Professionnels de l'accueil petite enfance"]))
        #expect(labelled.contains { $0.first == "Acteur(s)/ Partenaire(s) associé(s)" && $0.count == 2 && $0[1].hasSuffix("associations d'insertion - Communes") })
    }

    /// A page scanned upside down, or sideways the other way (/Rotate 180 and 270 on `scanned_000_p3.pdf`): read
    /// turned upright, the same lines as the upright scan, the turn said in the page's reason.
    @Test func scannedPagesTurnedAreReadUpright() throws {
        guard OCREngine.tessdataDirectory(language: "fra") != nil else { print("skipped: no fra.traineddata"); return }
        let upright = try PDFExtractor().extract(data: try fixture("scanned_000_p3.pdf"), source: "s.pdf")
        for (name, note) in [("scanned-turned-180_000_p3.pdf", "upside down"), ("scanned-turned-270_000_p3.pdf", "bottom to top")] {
            let doc = try PDFExtractor().extract(data: try fixture(name), source: name)
            let page = try #require(doc.pages.first)
            #expect(page.lines.map(\.text) == upright.pages[0].lines.map(\.text), "\(name)")
            let reason = page.reason ?? ""
            #expect(reason.hasPrefix("no text layer; read turned") && reason.contains(note), "\(reason)")
            #expect((page.ocrConfidence ?? 0) > 0.8)
        }
    }

    /// A scan under a text layer of nonsense (`scanned_000_p3.pdf` with its words' letters shifted by one, as a
    /// font without its character map gives them): with a vocabulary that rejects most of the layer's words and
    /// fewer of OCR's, the page is read by OCR; without one, or where OCR reads no better, the layer stays.
    @Test func garbageTextLayerIsReadByOCR() throws {
        guard OCREngine.tessdataDirectory(language: "fra") != nil else { print("skipped: no fra.traineddata"); return }
        struct WordSet: Vocabulary {
            let words: Set<String>
            func rejects(_ ws: [String]) -> [Bool] { ws.map { !words.contains($0) } }
            func accepts(_ ws: [String]) -> [Bool] { ws.map { words.contains($0) } }
        }
        struct NoWord: Vocabulary {
            func rejects(_ ws: [String]) -> [Bool] { ws.map { _ in true } }
            func accepts(_ ws: [String]) -> [Bool] { ws.map { _ in false } }
        }
        let upright = try PDFExtractor().extract(data: try fixture("scanned_000_p3.pdf"), source: "s.pdf")
        let french = WordSet(words: Set(upright.pages[0].lines.flatMap { $0.text.split { !$0.isLetter }.map(String.init) }))
        let data = try fixture("scanned-garbage-layer_000_p3.pdf")
        var ex = PDFExtractor()
        #expect(try ex.extract(data: data, source: "g.pdf").pages[0].method == .pdfText)
        ex.vocabulary = french
        let page = try ex.extract(data: data, source: "g.pdf").pages[0]
        #expect(page.method == .ocr)
        #expect(page.reason?.hasPrefix("garbage text layer: ") == true && page.reason?.hasSuffix("% of its words unknown to the lexicon") == true)
        #expect(page.lines.map(\.text) == upright.pages[0].lines.map(\.text))
        ex.vocabulary = NoWord()
        let kept = try ex.extract(data: data, source: "g.pdf").pages[0]
        #expect(kept.method == .pdfText && kept.reason == "text layer")
        // a clean layer stays as it is
        ex.vocabulary = WordSet(words: [])
        let digital = try PDFExtractor().extract(data: try fixture("digital_002_p2-3.pdf"), source: "d.pdf")
        ex.vocabulary = WordSet(words: Set(digital.pages.flatMap { $0.lines.flatMap { $0.text.split { !$0.isLetter }.map(String.init) } }))
        #expect(try ex.extract(data: try fixture("digital_002_p2-3.pdf"), source: "d.pdf").pages == digital.pages)
    }

    @Test func scannedPage() throws {
        guard OCREngine.tessdataDirectory(language: "fra") != nil else { print("skipped: no fra.traineddata"); return }
        let doc = try PDFExtractor().extract(data: try fixture("scanned_000_p3.pdf"), source: "s.pdf")
        let page = try #require(doc.pages.first)
        #expect(page.method == .ocr)
        #expect(page.reason == "no text layer")
        #expect((page.ocrConfidence ?? 0) > 0.8)
        #expect(page.lines.allSatisfy { $0.method == .ocr && $0.confidence != nil && $0.box != nil })
        // OCR'd words keep their boxes and Tesseract's confidences
        let words = page.lines.flatMap { $0.words ?? [] }
        #expect(words.count > 50)
        #expect(words.allSatisfy { ($0.confidence ?? -1) >= 0 && ($0.confidence ?? 2) <= 1 && $0.box.width > 0 })
        #expect(words.contains { $0.text == "Gouvernance" })
        let text = doc.bodyLines.map(\.text).joined(separator: " ")
        #expect(text.contains("Gouvernance"))
        #expect(text.contains("Fiche action 0"))
        #expect(page.lines.last?.role == .furniture)   // "3 / 40"
    }

    @Test func mixedDocumentMethods() throws {
        guard OCREngine.tessdataDirectory(language: "fra") != nil else { print("skipped: no fra.traineddata"); return }
        let doc = try PDFExtractor().extract(data: try fixture("mixed_000_p1-3.pdf"), source: "m.pdf")
        #expect(doc.pages.map(\.method) == [.pdfText, .ocr, .pdfText])
        #expect(doc.pages[1].reason == "no text layer")
        // The OCR'd page is the end of the summary table: rows of three cells.
        let rows = doc.pages[1].lines.filter { $0.cells != nil }
        #expect(rows.count >= 4)
        #expect(rows.allSatisfy { $0.cells?.count == 3 })
        #expect(rows.contains { $0.cells?[2].hasPrefix("Action 17") == true })
    }

    @Test func scanWithThinTextLayerIsOCRd() throws {
        guard OCREngine.tessdataDirectory(language: "fra") != nil else { print("skipped: no fra.traineddata"); return }
        let doc = try PDFExtractor().extract(data: try fixture("scanned_with_stamp_layer.pdf"), source: "s.pdf")
        let page = try #require(doc.pages.first)
        #expect(page.method == .ocr)
        #expect(page.reason?.hasPrefix("image page") == true, "\(page.reason ?? "")")
        #expect(doc.bodyLines.map(\.text).joined(separator: " ").contains("Fiche action 0"))
    }

    @Test func ocrUnavailable() throws {
        try expectFailure("scanned_000_p3.pdf", .ocrUnavailable, PDFExtractor(language: "zz_nonexistent"))
    }

    @Test func ocrDisabledLeavesPageEmpty() throws {
        let doc = try PDFExtractor(ocr: false).extract(data: try fixture("scanned_000_p3.pdf"), source: "s.pdf")
        #expect(doc.pages[0].method == .none)
        #expect(doc.pages[0].lines.isEmpty)
    }

    @Test func renderLimit() throws {
        try expectFailure("scanned_000_p3.pdf", .renderLimit, PDFExtractor(maxPixels: 10_000))
    }
}

@Suite struct PDFFailureTests {
    @Test func encrypted() throws { try expectFailure("encrypted.pdf", .encrypted) }
    @Test func truncated() throws { try expectFailure("truncated.pdf", .truncated) }
    @Test func notPDF() throws { try expectFailure("not_a_pdf.pdf", .notPDF) }
    @Test func zeroPages() throws { try expectFailure("zero_pages.pdf", .zeroPages) }
    @Test func empty() throws { try expectFailure("empty.pdf", .empty) }
    @Test func timeout() throws { try expectFailure("digital_002_p2-3.pdf", .timeout, PDFExtractor(timeLimit: 0)) }

    @Test func viaExtraction() throws {
        let dir = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        do {
            _ = try Extraction().extract(fileAt: dir.appendingPathComponent("not_a_pdf.pdf"))
            Issue.record("expected not_pdf")
        } catch { #expect(error.code == .notPDF) }
    }
}

/// The full corpus documents, when /work/shared is there (skipped on a fresh clone).
@Suite struct PDFCorpusTests {
    static let corpus = URL(fileURLWithPath: "/work/shared/corpus/pdf")

    @Test func mixedPDFPageMethods() throws {
        let url = Self.corpus.appendingPathComponent("mixed/000_mixed.pdf")
        guard FileManager.default.fileExists(atPath: url.path) else { print("skipped: \(url.path) absent"); return }
        guard OCREngine.tessdataDirectory(language: "fra") != nil else { print("skipped: no fra.traineddata"); return }
        let doc = try PDFExtractor().extract(data: try Data(contentsOf: url), source: url.lastPathComponent)
        #expect(doc.pages.count == 40)
        let imagePages: Set<Int> = [2, 7, 8, 21, 33]
        for page in doc.pages {
            let expected: ExtractionMethod = imagePages.contains(page.number) ? .ocr : .pdfText
            #expect(page.method == expected, "page \(page.number): \(page.method) (\(page.reason ?? ""))")
            // The footer "n / 40" is furniture (OCR may lose the slash: "740").
            #expect(page.lines.contains { $0.role == .furniture && $0.text.filter(\.isNumber).hasPrefix("\(page.number)") },
                    "page \(page.number): no footer")
        }
    }
}
