import CTGEmit
import CTGExtract
import CTGModel
import CTGNormalise
import CTGSegment
import Crypto
import Foundation

/// The French lexicon as the PDF stage's vocabulary (`PDFExtractor.vocabulary`: a text layer whose words it mostly
/// rejects is garbage, read by OCR).
public struct LexiconVocabulary: Vocabulary {
    public let lexicon: Lexicon
    public init(_ lexicon: Lexicon) { self.lexicon = lexicon }
    public func rejects(_ words: [String]) -> [Bool] { lexicon.rejects(words) }
    public func accepts(_ words: [String]) -> [Bool] { lexicon.accepts(words) }
    public func prepare() { let lexicon = lexicon; DispatchQueue.global(qos: .utility).async { lexicon.waitForForms() } }
    /// Hunspell's French dictionary, nil where hunspell-fr is not installed.
    public static let french: LexiconVocabulary? = Lexicon.french.map(LexiconVocabulary.init)
}

/// The stages composed: extract -> normalise -> segment -> emit, for one input.
public struct Pipeline: Sendable {
    public var extraction: Extraction
    public var segmenter: Segmenter
    /// Whether to repair text (accents, OCR damage, markup) before segmentation.
    public var normalises: Bool

    /// A PDF stage without a vocabulary gets the French lexicon's (`LexiconVocabulary`), when hunspell-fr is installed.
    public init(extraction: Extraction = Extraction(), segmenter: Segmenter = Segmenter(), normalises: Bool = true) {
        self.extraction = extraction; self.segmenter = segmenter; self.normalises = normalises
        if self.extraction.pdf.vocabulary == nil { self.extraction.pdf.vocabulary = LexiconVocabulary.french }
    }

    /// Result of one input.
    public struct Result: Sendable {
        public var record: DocumentRecord
        public var extracted: ExtractedDocument
        /// Wall-clock milliseconds of each stage ("extract", "normalise", "segment"), for run reports (never in
        /// documents, which must not change from one run to the next).
        public var stageMs: [String: Int] = [:]
    }

    /// Processes one file. Throws `InputError` with a one-line reason for bad input.
    public func process(fileAt url: URL) throws(InputError) -> Result {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            if !FileManager.default.fileExists(atPath: url.path) { throw InputError(.notFound, "no such file") }
            throw InputError(.unreadable, "cannot read file (\(describe(error)))")
        }
        return try process(data: data, source: url.lastPathComponent, extension: url.pathExtension.lowercased())
    }

    /// `afterExtraction`: called once the extraction stage is over (not called if it throws), e.g. to let another
    /// document start its own extraction.
    public func process(data: Data, source: String, extension ext: String,
                        afterExtraction: (() -> Void)? = nil) throws(InputError) -> Result {
        guard Extraction.supportedExtensions.contains(ext) else {
            throw Extraction.unsupported(ext)
        }
        let clock = ContinuousClock()
        func ms(_ d: Duration) -> Int { Int(d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000) }
        let t0 = clock.now
        let extracted = try extraction.extract(data: data, source: source, extension: ext)
        afterExtraction?()
        let t1 = clock.now
        let (normalised, edits) = normalise(extracted)
        let t2 = clock.now
        let segmentation = segmenter.segment(normalised)
        let t3 = clock.now
        let record = DocumentRecord(extracted: normalised, sha256: Self.sha256(data), segmentation: segmentation, edits: edits)
        return Result(record: record, extracted: normalised,
                      stageMs: ["extract": ms(t1 - t0), "normalise": ms(t2 - t1), "segment": ms(t3 - t2)])
    }

    /// Normalises the text of every body line (each table cell on its own), keeping line identity.
    /// The normaliser first profiles the whole document (is it OCR-damaged? its own word frequencies),
    /// then repairs line by line with the next line as context.
    public func normalise(_ doc: ExtractedDocument) -> (ExtractedDocument, [LineEdit]) {
        guard normalises else { return (doc, []) }
        var out = doc
        var edits: [LineEdit] = []
        let body = doc.bodyLines.map(\.text)
        let normaliser = Normaliser(profile: DocumentProfile(text: body.joined(separator: "\n")))
        for p in out.pages.indices {
            let ocrRead = out.pages[p].method == .ocr
            for l in out.pages[p].lines.indices where out.pages[p].lines[l].role == .body {
                var line = out.pages[p].lines[l]
                if let cells = line.cells {
                    var newCells: [String] = []
                    var offset = 0
                    for cell in cells {
                        let n = normaliser.normalise(cell, following: nil, ocrRead: ocrRead)
                        edits += n.edits.map { e in var e = e; e.offset += offset; return LineEdit(line: line.number, edit: e) }
                        offset += cell.unicodeScalars.count + 1
                        newCells.append(n.text)
                    }
                    line.cells = newCells
                    line.text = newCells.joined(separator: "\t")
                } else {
                    let lines = out.pages[p].lines
                    let next = l + 1 < lines.count ? lines[l + 1].text : nil
                    let n = normaliser.normalise(line.text, following: next, ocrRead: ocrRead)
                    edits += n.edits.map { LineEdit(line: line.number, edit: $0) }
                    line.text = n.text
                }
                out.pages[p].lines[l] = line
            }
        }
        return (out, edits)
    }

    public static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}

/// A short reason for a file-system error (the POSIX message where there is one).
func describe(_ error: Error) -> String {
    let ns = error as NSError
    if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
        return String(cString: strerror(Int32(underlying.code)))
    }
    if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
    return ns.localizedDescription
}
