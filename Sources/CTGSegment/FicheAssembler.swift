import CTGModel

/// Turns labelled field texts into a fiche's typed fields (lists of organisations, years, indicators,
/// thématique), each with a confidence and the evidence behind it. Shared by every layout.
public struct FicheAssembler: Sendable {
    /// Raw text of each field, with the line numbers it came from.
    public struct FieldText: Sendable {
        public var text: String
        public var lines: [Int]
        /// How the field was recognised: "label" (an explicit label), "column" (a table column), "cue" (weak).
        public var rule: String
        public init(text: String, lines: [Int], rule: String) { self.text = text; self.lines = lines; self.rule = rule }
    }

    public init() {}

    /// Fills pilotes, partenaires, public, calendrier, years, indicateurs, thématique of `fiche`
    /// from `fields`, recording raw texts, field confidences and evidence.
    public func fill(_ fiche: inout Fiche, from fields: [FicheField: FieldText], thematiqueHint: (Thematique, String, [Int])? = nil) {
        func base(_ f: FieldText) -> Double { f.rule == "label" ? 0.92 : (f.rule == "column" ? 0.8 : 0.55) }
        for (field, value) in fields.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            fiche.raw[field.rawValue] = value.text
        }
        if let p = fields[.pilotes] {
            fiche.pilotes = Organisations.split(p.text)
            fiche.fieldConfidence["pilotes"] = fiche.pilotes.isEmpty ? 0.3 : base(p)
            fiche.evidence.append(Evidence(subject: "pilotes", rule: "\(p.rule).pilotes", lines: p.lines, excerpt: excerpt(p.text)))
        }
        if let p = fields[.partenaires] {
            fiche.partenaires = Organisations.split(p.text)
            fiche.fieldConfidence["partenaires"] = fiche.partenaires.isEmpty ? 0.3 : base(p)
            fiche.evidence.append(Evidence(subject: "partenaires", rule: "\(p.rule).partenaires", lines: p.lines, excerpt: excerpt(p.text)))
        }
        if let p = fields[.public] {
            let items = Text.items(p.text)
            fiche.public = items.isEmpty ? nil : items.joined(separator: " ; ")
            fiche.fieldConfidence["public"] = base(p)
            fiche.evidence.append(Evidence(subject: "public", rule: "\(p.rule).public", lines: p.lines, excerpt: excerpt(p.text)))
        }
        if let c = fields[.calendrier] {
            let items = Text.items(c.text)
            fiche.calendrier = items.isEmpty ? nil : items.joined(separator: " ; ")
            fiche.years = Years.parse(c.text)
            fiche.fieldConfidence["calendrier"] = base(c)
            fiche.fieldConfidence["years"] = fiche.years.isEmpty ? base(c) * 0.9 : base(c)
            fiche.evidence.append(Evidence(subject: "calendrier", rule: "\(c.rule).calendrier", lines: c.lines, excerpt: excerpt(c.text)))
        }
        if let i = fields[.indicateurs] {
            fiche.indicateurs = Text.items(i.text).flatMap(Text.runOnStatements)
            fiche.fieldConfidence["indicateurs"] = base(i)
            fiche.evidence.append(Evidence(subject: "indicateurs", rule: "\(i.rule).indicateurs", lines: i.lines, excerpt: excerpt(i.text)))
        }
        assignThematique(&fiche, fields: fields, hint: thematiqueHint)
    }

    /// Thématique from the heading above the fiche where it names one, else from the fiche's vocabulary.
    public func assignThematique(_ fiche: inout Fiche, fields: [FicheField: FieldText] = [:], hint: (Thematique, String, [Int])?) {
        if fields[.thematique] == nil, let t = ThematiqueVocabulary.fromTitle(fiche.title) {
            fiche.thematique = t
            fiche.fieldConfidence["thematique"] = 0.85
            fiche.evidence.append(Evidence(subject: "thematique", rule: "title.thematique", lines: [], excerpt: excerpt(fiche.title)))
            return
        }
        if let explicit = fields[.thematique], let t = ThematiqueVocabulary.underHeading(explicit.text, title: fiche.title) {
            fiche.thematique = t
            fiche.fieldConfidence["thematique"] = 0.9
            fiche.evidence.append(Evidence(subject: "thematique", rule: "label.thematique", lines: explicit.lines, excerpt: excerpt(explicit.text)))
            return
        }
        if let (t, heading, lines) = hint {
            fiche.thematique = ThematiqueVocabulary.underHeading(heading, title: fiche.title) ?? t
            fiche.fieldConfidence["thematique"] = 0.85
            fiche.evidence.append(Evidence(subject: "thematique", rule: "heading.thematique", lines: lines, excerpt: excerpt(heading)))
            return
        }
        let text = ([fiche.title, fiche.objectif ?? "", fiche.axe ?? ""] + fields.values.map(\.text)).joined(separator: " ")
        if let (t, conf) = ThematiqueVocabulary.fromContent(fiche.title + " " + fiche.title + " " + text) {
            fiche.thematique = t
            fiche.fieldConfidence["thematique"] = conf
            fiche.evidence.append(Evidence(subject: "thematique", rule: "vocabulary.thematique", lines: [], excerpt: t.rawValue))
        } else {
            fiche.thematique = .autre
            fiche.fieldConfidence["thematique"] = 0.3
        }
    }

    func excerpt(_ s: String) -> String {
        let t = Text.squash(s)
        return t.count > 120 ? String(t.prefix(117)) + "…" : t
    }
}
