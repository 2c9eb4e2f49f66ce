import CTGModel

/// Which way a page's text runs on the page as displayed (after its /Rotate): left to right (upright), or turned a
/// quarter (top to bottom: a landscape page printed sideways on portrait paper), a half (upside down) or three
/// quarters (bottom to top). A turned page is read in an upright frame: its characters' boxes and its render for
/// table rulings are turned back alike, and its width and height are the upright page's.
enum PageTurn: Sendable, Equatable {
    case upright, quarter, half, threeQuarters

    /// The way most of the page's words run, from the step between consecutive characters of a word (at least 8
    /// such steps, 70 % of them one way); upright otherwise (a page of mixed directions, a few turned labels).
    static func of(_ chars: [PDFChar]) -> PageTurn {
        var votes = [0, 0, 0, 0]   // right, down, left, up
        var last: PDFChar?
        for c in chars {
            if c.scalar.isSpaceFast || c.scalar == "\n" { last = nil; continue }
            if let p = last { vote(&votes, p.box, c.box) }
            last = c
        }
        return decide(votes)
    }

    /// The way most of an OCR reading's lines run, from the step between consecutive words in Tesseract's order
    /// (which reads the words of turned text, but leaves them where they stand on the page as displayed).
    static func of(words: [Token]) -> PageTurn {
        var votes = [0, 0, 0, 0]
        var last: Box?
        for t in words {
            guard let b = t.box, !t.isSpace else { continue }
            if let p = last { vote(&votes, p, b) }
            last = b
        }
        return decide(votes)
    }

    private static func vote(_ votes: inout [Int], _ a: Box, _ b: Box) {
        let dx = (b.x0 + b.x1 - a.x0 - a.x1) / 2
        let dy = (b.y0 + b.y1 - a.y0 - a.y1) / 2
        if abs(dx) > abs(dy) { votes[dx > 0 ? 0 : 2] += 1 } else if abs(dy) > abs(dx) { votes[dy > 0 ? 1 : 3] += 1 }
    }

    private static func decide(_ votes: [Int]) -> PageTurn {
        let total = votes.reduce(0, +)
        guard total >= 8, let k = votes.indices.max(by: { votes[$0] < votes[$1] }), votes[k] * 10 >= total * 7 else { return .upright }
        return [.upright, .quarter, .half, .threeQuarters][k]
    }

    /// A box of the displayed page (`width` x `height` points, y downwards) in the upright frame.
    func box(_ b: Box, width w: Double, height h: Double) -> Box {
        switch self {
        case .upright: return b
        case .quarter: return Box(x0: b.y0, y0: w - b.x1, x1: b.y1, y1: w - b.x0)
        case .half: return Box(x0: w - b.x1, y0: h - b.y1, x1: w - b.x0, y1: h - b.y0)
        case .threeQuarters: return Box(x0: h - b.y1, y0: b.x0, x1: h - b.y0, y1: b.x1)
        }
    }

    /// The characters of a turned page, their boxes turned upright, its lines (poppler's, between "\n") ordered top
    /// to bottom: poppler orders the lines of turned text its own way (bottom to top on a page turned three
    /// quarters, its cells right to left upside down). Lines side by side (vertical extents overlapping by half the
    /// lower one: a label and its value, the cells of a row) go left to right.
    func upright(_ chars: [PDFChar], width w: Double, height h: Double) -> [PDFChar] {
        guard self != .upright else { return chars }
        // Turned upright, and cut where poppler's line jumps to another height (it groups the characters of turned
        // text into lines its own way, a label with the last line of the cell beside it, upside down).
        var turned: [PDFChar] = []
        turned.reserveCapacity(chars.count + 16)
        var previous: Box?
        for c in chars {
            var c = c
            c.box = box(c.box, width: w, height: h)
            if c.scalar == "\n" { previous = nil } else if !c.scalar.isSpaceFast {
                if let p = previous, min(p.y1, c.box.y1) - max(p.y0, c.box.y0) <= 0 {
                    turned.append(PDFChar(scalar: "\n", box: p, fontSize: c.fontSize, bold: c.bold))
                }
                previous = c.box
            }
            turned.append(c)
        }
        var lines: [(top: Double, bottom: Double, left: Double, chars: ArraySlice<PDFChar>)] = []
        var start = 0
        for i in turned.indices where turned[i].scalar == "\n" || i == turned.count - 1 {
            let line = turned[start...i]
            let ink = line.filter { !$0.scalar.isSpaceFast && $0.scalar != "\n" }.map(\.box)
            let top = ink.map(\.y0).min() ?? lines.last?.top ?? 0
            lines.append((top, ink.map(\.y1).max() ?? top, ink.map(\.x0).min() ?? 0, line))
            start = i + 1
        }
        // bands of lines side by side, top to bottom; each band's lines left to right
        let byTop = lines.indices.sorted { (lines[$0].top, $0) < (lines[$1].top, $1) }
        var bands: [[Int]] = []
        var bandBottom = -Double.infinity
        for k in byTop {
            let l = lines[k]
            let overlap = bandBottom - l.top
            if let band = bands.last, !band.isEmpty, overlap > 0.5 * max(l.bottom - l.top, 0.1) {
                bands[bands.count - 1].append(k); bandBottom = max(bandBottom, l.bottom)
            } else {
                bands.append([k]); bandBottom = l.bottom
            }
        }
        let ordered = bands.flatMap { band in band.sorted { (lines[$0].left, $0) < (lines[$1].left, $1) } }
        var out: [PDFChar] = []
        out.reserveCapacity(chars.count + 1)
        for (n, k) in ordered.enumerated() {
            out += lines[k].chars
            // (a line moved up keeps its end: poppler ends the text without one)
            if n < ordered.count - 1, let last = out.last, last.scalar != "\n" {
                out.append(PDFChar(scalar: "\n", box: last.box, fontSize: last.fontSize, bold: last.bold))
            }
        }
        return out
    }

    /// What a page's method reason adds: "" upright, else how its text was turned to be read.
    var note: String {
        switch self {
        case .upright: return ""
        case .quarter: return "; read turned a quarter (text ran top to bottom)"
        case .half: return "; read turned a half (text was upside down)"
        case .threeQuarters: return "; read turned three quarters (text ran bottom to top)"
        }
    }

    /// This turn and a half more.
    var plusHalf: PageTurn {
        switch self {
        case .upright: return .half
        case .quarter: return .threeQuarters
        case .half: return .upright
        case .threeQuarters: return .quarter
        }
    }

    /// The upright page's width and height.
    func size(width w: Double, height h: Double) -> (width: Double, height: Double) {
        self == .quarter || self == .threeQuarters ? (h, w) : (w, h)
    }

    /// The affine map from the displayed page to the upright frame, (xx, yx, xy, yy, x0, y0) as cairo takes it:
    /// x' = xx x + xy y + x0, y' = yx x + yy y + y0.
    func transform(width w: Double, height h: Double) -> (xx: Double, yx: Double, xy: Double, yy: Double, x0: Double, y0: Double) {
        switch self {
        case .upright: return (1, 0, 0, 1, 0, 0)
        case .quarter: return (0, -1, 1, 0, 0, w)
        case .half: return (-1, 0, 0, -1, w, h)
        case .threeQuarters: return (0, 1, -1, 0, h, 0)
        }
    }
}

extension GrayImage {
    /// The image turned upright (`PageTurn`: what runs top to bottom on the page as displayed runs left to right).
    func turned(_ turn: PageTurn) -> GrayImage {
        guard turn != .upright else { return self }
        let w = width, h = height
        let (uw, uh) = turn == .half ? (w, h) : (h, w)
        var out = [UInt8](repeating: 255, count: w * h)
        pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for y in 0..<uh {
                    for x in 0..<uw {
                        // the pixel of the displayed image at upright (x, y)
                        let (sx, sy): (Int, Int)
                        switch turn {
                        case .quarter: (sx, sy) = (w - 1 - y, x)
                        case .half: (sx, sy) = (w - 1 - x, h - 1 - y)
                        case .threeQuarters: (sx, sy) = (y, h - 1 - x)
                        case .upright: (sx, sy) = (x, y)
                        }
                        dst[y * uw + x] = src[sy * w + sx]
                    }
                }
            }
        }
        return GrayImage(width: uw, height: uh, scale: scale, pixels: out)
    }
}
