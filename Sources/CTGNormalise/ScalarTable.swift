/// An open-addressing hash table keyed by sequences of Unicode scalar values, with the keys stored in one
/// arena: lookups hash the scalars of a slice in place, without building a String (String hashing normalises
/// non-ASCII text and allocates). Not thread-safe; callers lock.
struct ScalarTable<Value> {
    private var slots: [Int32]          // index into `entries`, -1 = empty
    private var hashes: [UInt64] = []
    private var starts: [Int32] = []
    private var lengths: [Int32] = []
    private(set) var values: [Value] = []
    private var arena: [UInt32] = []
    private var mask: Int

    init(capacity: Int = 1024) {
        var n = 16
        while n < capacity * 2 { n <<= 1 }
        slots = Array(repeating: -1, count: n)
        mask = n - 1
    }

    var count: Int { values.count }

    mutating func removeAll() {
        self = ScalarTable(capacity: 1024)
    }

    @inline(__always) static func hash(_ key: UnsafeBufferPointer<UInt32>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for v in key {
            h = (h ^ UInt64(v)) &* 0x0000_0100_0000_01B3
        }
        h ^= h >> 29
        h = h &* 0xbf58_476d_1ce4_e5b9
        h ^= h >> 32
        return h
    }

    /// Index of the key's entry in `values`, or nil.
    func find(_ key: UnsafeBufferPointer<UInt32>) -> Int? {
        let h = Self.hash(key)
        var s = Int(truncatingIfNeeded: h) & mask
        while true {
            let e = Int(slots[s])
            if e < 0 { return nil }
            if hashes[e] == h, Int(lengths[e]) == key.count, equal(e, key) { return e }
            s = (s + 1) & mask
        }
    }

    @inline(__always) private func equal(_ e: Int, _ key: UnsafeBufferPointer<UInt32>) -> Bool {
        let st = Int(starts[e])
        for k in 0..<key.count where arena[st + k] != key[k] { return false }
        return true
    }

    /// Inserts a key known to be absent (call `find` first); returns its index in `values`.
    @discardableResult
    mutating func insert(_ key: UnsafeBufferPointer<UInt32>, _ value: Value) -> Int {
        if (values.count + 1) * 2 > slots.count { grow() }
        let h = Self.hash(key)
        let e = values.count
        hashes.append(h)
        starts.append(Int32(arena.count))
        lengths.append(Int32(key.count))
        arena.append(contentsOf: key)
        values.append(value)
        place(e, h)
        return e
    }

    mutating func update(_ index: Int, _ f: (inout Value) -> Void) { f(&values[index]) }

    /// The key of an entry.
    func key(_ e: Int) -> ArraySlice<UInt32> { arena[Int(starts[e])..<(Int(starts[e]) + Int(lengths[e]))] }

    private mutating func place(_ e: Int, _ h: UInt64) {
        var s = Int(truncatingIfNeeded: h) & mask
        while slots[s] >= 0 { s = (s + 1) & mask }
        slots[s] = Int32(e)
    }

    private mutating func grow() {
        let n = slots.count * 2
        slots = Array(repeating: -1, count: n)
        mask = n - 1
        for e in 0..<values.count { place(e, hashes[e]) }
    }
}
