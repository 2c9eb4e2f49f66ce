import CTGModel
import Foundation

/// Document-level facts: doc types, territory, Caf, period, deliberation, signatories.
/// Each fact carries a confidence (`facts.confidence[name]`) and the evidence behind it. Rules read
/// structure and vocabulary (headings, "Caf de …", "Communauté de communes …", party blocks, register
/// extracts); the départements are data (Tables/Departements.swift).
public struct DocumentFactsExtractor: Sendable {
    public init() {}

    public func extract(_ view: DocumentView, fiches: [Fiche]) -> DocumentFacts {
        var facts = DocumentFacts()
        let ctx = Context(view)
        DocTypeRules.apply(ctx, fiches: fiches, to: &facts)
        TerritoryRules.apply(ctx, to: &facts)
        PeriodRules.apply(ctx, to: &facts)
        DeliberationRules.apply(ctx, to: &facts)
        SignatoryRules.apply(ctx, to: &facts)
        return facts
    }

    /// The document's lines as plain text (cells joined by a space), with their source numbers.
    struct Context {
        let texts: [String]
        let folded: [String]
        let numbers: [Int]
        let cells: [[String]?]
        init(_ view: DocumentView) {
            texts = view.lines.map { ($0.cells?.joined(separator: "\t") ?? $0.text).replacingOccurrences(of: "\n", with: " ") }
            folded = texts.map { Text.words($0).joined(separator: " ") }
            numbers = view.lines.map(\.number)
            cells = view.lines.map(\.cells)
        }
        /// Indices of the first `n` non-blank lines.
        func head(_ n: Int) -> [Int] {
            var out: [Int] = []
            for i in texts.indices where !folded[i].isEmpty { out.append(i); if out.count == n { break } }
            return out
        }
    }
}

// MARK: - Doc types

enum DocTypeRules {
    static func isShortHeading(_ s: String) -> Bool { s.count <= 140 }

    static func apply(_ ctx: DocumentFactsExtractor.Context, fiches: [Fiche], to facts: inout DocumentFacts) {
        var present: [DocType: (Double, Int)] = [:]   // confidence, line index
        func mark(_ t: DocType, _ c: Double, _ i: Int) { if (present[t]?.0 ?? 0) < c { present[t] = (c, i) } }
        var articles = 0
        var actionHeadings = 0
        for (i, f) in ctx.folded.enumerated() where !f.isEmpty {
            let raw = ctx.texts[i]
            let w = f.split(separator: " ")
            if f.contains("registre des deliberations") || f.hasPrefix("extrait du registre") || f.contains("extrait des deliberations")
                || (w.first == "deliberation" && w.count > 1 && (w[1] == "n" || w[1].first?.isNumber == true)) {
                // A register extract opens the document; a "Délibération n°" line only counts as its opening at the very top.
                let isRegister = f.contains("registre") || f.contains("extrait")
                mark(.deliberation, (isRegister && i < 60) || i < 12 ? 0.95 : 0.7, i)
            }
            if w.first == "article", w.count > 1, w[1].first?.isNumber == true || w[1] == "preliminaire" || w[1] == "premier" { articles += 1 }
            if (w.first == "entre" && w.count <= 2) { mark(.convention, 0.7, i) }
            if isShortHeading(raw), f.contains("plan d action") || f.contains("plan des actions") { mark(.planActions, 0.8, i) }
            if isShortHeading(raw), f.contains("fiche action") || f.contains("fiches action") || f.contains("fiche actions")
                || f.contains("fiches actions") {
                mark(.fichesActions, 0.8, i)
            }
            if w.count >= 2, w[0] == "action" || (w[0] == "fiche" && w[1] == "action"), raw.contains(":") || w[1].first?.isNumber == true {
                actionHeadings += 1
            }
            if isShortHeading(raw), (w.first == "annexe" || w.first == "article" || w.first?.first?.isNumber == true),
               f.contains("diagnostic") || f.contains("portrait") {
                mark(.diagnostic, 0.75, i)
            }
            if w.first == "annexe", w.count > 1, w[1].first?.isNumber == true, isShortHeading(raw), i > ctx.texts.count / 10 {
                mark(.annexe, 0.8, i)
            }
        }
        if articles >= 3 { mark(.convention, articles >= 5 ? 0.9 : 0.75, ctx.head(1).first ?? 0) }
        if actionHeadings >= 2 { mark(.fichesActions, 0.75, 0) }
        if !fiches.isEmpty {
            let tableRows = fiches.filter { $0.number == nil }.count
            if tableRows * 2 >= fiches.count { mark(.planActions, 0.6, 0) } else { mark(.fichesActions, 0.6, 0) }
        }
        // Main kind: what the document opens with.
        let head = ctx.head(12)
        let headText = head.map { ctx.folded[$0] }.joined(separator: " | ")
        var main: DocType?
        var mainConf = 0.5
        if let d = present[.deliberation], d.0 >= 0.9 { main = .deliberation; mainConf = 0.9 }
        else if present[.convention] != nil, headText.contains("convention"), articles >= 3 { main = .convention; mainConf = 0.85 }
        else if headText.contains("plan d action") || headText.contains("plan des actions") { main = .planActions; mainConf = 0.85 }
        else if headText.contains("fiche action") || headText.contains("fiches action") { main = .fichesActions; mainConf = 0.8 }
        else if present[.convention] != nil { main = .convention; mainConf = 0.6 }
        else if present[.planActions] != nil { main = .planActions; mainConf = 0.55 }
        else if present[.fichesActions] != nil { main = .fichesActions; mainConf = 0.55 }
        var types: [DocType] = []
        if let m = main { types.append(m) }
        let order: [DocType] = [.convention, .deliberation, .planActions, .fichesActions, .diagnostic, .annexe]
        for t in order where present[t] != nil && !types.contains(t) { types.append(t) }
        facts.docTypes = types
        facts.confidence["doc_types"] = types.isEmpty ? 0.2 : mainConf
        for t in types {
            if let (_, i) = present[t] {
                facts.evidence.append(Evidence(subject: "doc_types", rule: "heading.\(t.rawValue)", lines: [ctx.numbers[i]],
                                               excerpt: String(ctx.texts[i].prefix(100))))
            }
        }
    }
}

// MARK: - Territory, département, Caf

enum TerritoryRules {
    static let kinds: [(String, [String])] = [
        ("communauté de communes", ["communaute", "de", "communes"]),
        ("communauté d'agglomération", ["communaute", "d", "agglomeration"]),
        ("communauté urbaine", ["communaute", "urbaine"]),
        ("métropole", ["metropole"]),
    ]
    static let connectors: Set<String> = ["de", "du", "des", "d", "l", "la", "le", "les", "et", "en", "sur", "sous", "les", "aux", "lez"]

    struct Candidate { var name: String; var kind: String; var line: Int; var proper: Int }

    static func apply(_ ctx: DocumentFactsExtractor.Context, to facts: inout DocumentFacts) {
        // Territory: "<kind> <proper name>".
        var cands: [Candidate] = []
        var kindCounts: [String: Int] = [:]
        for (i, text) in ctx.texts.enumerated() {
            let spans = Text.wordSpans(text)
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
            let spans = Text.wordSpans(text)
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
                guard tok.count == 5, tok.allSatisfy(\.isNumber), text[spans[k + 1].range].first?.isUppercase == true else { continue }
                let gap = text[spans[k].range.upperBound..<spans[k + 1].range.lowerBound]
                guard gap == " " else { continue }
                let code = tok.hasPrefix("97") ? String(tok.prefix(3)) : String(tok.prefix(2))
                if let d = Departements.byCode[code] { vote(d, 0.5, i) }
            }
            // Prefecture reference "063-200072080-…".
            for tok in text.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
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
                let prev = counts[name] ?? (0, i)
                counts[name] = (prev.0 + (represented ? 3 : 1), prev.1)
            }
        }
        guard let best = counts.max(by: { $0.value.0 != $1.value.0 ? $0.value.0 < $1.value.0 : $0.value.1 > $1.value.1 }), best.value.0 >= 2
        else { return nil }
        return (best.key, best.value.1)
    }

    /// A département name starting at word `k`: exact folded words, or (OCR damage) one letter off
    /// for long names ("Sadne-et-Loire").
    static func departement(at k: Int, _ spans: [Text.WordSpan], _ text: String) -> Departement? {
        guard k < spans.count, text[spans[k].range].first?.isUppercase == true else { return nil }
        for (d, words) in Departements.foldedNames where k + words.count <= spans.count {
            let got = (0..<words.count).map { spans[k + $0].folded }
            if got == words { return d }
            let a = got.joined(separator: " "), b = words.joined(separator: " ")
            if b.count >= 10, editDistanceAtMostOne(a, b) { return d }
        }
        return nil
    }

    static func editDistanceAtMostOne(_ a: String, _ b: String) -> Bool {
        let x = Array(a), y = Array(b)
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

// MARK: - Period

enum PeriodRules {
    static func apply(_ ctx: DocumentFactsExtractor.Context, to facts: inout DocumentFacts) {
        var ranges: [String: (start: Int, end: Int, weight: Double, line: Int)] = [:]
        let head = Set(ctx.head(15))
        for (i, text) in ctx.texts.enumerated() {
            let f = ctx.folded[i]
            let relevant = f.contains("plan d action") || f.contains("ctg") || f.contains("convention") || f.contains("contrat")
                || f.contains("territoriale globale") || f.contains("periode")
            for (a, b) in yearRanges(text) {
                var w = 1.0
                if relevant && text.count < 250 { w += 2 }
                if head.contains(i) { w += 2 }
                let key = "\(a)-\(b)"
                let prev = ranges[key]
                ranges[key] = (a, b, (prev?.weight ?? 0) + w, prev?.line ?? i)
            }
            // A calendar grid: a row of consecutive year cells (or, where columns became spaces, of year words).
            do {
                let ys: [Int]
                if let cells = ctx.cells[i] {
                    ys = cells.compactMap { c -> Int? in
                        let t = c.trimmingCharacters(in: .whitespaces)
                        guard t.count == 4, let y = Int(t), (2000...2099).contains(y) else { return nil }
                        return y
                    }
                } else {
                    // Longest run of adjacent year words.
                    var best: [Int] = [], run: [Int] = []
                    for w in text.split(whereSeparator: { $0 == " " }) {
                        if let y = year(String(w)), run.isEmpty || y == run.last! + 1 { run.append(y) } else { run = year(String(w)).map { [$0] } ?? [] }
                        if run.count > best.count { best = run }
                    }
                    ys = best
                }
                if ys.count >= 3, zip(ys, ys.dropFirst()).allSatisfy({ $1 == $0 + 1 }) {
                    let key = "\(ys.first!)-\(ys.last!)"
                    let prev = ranges[key]
                    ranges[key] = (ys.first!, ys.last!, (prev?.weight ?? 0) + 1.5, prev?.line ?? i)
                }
            }
        }
        // "jusqu'au 31 décembre 2026" in a convention clause: end only.
        var endOnly: (Int, Int)?
        for (i, f) in ctx.folded.enumerated() where f.contains("jusqu au") {
            let window = (max(0, i - 3)...min(ctx.folded.count - 1, i + 1)).map { ctx.folded[$0] }.joined(separator: " ")
            guard window.contains("convention") || window.contains("present") || window.contains("duree") else { continue }
            if let r = f.range(of: "jusqu au") {
                let after = f[r.upperBound...].split(separator: " ").prefix(5)
                if let y = after.compactMap({ Int($0) }).first(where: { (2000...2099).contains($0) }) { endOnly = (y, i); break }
            }
        }
        let best = ranges.values.max { $0.weight != $1.weight ? $0.weight < $1.weight : $0.line > $1.line }
        if let b = best, b.weight >= 3 || endOnly == nil {
            facts.period = Period(start: b.start, end: b.end)
            facts.confidence["period"] = min(0.9, 0.45 + 0.08 * b.weight)
            facts.evidence.append(Evidence(subject: "period", rule: "years.range", lines: [ctx.numbers[b.line]],
                                           excerpt: String(ctx.texts[b.line].prefix(100))))
        } else if let (y, i) = endOnly {
            facts.period = Period(start: nil, end: y)
            facts.confidence["period"] = 0.7
            facts.evidence.append(Evidence(subject: "period", rule: "clause.until", lines: [ctx.numbers[i]], excerpt: String(ctx.texts[i].prefix(100))))
        }
    }

    /// "2023/2026", "2021-2024", "2023 - 2027", "2022 à 2025", "de 2022 à 2025": spans of 1 to 6 years.
    static func yearRanges(_ s: String) -> [(Int, Int)] {
        let spans = Text.wordSpans(s)
        var out: [(Int, Int)] = []
        for k in spans.indices.dropLast() {
            guard let a = year(spans[k].folded) else { continue }
            var m = k + 1
            if spans[m].folded == "a" || spans[m].folded == "au", m + 1 < spans.count { m += 1 }
            guard let b = year(spans[m].folded), b - a >= 1, b - a <= 6 else { continue }
            let gap = s[spans[k].range.upperBound..<spans[m].range.lowerBound].trimmingCharacters(in: .whitespaces)
            let g = Text.fold(gap)
            if ["-", "/", "–", "—", "a", "au", "a ", ""].contains(g) || g.hasPrefix("a") && g.count <= 2 {
                if g.isEmpty { continue }
                out.append((a, b))
            }
        }
        // "du 1er janvier 2023 au 31 décembre 2026".
        let f = Text.words(s)
        for k in f.indices {
            guard let a = year(f[k]) else { continue }
            var m = k + 1
            guard m < f.count, f[m] == "au" || f[m] == "jusqu" else { continue }
            while m < f.count, m <= k + 6, year(f[m]) == nil { m += 1 }
            if m < f.count, let b = year(f[m]), b - a >= 1, b - a <= 6, !out.contains(where: { $0 == (a, b) }) { out.append((a, b)) }
        }
        // "pour une durée de 4 ans à compter du 1er janvier 2023".
        if let d = f.firstIndex(of: "duree"), d + 3 < f.count, f[d + 1] == "de", let n = Int(f[d + 2]) ?? numberWord(f[d + 2]),
           f[d + 3] == "ans", (1...6).contains(n),
           let a = f[(d + 3)...].prefix(12).compactMap({ year($0) }).first {
            out.append((a, a + n - 1))
        }
        return out
    }

    static func numberWord(_ w: String) -> Int? {
        ["un": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6][w]
    }

    static func year(_ w: String) -> Int? {
        guard w.count == 4, let y = Int(w), (2000...2099).contains(y) else { return nil }
        return y
    }
}

// MARK: - Deliberation

enum DeliberationRules {
    static let months = ["janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre"]
    static let bodies = ["conseil communautaire", "conseil municipal", "conseil metropolitain", "comite syndical", "bureau communautaire",
                         "conseil d administration"]

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
                let rest = ctx.texts[i][r.upperBound...].trimmingCharacters(in: .whitespaces)
                if let tok = rest.split(separator: " ").first, tok.contains(where: \.isNumber), tok.count >= 3 {
                    d.number = Text.clean(String(tok)); lines.append(ctx.numbers[i])
                }
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
            if d.present == nil, f.hasPrefix("presents") || f.hasPrefix("nombre de presents") || f.hasPrefix("membres presents"),
               let n = count(after: ["presents"]) { d.present = n; lines.append(ctx.numbers[i]) }
            if d.voting == nil, f.hasPrefix("votants") || f.hasPrefix("nombre de votants") || f.contains("suffrages exprimes"),
               let n = count(after: ["votants", "suffrages exprimes"]) { d.voting = n; lines.append(ctx.numbers[i]) }
        }
        if d.sessionDate == nil {
            for i in scope where ctx.folded[i].hasPrefix("l an ") { if let date = date(in: ctx.folded[i]) { d.sessionDate = date; break } }
        }
        for i in ctx.texts.indices {
            let f = ctx.folded[i]
            if f.contains("a l unanimite") || f.contains("l unanimite des") { d.outcome = "unanimité"; lines.append(ctx.numbers[i]); break }
            if f.contains("a la majorite") { d.outcome = "adoptée à la majorité"; lines.append(ctx.numbers[i]); break }
        }
        // Prefecture reference: the most frequent well-formed identifier.
        var refs: [String: Int] = [:]
        for t in ctx.texts {
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

// MARK: - Signatories

enum SignatoryRules {
    /// The parties of a convention: "Entre : la Caisse d'Allocations Familiales de X, représentée par …
    /// ci-après dénommée « la Caf » ; la commune de Y, représentée par … ci-après dénommée « la Commune de Y »".
    static func apply(_ ctx: DocumentFactsExtractor.Context, to facts: inout DocumentFacts) {
        guard let start = ctx.folded.indices.first(where: { ctx.folded[$0] == "entre" || ctx.folded[$0].hasPrefix("entre les soussignes") }) else {
            fromSignatorySentence(ctx, to: &facts)
            return
        }
        var end = min(ctx.texts.count - 1, start + 400)
        for i in (start + 1)...end {
            let w = ctx.folded[i].split(separator: " ")
            if w.first == "article" || w.first == "preambule" || ctx.folded[i].hasPrefix("il est convenu") || ctx.folded[i].hasPrefix("vu ") {
                end = i - 1; break
            }
        }
        guard start < end else { return }
        let block = Text.squash((start...end).map { ctx.texts[$0] }.joined(separator: " "))
        guard let re = try? NSRegularExpression(pattern: "\\b(?:la |le |les |l['’])\\s*([^;:»«]{3,160}?),?\\s+représenté", options: [.caseInsensitive]),
              let named = try? NSRegularExpression(pattern: "ci-apr[eèé]s\\s+d[ée]nomm\\w*\\s*«\\s*(?:la |le |les |l['’])?\\s*([^»]{2,80})»", options: [.caseInsensitive])
        else { return }
        let ns = block as NSString
        let parties = re.matches(in: block, range: NSRange(location: 0, length: ns.length))
        let names = named.matches(in: block, range: NSRange(location: 0, length: ns.length))
        var out: [String] = []
        for (k, m) in parties.enumerated() {
            var party = Text.clean(ns.substring(with: m.range(at: 1)))
            // The short name given to the party right after it.
            let nextStart = k + 1 < parties.count ? parties[k + 1].range.location : ns.length
            if let n = names.first(where: { $0.range.location > m.range.location && $0.range.location < nextStart }) {
                let short = Text.clean(ns.substring(with: n.range(at: 1)))
                if Text.words(short).count >= 2 { party = short }
            }
            let w = Text.words(party)
            if w.first == "caisse" || w.first == "caf" {
                if let d = (0..<w.count).lazy.compactMap({ TerritoryRules.departement(at: $0, Text.wordSpans(party), party) }).first {
                    party = d.cafName
                }
            }
            if let f = party.first, f.isLowercase { party = f.uppercased() + party.dropFirst() }
            if !party.isEmpty, !out.contains(party) { out.append(party) }
        }
        guard !out.isEmpty else { fromSignatorySentence(ctx, to: &facts); return }
        facts.signatories = out
        facts.confidence["signatories"] = out.count >= 2 ? 0.8 : 0.5
        facts.evidence.append(Evidence(subject: "signatories", rule: "parties.represented-by", lines: [ctx.numbers[start]],
                                       excerpt: String(block.prefix(100))))
    }
}

extension SignatoryRules {
    /// Without a party block: a sentence naming the signatories, e.g. "… signataire de celle-ci aux côtés des
    /// communes de Joinville, Poissons et St Urbain": the Caf, the territory and the communes named.
    static func fromSignatorySentence(_ ctx: DocumentFactsExtractor.Context, to facts: inout DocumentFacts) {
        guard let re = try? NSRegularExpression(pattern: "\\bcommunes\\s+(?:de|d['’])\\s*((?:[A-ZÉÈÀ][\\w'’-]*(?:\\s+[A-ZÉÈÀ][\\w'’-]*)*)(?:\\s*,\\s*[A-ZÉÈÀ][\\w'’-]*(?:\\s+[A-ZÉÈÀ][\\w'’-]*)*)*(?:\\s+et\\s+[A-ZÉÈÀ][\\w'’-]*(?:\\s+[A-ZÉÈÀ][\\w'’-]*)*)?)")
        else { return }
        for (i, f) in ctx.folded.enumerated() where f.contains("signataire") {
            let text = ctx.texts[i]
            let ns = text as NSString
            guard let m = re.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)) else { continue }
            let list = ns.substring(with: m.range(at: 1))
            let names = list.components(separatedBy: ",").flatMap { $0.components(separatedBy: " et ") }
                .map { Text.clean($0) }.filter { !$0.isEmpty }
            guard !names.isEmpty else { continue }
            var out: [String] = []
            if let caf = facts.caf { out.append(caf) }
            if let t = facts.territory.name { out.append(t) }
            out += names.map { "Commune de " + $0 }
            facts.signatories = out
            facts.confidence["signatories"] = 0.6
            facts.evidence.append(Evidence(subject: "signatories", rule: "sentence.signataire", lines: [ctx.numbers[i]],
                                           excerpt: String(text.prefix(120))))
            return
        }
    }
}
