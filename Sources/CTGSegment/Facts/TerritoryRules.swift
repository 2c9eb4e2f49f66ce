import CTGModel
import Foundation

// Document facts: Territory, département, Caf.
enum TerritoryRules {
    static let kinds: [(String, [String])] = [
        ("communauté de communes", ["communaute", "de", "communes"]),
        ("communauté d'agglomération", ["communaute", "d", "agglomeration"]),
        ("communauté urbaine", ["communaute", "urbaine"]),
        ("métropole", ["metropole"]),
    ]
    static let connectors: Set<String> = ["de", "du", "des", "d", "l", "la", "le", "les", "et", "en", "sur", "sous", "les", "aux", "lez"]
    /// Words that open another party after "et" ("… du Val de Loire et Caf du Loiret", "… et la Caisse d'allocations
    /// familiales"): the name ends before the "et" ("Gevrey-Chambertin et Nuits-Saint-Georges" goes on).
    static let otherParty: Set<String> = ["caf", "caisse", "msa", "departement", "conseil", "etat", "prefecture", "region"]

    struct Candidate { var name: String; var kind: String; var line: Int; var proper: Int }

    static func apply(_ ctx: DocumentFactsExtractor.Context, to facts: inout DocumentFacts) {
        // Territory: "<kind> <proper name>".
        var cands: [Candidate] = []
        var kindCounts: [String: Int] = [:]
        for (i, text) in ctx.texts.enumerated() {
            let spans = ctx.spans[i]
            var k = 0
            while k < spans.count {
                var matched: (String, Int)?
                for (kind, words) in kinds where k + words.count <= spans.count {
                    if (0..<words.count).allSatisfy({ spans[k + $0].folded == words[$0] }) { matched = (kind, words.count); break }
                }
                guard let (kind, n) = matched else { k += 1; continue }
                kindCounts[kind, default: 0] += 1
                // Name after the kind.
                var end = k + n - 1
                var proper = 0
                var m = k + n
                while m < spans.count {
                    let gap = text[spans[m - 1].range.upperBound..<spans[m].range.lowerBound]
                    if gap.contains(where: { ",;:()/«»\t".contains($0) }) || gap.contains(". ") { break }
                    let word = text[spans[m].range]
                    let f = spans[m].folded
                    if word.first?.isUppercase == true || word.first?.isNumber == true && false {
                        proper += 1; end = m; m += 1; continue
                    }
                    if f == "et" {
                        // (skipping an article: "et la Caf", "et le Département")
                        var n2 = m + 1
                        while n2 < spans.count, ["la", "le", "l", "les"].contains(spans[n2].folded) { n2 += 1 }
                        if n2 < spans.count, otherParty.contains(spans[n2].folded) { break }
                    }
                    if connectors.contains(f) { m += 1; continue }
                    // A lower-case word inside a place name ("du pays de saint Eloy"): a capital must follow soon.
                    let ahead = spans[(m + 1)..<min(spans.count, m + 4)]
                    if f.count > 2, ahead.contains(where: { text[$0.range].first?.isUppercase == true }),
                       !["dans", "pour", "par", "avec", "qui", "est", "sont", "ont", "a", "au"].contains(f) {
                        m += 1; continue
                    }
                    break
                }
                if proper > 0 {
                    let name = String(text[spans[k].range.lowerBound..<spans[end].range.upperBound])
                    cands.append(Candidate(name: Text.squash(name), kind: kind, line: i, proper: proper))
                }
                k = max(end + 1, k + n)
            }
        }
        if !cands.isEmpty {
            var counts: [String: Int] = [:]
            for c in cands { counts[Text.words(c.name).joined(separator: " "), default: 0] += 1 }
            let best = cands.max { a, b in
                let sa = Double(counts[Text.words(a.name).joined(separator: " ")]!) + Double(min(a.proper, 5)) * 0.6
                let sb = Double(counts[Text.words(b.name).joined(separator: " ")]!) + Double(min(b.proper, 5)) * 0.6
                return sa != sb ? sa < sb : a.line > b.line
            }!
            facts.territory.name = best.name
            facts.territory.kind = best.kind
            facts.confidence["territory"] = min(0.9, 0.6 + 0.1 * Double(counts[Text.words(best.name).joined(separator: " ")]!))
            facts.evidence.append(Evidence(subject: "territory", rule: "phrase.intercommunality", lines: [ctx.numbers[best.line]],
                                           excerpt: best.name))
        } else if kindCounts.isEmpty, let (name, i) = communeParty(ctx) {
            // A single commune signs ("la Ville de X, représentée par son Maire").
            facts.territory.name = name
            facts.territory.kind = "commune"
            facts.confidence["territory"] = 0.6
            facts.evidence.append(Evidence(subject: "territory", rule: "party.commune", lines: [ctx.numbers[i]], excerpt: name))
        } else if let kind = kindCounts.max(by: { $0.value < $1.value })?.key {
            facts.territory.kind = kind
            facts.confidence["territory"] = 0.3
        }

        // Département and Caf.
        var scores: [String: Double] = [:]
        var firstLine: [String: Int] = [:]
        var cafNamed: (Departement, Int)?
        func vote(_ d: Departement, _ w: Double, _ i: Int) {
            scores[d.code, default: 0] += w
            if firstLine[d.code] == nil { firstLine[d.code] = i }
        }
        for (i, text) in ctx.texts.enumerated() {
            let spans = ctx.spans[i]
            let f = spans.map(\.folded)
            for k in spans.indices {
                // "Caf de la X", "Caisse d'Allocations Familiales du X", "département de X".
                var after: Int?
                var weight = 0.0
                var isCaf = false
                if f[k] == "caf" { after = k + 1; weight = 3; isCaf = true }
                if f[k] == "caisse", k + 3 < f.count, f[k + 1] == "d", f[k + 2] == "allocations" { after = k + 4; weight = 3; isCaf = true }
                if f[k] == "departement" || f[k] == "departementale" || f[k] == "departemental" { after = k + 1; weight = 2.5 }
                if let a = after {
                    var p = a
                    while p < f.count, ["de", "du", "des", "la", "l", "d"].contains(f[p]), p - a < 2 { p += 1 }
                    if p > a, let d = departement(at: p, spans, text) {
                        vote(d, weight, i)
                        if isCaf, cafNamed == nil { cafNamed = (d, i) }
                        continue
                    }
                }
                // "Conseil départemental 63", "CD21".
                if (f[k] == "departemental" || f[k] == "departementale"), k + 1 < f.count, let d = Departements.byCode[f[k + 1]] { vote(d, 2, i) }
                if f[k].hasPrefix("cd"), f[k].count == 4, let d = Departements.byCode[String(f[k].dropFirst(2))],
                   text[spans[k].range].hasPrefix("CD") { vote(d, 2, i) }
                // A compound département name written out ("Côte-d'Or", "Puy de Dôme").
                if let d = departement(at: k, spans, text), Text.words(d.name).count >= 2 || d.name.count >= 7 {
                    vote(d, 1, i)
                }
            }
            // A postal code before a capitalised town name ("71200 Le Creusot"), not an amount.
            for k in spans.indices where k + 1 < spans.count {
                let tok = spans[k].folded
                guard Text.hasCount(tok, 5), tok.allSatisfy(\.isNumber), Text.startsUppercase(text, spans[k + 1].range) else { continue }
                let gap = text[spans[k].range.upperBound..<spans[k + 1].range.lowerBound]
                guard gap == " " else { continue }
                let code = tok.hasPrefix("97") ? String(tok.prefix(3)) : String(tok.prefix(2))
                if let d = Departements.byCode[code] { vote(d, 0.5, i) }
            }
            // Prefecture reference "063-200072080-…".
            // (its first part, three digits before a hyphen, occurs in the bytes of the line)
            for tok in hasDigitsBeforeHyphen(text) ? Text.split(text, on: 0x20, or: 0x09) : [] {
                let parts = tok.split(separator: "-")
                if parts.count >= 4, parts[0].count == 3, parts[0].allSatisfy(\.isNumber), parts[1].count == 9,
                   let d = Departements.byCode[String(parts[0].dropFirst(parts[0].hasPrefix("0") ? 1 : 0))] {
                    vote(d, 0.5, i)
                }
            }
        }
        if let (code, s) = scores.max(by: { $0.value != $1.value ? $0.value < $1.value : firstLine[$0.key]! > firstLine[$1.key]! }), s >= 0.5,
           let d = Departements.byCode[code] {
            facts.territory.departement = d.name
            facts.confidence["departement"] = min(0.95, 0.5 + 0.1 * s)
            facts.evidence.append(Evidence(subject: "departement", rule: "vocabulary.departement", lines: [ctx.numbers[firstLine[code]!]],
                                           excerpt: String(ctx.texts[firstLine[code]!].prefix(100))))
        }
        if let (d, i) = cafNamed {
            facts.caf = d.cafName
            facts.confidence["caf"] = 0.9
            facts.evidence.append(Evidence(subject: "caf", rule: "phrase.caf-of-departement", lines: [ctx.numbers[i]],
                                           excerpt: String(ctx.texts[i].prefix(100))))
        } else if let i = ctx.texts.indices.first(where: { Text.words(ctx.texts[$0]).contains("caf") }) {
            if let name = facts.territory.departement, let d = Departements.all.first(where: { $0.name == name }) {
                facts.caf = d.cafName
                facts.confidence["caf"] = 0.65
                facts.evidence.append(Evidence(subject: "caf", rule: "inferred.caf-from-departement", lines: [ctx.numbers[i]], excerpt: "Caf"))
            } else {
                let printed = ctx.texts.joined(separator: " ").contains("CAF") ? "CAF" : "Caf"
                facts.caf = printed
                facts.confidence["caf"] = 0.6
                facts.evidence.append(Evidence(subject: "caf", rule: "word.caf", lines: [ctx.numbers[i]], excerpt: printed))
            }
        }
    }

    /// Whether three ASCII digits and a hyphen occur in a row in `s`: where a prefecture reference's first part
    /// can be (three Characters that are numbers and make a département code are three ASCII digits).
    static func hasDigitsBeforeHyphen(_ s: String) -> Bool {
        FoldTable.withBytes(s) { p in
            var digits = 0
            for b in p {
                if b == 0x2D, digits >= 3 { return true }
                digits = (0x30...0x39).contains(b) ? digits + 1 : 0
            }
            return false
        }
    }

    /// "Commune de X" / "Ville de X" named as a party (followed by "représenté(e) par") or repeated.
    static func communeParty(_ ctx: DocumentFactsExtractor.Context) -> (String, Int)? {
        guard let re = try? NSRegularExpression(pattern: "\\b(?:[Cc]ommune|[Vv]ille)\\s+(?:de la |de l['’]|de |d['’]|du |des )\\s*[A-ZÉÈ][\\w'’-]*(?:[ -](?:sur|sous|en|lès|les|de|du|la|le|[A-ZÉÈ][\\w'’-]*))*")
        else { return nil }
        var counts: [String: (Int, Int)] = [:]
        for (i, t) in ctx.texts.enumerated() {
            let ns = t as NSString
            for m in re.matches(in: t, range: NSRange(location: 0, length: ns.length)) {
                var name = Text.clean(ns.substring(with: m.range))
                if name.first?.isLowercase == true { name = name.prefix(1).uppercased() + name.dropFirst() }
                let represented = Text.fold(ns.substring(from: m.range.location + m.range.length)).hasPrefix(", represent")
                // a party of the "Entre … et …" clause that opens a convention, on one line
                let before = Text.fold(ns.substring(to: m.range.location))
                let party = before.hasPrefix("entre ") && (before.hasSuffix(" et la ") || before.hasSuffix(" et ") || before == "entre la ")
                let prev = counts[name] ?? (0, i)
                counts[name] = (prev.0 + (represented || party ? 3 : 1), prev.1)
            }
        }
        guard let best = counts.max(by: { $0.value.0 != $1.value.0 ? $0.value.0 < $1.value.0 : $0.value.1 > $1.value.1 }), best.value.0 >= 2
        else { return nil }
        return (best.key, best.value.1)
    }

    /// A département name starting at word `k`: exact folded words, or (OCR damage) one letter off
    /// for long names ("Sadne-et-Loire").
    static func departement(at k: Int, _ spans: [Text.WordSpan], _ text: String) -> Departement? {
        guard k < spans.count, Text.startsUppercase(text, spans[k].range) else { return nil }
        // The first name in table order that matches, exactly or (names of 10 characters or more) one letter off.
        // Only names starting with word k can match exactly, and only names within one character of the length of
        // the joined words can be one letter off: the indexes give those, and the smallest index wins.
        var best: Int?
        for e in namesByFirstWord[spans[k].folded] ?? [] {
            let words = foldedJoinedNames[e].1
            guard k + words.count <= spans.count else { continue }
            if (0..<words.count).allSatisfy({ spans[k + $0].folded == words[$0] }) { best = e; break }
        }
        for (n, byLength) in longNamesByShape where k + n <= spans.count {
            let words = spans[k..<(k + n)]
            if namesASCII, words.allSatisfy({ $0.folded.utf8.allSatisfy { $0 < 0x80 } }) {
                // ASCII words and names: one Character per byte; no name of a length within one of the words' joined
                // length, no candidate
                let length = words.reduce(n - 1) { $0 + $1.folded.utf8.count }
                guard !names(byLength, length - 1).isEmpty || !names(byLength, length).isEmpty || !names(byLength, length + 1).isEmpty
                else { continue }
                let a = Array(words.map(\.folded).joined(separator: " ").utf8)
                for length in (a.count - 1)...(a.count + 1) {
                    for e in names(byLength, length) {
                        if let b = best, e >= b { break }
                        if editDistanceAtMostOne(a, foldedJoinedNameBytes[e]) { best = e; break }
                    }
                }
                continue
            }
            let a = Array((0..<n).map { spans[k + $0].folded }.joined(separator: " "))
            for length in (a.count - 1)...(a.count + 1) {
                for e in names(byLength, length) {
                    if let b = best, e >= b { break }
                    if editDistanceAtMostOne(a, foldedJoinedNames[e].2) { best = e; break }
                }
            }
        }
        return best.map { foldedJoinedNames[$0].0 }
    }

    /// Indices into `foldedJoinedNames` (ascending) by the name's first folded word.
    static let namesByFirstWord: [String: [Int]] = {
        var out: [String: [Int]] = [:]
        for (e, name) in foldedJoinedNames.enumerated() { if let w = name.1.first { out[w, default: []].append(e) } }
        return out
    }()

    /// Indices into `foldedJoinedNames` (ascending) of the names of 10 characters or more, by word count then by
    /// length in characters (the position in the inner array).
    static let longNamesByShape: [(Int, [[Int]])] = {
        var out: [Int: [Int: [Int]]] = [:]
        for (e, name) in foldedJoinedNames.enumerated() where name.2.count >= 10 {
            out[name.1.count, default: [:]][name.2.count, default: []].append(e)
        }
        return out.sorted { $0.key < $1.key }.map { n, byLength in
            (n, (0...(byLength.keys.max() ?? 0)).map { byLength[$0] ?? [] })
        }
    }()

    /// The names of `length` characters of a `longNamesByShape` entry.
    @inline(__always) static func names(_ byLength: [[Int]], _ length: Int) -> [Int] {
        length >= 0 && length < byLength.count ? byLength[length] : []
    }

    /// `Departements.foldedNames` with each name's words joined by spaces, as Characters.
    static let foldedJoinedNames: [(Departement, [String], [Character])] = Departements.foldedNames.map {
        ($0.0, $0.1, Array($0.1.joined(separator: " ")))
    }

    /// `foldedJoinedNames`' joined names as UTF-8, and whether they are all ASCII (one byte per Character).
    static let foldedJoinedNameBytes: [[UInt8]] = foldedJoinedNames.map { Array(String($0.2).utf8) }
    static let namesASCII = foldedJoinedNames.allSatisfy { $0.2.allSatisfy(\.isASCII) }

    static func editDistanceAtMostOne<T: Equatable>(_ x: [T], _ y: [T]) -> Bool {
        if abs(x.count - y.count) > 1 { return false }
        var i = 0, j = 0, edits = 0
        while i < x.count && j < y.count {
            if x[i] == y[j] { i += 1; j += 1; continue }
            edits += 1
            if edits > 1 { return false }
            if x.count > y.count { i += 1 } else if y.count > x.count { j += 1 } else { i += 1; j += 1 }
        }
        edits += (x.count - i) + (y.count - j)
        return edits <= 1
    }
}
