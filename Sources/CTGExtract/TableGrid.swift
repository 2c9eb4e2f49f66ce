import CTGModel
import Foundation

/// A table row found from ruling lines: its cells' boxes in points, left to right.
struct GridRow: Sendable {
    var top: Double
    var bottom: Double
    var cells: [Box]
    /// The row has no ruling on that side: it continues from the previous page / on the next page.
    var openTop = false
    var openBottom = false
}

/// Finds bordered tables in a rendered page: thin dark horizontal and vertical rules, then rows
/// (bands between consecutive horizontal rules crossed by at least three vertical rules, i.e. two cells).
enum TableGrid {
    struct HRule { var y: Int; var x0: Int; var x1: Int }
    struct VRule { var x: Int; var y0: Int; var y1: Int }

    static let debug = ProcessInfo.processInfo.environment["CTG_DEBUG_GRID"] != nil

    /// Grey level below which a pixel is ink of a rule: dark and mid-grey rules, anti-aliased.
    static let darkRule: UInt8 = 200
    /// Grey level below which a pixel is ink of a faint rule: light grey rules (#BFBFBF, #D9D9D9: a common table
    /// style) drawn thin, whose anti-aliased pixels stay lighter than `darkRule`. Cell shading that light reads as
    /// ink too, and a rule across it is then not thin (its rows keep the rules found at `darkRule`, if any).
    static let faintRule: UInt8 = 245
    /// The grey levels a digital page's render is searched at; the rules found at each are pooled.
    static let digitalLevels: [UInt8] = [darkRule, faintRule]

    static func rows(in img: GrayImage, levels: [UInt8] = [darkRule]) -> [GridRow] {
        img.pixels.withUnsafeBufferPointer { buf in
            rows(in: PixelView(base: buf.baseAddress!, width: img.width, height: img.height, scale: img.scale), levels: levels)
        }
    }

    /// The rows of the tables on a render, from the rules found at each grey level of `levels` taken together.
    static func rows(in img: PixelView, levels: [UInt8] = [darkRule]) -> [GridRow] {
        let w = img.width, h = img.height, s = img.scale
        guard w > 8, h > 8 else { return [] }
        var hRaw: [HRule] = []
        var vRaw: [VRule] = []
        for level in levels {
            let (hr, vr) = runs(in: img, darkBelow: level)
            hRaw += hr; vRaw += vr
        }
        return rows(hRaw: hRaw, vRaw: vRaw, scale: s)
    }

    /// The thin horizontal and vertical runs of pixels darker than `darkBelow` (none at all when there is no
    /// horizontal one: no row can be found, whatever the vertical runs). Thin: on most of the run, the pixels a
    /// few pixels off on either side are not dark.
    static func runs(in img: PixelView, darkBelow: UInt8) -> (h: [HRule], v: [VRule]) {
        let w = img.width, h = img.height, s = img.scale
        let minH = Int(30 * s), minV = Int(9 * s)
        let gap = max(2, Int((2 * s).rounded()))       // thickness probe distance
        let wide = s > 2.5
        let maxGap = wide ? Int(0.8 * s) : 0
        var hRaw: [HRule] = []
        var vRaw: [VRule] = []
        do {
            let px = img.base
            @inline(__always) func dark(_ x: Int, _ y: Int) -> Bool { px[y * w + x] < darkBelow }
            // At scan resolutions a rule left slightly skewed steps by a pixel now and then: look one pixel either side.
            @inline(__always) func darkH(_ x: Int, _ y: Int) -> Bool { dark(x, y) || (wide && (dark(x, y - 1) || dark(x, y + 1))) }
            @inline(__always) func darkV(_ x: Int, _ y: Int) -> Bool { dark(x, y) || (wide && (dark(x - 1, y) || dark(x + 1, y))) }
            // Horizontal runs, thin: the pixels `gap` above and below mostly light.
            // Digital renders (no gaps allowed): a run of `minH` pixels cannot fall between two probes `step` apart.
            let step = wide ? 1 : max(1, minH / 2)
            // A byte b is dark when b < darkBelow, i.e. when ~b > 255 - darkBelow: a word test for that (n <= 127).
            let n = 255 - Int(darkBelow)
            let wordTest = n >= 0 && n <= 127
            let addend = UInt64(0x0101_0101_0101_0101) &* UInt64(wordTest ? 127 - n : 0)
            let raw = UnsafeRawPointer(px)
            @inline(__always) func anyDark8(_ i: Int) -> Bool {
                let c = ~raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                return ((c &+ addend) | c) & 0x8080_8080_8080_8080 != 0
            }
            // And light when ~b < 256 - darkBelow (<= 128 where the word test holds): some byte of eight light.
            let lightBound = UInt64(0x0101_0101_0101_0101) &* UInt64(wordTest ? 256 - Int(darkBelow) : 0)
            @inline(__always) func anyLight8(_ i: Int) -> Bool {
                let c = ~raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                return (c &- lightBound) & ~c & 0x8080_8080_8080_8080 != 0
            }
            // Thin over the pixels `first`, `first + by`… up to `last`: fewer than half of them dark `gap` pixels off
            // on either side (`off`: the offset of one pixel in that direction). Stops once half are.
            @inline(__always) func thin(_ first: Int, _ last: Int, by: Int, off: Int) -> Bool {
                let half = ((last - first) / by + 1 + 1) / 2   // a side with `half` dark pixels or more is not light
                var before = 0, after = 0
                var i = first
                while i <= last {
                    if px[i - off] < darkBelow { before += 1; if before >= half { return false } }
                    if px[i + off] < darkBelow { after += 1; if after >= half { return false } }
                    i += by
                }
                return true
            }
            for y in gap..<(h - gap) {
                var x = 0
                while x < w {
                    // Pixel by pixel (scans): eight positions at once where darkH cannot hold (rows y-1...y+1 light).
                    if step == 1 && wordTest && x + 8 <= w && !anyDark8(y * w + x)
                        && !(wide && (anyDark8((y - 1) * w + x) || anyDark8((y + 1) * w + x))) {
                        x += 8
                        continue
                    }
                    if !darkH(x, y) { x += step; continue }
                    var start = x
                    if step > 1 { while start > 0 && darkH(start - 1, y) { start -= 1 } }
                    var end = x
                    // No gap allowed: eight dark pixels at a time.
                    if maxGap == 0 && wordTest {
                        while x + 9 <= w && !anyLight8(y * w + x + 1) { x += 8 }
                        end = x
                    }
                    while x < w {
                        if darkH(x, y) { end = x; x += 1 } else if x - end <= maxGap { x += 1 } else { break }
                    }
                    x = end + 1
                    if x - start >= minH && thin(y * w + start, y * w + x - 1, by: 3, off: gap * w) {
                        hRaw.append(HRule(y: y, x0: start, x1: x - 1))
                    }
                }
            }
            // No horizontal rule: no row can be found, whatever the vertical runs.
            if hRaw.isEmpty { return ([], []) }
            // Digital renders: a vertical run is a column's dark pixels on even rows (a rule is many rows long: half
            // the work), going on across one light even row; its ends are dark. A run `minV` tall or more is dark on
            // one at least of two consecutive even rows starting at any multiple of `g`: from each dark pixel on those
            // pairs of rows that no run found so far covers, walk the column up and down. Far fewer pixels visited
            // than by sweeping every even row (text is dark on many rows, and a page holds mostly text).
            if !wide {
                let g = max(2, (minV - 1) & ~1)
                let covered = UnsafeMutableBufferPointer<Int>.allocate(capacity: w)
                covered.initialize(repeating: -1)
                defer { covered.deallocate() }
                @inline(__always) func darkAt(_ x: Int, _ y: Int) -> Bool { y >= 0 && y < h && dark(x, y) }
                let xEnd = w - gap
                for y0 in stride(from: 0, to: h, by: g) {
                    for y in stride(from: y0, through: min(y0 + 2, h - 1), by: 2) {
                        var x = gap
                        while x < xEnd {
                            if wordTest && x & 7 == 0 && x + 8 <= xEnd && !anyDark8(y * w + x) { x += 8; continue }
                            if dark(x, y) && covered[x] < y {
                                var start = y, stop = y
                                while true {
                                    if darkAt(x, start - 2) { start -= 2 } else if darkAt(x, start - 4) { start -= 4 } else { break }
                                }
                                while true {
                                    if darkAt(x, stop + 2) { stop += 2 } else if darkAt(x, stop + 4) { stop += 4 } else { break }
                                }
                                covered[x] = stop
                                if stop - start + 1 >= minV && thin(start * w + x, stop * w + x, by: 2 * w, off: gap) {
                                    vRaw.append(VRule(x: x, y0: start, y1: stop))
                                }
                            }
                            x += 1
                        }
                    }
                }
            } else {
                // Scans: vertical runs, swept row by row (memory order) with one open run per column; a pixel is dark
                // when it or a neighbour in its row is, and a run goes on across gaps up to `maxGap` rows.
                // Raw buffers, not arrays: the nested functions below capture them without boxing (no exclusivity checks).
                let runStart = UnsafeMutableBufferPointer<Int>.allocate(capacity: w)
                let lastDark = UnsafeMutableBufferPointer<Int>.allocate(capacity: w)
                // Open runs per block of 8 columns, so that a block with no open run and no dark pixel (most of a
                // page) is passed over in one test of 8 bytes.
                let openInBlock = UnsafeMutableBufferPointer<Int>.allocate(capacity: w / 8 + 1)
                runStart.initialize(repeating: -1); lastDark.initialize(repeating: -1); openInBlock.initialize(repeating: 0)
                defer { runStart.deallocate(); lastDark.deallocate(); openInBlock.deallocate() }
                func close(_ x: Int) {
                    let start = runStart[x], stop = lastDark[x]
                    runStart[x] = -1
                    if stop - start + 1 >= minV && thin(start * w + x, stop * w + x, by: 2 * w, off: gap) {
                        vRaw.append(VRule(x: x, y0: start, y1: stop))
                    }
                }
                let gapV = max(maxGap, 1)
                @inline(__always) func visit(_ x: Int, _ y: Int) {
                    if darkV(x, y) {
                        if runStart[x] < 0 { runStart[x] = y; openInBlock[x >> 3] += 1 }
                        lastDark[x] = y
                    } else if runStart[x] >= 0 && y - lastDark[x] > gapV {
                        close(x)
                        openInBlock[x >> 3] -= 1
                    }
                }
                let xEnd = w - gap
                for y in 0..<h {
                    var x = gap
                    while x < xEnd && x & 7 != 0 { visit(x, y); x += 1 }
                    while x + 8 <= xEnd {
                        // darkV also looks one column either side.
                        if wordTest && openInBlock[x >> 3] == 0 && !anyDark8(y * w + x)
                            && !(dark(x - 1, y) || (x + 8 < w && dark(x + 8, y))) {
                            x += 8
                            continue
                        }
                        for xx in x..<(x + 8) { visit(xx, y) }
                        x += 8
                    }
                    while x < xEnd { visit(x, y); x += 1 }
                }
                for x in gap..<(w - gap) where runStart[x] >= 0 { close(x) }
            }
        }
        if debug {
            FileHandle.standardError.write(Data("grid: \(hRaw.count) h runs, \(vRaw.count) v runs at scale \(s), grey < \(darkBelow)\n".utf8))
        }
        return (hRaw, vRaw)
    }

    /// The rows from the raw runs (pixels at `s` per point).
    static func rows(hRaw: [HRule], vRaw: [VRule], scale s: Double) -> [GridRow] {
        let wide = s > 2.5
        if hRaw.isEmpty || vRaw.count < 2 { return [] }
        // Merge adjacent pixel rows / columns of the same rule.
        let tol = max(2, Int((1.5 * s).rounded()))
        var hs: [HRule] = []
        // On scans a rule left slightly skewed comes in pieces a pixel row apart that meet end to end (or nearly).
        let join = wide ? Int(2 * s) : 0
        for r in hRaw.sorted(by: { ($0.y, $0.x0) < ($1.y, $1.x0) }) {
            if let i = hs.lastIndex(where: { abs($0.y - r.y) <= tol && $0.x0 <= r.x1 + join && r.x0 <= $0.x1 + join }) {
                hs[i].x0 = min(hs[i].x0, r.x0); hs[i].x1 = max(hs[i].x1, r.x1)
            } else { hs.append(r) }
        }
        var vs: [VRule] = []
        for r in vRaw.sorted(by: { ($0.x, $0.y0) < ($1.x, $1.y0) }) {
            if let i = vs.lastIndex(where: { abs($0.x - r.x) <= tol && $0.y0 <= r.y1 + tol && r.y0 <= $0.y1 + tol }) {
                vs[i].y0 = min(vs[i].y0, r.y0); vs[i].y1 = max(vs[i].y1, r.y1)
            } else { vs.append(r) }
        }
        // Vertical rules grouped by x (a scanned rule may come in several pieces).
        var columns: [(x: Int, segs: [VRule])] = []
        for v in vs.sorted(by: { $0.x < $1.x }) {
            if let last = columns.indices.last, v.x - columns[last].x <= tol * 2 { columns[last].segs.append(v) }
            else { columns.append((v.x, [v])) }
        }
        // Horizontal rules that reach across at least two vertical rules (not underlines), by height.
        var ys: [Int] = []
        // Horizontal extent of the rules at each kept height.
        var extent: [Int: (x0: Int, x1: Int)] = [:]
        for r in hs.sorted(by: { $0.y < $1.y }) {
            let crossed = columns.filter { c in c.x >= r.x0 - tol * 2 && c.x <= r.x1 + tol * 2 && c.segs.contains { $0.y0 <= r.y + tol * 2 && $0.y1 >= r.y - tol * 2 } }.count
            guard crossed >= 2 else { continue }
            // A scanned rule drifting by a pixel or two across the page, or thick enough to give two edges, is one rule.
            if ys.last.map({ r.y - $0 > (wide ? Int(3 * s) : tol) }) ?? true { ys.append(r.y) }
            let y = ys.last!
            extent[y] = extent[y].map { (min($0.x0, r.x0), max($0.x1, r.x1)) } ?? (r.x0, r.x1)
        }
        // Columns whose pieces cover most of the band [a, b].
        func crossing(_ a: Int, _ b: Int) -> [Int] {
            var out: [Int] = []
            for c in columns {
                var covered = 0
                for sgm in c.segs {
                    let lo = max(a, sgm.y0), hi = min(b, sgm.y1)
                    if hi > lo { covered += hi - lo }
                }
                if Double(covered) >= Double(b - a) * (wide ? 0.5 : 0.8) { out.append(c.x) }
            }
            // Two rules closer than any cell can be narrow (6 pt) are one: a skewed scan's rule found as two runs a
            // few pixels apart, which would give every row an empty sliver of a column, and some rows not.
            var merged: [Int] = []
            var group: [Int] = []
            for x in out {
                if let last = group.last, x - last < Int(6 * s) { group.append(x); continue }
                if !group.isEmpty { merged.append(group.reduce(0, +) / group.count) }
                group = [x]
            }
            if !group.isEmpty { merged.append(group.reduce(0, +) / group.count) }
            return merged
        }
        func row(_ a: Int, _ b: Int, openTop: Bool = false, openBottom: Bool = false) -> GridRow? {
            guard b - a >= Int(6 * s) else { return nil }
            var xs = crossing(a, b)
            guard xs.count >= 2 else { return nil }
            // An outer border drawn too faint to be found (a thin rule on a pixel boundary, anti-aliased away):
            // the row's horizontal rules run on past the last (first) vertical rule and end where it should be.
            // (A two-column table with such a border has only two vertical rules left: the border is put back
            // before the row is judged.)
            let bounds = [extent[a], extent[b]].compactMap { $0 }
            if !bounds.isEmpty {
                let right = bounds.map(\.x1).min()!, left = bounds.map(\.x0).max()!
                if right - xs.last! > Int(6 * s) { xs.append(right) }
                if xs.first! - left > Int(6 * s) { xs.insert(left, at: 0) }
            }
            guard xs.count >= 3 else { return nil }
            var cells: [Box] = []
            for i in 0..<(xs.count - 1) {
                cells.append(Box(x0: Double(xs[i]) / s, y0: Double(a) / s, x1: Double(xs[i + 1]) / s, y1: Double(b) / s))
            }
            return GridRow(top: Double(a) / s, bottom: Double(b) / s, cells: cells, openTop: openTop, openBottom: openBottom)
        }
        if debug {
            FileHandle.standardError.write(Data("grid: ys \(ys.map { "\(Int(Double($0) / s)):\(Int(Double(extent[$0]!.x0) / s))-\(Int(Double(extent[$0]!.x1) / s))" })\n v \(vs.map { "\(Int(Double($0.x) / s)):\(Int(Double($0.y0) / s))-\(Int(Double($0.y1) / s))" })\n".utf8))
        }
        var rows: [GridRow] = []
        // A row cut by the top of the page: vertical rules above the first horizontal rule.
        if let first = ys.first, let top = vs.filter({ $0.y1 >= first - tol && $0.y0 < first - Int(6 * s) }).map(\.y0).min(),
           let r = row(top, first, openTop: true) {
            rows.append(r)
        }
        if ys.count >= 2 {
            for i in 0..<(ys.count - 1) { if let r = row(ys[i], ys[i + 1]) { rows.append(r) } }
        }
        if let last = ys.last, let bottom = vs.filter({ $0.y0 <= last + tol && $0.y1 > last + Int(6 * s) }).map(\.y1).max(),
           let r = row(last, bottom, openBottom: true) {
            rows.append(r)
        }
        return rows
    }
}
