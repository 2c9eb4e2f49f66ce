import Foundation

/// A regular expression anchored at the start (`^`), with the ASCII bytes a match can begin with, read from the
/// pattern itself: its leading elements, up to the first mandatory one, must be literal letters or digits, `\d`, or
/// groups whose alternatives begin so (case pairs added under `.caseInsensitive`: no other ASCII character folds to an
/// ASCII letter). A string whose first byte is ASCII and not among them cannot match; a non-ASCII first byte (a ligature,
/// a Kelvin sign, a non-ASCII digit) always goes to the expression, and so does every string when the pattern's
/// start is of another form.
struct AnchoredRegex: @unchecked Sendable {
    let regex: NSRegularExpression
    /// allowed[b] for an ASCII first byte b; nil when the pattern's start was not read.
    let allowed: [Bool]?

    init(_ pattern: String, options: NSRegularExpression.Options = []) {
        regex = try! NSRegularExpression(pattern: pattern, options: options)
        allowed = Self.firstBytes(pattern, caseInsensitive: options.contains(.caseInsensitive)).map { set in
            (0..<128).map { set.contains(UInt8($0)) }
        }
    }

    /// False only where the expression cannot match `s`.
    func mayMatch(_ s: String) -> Bool {
        guard let allowed else { return true }
        guard let b = s.utf8.first else { return false } // the first element is mandatory
        return b >= 0x80 || allowed[Int(b)]
    }

    func firstMatch(in s: String) -> NSTextCheckingResult? {
        guard mayMatch(s) else { return nil }
        return regex.firstMatch(in: s, range: NSRange(s.startIndex..., in: s))
    }

    /// The ASCII bytes a match can begin with, nil if not read.
    static func firstBytes(_ pattern: String, caseInsensitive: Bool) -> Set<UInt8>? {
        let p = Array(pattern.unicodeScalars)
        guard p.first == "^" else { return nil }
        return sequence(p, from: 1, to: p.count, caseInsensitive)
    }

    /// The first-byte set of `p[from..<to]` read as a sequence: the union of its leading optional elements (`?`,
    /// `*`, `{0,…}`) and of its first mandatory one; nil when an element is not understood or when every element may
    /// match nothing.
    private static func sequence(_ p: [Unicode.Scalar], from: Int, to end: Int, _ ci: Bool) -> Set<UInt8>? {
        var i = from
        var acc = Set<UInt8>()
        while i < end {
            guard let (set, optional) = element(p, &i, ci) else { return nil }
            acc.formUnion(set)
            if !optional { return acc }
        }
        return nil
    }

    /// The first-byte set of the element at `i` and whether its quantifier lets it match nothing; `i` moves past
    /// the element and its quantifier. nil when the element is not understood.
    private static func element(_ p: [Unicode.Scalar], _ i: inout Int, _ ci: Bool) -> (Set<UInt8>, optional: Bool)? {
        guard i < p.count else { return nil }
        var set: Set<UInt8>
        let c = p[i]
        if c == "\\" {
            guard i + 1 < p.count, p[i + 1] == "d" else { return nil }
            set = Set((0x30...0x39).map { UInt8($0) }); i += 2
        } else if c.isASCII, c.properties.isAlphabetic || ("0"..."9").contains(c) {
            let b = UInt8(c.value)
            set = [b]
            if ci, let l = Character(c).lowercased().utf8.first, let u = Character(c).uppercased().utf8.first { set.formUnion([l, u]) }
            i += 1
        } else if c == "(" {
            i += 1
            if i + 1 < p.count, p[i] == "?" {
                guard p[i + 1] == ":" else { return nil }
                i += 2
            }
            // alternatives at depth 0 up to the matching ")"
            set = []
            var depth = 0, inClass = false, altStart = i
            var k = i
            var alternatives: [Range<Int>] = []
            while k < p.count {
                let x = p[k]
                if x == "\\" { k += 2; continue }
                if inClass { if x == "]" { inClass = false }; k += 1; continue }
                if x == "[" { inClass = true } else if x == "(" { depth += 1 } else if x == ")" {
                    if depth == 0 { break }
                    depth -= 1
                } else if x == "|", depth == 0 { alternatives.append(altStart..<k); altStart = k + 1 }
                k += 1
            }
            guard k < p.count else { return nil }
            alternatives.append(altStart..<k)
            for a in alternatives {
                guard let s = sequence(p, from: a.lowerBound, to: a.upperBound, ci) else { return nil }
                set.formUnion(s)
            }
            i = k + 1
        } else {
            return nil
        }
        // the quantifier, with its lazy or possessive mark
        guard i < p.count else { return (set, false) }
        var optional = false
        if p[i] == "?" || p[i] == "*" {
            optional = true; i += 1
        } else if p[i] == "+" {
            i += 1
        } else if p[i] == "{" {
            guard let close = p[i...].firstIndex(of: "}") else { return nil }
            optional = i + 1 < p.count && p[i + 1] == "0"
            i = close + 1
        } else {
            return (set, false)
        }
        if i < p.count, p[i] == "?" || p[i] == "+" { i += 1 }
        return (set, optional)
    }
}
