// Reasons an input can fail, as stable codes for run.json and the failed/ report.

public enum ReasonCode: String, Codable, Sendable, CaseIterable {
    case notFound = "not_found"
    case unreadable
    case unsupportedExtension = "unsupported_extension"
    case empty
    case binary
    case tooLarge = "too_large"
    case notPDF = "not_pdf"
    case encrypted
    case truncated
    case zeroPages = "zero_pages"
    case ocrUnavailable = "ocr_unavailable"
    case renderLimit = "render_limit"
    case timeout
    case noFiche = "no_fiche"
    /// Warnings on a document that was produced: fiches whose confidence is below 0.5, pages OCR read poorly.
    case lowConfidence = "low_confidence"
    case lowOCRConfidence = "low_ocr_confidence"
    /// No fiche structure found: the fiches are actions read from their markers, titles only.
    case titlesOnly = "titles_only"
    case internalError = "internal_error"
}

/// An input that could not be processed. `message` is one line, without the file name.
public struct InputError: Error, Sendable, CustomStringConvertible {
    public var code: ReasonCode
    public var message: String
    public init(_ code: ReasonCode, _ message: String) { self.code = code; self.message = message }
    public var description: String { "\(message) [\(code.rawValue)]" }
}
