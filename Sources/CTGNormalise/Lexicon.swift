import CHunspell
import Foundation

/// A French lexicon backed by Hunspell (libhunspell + hunspell-fr), with a cache: Hunspell lookups are slow,
/// and the normaliser only asks about candidate words. Thread-safe (one lock around Hunspell and the cache).
/// Hunspell itself is loaded on the first question the form set cannot answer, or on the first morphology question
/// (`info`, which the form set does not model): loading hunspell-fr costs about 265 M instructions (50-80 ms), which
/// a document whose questions the cached form set answers never pays.
public final class Lexicon: @unchecked Sendable {
    public struct Info: Sendable {
        public var known: Bool
        /// Hunspell morphology says it can be a past participle / an infinitive.
        public var participle: Bool
        public var infinitive: Bool
    }

    /// Hunspell, created by `hunspell()` on first use.
    private var handle: OpaquePointer?
    private var handleTried = false
    private let lock = NSLock()
    private var known: [String: Bool] = [:]
    private var infos: [String: Info] = [:]
    /// `known` by scalars, for words made of NFC-stable scalars (see `TokenCache.stable`): no String is built or
    /// hashed on a hit. Filled from `contains(_:)`, so answers are the same.
    private var knownScalars = ScalarTable<Bool>(capacity: 4096)
    /// Every form the dictionary can produce (`LexiconForms`): read from the cache on the first question when the
    /// cache has it (a few milliseconds), else built in the background once the normaliser first asks about
    /// OCR-confusion candidates (clean documents never pay for a build); until it is ready, or when it cannot be
    /// built (or `CTG_LEXICON_FORMS=0`), every question goes to Hunspell. Same answers either way.
    private var forms: LexiconForms?
    private var formsStarted: Bool
    private var cacheTried: Bool
    private let files: (aff: String, dic: String)
    private let formsBuilt = DispatchGroup()
    /// Whether the form set was read from the cache directory rather than built.
    public private(set) var formsFromCache = false
    /// Where built form sets are kept between runs: `CTG_CACHE_DIR`, else `$XDG_CACHE_HOME/ctg`, else
    /// `~/.cache/ctg`; `CTG_CACHE_DIR=""` turns the cache off.
    public static var cacheDirectory: String? {
        let env = ProcessInfo.processInfo.environment
        if let d = env["CTG_CACHE_DIR"] { return d.isEmpty ? nil : d }
        if let x = env["XDG_CACHE_HOME"], !x.isEmpty { return x + "/ctg" }
        if let h = env["HOME"], !h.isEmpty { return h + "/.cache/ctg" }
        return nil
    }

    /// Opens `DIR/NAME.aff` and `DIR/NAME.dic`; nil if the files are absent.
    public init?(directory: String = ProcessInfo.processInfo.environment["CTG_HUNSPELL_DIR"] ?? "/usr/share/hunspell",
                 name: String = "fr") {
        let aff = "\(directory)/\(name).aff", dic = "\(directory)/\(name).dic"
        guard FileManager.default.isReadableFile(atPath: aff), FileManager.default.isReadableFile(atPath: dic) else { return nil }
        files = (aff, dic)
        formsStarted = ProcessInfo.processInfo.environment["CTG_LEXICON_FORMS"] == "0"
        cacheTried = formsStarted
    }

    /// Hunspell, loaded on first use (nil if it cannot be). Called with the lock held.
    private func hunspell() -> OpaquePointer? {
        if !handleTried {
            handleTried = true
            handle = Hunspell_create(files.aff, files.dic)
        }
        return handle
    }

    /// Reads the form set from the cache, once: on the first question of any kind. Called with the lock held.
    private func loadCachedForms() {
        guard !cacheTried else { return }
        cacheTried = true
        guard let f = LexiconForms.Files(aff: files.aff, dic: files.dic),
              let cached = LexiconForms.cached(f, cacheDirectory: Self.cacheDirectory) else { return }
        forms = cached
        formsFromCache = true
        formsStarted = true
    }

    /// The form set: from the cache, else built in the background, once. Called with the lock held.
    private func startForms() {
        loadCachedForms()
        guard !formsStarted else { return }
        formsStarted = true
        formsBuilt.enter()
        let (aff, dic) = files
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            let f = LexiconForms.Files(aff: aff, dic: dic).flatMap { LexiconForms.build($0, cacheDirectory: Self.cacheDirectory) }
            lock.lock(); forms = f; lock.unlock()
            formsBuilt.leave()
        }
    }
    deinit { if let handle { Hunspell_destroy(handle) } }

    /// The shared French lexicon, nil when hunspell-fr is not installed.
    public static let french: Lexicon? = Lexicon()

    /// Whether Hunspell accepts the word (as is, or capitalised / upper-cased forms of a known word).
    public func contains(_ word: String) -> Bool {
        lock.lock(); defer { lock.unlock() }
        if let k = known[word] { return k }
        loadCachedForms()
        if let forms, let k = forms.lookup(Array(word.unicodeScalars)) {
            known[word] = k
            return k
        }
        let k = hunspell().map { Hunspell_spell($0, word) != 0 } ?? false
        known[word] = k
        return k
    }

    /// Waits until the form set is built (benchmarks and tests); returns how many distinct forms it holds, 0 when
    /// it is off or could not be built.
    @discardableResult
    public func waitForForms() -> Int {
        lock.lock(); startForms(); lock.unlock()
        formsBuilt.wait()
        lock.lock(); defer { lock.unlock() }
        return forms?.count ?? 0
    }

    /// Loads everything a question may need before the first one: the form set (as `waitForForms`) and Hunspell.
    /// For benchmarks, which keep loading out of the clock; the pipeline loads each on demand.
    @discardableResult
    public func preload() -> Int {
        let n = waitForForms()
        lock.lock(); _ = hunspell(); lock.unlock()
        return n
    }

    /// Hunspell's own answer, bypassing the caches and the form set (for tests of the form set).
    func hunspellSpell(_ word: String) -> Bool {
        lock.lock(); defer { lock.unlock() }
        return hunspell().map { Hunspell_spell($0, word) != 0 } ?? false
    }

    /// The form set's answer (`LexiconForms.lookup`: false, true, or nil = ask Hunspell); nil too while it is not built.
    func formsLookup(_ word: String) -> Bool? {
        lock.lock(); defer { lock.unlock() }
        return forms?.lookup(Array(word.unicodeScalars))
    }

    /// Which of `words` (letters in lower case) are surely none of the forms the dictionary makes, by the form
    /// set's Bloom filter (`LexiconForms.surelyAbsent`: cheap, no probe of the tables, about one non-word in twenty
    /// let through): a measure of a text's share of non-words, not a test of one word. The form set is read from
    /// the cache or built first (then kept in the cache); without one (CTG_LEXICON_FORMS=0, or a dictionary it
    /// cannot model), Hunspell answers. One lock for the whole list: a page's words are asked at once, while the
    /// normaliser may be asking its own on another thread.
    public func rejects(_ words: [String]) -> [Bool] {
        guard let f = loadedForms() else { return words.map { !contains($0) } }
        return words.map { f.surelyAbsent($0) }
    }

    /// Which of `words` are surely forms the dictionary makes: the form set's certain "yes" (no Hunspell load; a
    /// word it leaves to Hunspell is not accepted here). Without a form set, Hunspell answers.
    public func accepts(_ words: [String]) -> [Bool] {
        guard let f = loadedForms() else { return words.map { contains($0) } }
        return words.map { f.lookup(Array($0.unicodeScalars)) == true }
    }

    /// The form set, read or built first if need be (one lock to read it: the set is immutable once made); nil
    /// where there is none (CTG_LEXICON_FORMS=0, or a dictionary it cannot model).
    private func loadedForms() -> LexiconForms? {
        lock.lock()
        let f = forms
        lock.unlock()
        if let f { return f }
        waitForForms()
        lock.lock(); defer { lock.unlock() }
        return forms
    }

    /// How many of `words` `rejects`.
    public func rejected(_ words: [String]) -> Int { rejects(words).filter { $0 }.count }

    /// The form set's answer, starting its build on the first question; nil: ask Hunspell.
    @inline(__always)
    private func formsAnswer<C: RandomAccessCollection>(_ w: C) -> Bool? where C.Element == Unicode.Scalar, C.Index == Int {
        // (the form set is immutable: the lock guards only the reference, not the lookup, so that threads asking
        // at once do not queue behind each other's lookups)
        lock.lock()
        startForms()
        let f = forms
        lock.unlock()
        return f?.lookup(w)
    }

    /// `contains(scalars: x with x[range] replaced by replacement)`, without building the word when the form set
    /// answers (as it does for nearly every OCR-confusion candidate).
    func contains(_ x: [Unicode.Scalar], replacing range: Range<Int>, with replacement: [Unicode.Scalar]) -> Bool {
        let w = Spliced(base: x, range: range, replacement: replacement)
        if let k = formsAnswer(w) { return k }
        return contains(scalars: Array(w))
    }

    /// `contains(String(scalars))`.
    func contains(scalars w: [Unicode.Scalar]) -> Bool {
        if let k = formsAnswer(w) { return k }
        var key: [UInt32] = []
        key.reserveCapacity(w.count)
        for u in w {
            guard TokenCache.stable(u.value) else { return contains(w.string) }
            key.append(u.value)
        }
        return key.withUnsafeBufferPointer { b in
            lock.lock()
            if let e = knownScalars.find(b) { let k = knownScalars.values[e]; lock.unlock(); return k }
            lock.unlock()
            let k = contains(w.string)
            lock.lock()
            if knownScalars.find(b) == nil { knownScalars.insert(b, k) }
            lock.unlock()
            return k
        }
    }

    public func info(_ word: String) -> Info {
        lock.lock(); defer { lock.unlock() }
        if let i = infos[word] { return i }
        guard let handle = hunspell() else { return Info(known: false, participle: false, infinitive: false) }
        var list: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = nil
        let n = Hunspell_analyze(handle, &list, word)
        var i = Info(known: n > 0, participle: false, infinitive: false)
        if n > 0, let list {
            for k in 0..<Int(n) {
                guard let c = list[k] else { continue }
                let s = String(cString: c)
                if s.contains("po:ppas") { i.participle = true }
                if s.contains("po:infi") { i.infinitive = true }
            }
        }
        if list != nil { Hunspell_free_list(handle, &list, n) }
        infos[word] = i
        return i
    }
}

/// `base` with `base[range]` replaced by `replacement`, read in place.
struct Spliced: RandomAccessCollection {
    let base: [Unicode.Scalar]
    let range: Range<Int>
    let replacement: [Unicode.Scalar]
    var startIndex: Int { 0 }
    var endIndex: Int { base.count - range.count + replacement.count }
    @inline(__always) subscript(i: Int) -> Unicode.Scalar {
        if i < range.lowerBound { return base[i] }
        let j = i - range.lowerBound
        return j < replacement.count ? replacement[j] : base[range.upperBound + j - replacement.count]
    }
}
