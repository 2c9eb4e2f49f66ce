import CTGModel
import Foundation

// Document facts: Period.
enum PeriodRules {
    static func apply(_ ctx: DocumentFactsExtractor.Context, to facts: inout DocumentFacts) {
        var ranges: [String: (start: Int, end: Int, weight: Double, line: Int)] = [:]
        let head = Set(ctx.head(15))
        for (i, text) in ctx.texts.enumerated() {
            let f = ctx.folded[i]
            let relevant = ctx.foldedContains(i, "plan d action") || ctx.foldedContains(i, "ctg") || ctx.foldedContains(i, "convention") || ctx.foldedContains(i, "contrat")
                || ctx.foldedContains(i, "territoriale globale") || ctx.foldedContains(i, "periode")
            for (a, b) in yearRanges(text, spans: ctx.spans[i]) {
                var w = 1.0
                if relevant && Text.countIsAtMost(text, 249) { w += 2 }
                if head.contains(i) { w += 2 }
                let key = "\(a)-\(b)"
                let prev = ranges[key]
                ranges[key] = (a, b, (prev?.weight ?? 0) + w, prev?.line ?? i)
            }
            // A calendar grid: a row of consecutive year cells, or of year words where columns became spaces (also
            // in part: "2022" | "2023 2024 2025 Personnel", as a converter spacing columns unevenly cuts them).
            do {
                // Longest run of adjacent year words (empty cells between year cells do not part them).
                var best: [Int] = [], run: [Int] = []
                for w in Text.split(text, on: 0x20, or: 0x09) {
                    if let y = year(w), run.isEmpty || y == run.last! + 1 { run.append(y) } else { run = year(w).map { [$0] } ?? [] }
                    if run.count > best.count { best = run }
                }
                // (a run is consecutive years by construction)
                if best.count >= 3 {
                    let key = "\(best.first!)-\(best.last!)"
                    let prev = ranges[key]
                    ranges[key] = (best.first!, best.last!, (prev?.weight ?? 0) + 1.5, prev?.line ?? i)
                }
            }
        }
        // "jusqu'au 31 décembre 2026" in a convention clause: end only.
        var endOnly: (Int, Int)?
        for (i, f) in ctx.folded.enumerated() where ctx.foldedContains(i, "jusqu au") {
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
    /// `spans`: `Text.wordSpans(s)` where the caller has them.
    static func yearRanges(_ s: String, spans given: [Text.WordSpan]? = nil) -> [(Int, Int)] {
        let spans = given ?? Text.wordSpans(s)
        var out: [(Int, Int)] = []
        for k in spans.indices.dropLast() {
            guard let a = year(spans[k].folded) else { continue }
            var m = k + 1
            if spans[m].folded == "a" || spans[m].folded == "au", m + 1 < spans.count { m += 1 }
            guard let b = year(spans[m].folded), b - a >= 1, b - a <= 6 else { continue }
            let gap = s[spans[k].range.upperBound..<spans[m].range.lowerBound].trimmedSpaces()
            let g = Text.fold(gap)
            if ["-", "/", "–", "—", "a", "au", "a ", ""].contains(g) || g.hasPrefix("a") && g.count <= 2 {
                if g.isEmpty { continue }
                out.append((a, b))
            }
        }
        // "du 1er janvier 2023 au 31 décembre 2026".
        let f = spans.map(\.folded) // Text.words(s)
        for k in f.indices {
            guard let a = year(f[k]) else { continue }
            var m = k + 1
            guard m < f.count, f[m] == "au" || f[m] == "jusqu" else { continue }
            while m < f.count, m <= k + 6, year(f[m]) == nil { m += 1 }
            if m < f.count, let b = year(f[m]), b - a >= 1, b - a <= 6, !out.contains(where: { $0 == (a, b) }) { out.append((a, b)) }
        }
        // "pour une durée de 4 ans à compter du 1er janvier 2023"; the start also before it ("prend effet au 1er
        // janvier 2024 pour une durée de 4 ans"), the closest year after the duration, else before it.
        if let d = f.firstIndex(of: "duree"), d + 3 < f.count, f[d + 1] == "de", let n = Int(f[d + 2]) ?? numberWord(f[d + 2]),
           f[d + 3] == "ans", (1...6).contains(n),
           let a = f[(d + 3)...].prefix(12).compactMap({ year($0) }).first ?? f[max(0, d - 12)..<d].compactMap({ year($0) }).last {
            out.append((a, a + n - 1))
        }
        return out
    }

    static func numberWord(_ w: String) -> Int? {
        ["un": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6][w]
    }

    static func year<S: StringProtocol>(_ w: S) -> Int? {
        // "20" and two digits: four bytes, the first a "2" (a sign or another first digit is out of range)
        guard w.utf8.count == 4, w.utf8.first == 0x32 else { return nil }
        guard Text.hasCount(w, 4), let y = Int(w), (2000...2099).contains(y) else { return nil }
        return y
    }
}
