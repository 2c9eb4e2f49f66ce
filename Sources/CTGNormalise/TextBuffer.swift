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
    /// `origin[i]`: original offset of `scalars[i]`; one extra entry for the end.
    private(set) var origin: [Int]
    private(set) var edits: [Edit] = []

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
        origin = Array(0...scalars.count)
    }

    var string: String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars)
        return String(s)
    }

    /// Applies non-overlapping replacements (any order) in one rebuild.
    mutating func apply(_ reps: [Replacement]) {
        guard !reps.isEmpty else { return }
        let sorted = reps.sorted { $0.range.lowerBound < $1.range.lowerBound }
        var newScalars: [Unicode.Scalar] = []
        var newOrigin: [Int] = []
        newScalars.reserveCapacity(scalars.count)
        newOrigin.reserveCapacity(scalars.count + 1)
        var i = 0
        for r in sorted {
            guard r.range.lowerBound >= i else { continue } // overlapping: first one wins
            newScalars.append(contentsOf: scalars[i..<r.range.lowerBound])
            newOrigin.append(contentsOf: origin[i..<r.range.lowerBound])
            let at = origin[r.range.lowerBound]
            var before = String.UnicodeScalarView()
            before.append(contentsOf: scalars[r.range])
            var after = String.UnicodeScalarView()
            after.append(contentsOf: r.with)
            edits.append(Edit(offset: at, before: String(before), after: String(after), rule: r.rule, confidence: r.confidence))
            newScalars.append(contentsOf: r.with)
            newOrigin.append(contentsOf: repeatElement(at, count: r.with.count))
            i = r.range.upperBound
        }
        newScalars.append(contentsOf: scalars[i...])
        newOrigin.append(contentsOf: origin[i...])
        scalars = newScalars
        origin = newOrigin
    }

    /// Edits sorted by original offset (stable: passes keep their order at one offset).
    var sortedEdits: [Edit] {
        edits.enumerated().sorted { ($0.element.offset, $0.offset) < ($1.element.offset, $1.offset) }.map(\.element)
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

extension Array where Element == Unicode.Scalar {
    var string: String { var v = String.UnicodeScalarView(); v.append(contentsOf: self); return String(v) }
}
extension ArraySlice where Element == Unicode.Scalar {
    var string: String { var v = String.UnicodeScalarView(); v.append(contentsOf: self); return String(v) }
}
extension String {
    var scalarArray: [Unicode.Scalar] { Array(unicodeScalars) }
}
