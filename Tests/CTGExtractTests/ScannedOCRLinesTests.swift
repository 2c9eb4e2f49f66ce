import CTGModel
import Testing
@testable import CTGExtract

/// Repairs of Tesseract's line grouping on scanned pages.
@Suite struct ScannedOCRLinesTests {
    func word(_ t: String, x: Double, y: Double, h: Double = 10, w: Double? = nil) -> Token {
        Token(text: t, box: Box(x0: x, y0: y, x1: x + (w ?? Double(t.count) * 5), y1: y + h))
    }

    /// The short last line of a paragraph merged with the label below it is split by word height.
    @Test func lineHoldingTwoPrintedLinesIsSplit() {
        let line = [word("transversaux)", x: 50, y: 100), word("Modalités", x: 200, y: 118), word("de", x: 260, y: 118),
                    word("mise", x: 280, y: 118)]
        let groups = OCRLines.split(line)
        #expect(groups.map { $0.map(\.text) } == [["transversaux)"], ["Modalités", "de", "mise"]])
        // Words of one printed line (small jitter) stay together.
        let one = [word("Publics", x: 50, y: 100), word("visés", x: 100, y: 101.5), word(":", x: 130, y: 100)]
        #expect(OCRLines.split(one).count == 1)
    }

    /// The bar drawn left of a label, read as "|" or "]", is dropped when it is tall and thin.
    @Test func headingBarIsDropped() {
        let bar = word("|", x: 40, y: 96, h: 18, w: 3)
        let line = [bar, word("Pilote", x: 50, y: 100), word(":", x: 90, y: 100)]
        #expect(OCRLines.dropBar(line).map(\.text) == ["Pilote", ":"])
        // A real one-letter word of normal height stays.
        let a = [word("A", x: 40, y: 100, h: 10, w: 6), word("l'échelle", x: 50, y: 100)]
        #expect(OCRLines.dropBar(a).map(\.text) == ["A", "l'échelle"])
    }

    /// Tesseract has no "►": it reads ">", "»>" or "»" at the start of an action line.
    @Test func triangleBulletRestored() {
        #expect(PageLayout.ocrTriangleBullet("» Création d'une micro-crèche") == "► Création d'une micro-crèche")
        #expect(PageLayout.ocrTriangleBullet("»> Déploiement de places") == "► Déploiement de places")
        #expect(PageLayout.ocrTriangleBullet("> 12 ans") == "► 12 ans")
        #expect(PageLayout.ocrTriangleBullet("Enfants > 12 ans") == "Enfants > 12 ans")
        #expect(PageLayout.ocrTriangleBullet(">>>> texte") == ">>>> texte")
    }
}
