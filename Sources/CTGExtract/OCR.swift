import CTesseract
import CTGModel
import Foundation

/// Tesseract through its C API: one engine per worker thread, never shared.
final class OCREngine {
    private let api: OpaquePointer
    /// Where the traineddata files are (`TESSDATA_PREFIX` or the Debian/Ubuntu paths).
    static func tessdataDirectory(language: String) -> String? {
        var dirs: [String] = []
        if let env = ProcessInfo.processInfo.environment["TESSDATA_PREFIX"] { dirs += [env, env + "/tessdata"] }
        dirs += ["/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
                 "/usr/share/tessdata", "/usr/local/share/tessdata", "/opt/homebrew/share/tessdata"]
        return dirs.first { FileManager.default.fileExists(atPath: $0 + "/\(language).traineddata") }
    }

    /// Tesseract's own OpenMP threads would fight with our page workers: one thread each.
    private static let threadLimit: Void = { setenv("OMP_THREAD_LIMIT", "1", 0) }()

    init(language: String) throws(InputError) {
        Self.threadLimit
        guard let dir = Self.tessdataDirectory(language: language) else {
            throw InputError(.ocrUnavailable, "OCR unavailable: no \(language).traineddata found (install tesseract-ocr-\(language))")
        }
        guard let api = TessBaseAPICreate() else { throw InputError(.ocrUnavailable, "OCR unavailable: cannot create Tesseract") }
        if TessBaseAPIInit3(api, dir, language) != 0 {
            TessBaseAPIDelete(api)
            throw InputError(.ocrUnavailable, "OCR unavailable: Tesseract could not load '\(language)' from \(dir)")
        }
        TessBaseAPISetPageSegMode(api, PSM_AUTO)
        self.api = api
    }

    deinit {
        TessBaseAPIEnd(api)
        TessBaseAPIDelete(api)
    }

    struct Result {
        /// Words with boxes in points, a new Tesseract text line marked by `lineStart`.
        var tokens: [Token]
        var meanConfidence: Double
    }

    /// Recognises a grey image; boxes come back in points (pixels / scale).
    func recognize(_ img: GrayImage, deadline: Date?) -> Result? {
        let dpi = Int32((img.scale * 72).rounded())
        img.pixels.withUnsafeBufferPointer { buf in
            TessBaseAPISetImage(api, buf.baseAddress, Int32(img.width), Int32(img.height), 1, Int32(img.width))
        }
        TessBaseAPISetSourceResolution(api, dpi)
        var monitor: OpaquePointer?
        if let deadline {
            monitor = TessMonitorCreate()
            TessMonitorSetDeadlineMSecs(monitor, Int32(max(1, min(Double(Int32.max), deadline.timeIntervalSinceNow * 1000))))
        }
        defer { if let monitor { TessMonitorDelete(monitor) } }
        guard TessBaseAPIRecognize(api, monitor) == 0 else { TessBaseAPIClear(api); return nil }
        defer { TessBaseAPIClear(api) }
        var tokens: [Token] = []
        let mean = Double(TessBaseAPIMeanTextConf(api)) / 100
        guard let it = TessBaseAPIGetIterator(api) else { return Result(tokens: [], meanConfidence: mean) }
        defer { TessResultIteratorDelete(it) }
        let pit = TessResultIteratorGetPageIterator(it)
        repeat {
            guard let c = TessResultIteratorGetUTF8Text(it, RIL_WORD) else { continue }
            let text = String(cString: c)
            TessDeleteText(c)
            if text.allSatisfy({ $0.isWhitespace }) { continue }
            var l: Int32 = 0, t: Int32 = 0, r: Int32 = 0, b: Int32 = 0
            _ = TessPageIteratorBoundingBox(pit, RIL_WORD, &l, &t, &r, &b)
            let conf = Double(TessResultIteratorConfidence(it, RIL_WORD)) / 100
            let box = Box(x0: Double(l) / img.scale, y0: Double(t) / img.scale, x1: Double(r) / img.scale, y1: Double(b) / img.scale)
            let start = TessPageIteratorIsAtBeginningOf(pit, RIL_TEXTLINE) != 0
            tokens.append(Token(text: text, box: box, lineStart: start, confidence: conf))
        } while TessResultIteratorNext(it, RIL_WORD) != 0
        return Result(tokens: tokens, meanConfidence: mean)
    }
}
