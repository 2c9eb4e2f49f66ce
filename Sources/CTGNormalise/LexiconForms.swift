import Foundation

/// Every word form a Hunspell dictionary can produce, as sets of 64-bit fingerprints, answering most lexicon
/// questions without Hunspell: `Hunspell_spell` costs 10 to 30 µs a word (it tries every affix strip), and the
/// normaliser asks it about tens of thousands of OCR-confusion candidates per damaged document.
///
/// `lookup(w)` answers `false` (Hunspell rejects `w`), `true` (Hunspell accepts it) or nil (ask Hunspell):
/// - **No** comes from a *superset* of what Hunspell accepts, folded to lower case: every dictionary stem with
///   its suffix classes (two levels, as Hunspell allows), its prefix classes and their cross products, ignoring
///   the constraints that only remove forms (NEEDAFFIX, CIRCUMFIX, FORBIDDENWORD, KEEPCASE, cross-product flags).
///   Hunspell accepts case variants of dictionary forms, never more; ICONV conversions are applied to the query
///   first, as Hunspell does.
/// - **Yes** comes from a *subset*, case kept: forms Hunspell accepts as written (see `Affixes.expand`), minus any
///   form a FORBIDDENWORD entry also produces. Only asked for words in lower case, or capitalised (Hunspell also
///   tries those in lower case; KEEPCASE stems are not in the subset).
///   Words with an apostrophe, a BREAK character or an ICONV pattern get "no" or "ask Hunspell" only, from a model
///   of how Hunspell reads them (elision prefixes on a form, trailing dots, BREAK patterns; see `mayAccept`).
/// - **Ask Hunspell** for anything else the expansion does not model: a digit (Hunspell's number rule), a scalar
///   whose lower case is not one scalar, words over 60 scalars; and any dictionary with compounding or AF/AM
///   aliases (no form set at all).
/// A fingerprint collision could only turn a "no" into "ask Hunspell", or, with odds of about 1 in 10^13 per
/// word, give a wrong "yes". `LexiconFormsTests` checks both answers against Hunspell itself on every word and
/// OCR candidate of the sample corpus.
final class LexiconForms: Sendable {
    private let storage: FormTables
    /// Lower-cased fingerprints of the superset; open addressing, 0 = empty.
    private var table: UnsafeBufferPointer<UInt64> { storage.table }
    /// Case-kept fingerprints of the subset.
    private var certain: UnsafeBufferPointer<UInt64> { storage.certain }
    /// Distinct forms of the superset (before fingerprinting).
    let count: Int
    private let iconv: [(from: [Unicode.Scalar], to: [Unicode.Scalar])]
    /// Scalars that send a query to `lookupSlow`: apostrophes, the scalars of BREAK patterns, the non-ASCII
    /// scalars of ICONV patterns (when a pattern is all ASCII, every query goes there).
    private let slowScalars: Set<UInt32>
    private let slowASCII: [Bool]
    private let convertAlways: Bool
    /// BREAK patterns, lower-cased, with their anchors.
    private let breakPatterns: [(text: [UInt32], start: Bool, end: Bool)]
    /// For U+0080..<U+0250: its lower case when that is one scalar and the scalar needs no slow path; 0 when it
    /// sends the word to `lookupSlow` (an apostrophe, a BREAK or ICONV scalar); 1 when Hunspell must answer
    /// (a numeric scalar, a lower case of several scalars).
    private let latinLower: [UInt32]
    /// Single-scalar ICONV conversions (’ -> '), applied in `lookupSlow` without `convert`.
    private let iconvSingle: [UInt32: UInt32]
    /// First scalars of the other ICONV patterns: a word with one goes through `convert`.
    private let iconvOther: Set<UInt32>
    /// The elision prefixes (prefix rules adding an apostrophe), lower-cased: added text, stripped text.
    private let elisions: [(add: [UInt32], strip: [UInt32])]
    static let maxLength = 60

    /// Bump when the expansion or the cache file's layout changes: cached sets of another version are rebuilt.
    static let formatVersion: UInt64 = 4

    /// The form sets of `aff` + `dic`: read from `cacheDirectory` when sets built from the same files (same bytes)
    /// by the same format version are there, else built (about a second for hunspell-fr) and written there
    /// (temporary file, then rename; a cache that cannot be written is only a lost speed-up). Nil if the files
    /// cannot be read or the dictionary uses features the expansion does not model (compounding, AF/AM aliases).
    static func open(aff: String, dic: String, cacheDirectory: String?) -> (forms: LexiconForms, fromCache: Bool)? {
        guard let files = Files(aff: aff, dic: dic) else { return nil }
        if let f = cached(files, cacheDirectory: cacheDirectory) { return (f, true) }
        return build(files, cacheDirectory: cacheDirectory).map { ($0, false) }
    }

    /// The bytes of a dictionary's two files and the cache key they give.
    struct Files {
        let aff: Data, dic: Data
        let key: UInt64
        init?(aff: String, dic: String) {
            guard let a = FileManager.default.contents(atPath: aff), let d = FileManager.default.contents(atPath: dic) else { return nil }
            self.aff = a; self.dic = d
            // a hash of both files' bytes, eight at a time
            var key: UInt64 = 0xcbf29ce484222325 ^ formatVersion
            for d in [a, d] {
                d.withUnsafeBytes { raw in
                    var i = 0
                    while i + 8 <= raw.count {
                        key = (key ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x100000001b3
                        key ^= key >> 31
                        i += 8
                    }
                    while i < raw.count { key = (key ^ UInt64(raw[i])) &* 0x100000001b3; i += 1 }
                }
                key = (key ^ UInt64(d.count)) &* 0x100000001b3
            }
            self.key = key
        }
        func cacheFile(in directory: String) -> String { "\(directory)/lexicon-forms-\(String(key, radix: 16)).bin" }
    }

    /// The form sets read from the cache, nil when it has none for these files. Cheap (a few milliseconds): the
    /// tables are mapped, not read, and of the .aff only what lookups need is parsed (no suffix rules).
    static func cached(_ files: Files, cacheDirectory: String?) -> LexiconForms? {
        guard let dir = cacheDirectory, let mapped = FormTables(mapping: files.cacheFile(in: dir), magic: magic),
              mapped.version == formatVersion,
              let affText = String(data: files.aff, encoding: .utf8), let parsed = Affixes(affText, suffixRules: false) else { return nil }
        return LexiconForms(parsed, storage: mapped)
    }

    /// The form sets expanded from the files (about a second for hunspell-fr), written to the cache directory.
    static func build(_ files: Files, cacheDirectory: String?) -> LexiconForms? {
        guard let affText = String(data: files.aff, encoding: .utf8), let parsed = Affixes(affText),
              let dicText = String(data: files.dic, encoding: .utf8) else { return nil }
        let f = LexiconForms(parsed, dic: dicText)
        if let dir = cacheDirectory { f.write(to: files.cacheFile(in: dir), directory: dir) }
        return f
    }

    private init(_ parsed: Affixes, storage: FormTables) {
        iconv = parsed.iconv.sorted { $0.from.count > $1.from.count }
        var slow: Set<UInt32> = [0x27, 0x2019, 0x2BC]
        var patterns: [(text: [UInt32], start: Bool, end: Bool)] = []
        for b in parsed.breaks {
            var t = Array(b.unicodeScalars)
            let start = t.first == "^" && t.count > 1, end = t.last == "$" && t.count > 1
            if start { t.removeFirst() }
            if end { t.removeLast() }
            let low = t.map { LowerCaser.single($0.value) ?? $0.value }
            guard !low.isEmpty else { continue }
            patterns.append((low, start, end))
            for u in t { slow.insert(u.value); slow.insert(LowerCaser.single(u.value) ?? u.value) }
        }
        breakPatterns = patterns
        for c in iconv { for u in c.from where u.value >= 0x80 { slow.insert(u.value) } }
        slowScalars = slow
        slowASCII = (0..<0x80).map { slow.contains(UInt32($0)) }
        convertAlways = iconv.contains { $0.from.allSatisfy(\.isASCII) }
        latinLower = (0x80..<0x250).map { v -> UInt32 in
            if slow.contains(UInt32(v)) { return 0 }
            guard let u = Unicode.Scalar(UInt32(v)), u.properties.numericType == nil, let l = LowerCaser.single(UInt32(v)), l > 1 else { return 1 }
            return l
        }
        var single: [UInt32: UInt32] = [:], other = Set<UInt32>()
        for c in iconv {
            if c.from.count == 1, c.to.count == 1, single[c.from[0].value] == nil { single[c.from[0].value] = c.to[0].value }
            else if let f = c.from.first { other.insert(f.value) }
        }
        iconvSingle = single.filter { !other.contains($0.key) }
        iconvOther = other.union(single.keys.filter { other.contains($0) })
        var seen = Set<[UInt32]>()
        var el: [(add: [UInt32], strip: [UInt32])] = []
        for c in parsed.classes.values where !c.suffix {
            for r in c.rules where Affixes.elision(r) {
                let conv = { (x: [Unicode.Scalar]) in x.map { LowerCaser.single($0 == "’" ? 0x27 : $0.value) ?? $0.value } }
                let e = (conv(r.add), conv(r.strip))
                if seen.insert(e.0 + [0] + e.1).inserted { el.append(e) }
            }
        }
        elisions = el
        self.storage = storage
        self.count = storage.count
    }

    private static let magic: UInt64 = 0x534D_524F_4647_5443 // "CTGFORMS"

    /// The cache file (see `FormTables`), written to a temporary file then renamed; other form-set files in the
    /// directory (older dictionaries or formats) are removed.
    private func write(to file: String, directory: String) {
        let words: [UInt64] = ([Self.magic, Self.formatVersion, UInt64(count), UInt64(table.count), UInt64(certain.count)]
                               + Array(table) + Array(certain) + Array(storage.filter)).map { $0.littleEndian }
        let data = words.withUnsafeBytes { Data($0) }
        let tmp = "\(file).\(ProcessInfo.processInfo.processIdentifier).tmp"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try data.write(to: URL(fileURLWithPath: tmp))
            guard rename(tmp, file) == 0 else { unlink(tmp); return }
            let name = (file as NSString).lastPathComponent
            for other in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            where other.hasPrefix("lexicon-forms-") && other.hasSuffix(".bin") && other != name {
                unlink("\(directory)/\(other)")
            }
        } catch { unlink(tmp) }
    }

    /// Expands every entry of the dictionary text.
    private convenience init(_ parsed: Affixes, dic dicText: String) {
        var lowered: [UInt64] = [], kept: [(exact: UInt64, lower: UInt64)] = []
        lowered.reserveCapacity(1 << 21)
        kept.reserveCapacity(1 << 20)
        var forbidden = Set<UInt64>()
        var lower = LowerCaser()
        var buf: [UInt32] = []
        var first = true
        for line in dicText.split(separator: "\n", omittingEmptySubsequences: true) {
            if first { first = false; if line.allSatisfy({ $0.isNumber || $0.isWhitespace }) { continue } }
            guard let entry = Self.entry(line) else { continue }
            let flags = parsed.flags(entry.flags)
            let isForbidden = parsed.forbidden.map { flags.contains($0) } ?? false
            parsed.expand(stem: Array(entry.word.unicodeScalars), flags: flags) { w, sure in
                buf.removeAll(keepingCapacity: true)
                for u in w { buf.append(lower.map(u.value)) }
                let l = Self.fingerprint(buf)
                lowered.append(l)
                if isForbidden { forbidden.insert(l) }
                if sure, w.count <= Self.maxLength { kept.append((Self.fingerprint(w.map(\.value)), l)) }
            }
        }
        let (table, n) = Self.hashTable(lowered)
        let (certain, _) = Self.hashTable(kept.filter { !forbidden.contains($0.lower) }.map(\.exact))
        self.init(parsed, storage: FormTables(table: table, certain: certain, count: n, version: Self.formatVersion))
    }

    /// An open-addressing table of the distinct fingerprints, at most half full; and their count.
    static func hashTable(_ fingerprints: [UInt64]) -> ([UInt64], Int) {
        let sorted = fingerprints.sorted()
        var distinct = 0
        for i in sorted.indices where i == 0 || sorted[i] != sorted[i - 1] { distinct += 1 }
        var size = 2
        while size < distinct * 2 { size <<= 1 }
        var table = [UInt64](repeating: 0, count: size)
        let mask = size - 1
        for i in sorted.indices where i == 0 || sorted[i] != sorted[i - 1] {
            var p = Int(truncatingIfNeeded: sorted[i] >> 7) & mask
            while table[p] != 0 { p = (p + 1) & mask }
            table[p] = sorted[i]
        }
        return (table, distinct)
    }

    /// Whether `word`, letters in lower case only, is surely in no form of the superset, by the Bloom filter alone
    /// (512 KiB: no probe of the tables). False for a word of another shape, and for about one non-word in twenty
    /// (the filter's false positives).
    func surelyAbsent(_ word: String) -> Bool {
        var low = Self.fingerprintSeed
        var n = 0
        for u in word.unicodeScalars {
            let v = u.value
            if v < 0x80 {
                guard v >= 0x61 && v <= 0x7A, !slowASCII[Int(v)] else { return false }
            } else {
                guard v < 0x250, latinLower[Int(v - 0x80)] == v else { return false }
            }
            low = Self.fingerprintStep(low, v)
            n += 1
        }
        guard n > 0, n <= Self.maxLength, !convertAlways else { return false }
        return !storage.mayHold(Self.fingerprintFinish(low))
    }

    /// false: Hunspell rejects `word`; true: Hunspell accepts it; nil: ask Hunspell.
    func lookup<C: RandomAccessCollection>(_ word: C) -> Bool? where C.Element == Unicode.Scalar, C.Index == Int {
        guard word.count <= Self.maxLength else { return nil }
        if convertAlways { return lookupSlow(Array(word)) }
        // The lower-cased fingerprint first: most words asked about are not in the superset, and that needs no more.
        var low = Self.fingerprintSeed
        var uppers = 0, firstUpper = false
        for (i, u) in word.enumerated() {
            let v = u.value
            var l: UInt32
            if v < 0x80 {
                if v >= 0x30 && v <= 0x39 { return nil }
                if slowASCII[Int(v)] { return lookupSlow(Array(word)) }
                l = (v >= 0x41 && v <= 0x5A) ? v + 32 : v
            } else if v < 0x250 {
                let m = latinLower[Int(v - 0x80)]
                if m == 0 { return lookupSlow(Array(word)) }
                if m == 1 { return nil }
                l = m
            } else if slowScalars.contains(v) {
                return lookupSlow(Array(word))
            } else {
                if u.properties.numericType != nil { return nil }
                guard let m = LowerCaser.single(v) else { return nil }
                l = m
            }
            if l != v { uppers += 1; if i == 0 { firstUpper = true } }
            low = Self.fingerprintStep(low, l)
        }
        let lowPrint = Self.fingerprintFinish(low)
        guard storage.mayHold(lowPrint), Self.has(table, lowPrint) else { return false }
        guard uppers == 0 || (uppers == 1 && firstUpper) else { return nil }
        // The case-kept fingerprint (and with its first letter lower-cased), for the subset.
        var exact = Self.fingerprintSeed
        for u in word { exact = Self.fingerprintStep(exact, u.value) }
        if Self.has(certain, Self.fingerprintFinish(exact)) { return true }
        if uppers == 0 { return nil }
        var initLow = Self.fingerprintSeed
        for (i, u) in word.enumerated() {
            // (the first scalar's lower case: its class was settled by the first pass)
            let v = u.value
            initLow = Self.fingerprintStep(initLow, i == 0 ? (v < 0x80 ? v + 32 : (v < 0x250 ? latinLower[Int(v - 0x80)] : LowerCaser.single(v)!)) : v)
        }
        return Self.has(certain, Self.fingerprintFinish(initLow)) ? true : nil
    }

    /// `lookup` of a word with an apostrophe, a BREAK character or an ICONV pattern: false or nil, never "yes".
    private func lookupSlow(_ word: [Unicode.Scalar]) -> Bool? {
        var low: [UInt32] = []
        low.reserveCapacity(word.count)
        let converted = word.contains { $0.value >= 0x80 && iconvOther.contains($0.value) } ? convert(word) : word
        for u in converted {
            var v = u.value
            if v < 0x80 {
                if v >= 0x30 && v <= 0x39 { return nil }
                low.append((v >= 0x41 && v <= 0x5A) ? v + 32 : v)
                continue
            }
            if let c = iconvSingle[v] { v = c }
            if v < 0x80 { low.append((v >= 0x41 && v <= 0x5A) ? v + 32 : v); continue }
            if v < 0x250 {
                let m = latinLower[Int(v - 0x80)]
                if m == 1 { return nil }
                low.append(m == 0 ? (LowerCaser.single(v) ?? v) : m)
                continue
            }
            guard let s = Unicode.Scalar(v), s.properties.numericType == nil, let l = LowerCaser.single(v) else { return nil }
            low.append(l)
        }
        return mayAccept(low[...], depth: 0) ? nil : false
    }

    /// Whether Hunspell may accept the (converted, lower-cased) word, modelling how it reads one: a form of the
    /// superset as a whole; an elision prefix (`l'`, `qu'`...) on a form; trailing dots dropped; and its BREAK
    /// patterns (`^p`: the rest accepted; `p$`: the front accepted; `p` inside: both sides accepted, at any
    /// occurrence, where Hunspell tries the first two).
    private func mayAccept(_ w: ArraySlice<UInt32>, depth: Int) -> Bool {
        if w.isEmpty || depth > 6 { return true }
        if Self.has(table, Self.fingerprint(w)) { return true }
        if w.contains(0x27) {
            for e in elisions where w.count > e.add.count && w.starts(with: e.add) {
                if Self.has(table, Self.fingerprint(e.strip[...] + w.dropFirst(e.add.count))) { return true }
            }
        }
        if w.last == 0x2E {
            var t = w
            while t.last == 0x2E { t = t.dropLast() }
            if mayAccept(t, depth: depth + 1) { return true }
        }
        for p in breakPatterns where w.count > p.text.count {
            if p.start {
                if w.starts(with: p.text), mayAccept(w.dropFirst(p.text.count), depth: depth + 1) { return true }
            } else if p.end {
                if w.reversed().starts(with: p.text.reversed()), mayAccept(w.dropLast(p.text.count), depth: depth + 1) { return true }
            } else {
                var i = w.startIndex + 1
                while i + p.text.count < w.endIndex {
                    if w[i..<(i + p.text.count)].elementsEqual(p.text),
                       mayAccept(w[..<i], depth: depth + 1), mayAccept(w[(i + p.text.count)...], depth: depth + 1) { return true }
                    i += 1
                }
            }
        }
        return false
    }

    private static func has(_ table: UnsafeBufferPointer<UInt64>, _ h: UInt64) -> Bool {
        let mask = table.count - 1
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
            for c in iconv where i + c.from.count <= w.count && w[i] == c.from[0] && Array(w[i..<(i + c.from.count)]) == c.from {
                out.append(contentsOf: c.to); i += c.from.count; continue outer
            }
            out.append(w[i]); i += 1
        }
        return out
    }

    /// FNV-1a over the scalar values, then a mix; never 0 (the empty slot).
    static func fingerprint<C: Collection<UInt32>>(_ s: C) -> UInt64 {
        var h = fingerprintSeed
        for v in s { h = fingerprintStep(h, v) }
        return fingerprintFinish(h)
    }
    static let fingerprintSeed: UInt64 = 0xcbf29ce484222325
    @inline(__always) static func fingerprintStep(_ h: UInt64, _ v: UInt32) -> UInt64 { (h ^ UInt64(v)) &* 0x100000001b3 }
    @inline(__always) static func fingerprintFinish(_ x: UInt64) -> UInt64 {
        var h = x
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

/// The two fingerprint tables of a `LexiconForms` and the Bloom filter of the first: built in memory, or mapped
/// read-only from a cache file laid out as magic, format version, form count, the two table sizes, then the tables
/// and the filter (little-endian UInt64s). A mapped file is only read (pages come in as lookups touch them); a newer
/// cache is written to a new inode and renamed over it, so the mapping stays valid.
final class FormTables: @unchecked Sendable {
    let table: UnsafeBufferPointer<UInt64>
    let certain: UnsafeBufferPointer<UInt64>
    let count: Int
    let version: UInt64
    private let unmap: (UnsafeMutableRawPointer, Int)?
    /// A Bloom filter of `table` (two bits of one 64-bit word per fingerprint, 512 KiB): most words asked about
    /// are OCR-confusion candidates that are not words, and the filter, small enough to stay in the processor's
    /// caches, turns most of them away without a probe of the 8 MiB table (a cache miss, and on a mapped cache
    /// file a page fault the first time a page is touched). Built with the tables, kept in the cache file after them.
    let filter: UnsafeBufferPointer<UInt64>
    static let filterWords = 1 << 16

    /// Whether `table` may hold the fingerprint `h` (false: it does not).
    @inline(__always) func mayHold(_ h: UInt64) -> Bool {
        let bits = Self.filterBits(h)
        return filter[Self.filterWord(h)] & bits == bits
    }
    @inline(__always) private static func filterWord(_ h: UInt64) -> Int { Int(truncatingIfNeeded: h >> 40) & (filterWords - 1) }
    @inline(__always) private static func filterBits(_ h: UInt64) -> UInt64 { (1 << (h & 63)) | (1 << ((h >> 6) & 63)) }

    private static func makeFilter(_ table: UnsafeBufferPointer<UInt64>) -> UnsafeBufferPointer<UInt64> {
        let f = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: filterWords)
        f.initialize(repeating: 0)
        for h in table where h != 0 { f[filterWord(h)] |= filterBits(h) }
        return UnsafeBufferPointer(f)
    }

    init(table t: [UInt64], certain c: [UInt64], count: Int, version: UInt64) {
        let tm = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: t.count)
        _ = tm.initialize(from: t)
        let cm = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: c.count)
        _ = cm.initialize(from: c)
        table = UnsafeBufferPointer(tm); certain = UnsafeBufferPointer(cm)
        self.count = count; self.version = version; unmap = nil
        filter = Self.makeFilter(table)
    }

    init?(mapping path: String, magic: UInt64) {
        guard UInt64(littleEndian: 1) == 1 else { return nil } // the file is little-endian
        let fd = Glibc.open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_size >= 40, st.st_size % 8 == 0 else { return nil }
        let size = Int(st.st_size)
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else { return nil }
        let words = UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt64.self), count: size / 8)
        let n = Int(words[2]), s1 = Int(words[3]), s2 = Int(words[4])
        guard words[0] == magic, s1 > 0, s1 & (s1 - 1) == 0, s2 > 0, s2 & (s2 - 1) == 0,
              s1 + s2 + Self.filterWords == words.count - 5, n <= s1 else {
            munmap(base, size); return nil
        }
        table = UnsafeBufferPointer(rebasing: words[5..<(5 + s1)])
        certain = UnsafeBufferPointer(rebasing: words[(5 + s1)..<(5 + s1 + s2)])
        filter = UnsafeBufferPointer(rebasing: words[(5 + s1 + s2)...])
        count = n; version = words[1]; unmap = (base, size)
    }

    deinit {
        if let (base, size) = unmap { munmap(base, size) } else {
            UnsafeMutableBufferPointer(mutating: table).deallocate()
            UnsafeMutableBufferPointer(mutating: certain).deallocate()
            UnsafeMutableBufferPointer(mutating: filter).deallocate()
        }
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
    /// Flags that make a form invalid on its own or in some case (NEEDAFFIX, CIRCUMFIX, FORBIDDENWORD, KEEPCASE,
    /// ONLYINCOMPOUND, and the obsolete PSEUDOROOT = NEEDAFFIX).
    var needAffix: String?, circumfix: String?, forbidden: String?, keepCase: String?, onlyInCompound: String?
    var fullStrip = false

    /// `suffixRules: false`: the suffix rules are skipped (their classes are not listed either): enough for lookups
    /// in a form set already built, which only need the prefix rules (elisions), ICONV and BREAK.
    init?(_ text: String, suffixRules: Bool = true) {
        var sawBreak = false
        let sfx = Array("SFX".utf8)
        for line in text.utf8.split(separator: UInt8(ascii: "\n")) {
            if !suffixRules, line.starts(with: sfx) { continue }
            let raw = Substring(line)
            let f = raw.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            guard let key = f.first else { continue }
            switch key {
            case "FLAG":
                if f.count > 1 {
                    switch f[1] { case "long": mode = .long; case "num": mode = .num; case "UTF-8": mode = .utf8; default: break }
                }
            case "AF", "AM", "COMPOUNDFLAG", "COMPOUNDRULE", "COMPOUNDBEGIN", "COMPOUNDMIDDLE", "COMPOUNDEND":
                // aliases and compounding are not modelled: no filter for such a dictionary
                return nil
            case "NEEDAFFIX", "PSEUDOROOT": if f.count > 1 { needAffix = String(f[1]) }
            case "CIRCUMFIX": if f.count > 1 { circumfix = String(f[1]) }
            case "FORBIDDENWORD": if f.count > 1 { forbidden = String(f[1]) }
            case "KEEPCASE": if f.count > 1 { keepCase = String(f[1]) }
            case "ONLYINCOMPOUND": if f.count > 1 { onlyInCompound = String(f[1]) }
            case "FULLSTRIP": fullStrip = true
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

    /// Emits every form of `stem` with `flags`: a superset of the forms Hunspell accepts (see `LexiconForms`),
    /// each with `certain` = Hunspell accepts it as written, whatever else the dictionary holds: a form of a stem
    /// without KEEPCASE, ONLYINCOMPOUND or FORBIDDENWORD, made by at most two suffixes as Hunspell checks them
    /// (conditions, strips, a root left; no NEEDAFFIX or CIRCUMFIX on the last step). Prefixed forms are never
    /// certain. A form some FORBIDDENWORD entry also produces is removed later by the caller.
    func expand(stem: [Unicode.Scalar], flags: [String], _ emit: (_ form: [Unicode.Scalar], _ certain: Bool) -> Void) {
        func has(_ fl: [String], _ flag: String?) -> Bool { flag.map { fl.contains($0) } ?? false }
        let stemOK = !has(flags, keepCase) && !has(flags, onlyInCompound) && !has(flags, forbidden)
        emit(stem, stemOK && !has(flags, needAffix) && !has(flags, circumfix))
        var suffixed: [[Unicode.Scalar]] = []
        var prefixClasses: [String] = []
        func suffixes(_ w: [Unicode.Scalar], _ fl: [String], level: Int, innerOK: Bool) {
            for name in fl {
                guard let c = classes[name] else { continue }
                if !c.suffix { if !prefixClasses.contains(name) { prefixClasses.append(name) }; continue }
                for r in c.rules where Self.suffixApplies(r, w) {
                    let f = Array(w[..<(w.count - r.strip.count)]) + r.add
                    // Hunspell only strips a suffix that leaves a root (unless FULLSTRIP)
                    let rootLeft = f.count > r.add.count || fullStrip
                    emit(f, stemOK && innerOK && rootLeft && !has(r.cont, needAffix) && !has(r.cont, circumfix))
                    suffixed.append(f)
                    if level == 1, !r.cont.isEmpty, rootLeft { suffixes(f, r.cont, level: 2, innerOK: !has(r.cont, circumfix)) }
                    else if level == 1, !r.cont.isEmpty { suffixesUncertain(f, r.cont) }
                }
            }
        }
        func suffixesUncertain(_ w: [Unicode.Scalar], _ fl: [String]) {
            for name in fl {
                guard let c = classes[name], c.suffix else { continue }
                for r in c.rules where Self.suffixApplies(r, w) {
                    let f = Array(w[..<(w.count - r.strip.count)]) + r.add
                    emit(f, false); suffixed.append(f)
                }
            }
        }
        suffixes(stem, flags, level: 1, innerOK: true)
        guard !prefixClasses.isEmpty else { return }
        for name in prefixClasses {
            guard let c = classes[name] else { continue }
            for r in c.rules where !Self.elision(r) {
                for w in [stem] + suffixed where Self.prefixApplies(r, w) {
                    let p = r.add + Array(w[r.strip.count...])
                    emit(p, false)
                    if w == stem, !r.cont.isEmpty {
                        for cn in r.cont {
                            guard let sc = classes[cn], sc.suffix else { continue }
                            for sr in sc.rules where Self.suffixApplies(sr, p) {
                                emit(Array(p[..<(p.count - sr.strip.count)]) + sr.add, false)
                            }
                        }
                    }
                }
            }
        }
    }
}
