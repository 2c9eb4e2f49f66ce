import Foundation

// Page furniture that text dumps keep inline: prefecture receipt stamps ("AR Prefecture",
// "063-200072080-20220607-CC20220406-DE", "Reçu le 20/06/2022", "Publié le 20/06/2022"), lone dates,
// page numbers. PDFs mark such lines as `LineRole.furniture`; in text dumps the layouts skip lines
// matching these patterns (matched on the folded, trimmed text of the whole line).

public enum FurniturePatterns {
    /// Regular expressions on folded text (lower case, no accents), anchored on the whole line.
    public static let patterns: [String] = [
        #"^ar (de )?prefecture$"#,
        #"^accuse de reception( en prefecture)?$"#,
        #"^(recu|publie|affiche|transmis|notifie)e?s? (le|en prefecture le) ?\d{1,2}/\d{1,2}/\d{2,4}$"#,
        #"^\d{1,2}/\d{1,2}/\d{4}$"#,
        // Prefecture act identifier: [département-]SIREN-date-reference-suffix, possibly garbled.
        #"^(\d{2,3}-)?\d{6,9}-\d{8}-[a-z0-9]+(-[a-z0-9]+)*-?[a-z0-9*]{0,3}\*?$"#,
        #"^page \d+( (sur|/) \d+)?$"#,
        #"^\d+ ?/ ?\d+$"#,
    ]

    /// The patterns with the first bytes a match can begin with, read from each (`AnchoredRegex`).
    static let compiled: [AnchoredRegex] = patterns.map { AnchoredRegex($0) }

    /// False for most lines, cheaply, where no pattern can match: every pattern opens with a, n, p, r, t or a digit
    /// (after spaces and the stars of bold markup), and matches 79 characters at most, spaces included. (A line
    /// opening with another scalar than ASCII is left to the patterns: folding may turn it into one of those.)
    static func mayMatch(_ line: String) -> Bool {
        var first: UInt8?
        var visible = 0
        for b in line.utf8 {
            if b == 0x20 || b == 0x09 || b == 0x2A || b & 0xC0 == 0x80 { continue }
            if first == nil { first = b }
            visible += 1
            if visible > 79 { return false }
        }
        guard let f = first else { return false }
        if f >= 0x80 || (f >= 0x30 && f <= 0x39) { return true }
        return [0x61, 0x6E, 0x70, 0x72, 0x74].contains(f | 0x20)
    }

    /// True where the whole line looks like page furniture.
    public static func matches(_ line: String) -> Bool {
        guard mayMatch(line) else { return false }
        let t = Text.squash(Text.fold(Text.replacingDoubleStars(line)))
        guard !t.isEmpty, Text.countIsAtMost(t, 79) else { return false }
        return compiled.contains { $0.firstMatch(in: t) != nil }
    }
}
