import Foundation

/// Small text helpers shared by the layouts: folding for comparisons, words, bullets, cleaning.
public enum Text {
    /// Lower case, accents removed, œ/æ spelled out, typographic apostrophes straightened.
    public static func fold(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            switch ch {
            case "œ": out += "oe"
            case "æ": out += "ae"
            case "’", "‘", "`", "´": out += "'"
            default:
                if ch.properties.generalCategory == .nonspacingMark { continue }
                out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// A word with its place in the original string.
    public struct WordSpan: Sendable {
        public var folded: String
        public var range: Range<String.Index>
    }

    /// Letters/digits runs with their ranges (apostrophes and hyphens split words).
    public static func wordSpans(_ s: String) -> [WordSpan] {
        var out: [WordSpan] = []
        var start: String.Index?
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            if c.isLetter || c.isNumber {
                if start == nil { start = i }
            } else if let st = start {
                out.append(WordSpan(folded: fold(String(s[st..<i])), range: st..<i)); start = nil
            }
            i = s.index(after: i)
        }
        if let st = start { out.append(WordSpan(folded: fold(String(s[st..<s.endIndex])), range: st..<s.endIndex)) }
        return out
    }

    /// Folded words.
    public static func words(_ s: String) -> [String] { wordSpans(s).map(\.folded) }

    /// Bullet markers seen in dumps, PDFs and OCR output.
    public static let bulletCharacters: Set<Character> = Set("-–—•●○◦▪■□►▶➢➤→*·✓¢\u{F0B7}\u{F0A7}")

    /// Removes a leading bullet marker ("- ", "• ", "► ", "o ") and surrounding spaces.
    public static func stripBullet(_ s: String) -> String {
        var t = Substring(s).drop(while: { $0 == " " || $0 == "\t" })
        if let f = t.first, bulletCharacters.contains(f) {
            t = t.dropFirst().drop(while: { $0 == " " })
        } else if t.count > 2, (t.hasPrefix("o ") || t.hasPrefix("e ")), let third = t.dropFirst(2).first, third.isUppercase {
            t = t.dropFirst(2)
        }
        return String(t)
    }

    /// True where a line starts with a bullet marker.
    public static func hasBullet(_ s: String) -> Bool {
        let t = s.drop(while: { $0 == " " || $0 == "\t" })
        guard let f = t.first else { return false }
        return bulletCharacters.contains(f) && (t.dropFirst().first == " " || f != "-")
    }

    /// Whitespace folded to single spaces, trimmed.
    public static func squash(_ s: String) -> String {
        s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// A value as a careful reader types it: bullet and markup leftovers removed, whitespace folded,
    /// no trailing punctuation.
    public static func clean(_ s: String) -> String {
        var t = squash(stripBullet(s.replacingOccurrences(of: "**", with: "")))
        while let l = t.last, ".;:,".contains(l) || l == " " { t.removeLast() }
        while let f = t.first, ":;,. ".contains(f) { t.removeFirst() }
        return t
    }

    /// Splits a block of text into list items: one per line or "\n" block, and inside a line on inline
    /// bullet markers (" - ", " • ", " ○ ") where the line holds several of them.
    public static func items(_ s: String) -> [String] {
        var out: [String] = []
        for block in s.split(separator: "\n") {
            let b = String(block)
            let parts = splitInlineBullets(b)
            out += parts
        }
        return out.map(clean).filter { !$0.isEmpty }
    }

    /// "- a - b - c" -> ["a", "b", "c"]; "• a • b" likewise. A single hyphen inside a phrase is kept.
    public static func splitInlineBullets(_ s: String) -> [String] {
        let trimmed = s.trimmingCharacters(in: .whitespaces)
        for marker in ["•", "○", "▪", "►", "➢", "●"] where trimmed.contains(marker) {
            return trimmed.components(separatedBy: marker).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        if trimmed.hasPrefix("- ") || trimmed.hasPrefix("– ") || trimmed.hasPrefix("-") {
            // "- a- B- C": list fragments whose items are glued to the previous one ("…mobilisés- Nombre…").
            let unglued = trimmed.replacingOccurrences(of: "(?<=[\\p{L}\\p{N}).’'»])- (?=\\p{Lu})", with: " - ", options: .regularExpression)
            let normalised = " " + unglued.replacingOccurrences(of: " – ", with: " - ")
            let parts = normalised.components(separatedBy: " - ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if parts.count > 1 { return parts }
        }
        return [trimmed]
    }

    /// Title similarity in [0, 1]: token overlap of folded words longer than one letter (Dice).
    public static func similarity(_ a: String, _ b: String) -> Double {
        let ta = Set(words(a).filter { $0.count > 1 || $0.first?.isNumber == true })
        let tb = Set(words(b).filter { $0.count > 1 || $0.first?.isNumber == true })
        if ta.isEmpty && tb.isEmpty { return 1 }
        if ta.isEmpty || tb.isEmpty { return 0 }
        return 2 * Double(ta.intersection(tb).count) / Double(ta.count + tb.count)
    }

    /// Upper-case share of letters: headings in capitals score high.
    public static func upperShare(_ s: String) -> Double {
        var letters = 0, upper = 0
        for c in s where c.isLetter { letters += 1; if c.isUppercase { upper += 1 } }
        return letters == 0 ? 0 : Double(upper) / Double(letters)
    }
}
