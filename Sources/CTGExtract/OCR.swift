import CTesseract
import CTGModel
import Foundation

/// Tesseract's and Leptonica's functions, loaded on first use (`CTesseract`).
enum Tesseract {
    private static let loaded: Result<CTGTesseract, InputError> = {
        var error: UnsafePointer<CChar>?
        guard let t = ctg_tesseract(&error) else {
            return .failure(InputError(.ocrUnavailable, "OCR unavailable: " + (error.map { String(cString: $0) } ?? "cannot load libtesseract")))
        }
        return .success(t.pointee)
    }()

    /// The functions, or why they cannot be had.
    static func functions() throws(InputError) -> CTGTesseract { try loaded.get() }
}

/// Tesseract through its C API: one engine per worker thread, never shared.
final class OCREngine {
    private let api: OpaquePointer
    private let tess: CTGTesseract
    /// Where the traineddata files are (`TESSDATA_PREFIX` or the Debian/Ubuntu paths).
    static func tessdataDirectory(language: String) -> String? {
        var dirs: [String] = []
        if let env = ProcessInfo.processInfo.environment["TESSDATA_PREFIX"] { dirs += [env, env + "/tessdata"] }
        dirs += ["/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
                 "/usr/share/tessdata", "/usr/local/share/tessdata", "/opt/homebrew/share/tessdata"]
        return dirs.first { FileManager.default.fileExists(atPath: $0 + "/\(language).traineddata") }
    }

    init(language: String) throws(InputError) {
        guard let dir = Self.tessdataDirectory(language: language) else {
            throw InputError(.ocrUnavailable, "OCR unavailable: no \(language).traineddata found (install tesseract-ocr-\(language))")
        }
        let tess = try Tesseract.functions()
        guard let api = tess.TessBaseAPICreate() else { throw InputError(.ocrUnavailable, "OCR unavailable: cannot create Tesseract") }
        if tess.TessBaseAPIInit3(api, dir, language) != 0 {
            tess.TessBaseAPIDelete(api)
            throw InputError(.ocrUnavailable, "OCR unavailable: Tesseract could not load '\(language)' from \(dir)")
        }
        tess.TessBaseAPISetPageSegMode(api, PSM_AUTO)
        // No second pass on inverted copies of lines (it nearly doubles the time on table pages): white text
        // on dark bars ("AXE n" headings) is inverted beforehand (`DarkBars`).
        _ = tess.TessBaseAPISetVariable(api, "tessedit_do_invert", "0")
        self.api = api
        self.tess = tess
    }

    deinit {
        tess.TessBaseAPIEnd(api)
        tess.TessBaseAPIDelete(api)
    }

    struct Result {
        /// Words with boxes in points, a new Tesseract text line marked by `lineStart`.
        var tokens: [Token]
        var meanConfidence: Double
    }

    /// Recognises a grey image; boxes come back in points (pixels / scale).
    func recognize(_ img: GrayImage, deadline: Date?) -> Result? {
        // Tesseract's own OpenMP threads would fight with our page workers: one thread each, set per thread
        OCRRuntime.limitOpenMPToOneThread()
        let dpi = Int32((img.scale * 72).rounded())
        img.pixels.withUnsafeBufferPointer { buf in
            tess.TessBaseAPISetImage(api, buf.baseAddress, Int32(img.width), Int32(img.height), 1, Int32(img.width))
        }
        tess.TessBaseAPISetSourceResolution(api, dpi)
        var monitor: OpaquePointer?
        if let deadline {
            monitor = tess.TessMonitorCreate()
            tess.TessMonitorSetDeadlineMSecs(monitor, Int32(max(1, min(Double(Int32.max), deadline.timeIntervalSinceNow * 1000))))
        }
        defer { if let monitor { tess.TessMonitorDelete(monitor) } }
        guard tess.TessBaseAPIRecognize(api, monitor) == 0 else { tess.TessBaseAPIClear(api); return nil }
        defer { tess.TessBaseAPIClear(api) }
        var tokens: [Token] = []
        let mean = Double(tess.TessBaseAPIMeanTextConf(api)) / 100
        guard let it = tess.TessBaseAPIGetIterator(api) else { return Result(tokens: [], meanConfidence: mean) }
        defer { tess.TessResultIteratorDelete(it) }
        let pit = tess.TessResultIteratorGetPageIterator(it)
        repeat {
            guard let c = tess.TessResultIteratorGetUTF8Text(it, RIL_WORD) else { continue }
            // Table rulings come back as "|" glued to words or alone: not text.
            let text = String(cString: c).trimmingCharacters(in: CharacterSet(charactersIn: "|¦ \t"))
            tess.TessDeleteText(c)
            if text.allSatisfy({ $0.isWhitespace }) { continue }
            var l: Int32 = 0, t: Int32 = 0, r: Int32 = 0, b: Int32 = 0
            _ = tess.TessPageIteratorBoundingBox(pit, RIL_WORD, &l, &t, &r, &b)
            let conf = Double(tess.TessResultIteratorConfidence(it, RIL_WORD)) / 100
            let box = Box(x0: Double(l) / img.scale, y0: Double(t) / img.scale, x1: Double(r) / img.scale, y1: Double(b) / img.scale)
            let start = tess.TessPageIteratorIsAtBeginningOf(pit, RIL_TEXTLINE) != 0
            tokens.append(Token(text: text, box: box, lineStart: start, confidence: conf, length: text.count))
        } while tess.TessResultIteratorNext(it, RIL_WORD) != 0
        return Result(tokens: OCRLines.clean(tokens), meanConfidence: mean)
    }
}

/// Straightens a scanned page (leptonica's skew search, up to a few degrees) so that table rulings
/// are horizontal and vertical again. Returns the image unchanged when no skew is found.
enum Deskew {
    static func apply(_ img: GrayImage) -> (image: GrayImage, angle: Double) {
        guard let t = try? Tesseract.functions(), let pix = t.pixCreate(Int32(img.width), Int32(img.height), 8) else { return (img, 0) }
        var p: UnsafeMutablePointer<PIX>? = pix
        defer { t.pixDestroy(&p) }
        copy(img, into: pix, t)
        var angle: Float = 0, conf: Float = 0
        guard let out = t.pixFindSkewAndDeskew(pix, 2, &angle, &conf) else { return (img, 0) }
        var o: UnsafeMutablePointer<PIX>? = out
        defer { t.pixDestroy(&o) }
        if abs(angle) < 0.05 || conf < 2 { return (img, 0) }
        guard t.pixGetDepth(out) == 8, t.pixGetWidth(out) == Int32(img.width), t.pixGetHeight(out) == Int32(img.height) else { return (img, 0) }
        var result = img
        copy(out, into: &result, t)
        return (result, Double(angle))
    }

    /// Leptonica keeps 8-bit pixels in 32-bit words, most significant byte first.
    static func copy(_ img: GrayImage, into pix: UnsafeMutablePointer<PIX>, _ t: CTGTesseract) {
        guard let data = t.pixGetData(pix) else { return }
        let wpl = Int(t.pixGetWpl(pix))
        let w = img.width, full = w / 4
        img.pixels.withUnsafeBytes { src in
            for y in 0..<img.height {
                let row = data + y * wpl
                let base = y * w
                // Four pixels per word, the first in the most significant byte: a big-endian load.
                for i in 0..<full { row[i] = UInt32(bigEndian: src.loadUnaligned(fromByteOffset: base + 4 * i, as: UInt32.self)) }
                for x in (4 * full)..<w {
                    let shift = UInt32(24 - 8 * (x & 3))
                    let wi = x >> 2
                    row[wi] = (row[wi] & ~(0xFF << shift)) | (UInt32(src[base + x]) << shift)
                }
            }
        }
    }

    static func copy(_ pix: UnsafeMutablePointer<PIX>, into img: inout GrayImage, _ t: CTGTesseract) {
        guard let data = t.pixGetData(pix) else { return }
        let wpl = Int(t.pixGetWpl(pix))
        let w = img.width, full = w / 4
        img.pixels.withUnsafeMutableBytes { dst in
            for y in 0..<img.height {
                let row = data + y * wpl
                let base = y * w
                for i in 0..<full { dst.storeBytes(of: row[i].bigEndian, toByteOffset: base + 4 * i, as: UInt32.self) }
                for x in (4 * full)..<w { dst[base + x] = UInt8((row[x >> 2] >> UInt32(24 - 8 * (x & 3))) & 0xFF) }
            }
        }
    }
}

/// Tesseract runs its LSTM with OpenMP and fixed thread counts. Pages already run in parallel, one Tesseract per
/// worker, so its own threads only oversubscribe the cores and spin (7-10x slower per page here). Rather than
/// setting `OMP_THREAD_LIMIT` (read once, when OpenMP loads), the maximum number of active parallel levels is set to
/// 0 through the OpenMP API (`omp_set_max_active_levels`, looked up among libtesseract's dependencies, since OpenMP
/// comes in with it): every parallel region then runs on one thread. A limit the user set in `OMP_THREAD_LIMIT` is
/// kept.
/// The setting belongs to the calling thread's data environment (OpenMP 5), so each thread that runs Tesseract
/// calls this before recognising a page.
public enum OCRRuntime {
    private static let setMaxActiveLevels: (@convention(c) (Int32) -> Void)? = {
        guard getenv("OMP_THREAD_LIMIT") == nil, let f = ctg_tesseract_symbol("omp_set_max_active_levels") else { return nil }
        return unsafeBitCast(f, to: (@convention(c) (Int32) -> Void).self)
    }()

    public static func limitOpenMPToOneThread() { setMaxActiveLevels?(0) }
}

/// White text on dark bars ("AXE n" headings) turned into dark text on white, so that Tesseract's costly
/// second pass on inverted lines (`tessedit_do_invert`) can stay off.
enum DarkBars {
    static func invert(_ img: inout GrayImage, dark: UInt8 = 128) {
        let w = img.width, h = img.height
        let minRows = max(4, Int(8 * img.scale)), minDark = w / 4
        img.pixels.withUnsafeMutableBufferPointer { px in
            var rowDark = [Int](repeating: 0, count: h)
            for y in 0..<h {
                var n = 0
                let base = y * w
                for x in 0..<w where px[base + x] < dark { n += 1 }
                rowDark[y] = n
            }
            var y = 0
            while y < h {
                guard rowDark[y] >= minDark else { y += 1; continue }
                let top = y
                while y < h && rowDark[y] >= minDark { y += 1 }
                let bottom = y   // exclusive
                guard bottom - top >= minRows else { continue }
                // The bar's columns: dark in most of its rows.
                var colDark = [Int](repeating: 0, count: w)
                for yy in top..<bottom { let base = yy * w; for x in 0..<w where px[base + x] < dark { colDark[x] += 1 } }
                let need = (bottom - top) / 2
                guard let x0 = colDark.firstIndex(where: { $0 > need }), let x1 = colDark.lastIndex(where: { $0 > need }),
                      x1 - x0 >= minDark else { continue }
                for yy in top..<bottom { let base = yy * w; for x in x0...x1 { px[base + x] = 255 - px[base + x] } }
            }
        }
    }
}

/// Tesseract text lines put right: words of two printed lines that Tesseract took as one (a short last line
/// of a paragraph and the label below it) are split by height; a bar drawn left of a label ("|", "]", "I",
/// taller than the text) is not a word.
enum OCRLines {
    static func clean(_ tokens: [Token]) -> [Token] {
        var out: [Token] = []
        out.reserveCapacity(tokens.count)
        var i = 0
        while i < tokens.count {
            var j = i + 1
            while j < tokens.count && !tokens[j].lineStart { j += 1 }
            for line in split(Array(tokens[i..<j])) { out += dropBar(line) }
            i = j
        }
        return out
    }

    static func median(_ v: [Double]) -> Double? { v.isEmpty ? nil : v.sorted()[v.count / 2] }

    /// The printed lines of one Tesseract line: words grouped by vertical centre, top to bottom, each left to right.
    static func split(_ line: [Token]) -> [[Token]] {
        guard line.count >= 2, line.allSatisfy({ $0.box != nil }),
              let h = median(line.map { $0.box!.height }), h > 0 else { return [line] }
        let byY = line.sorted { $0.box!.y0 + $0.box!.y1 < $1.box!.y0 + $1.box!.y1 }
        var groups: [[Token]] = [[byY[0]]]
        var lastCentre = (byY[0].box!.y0 + byY[0].box!.y1) / 2
        for t in byY.dropFirst() {
            let c = (t.box!.y0 + t.box!.y1) / 2
            if c - lastCentre > 0.8 * h { groups.append([t]) } else { groups[groups.count - 1].append(t) }
            lastCentre = c
        }
        guard groups.count > 1 else { return [line] }
        return groups.map { g in
            var g = g.sorted { $0.box!.x0 < $1.box!.x0 }
            for k in g.indices { g[k].lineStart = k == 0 }
            return g
        }
    }

    /// Without a leading bar glyph: one character, thin, clearly taller than the line's other words.
    static func dropBar(_ line: [Token]) -> [Token] {
        guard line.count >= 2, let b = line[0].box, line[0].text.count == 1, "|[]I!l1".contains(line[0].text),
              let h = median(line.dropFirst().compactMap { $0.box?.height }),
              b.height >= 1.35 * h, b.width <= 0.4 * b.height else { return line }
        var rest = Array(line.dropFirst())
        rest[0].lineStart = line[0].lineStart
        return rest
    }
}
