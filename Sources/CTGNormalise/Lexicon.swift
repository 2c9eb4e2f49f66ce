import CHunspell
import Foundation

/// A French lexicon backed by Hunspell (libhunspell + hunspell-fr), with a cache: Hunspell lookups are slow,
/// and the normaliser only asks about candidate words. Thread-safe (one lock around Hunspell and the cache).
public final class Lexicon: @unchecked Sendable {
    public struct Info: Sendable {
        public var known: Bool
        /// Hunspell morphology says it can be a past participle / an infinitive.
        public var participle: Bool
        public var infinitive: Bool
    }

    private let handle: OpaquePointer
    private let lock = NSLock()
    private var known: [String: Bool] = [:]
    private var infos: [String: Info] = [:]
    /// `known` by scalars, for words made of NFC-stable scalars (see `TokenCache.stable`): no String is built or
    /// hashed on a hit. Filled from `contains(_:)`, so answers are the same.
    private var knownScalars = ScalarTable<Bool>(capacity: 4096)

    /// Opens `DIR/NAME.aff` and `DIR/NAME.dic`; nil if the files are absent.
    public init?(directory: String = ProcessInfo.processInfo.environment["CTG_HUNSPELL_DIR"] ?? "/usr/share/hunspell",
                 name: String = "fr") {
        let aff = "\(directory)/\(name).aff", dic = "\(directory)/\(name).dic"
        guard FileManager.default.fileExists(atPath: aff), FileManager.default.fileExists(atPath: dic),
              let h = Hunspell_create(aff, dic) else { return nil }
        handle = h
    }
    deinit { Hunspell_destroy(handle) }

    /// The shared French lexicon, nil when hunspell-fr is not installed.
    public static let french: Lexicon? = Lexicon()

    /// Whether Hunspell accepts the word (as is, or capitalised / upper-cased forms of a known word).
    public func contains(_ word: String) -> Bool {
        lock.lock(); defer { lock.unlock() }
        if let k = known[word] { return k }
        let k = Hunspell_spell(handle, word) != 0
        known[word] = k
        return k
    }

    /// `contains(String(scalars))`.
    func contains(scalars w: [Unicode.Scalar]) -> Bool {
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
