/// An open-addressing hash table keyed by sequences of Unicode scalar values, with the keys stored in one
/// arena: lookups hash the scalars of a slice in place, without building a String (String hashing normalises
/// non-ASCII text and allocates). Each slot holds 32 bits of the hash next to the entry index, so that probing
/// past other keys touches one array. Not thread-safe; callers lock.
struct ScalarTable<Value> {
    private var slots: [UInt64]         // (hash tag << 32) | (entry + 1); 0 = empty
    private var spans: [(start: Int32, length: Int32)] = []
    private var hashes: [UInt64] = []
    private(set) var values: [Value] = []
    private var arena: [UInt32] = []
    private var mask: Int

    init(capacity: Int = 1024) {
        var n = 16
        while n < capacity * 2 { n <<= 1 }
        slots = Array(repeating: 0, count: n)
        mask = n - 1
    }

    var count: Int { values.count }

    mutating func removeAll() {
        self = ScalarTable(capacity: 1024)
    }

    /// The hash of a key: `finish(step(...step(seed, k0)..., kn), n)`, which callers may compute as they read a key.
    @inline(__always) static func hash(_ key: UnsafeBufferPointer<UInt32>) -> UInt64 {
        var h = seed
        for v in key { h = step(h, v) }
        return finish(h, key.count)
    }
    static var seed: UInt64 { 0x9E37_79B9_7F4A_7C15 }
    @inline(__always) static func step(_ h: UInt64, _ v: UInt32) -> UInt64 {
        let x = (h ^ UInt64(v)) &* 0xbf58_476d_1ce4_e5b9
        return x ^ (x >> 31)
    }
    @inline(__always) static func finish(_ h: UInt64, _ count: Int) -> UInt64 {
        var h = h ^ UInt64(count)
        h ^= h >> 29
        h = h &* 0x94d0_49bb_1331_11eb
        h ^= h >> 32
        return h
    }

    /// Index of the key's entry in `values`, or nil.
    func find(_ key: UnsafeBufferPointer<UInt32>) -> Int? { find(key, hash: Self.hash(key)) }

    /// `find` with the key's `hash` already computed.
    @inline(__always) func find(_ key: UnsafeBufferPointer<UInt32>, hash h: UInt64) -> Int? {
        let tag = h >> 32
        return slots.withUnsafeBufferPointer { sl in
            var s = Int(truncatingIfNeeded: h) & mask
            while true {
                let x = sl[s]
                if x == 0 { return nil }
                if x >> 32 == tag {
                    let e = Int(x & 0xFFFF_FFFF) - 1
                    if equal(e, key) { return e }
                }
                s = (s + 1) & mask
            }
        }
    }

    @inline(__always) private func equal(_ e: Int, _ key: UnsafeBufferPointer<UInt32>) -> Bool {
        let sp = spans[e]
        guard Int(sp.length) == key.count else { return false }
        return arena.withUnsafeBufferPointer { a in
            let st = Int(sp.start)
            for k in 0..<key.count where a[st + k] != key[k] { return false }
            return true
        }
    }

    /// Inserts a key known to be absent (call `find` first); returns its index in `values`.
    @discardableResult
    mutating func insert(_ key: UnsafeBufferPointer<UInt32>, _ value: Value) -> Int { insert(key, value, hash: Self.hash(key)) }

    /// `insert` with the key's `hash` already computed.
    @discardableResult
    mutating func insert(_ key: UnsafeBufferPointer<UInt32>, _ value: Value, hash h: UInt64) -> Int {
        if (values.count + 1) * 2 > slots.count { grow() }
        let e = values.count
        hashes.append(h)
        spans.append((Int32(arena.count), Int32(key.count)))
        arena.append(contentsOf: key)
        values.append(value)
        place(e, h)
        return e
    }

    mutating func update(_ index: Int, _ f: (inout Value) -> Void) { f(&values[index]) }

    /// The key of an entry.
    func key(_ e: Int) -> ArraySlice<UInt32> { arena[Int(spans[e].start)..<(Int(spans[e].start) + Int(spans[e].length))] }

    private mutating func place(_ e: Int, _ h: UInt64) {
        var s = Int(truncatingIfNeeded: h) & mask
        while slots[s] != 0 { s = (s + 1) & mask }
        slots[s] = (h >> 32) << 32 | UInt64(e + 1)
    }

    private mutating func grow() {
        let n = slots.count * 2
        slots = Array(repeating: 0, count: n)
        mask = n - 1
        for e in 0..<values.count { place(e, hashes[e]) }
    }
}

extension ScalarTable where Value == Int {
    @inline(__always) mutating func increment(_ index: Int) {
        values.withUnsafeMutableBufferPointer { $0[index] += 1 }
    }
}
