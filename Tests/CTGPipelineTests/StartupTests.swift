import Foundation
import Testing

/// Tesseract (and the forty-odd libraries it brings) is loaded only when a page needs OCR: a run on a text dump
/// never maps it (the dynamic loader's own log, `LD_DEBUG=files`, lists every library it opens).
@Test func textRunDoesNotLoadTesseract() throws {
    let tmp = try TempDir()
    defer { tmp.cleanup() }
    _ = try tmp.write("in/a.txt", "Fiche action 1 : Accueil\nPilote : Caf\n")
    let r = try runCTG(["extract", "--summary", tmp.path("in/a.txt").path], env: ["LD_DEBUG": "files"])
    #expect(r.status == 0, "\(r.stderr.suffix(500))")
    #expect(r.stderr.contains("libpoppler"), "the loader's log is there")
    #expect(!r.stderr.contains("libtesseract"))
}
