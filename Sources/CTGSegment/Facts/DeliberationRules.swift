import CTGModel
import Foundation

// Document facts: Deliberation.
enum DeliberationRules {
    static let months = ["janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre"]
    static let bodies = ["conseil communautaire", "conseil municipal", "conseil metropolitain", "comite syndical", "bureau communautaire",
                         "conseil d administration"]

    /// The number that opens `rest` (after "N°"): a token of three characters or more holding a digit.
    static func number(after rest: Substring) -> String? {
        guard let tok = rest.trimmedSpaces().split(separator: " ").first, tok.contains(where: \.isNumber), tok.count >= 3 else { return nil }
        return Text.clean(String(tok))
    }

    static func apply(_ ctx: DocumentFactsExtractor.Context, to facts: inout DocumentFacts) {
        guard facts.docTypes.contains(.deliberation) else { return }
        var d = Deliberation()
        var lines: [Int] = []
        let scope = Array(ctx.texts.indices.prefix(200))
        for i in scope {
            let f = ctx.folded[i]
            if d.body == nil, f.contains("deliberation") || f.contains("registre") || f.contains("seance") {
                for b in bodies where f.contains(b) { d.body = b.replacingOccurrences(of: "metropolitain", with: "métropolitain").replacingOccurrences(of: "comite", with: "comité"); lines.append(ctx.numbers[i]); break }
            }
            if d.sessionDate == nil, f.contains("seance du") || f.contains("reunion du") || f.contains("seance publique du") {
                if let date = date(in: f) { d.sessionDate = date; lines.append(ctx.numbers[i]) }
            }
            if d.number == nil, let r = ctx.texts[i].range(of: "N°") ?? ctx.texts[i].range(of: "Nº") {
                if let n = number(after: ctx.texts[i][r.upperBound...]) { d.number = n; lines.append(ctx.numbers[i]) }
            }
            func count(after labels: [String]) -> Int? {
                for l in labels {
                    guard let r = f.range(of: l) else { continue }
                    let rest = f[r.upperBound...].split(separator: " ").prefix(2)
                    if let n = rest.compactMap({ Int($0) }).first { return n }
                    // Value on the next line.
                    if rest.isEmpty, i + 1 < ctx.folded.count, let n = Int(ctx.folded[i + 1].split(separator: " ").first ?? "") { return n }
                }
                return nil
            }
            if d.membersInOffice == nil, let n = count(after: ["en exercice", "membres en exercice"]) { d.membersInOffice = n; lines.append(ctx.numbers[i]) }
            // (a tally on one line: "en exercice : 45 - Présents : 30 - Pouvoirs : 5 - Votants : 35")
            let tally = f.contains("en exercice")
            if d.present == nil, f.hasPrefix("presents") || f.hasPrefix("nombre de presents") || f.hasPrefix("membres presents") || tally,
               let n = count(after: ["presents"]) { d.present = n; lines.append(ctx.numbers[i]) }
            if d.voting == nil, f.hasPrefix("votants") || f.hasPrefix("nombre de votants") || f.contains("suffrages exprimes") || tally,
               let n = count(after: ["votants", "suffrages exprimes"]) { d.voting = n; lines.append(ctx.numbers[i]) }
        }
        // The deliberation's own number written in lower case ("Délibération n° 2023-87", "délibération numéro 12"),
        // where no "N°" gave one: only on a line that names the deliberation (not "la loi n° 78-17").
        if d.number == nil {
            for i in scope where ctx.folded[i].hasPrefix("deliberation") || ctx.folded[i].hasPrefix("objet de la deliberation") {
                let t = ctx.texts[i]
                guard let r = t.range(of: "n°", options: .caseInsensitive) ?? t.range(of: "nº", options: .caseInsensitive)
                        ?? t.range(of: "numéro", options: .caseInsensitive) else { continue }
                if let n = number(after: t[r.upperBound...]) { d.number = n; lines.append(ctx.numbers[i]); break }
            }
        }
        if d.sessionDate == nil {
            for i in scope where ctx.folded[i].hasPrefix("l an ") { if let date = date(in: ctx.folded[i]) { d.sessionDate = date; break } }
        }
        for i in ctx.texts.indices {
            let f = ctx.folded[i]
            if f.contains("a l unanimite") || f.contains("l unanimite des") { d.outcome = "unanimité"; lines.append(ctx.numbers[i]); break }
            if f.contains("a la majorite") { d.outcome = "majorité"; lines.append(ctx.numbers[i]); break }
        }
        // Prefecture reference: the most frequent well-formed identifier, in the text or in the stamps.
        var refs: [String: Int] = [:]
        for t in ctx.texts + ctx.furniture {
            for tok in t.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
                let p = tok.split(separator: "-")
                if p.count >= 5, p[0].count == 3, p[0].allSatisfy(\.isNumber), p[1].count == 9, p[1].allSatisfy(\.isNumber),
                   p[2].count == 8, p[2].allSatisfy(\.isNumber), p.last!.allSatisfy({ $0.isUppercase }) {
                    refs[String(tok), default: 0] += 1
                }
            }
        }
        if let best = refs.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }) { d.prefectureRef = best.key }
        facts.deliberation = d
        let filled = [d.body != nil, d.sessionDate != nil, d.number != nil, d.membersInOffice != nil, d.present != nil,
                      d.voting != nil, d.outcome != nil, d.prefectureRef != nil].filter { $0 }.count
        facts.confidence["deliberation"] = 0.4 + 0.06 * Double(filled)
        facts.evidence.append(Evidence(subject: "deliberation", rule: "register-extract.fields", lines: Array(Set(lines)).sorted()))
    }

    /// "7 juin 2022" / "1er juin 2022" / "07 06 2022" (from "07/06/2022") in folded text -> "2022-06-07".
    static func date(in f: String) -> String? {
        let w = f.split(separator: " ").map(String.init)
        for k in w.indices where k + 2 < w.count && w[k].count <= 2 && w[k + 1].count <= 2 && w[k + 2].count == 4 {
            if let d = Int(w[k]), let m = Int(w[k + 1]), let y = Int(w[k + 2]), (1...31).contains(d), (1...12).contains(m), (1990...2099).contains(y) {
                return String(format: "%04d-%02d-%02d", y, m, d)
            }
        }
        for k in w.indices where k + 2 < w.count {
            let dayTok = w[k].hasSuffix("er") ? String(w[k].dropLast(2)) : w[k]
            guard let day = Int(dayTok), (1...31).contains(day), let m = months.firstIndex(of: w[k + 1]),
                  let y = Int(w[k + 2]), (1990...2099).contains(y) else { continue }
            return String(format: "%04d-%02d-%02d", y, m + 1, day)
        }
        return nil
    }
}
