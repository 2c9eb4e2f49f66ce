import Foundation

/// Every word form a Hunspell dictionary can produce, as a set of 64-bit fingerprints of the lower-cased form:
/// a fast *negative* filter in front of `Hunspell_spell`, which costs about 14 µs for a word it rejects (it tries
/// every affix strip) and is asked about tens of thousands of OCR-confusion candidates per damaged document.
///
/// Sound by construction: the set is a superset of what Hunspell accepts, so `mayContain(w) == false` implies
/// that Hunspell rejects `w`; `true` means "ask Hunspell". The superset comes from
/// - expanding every dictionary stem with its suffix classes (two levels, as Hunspell allows), its prefix classes,
///   and the cross products, ignoring the constraints that only *remove* forms (NEEDAFFIX, CIRCUMFIX, FORBIDDENWORD,
///   KEEPCASE, the cross-product flag);
/// - folding case on both sides (Hunspell accepts case variants of dictionary words, never more);
/// - applying the dictionary's ICONV input conversions to the query, as Hunspell does;
/// - answering "ask Hunspell" for anything the expansion does not model: words with a BREAK character (Hunspell
///   checks the parts), an apostrophe (elision prefixes, not expanded to keep the set small), a digit (Hunspell's
///   number rule), or a scalar whose lower case is not one scalar; and for every word when the dictionary uses
///   compounding, which the expansion does not model.
/// Fingerprint collisions only turn a "no" into "ask Hunspell". `CTGNormaliseTests.LexiconFormsTests` checks the
/// superset property against Hunspell itself on every word and OCR candidate of the sample corpus.
struct LexiconForms: Sendable {
    private var table: [UInt64]
    private var mask: Int
    /// Distinct forms generated (before fingerprinting).
    private(set) var count = 0
    private let iconv: [(from: [Unicode.Scalar], to: [Unicode.Scalar])]
    /// Scalars that make a query fall back to Hunspell (apostrophes, BREAK characters).
    private let passScalars: Set<UInt32>

    /// Bump when the expansion changes: cached sets of another version are rebuilt.
    static let formatVersion: UInt64 = 1

    /// The form set of `aff` + `dic`: read from `cacheDirectory` when a set built from the same files (same bytes)
    /// by the same format version is there, else built (about a second for hunspell-fr) and written there
    /// (temporary file, then rename; a cache that cannot be written is only a lost speed-up). Nil if the files
    /// cannot be read or the dictionary uses features the expansion does not model (compounding, AF/AM aliases).
    static func open(aff: String, dic: String, cacheDirectory: String?) -> (forms: LexiconForms, fromCache: Bool)? {
        guard let affData = FileManager.default.contents(atPath: aff), let dicData = FileManager.default.contents(atPath: dic),
              let affText = String(data: affData, encoding: .utf8), let dicText = String(data: dicData, encoding: .utf8),
              let parsed = Affixes(affText) else { return nil }
        var key: UInt64 = 0xcbf29ce484222325 ^ formatVersion
        for d in [affData, dicData] {
            d.withUnsafeBytes { for b in $0 { key = (key ^ UInt64(b)) &* 0x100000001b3 } }
            key = (key ^ UInt64(d.count)) &* 0x100000001b3
        }
        let file = cacheDirectory.map { "\($0)/lexicon-forms-\(String(key, radix: 16)).bin" }
        if let file, let data = FileManager.default.contents(atPath: file), let f = LexiconForms(parsed, cached: data) {
            return (f, true)
        }
        let f = LexiconForms(parsed, dic: dicText)
        if let file, let dir = cacheDirectory { f.write(to: file, directory: dir) }
        return (f, false)
    }

    private init(_ parsed: Affixes, table: [UInt64], count: Int) {
        iconv = parsed.iconv.sorted { $0.from.count > $1.from.count }
        var pass: Set<UInt32> = [0x27, 0x2019, 0x2BC, 0x2018]
        for b in parsed.breaks { for u in b.unicodeScalars where u != "^" && u != "$" { pass.insert(u.value) } }
        passScalars = pass
        self.table = table
        self.mask = table.count - 1
        self.count = count
    }

    /// The cache file: "CTGFORMS", count, table size, then the table (little-endian UInt64s).
    private init?(_ parsed: Affixes, cached data: Data) {
        let words = data.count / 8
        guard data.count % 8 == 0, words >= 3 else { return nil }
        var table = [UInt64](repeating: 0, count: words)
        _ = table.withUnsafeMutableBytes { data.copyBytes(to: $0) }
        let n = Int(UInt64(littleEndian: table[1])), size = Int(UInt64(littleEndian: table[2]))
        guard UInt64(littleEndian: table[0]) == Self.magic, size > 0, size & (size - 1) == 0, size == words - 3, n <= size else { return nil }
        table.removeFirst(3)
        if UInt64(littleEndian: 1) != 1 { table = table.map { UInt64(littleEndian: $0) } }
        self.init(parsed, table: table, count: n)
    }

    private static let magic: UInt64 = 0x534D_524F_4647_5443 // "CTGFORMS"

    private func write(to file: String, directory: String) {
        var words: [UInt64] = [Self.magic, UInt64(count), UInt64(table.count)] + table
        words = words.map { $0.littleEndian }
        let data = words.withUnsafeBytes { Data($0) }
        let tmp = "\(file).\(ProcessInfo.processInfo.processIdentifier).tmp"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try data.write(to: URL(fileURLWithPath: tmp))
            guard rename(tmp, file) == 0 else { unlink(tmp); return }
        } catch { unlink(tmp) }
    }

    /// Expands every entry of the dictionary text.
    private init(_ parsed: Affixes, dic dicText: String) {
        var hashes: [UInt64] = []
        hashes.reserveCapacity(1 << 21)
        var lower = LowerCaser()
        var buf: [UInt32] = []
        func emit(_ w: [Unicode.Scalar]) {
            buf.removeAll(keepingCapacity: true)
            for u in w { buf.append(lower.map(u.value)) }
            hashes.append(Self.fingerprint(buf))
        }
        var first = true
        for line in dicText.split(separator: "\n", omittingEmptySubsequences: true) {
            if first { first = false; if line.allSatisfy({ $0.isNumber || $0.isWhitespace }) { continue } }
            guard let entry = Self.entry(line) else { continue }
            parsed.expand(stem: Array(entry.word.unicodeScalars), flags: parsed.flags(entry.flags), emit)
        }
        hashes.sort()
        var distinct = 0
        for i in hashes.indices where i == 0 || hashes[i] != hashes[i - 1] { distinct += 1 }
        var size = 1
        while size < distinct * 2 { size <<= 1 }
        var table = [UInt64](repeating: 0, count: size)
        let mask = size - 1
        for i in hashes.indices where i == 0 || hashes[i] != hashes[i - 1] {
            var p = Int(truncatingIfNeeded: hashes[i] >> 7) & mask
            while table[p] != 0 { p = (p + 1) & mask }
            table[p] = hashes[i]
        }
        self.init(parsed, table: table, count: distinct)
    }

    /// False only when Hunspell is certain to reject `word`.
    func mayContain(_ word: [Unicode.Scalar]) -> Bool {
        var w = word
        if !iconv.isEmpty { w = convert(w) }
        var key: [UInt32] = []
        key.reserveCapacity(w.count)
        for u in w {
            let v = u.value
            if passScalars.contains(v) || (v >= 0x30 && v <= 0x39) || u.properties.numericType != nil { return true }
            guard let l = LowerCaser.single(v) else { return true }
            key.append(l)
        }
        return contains(Self.fingerprint(key))
    }

    private func contains(_ h: UInt64) -> Bool {
        var p = Int(truncatingIfNeeded: h >> 7) & mask
        while true {
            let t = table[p]
            if t == h { return true }
            if t == 0 { return false }
            p = (p + 1) & mask
        }
    }

    private func convert(_ w: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(w.count)
        var i = 0
        outer: while i < w.count {
            if w[i].value >= 0x80 {
                for c in iconv where i + c.from.count <= w.count && w[i] == c.from[0] && Array(w[i..<(i + c.from.count)]) == c.from {
                    out.append(contentsOf: c.to); i += c.from.count; continue outer
                }
            }
            out.append(w[i]); i += 1
        }
        return out
    }

    /// FNV-1a over the scalar values; never 0 (the empty slot).
    static func fingerprint(_ s: [UInt32]) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        for v in s {
            h = (h ^ UInt64(v)) &* 0x100000001b3
        }
        h ^= h >> 29; h = h &* 0xbf58476d1ce4e5b9; h ^= h >> 32
        return h == 0 ? 1 : h
    }

    /// `word/flags morphology...` -> (word, flags); `\/` escapes a slash in the word.
    static func entry(_ line: Substring) -> (word: String, flags: Substring)? {
        var word = ""
        var i = line.startIndex
        while i < line.endIndex {
            let c = line[i]
            if c == "\\", line.index(after: i) < line.endIndex, line[line.index(after: i)] == "/" {
                word.append("/"); i = line.index(i, offsetBy: 2); continue
            }
            if c == "/" || c == " " || c == "\t" { break }
            word.append(c); i = line.index(after: i)
        }
        guard !word.isEmpty else { return nil }
        guard i < line.endIndex, line[i] == "/" else { return (word, "") }
        let f = line.index(after: i)
        let e = line[f...].firstIndex(where: { $0 == " " || $0 == "\t" }) ?? line.endIndex
        return (word, line[f..<e])
    }
}

/// Lower case, one scalar to one scalar, memoised.
struct LowerCaser {
    private var memo: [UInt32: UInt32] = [:]
    mutating func map(_ v: UInt32) -> UInt32 {
        if v < 0x80 { return (v >= 0x41 && v <= 0x5A) ? v + 32 : v }
        if let m = memo[v] { return m }
        let m = Self.single(v) ?? v
        memo[v] = m
        return m
    }
    /// The scalar's lower case when it is one scalar; nil otherwise.
    static func single(_ v: UInt32) -> UInt32? {
        if v < 0x80 { return (v >= 0x41 && v <= 0x5A) ? v + 32 : v }
        guard let u = Unicode.Scalar(v) else { return nil }
        let l = u.properties.lowercaseMapping.unicodeScalars
        guard l.count == 1 else { return nil }
        return l.first!.value
    }
}

/// The parts of a Hunspell .aff file the form expansion needs.
struct Affixes {
    struct Rule {
        var strip: [Unicode.Scalar]
        var add: [Unicode.Scalar]
        var cont: [String]
        var condition: [Condition]
    }
    enum Condition {
        case any
        case set(Set<Unicode.Scalar>, negated: Bool)
    }
    struct Class {
        var suffix: Bool
        var rules: [Rule] = []
    }
    enum FlagMode { case single, long, num, utf8 }

    var mode: FlagMode = .single
    var classes: [String: Class] = [:]
    var iconv: [(from: [Unicode.Scalar], to: [Unicode.Scalar])] = []
    var breaks: [String] = ["-", "^-", "-$"]

    init?(_ text: String) {
        var sawBreak = false
        for raw in text.split(separator: "\n") {
            let f = raw.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let key = f.first else { continue }
            switch key {
            case "FLAG":
                if f.count > 1 {
                    switch f[1] { case "long": mode = .long; case "num": mode = .num; case "UTF-8": mode = .utf8; default: break }
                }
            case "AF", "AM", "COMPOUNDFLAG", "COMPOUNDRULE", "COMPOUNDBEGIN", "COMPOUNDMIDDLE", "COMPOUNDEND", "COMPOUNDMIN":
                // aliases and compounding are not modelled: no filter for such a dictionary
                if key == "COMPOUNDMIN" { continue }
                return nil
            case "ICONV":
                if f.count == 3 { iconv.append((Array(f[1].unicodeScalars), Array(f[2].unicodeScalars))) }
            case "BREAK":
                if f.count == 2, Int(f[1]) == nil {
                    if !sawBreak { breaks = []; sawBreak = true }
                    breaks.append(String(f[1]))
                } else if f.count == 2 { breaks = []; sawBreak = true }
            case "PFX", "SFX":
                guard f.count >= 4 else { continue }
                let name = String(f[1])
                if f.count == 4, f[2] == "Y" || f[2] == "N", Int(f[3]) != nil {
                    if classes[name] == nil { classes[name] = Class(suffix: key == "SFX") }
                    continue
                }
                guard f.count >= 5 else { continue }
                let strip = f[2] == "0" ? [] : Array(f[2].unicodeScalars)
                var add = Substring(f[3]), cont: [String] = []
                if let slash = add.firstIndex(of: "/") {
                    cont = flags(add[add.index(after: slash)...])
                    add = add[..<slash]
                }
                let rule = Rule(strip: strip, add: add == "0" ? [] : Array(add.unicodeScalars), cont: cont,
                                condition: Self.condition(f[4]))
                classes[name, default: Class(suffix: key == "SFX")].rules.append(rule)
            default: continue
            }
        }
    }

    /// Splits a flag field by the FLAG mode.
    func flags(_ s: Substring) -> [String] {
        switch mode {
        case .single: return s.utf8.map { String(UnicodeScalar($0)) }
        case .utf8: return s.map { String($0) }
        case .num: return s.split(separator: ",").map(String.init)
        case .long:
            var out: [String] = []
            var i = s.startIndex
            while i < s.endIndex {
                let j = s.index(after: i)
                if j < s.endIndex { out.append(String(s[i...j])); i = s.index(after: j) } else { out.append(String(s[i])); i = j }
            }
            return out
        }
    }

    static func condition(_ s: Substring) -> [Condition] {
        if s == "." { return [] }
        var out: [Condition] = []
        let u = Array(s.unicodeScalars)
        var i = 0
        while i < u.count {
            if u[i] == "[" {
                var j = i + 1
                var negated = false
                if j < u.count, u[j] == "^" { negated = true; j += 1 }
                var set = Set<Unicode.Scalar>()
                while j < u.count, u[j] != "]" { set.insert(u[j]); j += 1 }
                out.append(.set(set, negated: negated))
                i = j + 1
            } else if u[i] == "." {
                out.append(.any); i += 1
            } else {
                out.append(.set([u[i]], negated: false)); i += 1
            }
        }
        return out
    }

    static func matches(_ c: Condition, _ u: Unicode.Scalar) -> Bool {
        switch c {
        case .any: return true
        case .set(let s, let negated): return s.contains(u) != negated
        }
    }

    /// Suffix rule applies to `w`: the condition matches its end and the strip is its ending.
    static func suffixApplies(_ r: Rule, _ w: [Unicode.Scalar]) -> Bool {
        guard w.count >= r.condition.count, w.count >= r.strip.count else { return false }
        let base = w.count - r.condition.count
        for (k, c) in r.condition.enumerated() where !matches(c, w[base + k]) { return false }
        return r.strip.isEmpty || Array(w[(w.count - r.strip.count)...]) == r.strip
    }

    static func prefixApplies(_ r: Rule, _ w: [Unicode.Scalar]) -> Bool {
        guard w.count >= r.condition.count, w.count >= r.strip.count else { return false }
        for (k, c) in r.condition.enumerated() where !matches(c, w[k]) { return false }
        return r.strip.isEmpty || Array(w[..<r.strip.count]) == r.strip
    }

    /// A prefix whose added text holds an apostrophe (French elision: l', d', qu'...) is not expanded: queries
    /// with an apostrophe always go to Hunspell.
    static func elision(_ r: Rule) -> Bool { r.add.contains { $0 == "'" || $0 == "’" } }

    /// Emits every form of `stem` with `flags` (a superset of Hunspell's, see `LexiconForms`).
    func expand(stem: [Unicode.Scalar], flags: [String], _ emit: ([Unicode.Scalar]) -> Void) {
        emit(stem)
        var suffixed: [[Unicode.Scalar]] = []
        var prefixClasses: [String] = []
        func suffixes(_ w: [Unicode.Scalar], _ fl: [String], level: Int) {
            for name in fl {
                guard let c = classes[name] else { continue }
                if !c.suffix { if !prefixClasses.contains(name) { prefixClasses.append(name) }; continue }
                for r in c.rules where Self.suffixApplies(r, w) {
                    let f = Array(w[..<(w.count - r.strip.count)]) + r.add
                    emit(f)
                    suffixed.append(f)
                    if level == 1, !r.cont.isEmpty { suffixes(f, r.cont, level: 2) }
                }
            }
        }
        suffixes(stem, flags, level: 1)
        guard !prefixClasses.isEmpty else { return }
        for name in prefixClasses {
            guard let c = classes[name] else { continue }
            for r in c.rules where !Self.elision(r) {
                for w in [stem] + suffixed where Self.prefixApplies(r, w) {
                    let p = r.add + Array(w[r.strip.count...])
                    emit(p)
                    if w == stem, !r.cont.isEmpty {
                        for cn in r.cont {
                            guard let sc = classes[cn], sc.suffix else { continue }
                            for sr in sc.rules where Self.suffixApplies(sr, p) {
                                emit(Array(p[..<(p.count - sr.strip.count)]) + sr.add)
                            }
                        }
                    }
                }
            }
        }
    }
}
