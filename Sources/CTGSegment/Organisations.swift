import Foundation

/// Splits a pilot / partner field into its entries as a careful reader lists them: one per line or
/// list item, and on the separators printed between organisations ("PMI – CAF", "CC + CAF + MSA",
/// "Service petite enfance- AFJC - PMI", ";"). Parentheses are kept whole. A phrase such as
/// "Caf et MSA" or "Acteurs locaux : mairies, CCAS" stays one entry (it is one item as printed);
/// a list of organisations run on with commas ("Caf, MSA") is split (see `splitList`), and so are two services
/// joined by "et" and acronyms side by side ("CAF MSA");
/// `atoms` splits further, down to single organisations.
public enum Organisations {
    public static func split(_ raw: String) -> [String] {
        var out: [String] = []
        for item in Text.items(raw) {
            for part in splitOutsideParentheses(item).flatMap(splitList).flatMap(splitServices).flatMap(splitAcronyms) {
                // a separator the OCR left at the end of a line ("Réseau départemental des Relais PE -")
                let c = Text.trimming(Text.clean(part), endSeparators)
                // (a bare number is no organisation: a year of a calendar grid printed beside the list)
                if !c.isEmpty, c.count > 1, !c.allSatisfy(\.isNumber) { out.append(c) }
            }
        }
        var seen = Set<String>()
        return out.filter { seen.insert(Text.fold($0)).inserted }
    }

    /// Trimmed off the ends of an entry.
    static let endSeparators = Text.ScalarSet(" -–—")

    /// Separators between organisations at parenthesis depth 0.
    static let separators = [" + ", " – ", " — ", " - ", "- ", "; ", "+", ";"]
    /// `separators` as Characters.
    static let separatorChars: [[Character]] = separators.map { Array($0) }

    static func splitOutsideParentheses(_ s: String) -> [String] {
        var parts: [String] = []
        var depth = 0
        var current = ""
        let chars = Array(s)
        var i = 0
        outer: while i < chars.count {
            let c = chars[i]
            if c == "(" { depth += 1 } else if c == ")" { depth = max(0, depth - 1) }
            if depth == 0 {
                // "PMI -Département 63": a dash glued to the next name, after a space, also separates.
                if c == " ", i + 2 < chars.count, chars[i + 1] == "-" || chars[i + 1] == "–" || chars[i + 1] == "—", chars[i + 2].isUppercase {
                    parts.append(current); current = ""; i += 2; continue outer
                }
                for sc in separatorChars {
                    if i + sc.count <= chars.count, chars[i..<i + sc.count].elementsEqual(sc) {
                        parts.append(current); current = ""; i += sc.count; continue outer
                    }
                }
            }
            current.append(c); i += 1
        }
        parts.append(current)
        return parts
    }

    /// Words that open a complement of the entry's first noun rather than another organisation: an entry with a
    /// part after a comma starting with one ("Associations sportives, culturelles, de loisirs", "Acteurs du
    /// secteur périnatal, de la petite enfance, la parentalité") is one entry.
    static let complementStarts: Set<String> = ["de", "du", "des", "d", "à", "a", "au", "aux", "en", "pour", "avec", "sur", "dans", "par", "et", "ou"]

    /// An entry listing organisations separated by commas at parenthesis depth 0 ("Caf, MSA", "Les EAJE, ACM et
    /// RPE", "RPE et EAJE, référent parentalité") -> its parts. Kept whole: an entry with a colon (a heading and its
    /// enumeration, "Acteurs locaux : mairies, CCAS"), one where a part after a comma opens a complement
    /// (`complementStarts`) or is a single lower-case word (an adjective: "Associations sportives, culturelles").
    static func splitList(_ s: String) -> [String] {
        guard s.contains(", "), !s.contains(":") else { return [s] }
        var parts: [String] = []
        var depth = 0
        var current = ""
        let chars = Array(s)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "(" { depth += 1 } else if c == ")" { depth = max(0, depth - 1) }
            if depth == 0, c == ",", i + 1 < chars.count, chars[i + 1] == " " {
                parts.append(current); current = ""; i += 2; continue
            }
            current.append(c); i += 1
        }
        parts.append(current)
        guard parts.count > 1 else { return [s] }
        for p in parts.dropFirst() {
            let words = Text.words(p)
            guard let first = words.first else { return [s] }
            if complementStarts.contains(first) { return [s] }
            if words.count == 1, let f = p.trimmedSpaces().first, f.isLowercase { return [s] }
        }
        return parts
    }

    /// "Service enfance jeunesse et service culturel de la CCPSE" -> two services: an entry opening on a head word
    /// of `OrganisationVocabulary.heads` ("service", "pôle"), with " et " followed by the same kind of head.
    static func splitServices(_ s: String) -> [String] {
        let heads = Set(OrganisationVocabulary.heads + ["pole"])
        guard let first = Text.words(s).first, heads.contains(first) else { return [s] }
        let parts = s.components(separatedBy: " et ")
        guard parts.count == 2, let next = Text.words(parts[1]).first, heads.contains(next) else { return [s] }
        return parts.map { $0.trimmedSpaces() }
    }

    /// "CAF MSA" -> two organisations: an entry made only of acronyms (two capitals or more each) side by side.
    static func splitAcronyms(_ s: String) -> [String] {
        let w = s.split(separator: " ")
        guard w.count >= 2, w.allSatisfy({ $0.count >= 2 && $0.allSatisfy { $0.isUppercase && $0.isLetter } }) else { return [s] }
        return w.map(String.init)
    }

    /// Single organisations: entries further split on " et ", "," and "/" where both sides look like names.
    public static func atoms(_ entries: [String]) -> [String] {
        var out: [String] = []
        for e in entries {
            let base = e.split(separator: "(").first.map(String.init) ?? e
            for piece in base.components(separatedBy: CharacterSet(charactersIn: ",/")).flatMap(splitOnEt) {
                let c = Text.clean(piece)
                if !c.isEmpty { out.append(c) }
            }
        }
        var seen = Set<String>()
        return out.filter { seen.insert(Text.fold($0)).inserted }
    }

    /// "Caf et MSA" -> ["Caf", "MSA"], but only where both sides look like organisation names
    /// (short, starting with a capital), so "Services enfance et jeunesse" stays whole.
    static func splitOnEt(_ s: String) -> [String] {
        let t = s.trimmedSpaces()
        let pieces = t.components(separatedBy: " et ")
        guard pieces.count > 1 else { return [t] }
        let looksLikeOrg = pieces.allSatisfy { p in
            let w = p.split(separator: " ")
            guard let first = w.first?.first, w.count <= 4 else { return false }
            return first.isUppercase
        }
        return looksLikeOrg ? pieces : [t]
    }
}
