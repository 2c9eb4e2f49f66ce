import CTGModel

/// The line-level shortcut of `Normaliser.normalise`: a proof, read from the line's bytes and the document's token
/// cache, that no rule can change the line. Each check below is a necessary condition for one rule family to make a
/// replacement (a superset of the cases where it does), so when none holds the full pipeline would return the input
/// as is, without edits, and without writing to any cache; when one holds, the line goes through the full pipeline.
extension Normaliser {
    /// True when `normalise(text, following:)` returns `text` unchanged with no edits, decided without building the
    /// text buffer: no markup or HTML trigger, no U+FFFD, no character repair that can match, no OCR bullet, no
    /// line-end hyphen to join, and (with word repairs on) every token known to the document's token cache as left
    /// as it is, every context-rule decision memoised as "no change". False means "not proven", never "changed".
    func provablyUnchanged(_ text: String, following: String?, ocr: Bool) -> Bool {
        let r: Bool? = text.utf8.withContiguousStorageIfAvailable { p in
            // the next line's first token, read by the word repairs (as `leadingTokens` and `WordRepair.repairs`
            // find it: the first run of non-white scalars, unless a tab comes first)
            var next: Range<Int> = 0..<0
            var nextUTF8: String.UTF8View? = nil
            if ocr, let following {
                let u = following.utf8
                var a = 0, tab = false
                var start = -1, end = 0
                for b in u {
                    if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 {
                        if start >= 0 { break }
                        if b == 0x09 { tab = true; break }
                    } else if start < 0 { start = a }
                    a += 1
                    if start >= 0 { end = a }
                }
                if !tab, start >= 0 { next = start..<end; nextUTF8 = u }
            }
            return withUnsafeTemporaryAllocation(of: UInt32.self, capacity: p.count + next.count + 1) { s in
                unchanged(p, s, nextUTF8: nextUTF8, next: next, ocr: ocr)
            }
        }
        return r ?? false
    }

    private func unchanged(_ p: UnsafeBufferPointer<UInt8>, _ s: UnsafeMutableBufferPointer<UInt32>,
                           nextUTF8: String.UTF8View?, next: Range<Int>, ocr: Bool) -> Bool {
        // the bytes: markup (`**`, `^{`, digit `^`), `<`, and the bytes of U+FFFD; the scalars decoded
        let n = p.count
        var m = 0, i = 0
        var prev: UInt8 = 0
        var nonASCII = false, breaks = false
        while i < n {
            let b = p[i]
            if b < 0x80 {
                if b == 0x3C || (b == 0x2A && prev == 0x2A) || (b == 0x7B && prev == 0x5E) || (b == 0x5E && prev >= 0x30 && prev <= 0x39) { return false }
                if b == 0x09 || b == 0x0A { breaks = true }
                s[m] = UInt32(b); m += 1; i += 1
                prev = b
            } else {
                nonASCII = true
                let (v, length) = UTF8Scalar.decode(p, i)
                for k in (i + 1)..<(i + length) where p[k] == 0xBD && p[k - 1] == 0xBF { return false } // as `fffd`
                s[m] = v; m += 1; i += length
                prev = p[i - 1]
            }
        }
        let line = UnsafeBufferPointer(rebasing: s[0..<m])
        if nonASCII, CharRepair.mayRepairCharacters(line) { return false }
        if ocr {
            // a bullet needs its first segment (or a tab or line break) to start with spaces, `¢`, `e` or `o`, a space
            var a = 0
            while a < m, s[a] == 0x20 { a += 1 }
            let c = a + 1 < m && s[a + 1] == 0x20 ? s[a] : 0
            if breaks || c == 0xA2 || c == 0x65 || c == 0x6F, !CharRepair.bulletPositions(line).isEmpty { return false }
        }
        if !keepLines, Self.mayJoinHyphenated(line) { return false }
        // word repairs run with OCR repairs on (a U+FFFD was ruled out above)
        guard ocr, lexicon != nil else { return true }
        // the next line's first token after the line's scalars
        var f = 0
        if let nextUTF8, !next.isEmpty {
            let ok: Bool? = nextUTF8.withContiguousStorageIfAvailable { q in
                var j = next.lowerBound
                while j < next.upperBound {
                    let (v, length) = UTF8Scalar.decode(q, j)
                    s[m + f] = v; f += 1; j += length
                }
                return true
            }
            if ok == nil { return false }
        }
        return withUnsafeTemporaryAllocation(of: Span.self, capacity: m / 2 + 3) { spans in
            tokensKept(UnsafeBufferPointer(rebasing: s[0..<(m + f)]), lineCount: m, nextCount: f, spans)
        }
    }

    private struct Span { var start: Int32; var end: Int32; var tab: Bool }

    /// Every token of the line (and the next line's first token where `WordRepair.repairs` repairs it) is cached as
    /// unchanged, and every context-rule decision on the line is memoised as "no change".
    private func tokensKept(_ s: UnsafeBufferPointer<UInt32>, lineCount m: Int, nextCount f: Int,
                            _ spans: UnsafeMutableBufferPointer<Span>) -> Bool {
        // token spans, as `WordRepair.repairs` splits them
        var count = 0
        var i = 0, sawTab = false
        while i < m {
            let v = s[i]
            if v == 0x20 || v == 0x09 || v == 0x0A || v == 0x0D { if v == 0x09 { sawTab = true }; i += 1; continue }
            let start = i
            i += 1
            while i < m, s[i] != 0x20, s[i] != 0x09, s[i] != 0x0A, s[i] != 0x0D { i += 1 }
            spans[count] = Span(start: Int32(start), end: Int32(i), tab: sawTab); count += 1
            sawTab = false
        }
        if count == 0 { return true }
        let own = count
        if f > 0 { spans[count] = Span(start: Int32(m), end: Int32(m + f), tab: false); count += 1 }
        let tables = Tables.shared
        @inline(__always) func text(_ k: Int) -> UnsafeBufferPointer<UInt32> {
            UnsafeBufferPointer(rebasing: s[Int(spans[k].start)..<Int(spans[k].end)])
        }
        return withUnsafeTemporaryAllocation(of: UInt32.self, capacity: s.count + 4) { key in
            cache.lock()
            defer { cache.unlock() }
            for k in 0..<count {
                if k == own, WordRepair.skipsContext(text(own - 1), tables) { break }
                let t = text(k)
                if WordRepair.unrepairable(t) { continue }
                let start = k == 0 || spans[k].tab || WordRepair.endsSentence(text(k - 1))
                    || ((k == 1 || spans[k - 1].tab) && WordRepair.isBullet(text(k - 1)))
                // the cache key (`TokenCache.makeKey`) of a token of NFC-stable scalars: the scalars themselves
                var n = 0
                for v in t {
                    guard TokenCache.stable(v) else { return false }
                    key[n] = v; n += 1
                }
                if start { key[n] = 1; n += 1 }
                guard cache.isKept(UnsafeBufferPointer(rebasing: key[0..<n])) else { return false }
            }
            let separator: UInt32 = 0x110000
            for k in 0..<own where !WordRepair.skipsContext(text(k), tables) {
                // the memo key of `WordRepair.contextRules`
                var n = 0
                if k > 0 && !spans[k].tab { key[n] = separator; n += 1; for v in text(k - 1) { key[n] = v; n += 1 } }
                key[n] = separator + 1; n += 1
                for v in text(k) { key[n] = v; n += 1 }
                key[n] = separator + 2; n += 1
                if k + 1 < count && !spans[k + 1].tab { for v in text(k + 1) { key[n] = v; n += 1 } }
                guard cache.isContextKept(UnsafeBufferPointer(rebasing: key[0..<n])) else { return false }
            }
            return true
        }
    }
}

extension CharRepair {
    /// False when `mojibake`, `characters` and `compose` all find nothing in these scalars: no lead scalar of a
    /// UTF-8 sequence followed by a continuation-byte scalar, no entry of the char table matching anywhere, no
    /// combining mark. (True: one of them may make a replacement.)
    static func mayRepairCharacters(_ s: UnsafeBufferPointer<UInt32>) -> Bool {
        let n = s.count
        let charFirstASCII = charFirstASCII, charFirstBits = charFirstBits
        for i in 0..<n {
            let v = s[i]
            if v < 0x80 {
                guard charFirstASCII[Int(v)] else { continue }
                if matchesCharTable(s, i, charByASCII[Int(v)]) { return true }
                continue
            }
            if v >= 0xC2, v <= 0xF4, i + 1 < n, let b = byte(s[i + 1]), b >= 0x80, b <= 0xBF { return true }
            if v >= 0x300, v <= 0x36F { return true }
            if v < 0x10000 && charFirstBits[Int(v >> 6)] & (1 << (v & 63)) == 0 { continue }
            if let entries = charByScalar[v], matchesCharTable(s, i, entries) { return true }
        }
        return false
    }

    /// Whether one of the char-table entries (indices) matches at `i`.
    @inline(__always) static func matchesCharTable(_ s: UnsafeBufferPointer<UInt32>, _ i: Int, _ entries: [Int]) -> Bool {
        for x in entries where i + charTable[x].from.count <= s.count {
            let e = charTable[x].from
            var m = true
            for k in 0..<e.count where s[i + k] != e[k].value { m = false; break }
            if m { return true }
        }
        return false
    }
}
