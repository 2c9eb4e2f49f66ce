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

    /// `s` cut at `separators` (default: those between organisations) outside parentheses; with `gluedDashes`, also
    /// at a dash glued to the next name ("PMI -Département 63").
    static func splitOutsideParentheses(_ s: String, at separators: [[Character]] = separatorChars, gluedDashes: Bool = true) -> [String] {
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
                if gluedDashes, c == " ", i + 2 < chars.count, chars[i + 1] == "-" || chars[i + 1] == "–" || chars[i + 1] == "—", chars[i + 2].isUppercase {
                    parts.append(current); current = ""; i += 2; continue outer
                }
                for sc in separators {
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

    /// Articles: a part after a comma opening with one goes on with the phrase only after a complement
    /// ("…, de la petite enfance, la parentalité"); after a name it opens the next entry ("…(PARI), le Pays Beaunois").
    static let articles: Set<String> = ["la", "le", "les", "l"]

    /// An entry listing organisations separated by commas at parenthesis depth 0 ("Caf, MSA", "Les EAJE, ACM et RPE",
    /// "Ecoles, associations, centres sociaux") -> its entries. An entry with a colon stays whole (a heading and its
    /// enumeration, "Acteurs locaux : mairies, CCAS"). A part goes on with the previous one when it opens a
    /// complement (`FicheTablesLayout.continuationWords`: "…périnatal, de la petite enfance"), when it opens with an
    /// article right after such a complement ("…, la parentalité"), or when it is one word in lower case before a
    /// complement (an adjective: "Associations sportives, culturelles, de loisirs"; "Professionnels, bénévoles,
    /// parents" are three entries).
    static func splitList(_ s: String) -> [String] {
        guard s.contains(", "), !s.contains(":") else { return [s] }
        let parts = splitOutsideParentheses(s, at: [[",", " "]], gluedDashes: false)
        func opensComplement(_ p: String) -> Bool {
            let first = Text.words(p).first ?? ""
            return FicheTablesLayout.continuationWords.contains(first) && !articles.contains(first)
        }
        var out: [String] = [parts[0]]
        var complement = false
        for (k, p) in parts.enumerated().dropFirst() {
            let words = Text.words(p)
            let adjective = words.count == 1 && p.trimmedSpaces().first?.isLowercase == true
                && k + 1 < parts.count && opensComplement(parts[k + 1])
            let goesOn = p.isEmpty || opensComplement(p) || (complement && articles.contains(words.first ?? "")) || adjective
            if goesOn { out[out.count - 1] += ", " + p } else { out.append(p) }
            complement = goesOn && !p.isEmpty
        }
        return out
    }

    /// The head words of services, folded (`OrganisationVocabulary.heads`).
    static let heads = Set(OrganisationVocabulary.heads)

    /// "Service enfance jeunesse et service culturel de la CCPSE" -> two services: an entry opening on a head word
    /// of `OrganisationVocabulary.heads` ("service", "pôle"), with " et " followed by the same kind of head.
    static func splitServices(_ s: String) -> [String] {
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
