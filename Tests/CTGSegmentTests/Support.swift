import CTGExtract
import Foundation
import Testing
@testable import CTGSegment

/// A fixture text dump (Fixtures/<name>.txt) read by the real text extractor.
func fixtureView(_ name: String) throws -> DocumentView {
    let url = try #require(Bundle.module.url(forResource: name, withExtension: "txt", subdirectory: "Fixtures"))
    let doc = try TextDumpExtractor().extract(data: Data(contentsOf: url), source: name + ".txt")
    return DocumentView(doc)
}
