import CTGModel
import Foundation

// Document facts: Signatories.
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
