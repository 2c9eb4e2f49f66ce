/// Searches for ASCII needles (tags, separators) in a String's UTF-8 bytes, ASCII letters compared without case:
/// what `text.lowercased().contains(needle)` answers for an ASCII needle, without the lower-cased copy of the
/// whole text or Foundation's search (multi-byte characters never match an ASCII byte, so the answer is the same).
enum ASCIISearch {
    /// Whether `needle` (ASCII) occurs in `text`, ASCII letters compared without case.
    static func contains(_ text: String, _ needle: String) -> Bool { count(text, needle, upTo: 1) >= 1 }

    /// How many times `needle` (ASCII) occurs in `text` without overlap, counting stops at `upTo`.
    static func count(_ text: String, _ needle: String, upTo limit: Int = .max) -> Int {
        let n = Array(needle.utf8).map(lower)
        guard let first = n.first else { return 0 }
        let search = { (b: UnsafeBufferPointer<UInt8>) -> Int in
            var found = 0, i = 0
            let last = b.count - n.count
            while i <= last {
                if lower(b[i]) == first {
                    var k = 1
                    while k < n.count && lower(b[i + k]) == n[k] { k += 1 }
                    if k == n.count { found += 1; if found >= limit { return found }; i += n.count; continue }
                }
                i += 1
            }
            return found
        }
        if let r = text.utf8.withContiguousStorageIfAvailable(search) { return r }
        return Array(text.utf8).withUnsafeBufferPointer(search)
    }

    /// Whether the byte occurs in `text`.
    static func contains(_ text: String, byte: UInt8) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { $0.contains(byte) } ?? text.utf8.contains(byte)
    }

    @inline(__always) static func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
}
