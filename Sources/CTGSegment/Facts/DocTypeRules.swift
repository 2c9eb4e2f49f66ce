import CTGModel
import Foundation

// Document facts: Doc types.
enum DocTypeRules {
    static func isShortHeading(_ s: String) -> Bool { Text.countIsAtMost(s, 140) }

    static func apply(_ ctx: DocumentFactsExtractor.Context, fiches: [Fiche], to facts: inout DocumentFacts) {
        var present: [DocType: (Double, Int)] = [:]   // confidence, line index
        func mark(_ t: DocType, _ c: Double, _ i: Int) { if (present[t]?.0 ?? 0) < c { present[t] = (c, i) } }
        var articles = 0
        var actionHeadings = 0
        for (i, f) in ctx.folded.enumerated() where !f.isEmpty {
            let raw = ctx.texts[i]
            let w = Text.split(f, on: 0x20)
            if ctx.foldedContains(i, "registre des deliberations") || f.hasPrefix("extrait du registre") || ctx.foldedContains(i, "extrait des deliberations")
                || (w.first == "deliberation" && w.count > 1 && (w[1] == "n" || w[1].first?.isNumber == true)) {
                // A register extract opens the document; a "Délibération n°" line only counts as its opening at the very top.
                let isRegister = ctx.foldedContains(i, "registre") || ctx.foldedContains(i, "extrait")
                mark(.deliberation, (isRegister && i < 60) || i < 12 ? 0.95 : 0.7, i)
            }
            if w.first == "article", w.count > 1, w[1].first?.isNumber == true || w[1] == "preliminaire" || w[1] == "premier" { articles += 1 }
            if (w.first == "entre" && w.count <= 2) { mark(.convention, 0.7, i) }
            if isShortHeading(raw), ctx.foldedContains(i, "plan d action") || ctx.foldedContains(i, "plan des actions") { mark(.planActions, 0.8, i) }
            if isShortHeading(raw), ctx.foldedContains(i, "fiche action") || ctx.foldedContains(i, "fiches action") || ctx.foldedContains(i, "fiche actions")
                || ctx.foldedContains(i, "fiches actions") {
                mark(.fichesActions, 0.8, i)
            }
            if w.count >= 2, w[0] == "action" || (w[0] == "fiche" && w[1] == "action"), raw.contains(":") || w[1].first?.isNumber == true {
                actionHeadings += 1
            }
            if isShortHeading(raw), (w.first == "annexe" || w.first == "article" || w.first?.first?.isNumber == true),
               ctx.foldedContains(i, "diagnostic") || ctx.foldedContains(i, "portrait") {
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
