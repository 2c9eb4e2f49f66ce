import CPoppler
import CTGModel
import Foundation

/// An 8-bit grey bitmap (0 = black, 255 = white), `scale` pixels per PDF point.
struct GrayImage: Sendable {
    var width: Int
    var height: Int
    var scale: Double
    var pixels: [UInt8]
}

/// A grey bitmap in memory owned elsewhere (rows packed, `scale` pixels per point).
struct PixelView {
    var base: UnsafePointer<UInt8>
    var width: Int
    var height: Int
    var scale: Double
}

/// One character of a page's text layer with its box (points, origin top-left).
struct PDFChar {
    var scalar: Unicode.Scalar
    var box: Box
    var fontSize: Double?
    var bold: Bool?
}

/// Shared, immutable PDF bytes: each worker opens its own poppler document on them.
final class PDFBytes: @unchecked Sendable {
    let gbytes: OpaquePointer
    init(data: Data) throws(InputError) {
        let b: OpaquePointer? = data.withUnsafeBytes { buf in g_bytes_new(buf.baseAddress, gsize(buf.count)) }
        guard let b else { throw InputError(.internalError, "out of memory") }
        gbytes = b
    }
    deinit { g_bytes_unref(gbytes) }
}

/// A poppler document; not shared between threads (one per worker).
final class PopplerDocument {
    let handle: OpaquePointer
    let bytes: PDFBytes

    init(bytes: PDFBytes) throws(InputError) {
        var error: UnsafeMutablePointer<GError>?
        guard let doc = poppler_document_new_from_bytes(bytes.gbytes, nil, &error) else {
            let message = error.map { String(cString: $0.pointee.message) } ?? "unknown error"
            let code = error?.pointee.code ?? -1
            if let error { g_error_free(error) }
            if code == Int32(POPPLER_ERROR_ENCRYPTED.rawValue) {
                throw InputError(.encrypted, "encrypted PDF, password required")
            }
            throw InputError(.truncated, "damaged or truncated PDF (\(message.split(separator: "\n").first ?? ""))")
        }
        handle = doc
        self.bytes = bytes
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(handle)) }

    var pageCount: Int { Int(poppler_document_get_n_pages(handle)) }

    /// The colour bitmap that this document's pages are rendered into, kept from page to page (a fresh one per
    /// page costs its allocation and the page faults of touching it again).
    let scratch = RenderScratch()
    /// The grey bitmap of the ruling render, also kept from page to page.
    let grayScratch = RenderScratch()

    func page(_ index: Int) -> PopplerPageRef? {
        guard let p = poppler_document_get_page(handle, Int32(index)) else { return nil }
        return PopplerPageRef(handle: p, scratch: scratch)
    }
}

/// A reusable block of memory for cairo surfaces (one per worker, like the document that owns it).
final class RenderScratch {
    private(set) var buffer: UnsafeMutableRawPointer?
    private(set) var capacity = 0
    /// At least `bytes` bytes (contents undefined).
    func reserve(_ bytes: Int) -> UnsafeMutableRawPointer {
        if let buffer, capacity >= bytes { return buffer }
        buffer?.deallocate()
        buffer = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
        capacity = bytes
        return buffer!
    }
    deinit { buffer?.deallocate() }
}

/// The elements of a GList of `T` (poppler-glib's mappings and attributes), in order.
func glistElements<T>(_ list: UnsafeMutablePointer<GList>?, as: T.Type) -> [T] {
    var out: [T] = []
    var node = list
    while let n = node {
        if let d = n.pointee.data { out.append(d.assumingMemoryBound(to: T.self).pointee) }
        node = n.pointee.next
    }
    return out
}

final class PopplerPageRef {
    let handle: OpaquePointer
    let scratch: RenderScratch
    init(handle: OpaquePointer, scratch: RenderScratch) { self.handle = handle; self.scratch = scratch }
    deinit { g_object_unref(UnsafeMutableRawPointer(handle)) }

    var size: (width: Double, height: Double) {
        var w = 0.0, h = 0.0
        poppler_page_get_size(handle, &w, &h)
        return (w, h)
    }

    /// Share of the page area covered by images (0...1, overlaps counted once per image).
    var imageCoverage: Double {
        let (w, h) = size
        guard w > 0, h > 0, let list = poppler_page_get_image_mapping(handle) else { return 0 }
        defer { poppler_page_free_image_mapping(list) }
        var area = 0.0
        for m in glistElements(list, as: PopplerImageMapping.self) { area += abs((m.area.x2 - m.area.x1) * (m.area.y2 - m.area.y1)) }
        return min(1, area / (w * h))
    }

    /// Resolution (dots per inch) of the largest image on the page when it covers most of the page (a scan).
    func scanResolution() -> Double? {
        let (w, h) = size
        guard w > 0, h > 0, let list = poppler_page_get_image_mapping(handle) else { return nil }
        defer { poppler_page_free_image_mapping(list) }
        var best: PopplerImageMapping?
        var bestArea = 0.0
        for m in glistElements(list, as: PopplerImageMapping.self) {
            let area = abs((m.area.x2 - m.area.x1) * (m.area.y2 - m.area.y1))
            if area > bestArea { bestArea = area; best = m }
        }
        guard let m = best, bestArea > 0.5 * w * h, let surface = poppler_page_get_image(handle, m.image_id) else { return nil }
        defer { cairo_surface_destroy(surface) }
        let px = Double(cairo_image_surface_get_width(surface))
        let widthPt = abs(m.area.x2 - m.area.x1)
        guard px > 0, widthPt > 0 else { return nil }
        return px / (widthPt / 72)
    }

    /// Whether the page has annotations that can show text (form fields, stamps, notes…; links and pop-ups aside).
    var hasTextAnnotations: Bool {
        guard let list = poppler_page_get_annot_mapping(handle) else { return false }
        defer { poppler_page_free_annot_mapping(list) }
        return glistElements(list, as: PopplerAnnotMapping.self).contains { m in
            guard let annot = m.annot else { return false }
            let type = poppler_annot_get_annot_type(annot)
            return type != POPPLER_ANNOT_LINK && type != POPPLER_ANNOT_POPUP
        }
    }

    /// Draws the page onto a one-pixel surface: next to nothing is rasterised, but poppler-glib collects the text
    /// layer during the pass, visible annotations included (as a viewer shows them; `chars()` alone reads the
    /// content stream only).
    func collectTextThroughRender() {
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1) else { return }
        defer { cairo_surface_destroy(surface) }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let cr = cairo_create(surface) else { return }
        poppler_page_render(handle, cr)
        cairo_destroy(cr)
    }

    /// The text layer: characters in poppler's reading order, with boxes and font attributes.
    /// "\n" separates poppler's lines.
    func chars() -> [PDFChar] {
        guard let c = poppler_page_get_text(handle) else { return [] }
        let text = String(cString: c)
        g_free(c)
        if text.isEmpty { return [] }
        var rects: UnsafeMutablePointer<PopplerRectangle>?
        var n: guint = 0
        _ = poppler_page_get_text_layout(handle, &rects, &n)
        defer { if let rects { g_free(rects) } }
        let scalars = Array(text.unicodeScalars)
        // Font attributes by character index.
        var sizes = [Double?](repeating: nil, count: scalars.count)
        var bolds = [Bool?](repeating: nil, count: scalars.count)
        if let attrs = poppler_page_get_text_attributes(handle) {
            for a in glistElements(attrs, as: PopplerTextAttributes.self) {
                let name = a.font_name.map { String(cString: $0).lowercased() } ?? ""
                let bold = name.contains("bold") || name.contains("black") || name.contains("heavy")
                let lo = max(0, Int(a.start_index)), hi = min(scalars.count - 1, Int(a.end_index))
                if lo <= hi { for i in lo...hi { sizes[i] = a.font_size; bolds[i] = bold } }
            }
            poppler_page_free_text_attributes(attrs)
        }
        var out: [PDFChar] = []
        out.reserveCapacity(scalars.count)
        for (i, s) in scalars.enumerated() {
            var box = Box(x0: 0, y0: 0, x1: 0, y1: 0)
            if let rects, i < Int(n) {
                let r = rects[i]
                box = Box(x0: min(r.x1, r.x2), y0: min(r.y1, r.y2), x1: max(r.x1, r.x2), y1: max(r.y1, r.y2))
            }
            out.append(PDFChar(scalar: s, box: box, fontSize: sizes[i], bold: bolds[i]))
        }
        return out
    }

    /// Pixel size of a render at `scale` pixels per point (of the page turned upright by `turn`).
    func pixelSize(scale: Double, turn: PageTurn = .upright) -> (width: Int, height: Int) {
        let (w, h) = turn.size(width: size.width, height: size.height)
        return (Int((w * scale).rounded(.up)), Int((h * scale).rounded(.up)))
    }

    /// Renders the page in grey at `scale` pixels per point, in horizontal bands so that the colour
    /// surface never holds more than `bandBytes` (the grey result is a quarter of a full colour bitmap).
    /// `greenOnly`: take the green channel instead of the luminance (cheaper; enough to find dark rulings).
    func renderGray(scale: Double, bandBytes: Int = 12 << 20, greenOnly: Bool = false) -> GrayImage? {
        let (pw, ph) = pixelSize(scale: scale)
        guard pw > 0, ph > 0 else { return nil }
        var ok = false
        // Every pixel is written (the bands cover all rows): no need to fill the array first.
        let pixels = [UInt8](unsafeUninitializedCapacity: pw * ph) { out, count in
            ok = renderGray(scale: scale, bandBytes: bandBytes, greenOnly: greenOnly, into: out.baseAddress!, width: pw, height: ph)
            // On failure the content is dropped; count must still cover initialised memory only.
            if !ok { out.initialize(repeating: 255) }
            count = pw * ph
        }
        return ok ? GrayImage(width: pw, height: ph, scale: scale, pixels: pixels) : nil
    }

    /// The table rows of the page from a render at `scale` in green only (`TableGrid.rows`), the grey bitmap kept
    /// in the document's scratch memory.
    /// `turn`: the page's text turned (`PageTurn`), rendered upright, as its characters are read.
    func rulingRows(scale: Double, grayScratch: RenderScratch, turn: PageTurn = .upright) -> [GridRow]? {
        let (pw, ph) = pixelSize(scale: scale, turn: turn)
        guard pw > 0, ph > 0 else { return nil }
        let dst = grayScratch.reserve(pw * ph).assumingMemoryBound(to: UInt8.self)
        guard renderGray(scale: scale, bandBytes: 12 << 20, greenOnly: true, into: dst, width: pw, height: ph, turn: turn) else { return nil }
        return TableGrid.rows(in: PixelView(base: dst, width: pw, height: ph, scale: scale),
                              levels: TableGrid.digitalLevels)
    }

    /// Renders into `dst` (`width` x `height` grey pixels, rows packed), through the colour scratch bitmap.
    private func renderGray(scale: Double, bandBytes: Int, greenOnly: Bool, into dst: UnsafeMutablePointer<UInt8>,
                            width pw: Int, height ph: Int, turn: PageTurn = .upright) -> Bool {
        let (w, h) = size
        let t = turn.transform(width: w, height: h)
        var upright = cairo_matrix_t()
        cairo_matrix_init(&upright, t.xx, t.yx, t.xy, t.yy, t.x0, t.y0)
        let bandRows = max(64, min(ph, bandBytes / (pw * 4)))
        let stride = Int(cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, Int32(pw)))
        guard stride > 0 else { return false }
        var y0 = 0
        while y0 < ph {
            let rows = min(bandRows, ph - y0)
            let data = scratch.reserve(stride * rows).assumingMemoryBound(to: UInt8.self)
            guard let surface = cairo_image_surface_create_for_data(data, CAIRO_FORMAT_RGB24, Int32(pw), Int32(rows), Int32(stride)) else { return false }
            defer { cairo_surface_destroy(surface) }
            guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let cr = cairo_create(surface) else { return false }
            cairo_set_source_rgb(cr, 1, 1, 1)
            cairo_paint(cr)
            cairo_translate(cr, 0, Double(-y0))
            cairo_scale(cr, scale, scale)
            if turn != .upright { cairo_transform(cr, &upright) }
            poppler_page_render(handle, cr)
            let ok = cairo_status(cr) == CAIRO_STATUS_SUCCESS
            cairo_destroy(cr)
            guard ok else { return false }
            cairo_surface_flush(surface)
            for y in 0..<rows {
                // One 32-bit word per pixel, 0x00RRGGBB (native byte order, as cairo defines RGB24).
                let row = UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
                let o = dst + (y0 + y) * pw
                if greenOnly {
                    for x in 0..<pw { o[x] = UInt8(truncatingIfNeeded: row[x] >> 8) }
                } else {
                    for x in 0..<pw {
                        let p = row[x]
                        let r = (p >> 16) & 0xFF, g = (p >> 8) & 0xFF, b = p & 0xFF
                        o[x] = UInt8((r * 77 + g * 150 + b * 29) >> 8)
                    }
                }
            }
            y0 += rows
        }
        return true
    }
}
