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

    /// How a line matching some pattern can start, read from the patterns: with a digit (`^\d`, `^(\d`) or with one
    /// of these words (`^ar `, `^(recu|publie)`); a cheap test before the regular expressions. nil when a pattern's
    /// start is not of these forms: then every line goes to the expressions.
    static let starts: (digit: Bool, words: [String])? = {
        var digit = false, words: [String] = []
        for p in patterns {
            guard p.hasPrefix("^") else { return nil }
            let body = p.dropFirst()
            if body.hasPrefix(#"\d"#) || body.hasPrefix(#"(\d"#) { digit = true; continue }
            if body.hasPrefix("("), let close = body.firstIndex(of: ")") {
                let alternatives = body[body.index(after: body.startIndex)..<close].split(separator: "|", omittingEmptySubsequences: false)
                guard alternatives.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isLetter } }) else { return nil }
                words += alternatives.map(String.init)
                continue
            }
            let word = body.prefix(while: { $0.isASCII && $0.isLetter })
            guard !word.isEmpty else { return nil }
            words.append(String(word))
        }
        return (digit, words)
    }()

    static let compiled: [NSRegularExpression] = patterns.compactMap { try? NSRegularExpression(pattern: $0) }

    /// True where the whole line looks like page furniture.
    public static func matches(_ line: String) -> Bool {
        let t = Text.squash(Text.fold(Text.replacingDoubleStars(line)))
        guard !t.isEmpty, t.count < 80 else { return false }
        if let starts, let f = t.utf8.first {
            guard (starts.digit && f >= 0x30 && f <= 0x39) || starts.words.contains(where: { t.hasPrefix($0) }) else { return false }
        }
        let r = NSRange(t.startIndex..., in: t)
        return compiled.contains { $0.firstMatch(in: t, range: r) != nil }
    }
}
