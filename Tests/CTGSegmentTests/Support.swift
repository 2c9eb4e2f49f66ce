import CTGExtract
import CTGModel
import Foundation
import Testing
@testable import CTGSegment

/// A fixture text dump (Fixtures/<name>.txt) read by the real text extractor.
func fixtureView(_ name: String) throws -> DocumentView {
    let url = try #require(Bundle.module.url(forResource: name, withExtension: "txt", subdirectory: "Fixtures"))
    let doc = try TextDumpExtractor().extract(data: Data(contentsOf: url), source: name + ".txt")
    return DocumentView(doc)
}

/// A fixture text dump (Fixtures/<name>.txt) as the real text extractor reads it.
func fixtureDocument(_ name: String) throws -> ExtractedDocument {
    let url = try #require(Bundle.module.url(forResource: name, withExtension: "txt", subdirectory: "Fixtures"))
    return try TextDumpExtractor().extract(data: Data(contentsOf: url), source: name + ".txt")
}
