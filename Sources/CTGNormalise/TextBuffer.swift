import CTGModel

/// A replacement proposed by a rule, on the current state of a `TextBuffer`.
struct Replacement {
    var range: Range<Int>
    var with: [Unicode.Scalar]
    var rule: String
    var confidence: Double
}

/// Text as Unicode scalars, with the offset in the ORIGINAL input of every scalar, so that edits made by
/// successive passes are all logged against the original text.
struct TextBuffer {
    private(set) var scalars: [Unicode.Scalar]
    /// `origin[i]`: original offset of `scalars[i]`; one extra entry for the end. Empty while no replacement
    /// was applied (the identity), so that untouched lines never build it.
    private(set) var origin: [Int] = []
    private(set) var edits: [Edit] = []
    /// The input, returned as is while nothing was replaced.
    private let input: String?

    init(_ text: String) {
        scalars = Self.decode(text)
        input = text
    }

    /// `Array(text.unicodeScalars)` in one pass over the (valid) UTF-8, without counting the scalars first.
    static func decode(_ text: String) -> [Unicode.Scalar] {
        let fast: [Unicode.Scalar]? = text.utf8.withContiguousStorageIfAvailable { p in
            let n = p.count
            return [Unicode.Scalar](unsafeUninitializedCapacity: n) { out, count in
                var i = 0, k = 0
                while i < n {
                    let (v, length) = UTF8Scalar.decode(p, i)
                    i += length
                    out.baseAddress!.advanced(by: k).initialize(to: unsafeBitCast(v, to: Unicode.Scalar.self)); k += 1 // valid UTF-8: a valid scalar
                }
                count = k
            }
        }
        return fast ?? Array(text.unicodeScalars)
    }

    init(scalars: [Unicode.Scalar]) {
        self.scalars = scalars
        input = nil
    }

    var string: String {
        if edits.isEmpty, let input { return input }
        return scalars.string
    }

    /// Decodes UTF-8 read as single-byte characters, up to three layers (`CharRepair.mojibake` peels one a pass).
    mutating func decodeMojibake() {
        for _ in 0..<3 {
            let m = CharRepair.mojibake(scalars)
            if m.isEmpty { return }
            apply(m)
        }
    }

    /// Applies non-overlapping replacements (any order) in one rebuild.
    mutating func apply(_ reps: [Replacement]) {
        guard !reps.isEmpty else { return }
        // while no replacement was applied, `origin` is the identity: its slices are read as ranges
        let identity = origin.isEmpty
        let sorted = reps.count == 1 ? reps : reps.sorted { $0.range.lowerBound < $1.range.lowerBound }
        var newScalars: [Unicode.Scalar] = []
        var newOrigin: [Int] = []
        newScalars.reserveCapacity(scalars.count)
        newOrigin.reserveCapacity(scalars.count + 1)
        var i = 0
        for r in sorted {
            guard r.range.lowerBound >= i else { continue } // overlapping: first one wins
            newScalars.append(contentsOf: scalars[i..<r.range.lowerBound])
            if identity { newOrigin.append(contentsOf: i..<r.range.lowerBound) } else { newOrigin.append(contentsOf: origin[i..<r.range.lowerBound]) }
            let at = identity ? r.range.lowerBound : origin[r.range.lowerBound]
            edits.append(Edit(offset: at, before: scalars[r.range].string, after: r.with.string, rule: r.rule, confidence: r.confidence))
            newScalars.append(contentsOf: r.with)
            newOrigin.append(contentsOf: repeatElement(at, count: r.with.count))
            i = r.range.upperBound
        }
        newScalars.append(contentsOf: scalars[i...])
        if identity { newOrigin.append(contentsOf: i...scalars.count) } else { newOrigin.append(contentsOf: origin[i...]) }
        scalars = newScalars
        origin = newOrigin
    }

    /// Edits sorted by original offset (stable: passes keep their order at one offset).
    var sortedEdits: [Edit] {
        if edits.count < 2 { return edits }
        return edits.enumerated().sorted { ($0.element.offset, $0.offset) < ($1.element.offset, $1.offset) }.map(\.element)
    }
}

extension Unicode.Scalar {
    @inline(__always) var isSpaceOrTab: Bool { value == 0x20 || value == 0x09 }
    @inline(__always) var isNewline: Bool { value == 0x0A || value == 0x0D }
    @inline(__always) var isWhite: Bool { value == 0x20 || value == 0x09 || value == 0x0A || value == 0x0D }
    @inline(__always) var isLetter: Bool {
        if value < 0x80 { return (value | 0x20) >= 0x61 && (value | 0x20) <= 0x7A }
        return properties.isAlphabetic
    }
    @inline(__always) var isUpper: Bool {
        if value < 0x80 { return value >= 0x41 && value <= 0x5A }
        return properties.isUppercase
    }
    @inline(__always) var isDigit: Bool { value >= 0x30 && value <= 0x39 }
    @inline(__always) var isApostrophe: Bool { value == 0x27 || value == 0x2019 }
}

/// UTF-8 encoding of scalars in one pass into a String (`String.UnicodeScalarView.append` goes through a slow
/// transcoding path).
@inline(__always) func makeString<C: Collection>(_ scalars: C) -> String where C.Element == Unicode.Scalar {
    var bytes = 0
    for u in scalars {
        let v = u.value
        bytes += v < 0x80 ? 1 : (v < 0x800 ? 2 : (v < 0x10000 ? 3 : 4))
    }
    return String(unsafeUninitializedCapacity: bytes) { buf in
        var i = 0
        for u in scalars {
            let v = u.value
            if v < 0x80 {
                buf[i] = UInt8(v); i += 1
            } else if v < 0x800 {
                buf[i] = UInt8(0xC0 | (v >> 6)); buf[i + 1] = UInt8(0x80 | (v & 0x3F)); i += 2
            } else if v < 0x10000 {
                buf[i] = UInt8(0xE0 | (v >> 12)); buf[i + 1] = UInt8(0x80 | ((v >> 6) & 0x3F))
                buf[i + 2] = UInt8(0x80 | (v & 0x3F)); i += 3
            } else {
                buf[i] = UInt8(0xF0 | (v >> 18)); buf[i + 1] = UInt8(0x80 | ((v >> 12) & 0x3F))
                buf[i + 2] = UInt8(0x80 | ((v >> 6) & 0x3F)); buf[i + 3] = UInt8(0x80 | (v & 0x3F)); i += 4
            }
        }
        return i
    }
}

extension Array where Element == Unicode.Scalar {
    var string: String { makeString(self) }
}
extension ArraySlice where Element == Unicode.Scalar {
    var string: String { makeString(self) }
}
extension String {
    var scalarArray: [Unicode.Scalar] { TextBuffer.decode(self) }
}
