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

    /// True where the whole line looks like page furniture.
    public static func matches(_ line: String) -> Bool {
        let t = Text.squash(Text.fold(Text.replacingDoubleStars(line)))
        guard !t.isEmpty, Text.countIsAtMost(t, 79) else { return false }
        return compiled.contains { $0.firstMatch(in: t) != nil }
    }
}
