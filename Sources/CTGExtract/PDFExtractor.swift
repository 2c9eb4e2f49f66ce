import CPoppler
import CTGModel
import Foundation

/// Reads a PDF through poppler-glib: the text layer of each page, line by line.
public struct PDFExtractor: Sendable {
    public init() {}

    public func extract(data: Data, source: String) throws(InputError) -> ExtractedDocument {
        if data.isEmpty { throw InputError(.empty, "empty file") }
        guard data.starts(with: Array("%PDF-".utf8)) || data.prefix(1024).range(of: Data("%PDF-".utf8)) != nil else {
            throw InputError(.notPDF, "not a PDF (no %PDF- header)")
        }
        let doc = try PopplerDocument(data: data)
        let n = doc.pageCount
        if n == 0 { throw InputError(.zeroPages, "PDF has no pages") }
        var pages: [Page] = []
        var lineNumber = 0
        for i in 0..<n {
            let text = doc.pageText(i)
            var lines: [Line] = []
            for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
                lineNumber += 1
                lines.append(Line(text: String(raw), page: i + 1, number: lineNumber, method: .pdfText))
            }
            pages.append(Page(number: i + 1, method: .pdfText, reason: "text layer", lines: lines))
        }
        return ExtractedDocument(source: source, kind: .pdf, pages: pages)
    }
}

/// A poppler document kept alive with its bytes.
final class PopplerDocument: @unchecked Sendable {
    let handle: OpaquePointer
    private let bytes: OpaquePointer

    init(data: Data) throws(InputError) {
        let gbytes: OpaquePointer? = data.withUnsafeBytes { buf in
            g_bytes_new(buf.baseAddress, gsize(buf.count))
        }
        guard let gbytes else { throw InputError(.internalError, "out of memory") }
        var error: UnsafeMutablePointer<GError>?
        guard let doc = poppler_document_new_from_bytes(gbytes, nil, &error) else {
            g_bytes_unref(gbytes)
            let message = error.map { String(cString: $0.pointee.message) } ?? "unknown error"
            let code = error?.pointee.code ?? -1
            if let error { g_error_free(error) }
            if code == Int32(POPPLER_ERROR_ENCRYPTED.rawValue) {
                throw InputError(.encrypted, "encrypted PDF, password required")
            }
            throw InputError(.truncated, "damaged or truncated PDF (\(message))")
        }
        self.handle = doc
        self.bytes = gbytes
    }

    deinit {
        g_object_unref(UnsafeMutableRawPointer(handle))
        g_bytes_unref(bytes)
    }

    var pageCount: Int { Int(poppler_document_get_n_pages(handle)) }

    func pageText(_ index: Int) -> String {
        guard let page = poppler_document_get_page(handle, Int32(index)) else { return "" }
        defer { g_object_unref(UnsafeMutableRawPointer(page)) }
        guard let c = poppler_page_get_text(page) else { return "" }
        defer { g_free(c) }
        return String(cString: c)
    }
}
