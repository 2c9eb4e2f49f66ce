import CTGModel
import Foundation
import Testing
@testable import CTGExtract

@Suite struct FurnitureTests {
    @Test func stampShapes() {
        #expect(Furniture.isStampShape("AR Prefecture"))
        #expect(Furniture.isStampShape("Reçu le 20/06/2022"))
        #expect(Furniture.isStampShape("Publié le 20/06/2022"))
        #expect(Furniture.isStampShape("063-200072080-20220607-CC20220406-DE"))
        #expect(!Furniture.isStampShape("Action 1-2-1 => Renforcer"))
        #expect(Furniture.isPageNumber("3 / 40"))
        #expect(!Furniture.isPageNumber("Action 1.1"))
    }

    /// Page numbers "N / 40" as the OCR read them on the scanned corpus 000 (pages 23-32): the slash lost, or read
    /// as a sign or a digit. Only the page's own number followed by the page count counts.
    @Test func pageNumbersTheOCRMisread() {
        for (text, page) in [("23 40", 23), ("24} 40", 24), ("27 #40", 27), ("28 4 40", 28), ("32140", 32)] {
            #expect(Furniture.isMisreadPageNumber(text, page: page, of: 40), "\(text)")
        }
        #expect(!Furniture.isMisreadPageNumber("23 40", page: 24, of: 40))
        #expect(!Furniture.isMisreadPageNumber("2023 2024", page: 20, of: 24))
        #expect(!Furniture.isMisreadPageNumber("Page 23 40", page: 23, of: 40))
        #expect(!Furniture.isMisreadPageNumber("2340 €", page: 2, of: 40))   // an amount
    }

    @Test func textDumpStampsAndPageNumbers() throws {
        let dump = """
        AR Prefecture

        063-200072080-20220607-CC20220406-DE
        Reçu le 20/06/2022
        Publié le 20/06/2022
        Pays de Saint-Eloy
        Pilote : la CAF
        1 / 2
        AR Prefecture
        063-200072080-20220607-CC20220406-DE
        Reçu le 20/06/2022
        Pilote : la CAF
        """
        let doc = try Extraction().extract(data: Data(dump.utf8), source: "d.txt", extension: "txt")
        let furniture = doc.pages[0].lines.filter { $0.role == .furniture }.map(\.text)
        #expect(furniture == ["AR Prefecture", "063-200072080-20220607-CC20220406-DE", "Reçu le 20/06/2022",
                              "Publié le 20/06/2022", "1 / 2", "AR Prefecture", "063-200072080-20220607-CC20220406-DE",
                              "Reçu le 20/06/2022"])
        #expect(doc.bodyLines.map(\.text).filter { !$0.isEmpty } == ["Pays de Saint-Eloy", "Pilote : la CAF", "Pilote : la CAF"])
    }
}

@Suite struct FurnitureCorpusTests {
    @Test func corpusDump003() throws {
        let url = URL(fileURLWithPath: "/work/shared/corpus/txt/003_a1e36eded0fc182c.txt")
        guard FileManager.default.fileExists(atPath: url.path) else { print("skipped: /work/shared corpus absent"); return }
        let doc = try Extraction().extract(fileAt: url)
        let f = doc.pages[0].lines.filter { $0.role == .furniture }
        #expect(f.count >= 60)
        #expect(!doc.bodyLines.contains { $0.text == "AR Prefecture" })
    }
}
