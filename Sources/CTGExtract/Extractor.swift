import CTGModel
import Foundation

/// Picks the extractor for an input by its extension and reads it.
public struct Extraction: Sendable {
    public static let textExtensions: Set<String> = ["txt", "md", "text", "html", "htm"]
    public static let pdfExtensions: Set<String> = ["pdf"]
    public static var supportedExtensions: Set<String> { textExtensions.union(pdfExtensions) }

    /// The one-line error for a file of another type.
    public static func unsupported(_ ext: String) -> InputError {
        InputError(.unsupportedExtension, "unsupported file type '.\(ext)' (expected .txt, .md, .html or .pdf)")
    }

    public var text = TextDumpExtractor()
    public var pdf = PDFExtractor()
    /// Mark page furniture (page numbers, repeated stamps) on text dumps too; PDFs do it in `pdf.furniture`.
    public var furniture = true
    /// Join the visual lines of PDF text-layer pages into paragraph lines, as a text dump holds them (`Paragraphs`).
    public var paragraphs = true
    public init() {}

    /// Reads and extracts one file. Throws an `InputError` with a one-line reason.
    public func extract(fileAt url: URL) throws(InputError) -> ExtractedDocument {
        let ext = url.pathExtension.lowercased()
        guard Self.supportedExtensions.contains(ext) else {
            throw Self.unsupported(ext)
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            if !FileManager.default.fileExists(atPath: url.path) { throw InputError(.notFound, "no such file") }
            throw InputError(.unreadable, "cannot read file (\(Self.reason(error)))")
        }
        return try extract(data: data, source: url.lastPathComponent, extension: ext)
    }

    public func extract(data: Data, source: String, extension ext: String) throws(InputError) -> ExtractedDocument {
        if Self.pdfExtensions.contains(ext) {
            var doc = try pdf.extract(data: data, source: source)
            if paragraphs { Paragraphs.join(&doc) }
            return doc
        }
        var doc = try text.extract(data: data, source: source)
        if furniture { Furniture.mark(&doc) }
        if paragraphs { Paragraphs.join(&doc) }  // dumps laid out with spaces only: their lines have boxes
        return doc
    }

    static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
           let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return String(cString: strerror(code.rawValue))
        }
        return ns.localizedDescription
    }
}
