// The structured result: document facts and fiches-actions, with confidence and evidence.
// Field names follow the gold schema (shared/gold/SCHEMA.md) for the same things.

/// Where a piece of information came from.
public struct Provenance: Codable, Sendable, Hashable {
    /// 1-based page of the first line.
    public var page: Int
    /// First and last line number (inclusive) in the source numbering of `Line.number`.
    public var lineStart: Int
    public var lineEnd: Int
    /// Pages spanned, in order, without repeats.
    public var pages: [Int]

    public init(page: Int, lineStart: Int, lineEnd: Int, pages: [Int]) {
        self.page = page; self.lineStart = lineStart; self.lineEnd = lineEnd; self.pages = pages
    }

    enum CodingKeys: String, CodingKey {
        case page, lineStart = "line_start", lineEnd = "line_end", pages
    }
}

/// Why the segmenter decided something: the rule and the source lines behind it.
public struct Evidence: Codable, Sendable, Hashable {
    /// What the evidence supports: "boundary", "title", "pilotes", "thematique", ...
    public var subject: String
    /// The rule that fired (e.g. "heading.fiche-action", "label.pilote", "vocabulary.thematique").
    public var rule: String
    /// Source line numbers used.
    public var lines: [Int]
    /// A short excerpt of the text that fired the rule.
    public var excerpt: String?

    public init(subject: String, rule: String, lines: [Int], excerpt: String? = nil) {
        self.subject = subject; self.rule = rule; self.lines = lines; self.excerpt = excerpt
    }
}

/// A sub-action listed inside a fiche (e.g. "1-1-1-A").
public struct SubAction: Codable, Sendable, Hashable {
    public var key: String
    public var title: String
    public init(key: String, title: String) { self.key = key; self.title = title }
}

/// The thématique codes of the schema.
public enum Thematique: String, Codable, Sendable, CaseIterable {
    case petiteEnfance = "petite_enfance"
    case enfance
    case jeunesse
    case enfanceJeunesse = "enfance_jeunesse"
    case parentalite
    case animationVieSociale = "animation_vie_sociale"
    case accesAuxDroits = "acces_aux_droits"
    case inclusionNumerique = "inclusion_numerique"
    case logement
    case handicap
    case sante
    case mobilite
    case gouvernance
    case autre
}

/// "ACTION NOUVELLE" / "ACTION ENGAGÉE".
public enum FicheStatus: String, Codable, Sendable {
    case nouvelle
    case engagee = "engagée"
}

/// One fiche-action: an action the signatories commit to.
public struct Fiche: Codable, Sendable {
    /// Unique in the document: the printed number, prefixed by a thématique code where numbering restarts,
    /// or "ROW-n" for unnumbered table rows.
    public var key: String
    public var number: String?
    public var title: String
    public var thematique: Thematique?
    public var axe: String?
    public var objectif: String?
    public var status: FicheStatus?
    public var pilotes: [String]
    public var partenaires: [String]
    public var `public`: String?
    public var calendrier: String?
    public var years: [Int]
    public var indicateurs: [String]
    public var subActions: [SubAction]
    /// 1-based pages for PDF inputs, nil for text dumps.
    public var pages: [Int]?

    /// Raw text of the fields as printed (before splitting into lists), by field name.
    public var raw: [String: String]
    /// Confidence of the fiche as a whole, in [0, 1].
    public var confidence: Double
    /// Confidence of each field, in [0, 1], by field name.
    public var fieldConfidence: [String: Double]
    public var provenance: Provenance?
    public var evidence: [Evidence]
    /// The layout strategy that produced the fiche.
    public var layout: String

    public init(key: String, number: String? = nil, title: String, thematique: Thematique? = nil,
                axe: String? = nil, objectif: String? = nil, status: FicheStatus? = nil,
                pilotes: [String] = [], partenaires: [String] = [], public: String? = nil,
                calendrier: String? = nil, years: [Int] = [], indicateurs: [String] = [],
                subActions: [SubAction] = [], pages: [Int]? = nil, raw: [String: String] = [:],
                confidence: Double = 0, fieldConfidence: [String: Double] = [:],
                provenance: Provenance? = nil, evidence: [Evidence] = [], layout: String) {
        self.key = key; self.number = number; self.title = title; self.thematique = thematique
        self.axe = axe; self.objectif = objectif; self.status = status; self.pilotes = pilotes
        self.partenaires = partenaires; self.public = `public`; self.calendrier = calendrier
        self.years = years; self.indicateurs = indicateurs; self.subActions = subActions; self.pages = pages
        self.raw = raw; self.confidence = confidence; self.fieldConfidence = fieldConfidence
        self.provenance = provenance; self.evidence = evidence; self.layout = layout
    }

    enum CodingKeys: String, CodingKey {
        case key, number, title, thematique, axe, objectif, status, pilotes, partenaires
        case `public`, calendrier, years, indicateurs
        case subActions = "sub_actions", pages, raw, confidence
        case fieldConfidence = "field_confidence", provenance, evidence, layout
    }

    // Encode optionals as explicit nulls so every document has the same keys.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(key, forKey: .key)
        try c.encode(number, forKey: .number)
        try c.encode(title, forKey: .title)
        try c.encode(thematique, forKey: .thematique)
        try c.encode(axe, forKey: .axe)
        try c.encode(objectif, forKey: .objectif)
        try c.encode(status, forKey: .status)
        try c.encode(pilotes, forKey: .pilotes)
        try c.encode(partenaires, forKey: .partenaires)
        try c.encode(`public`, forKey: .public)
        try c.encode(calendrier, forKey: .calendrier)
        try c.encode(years, forKey: .years)
        try c.encode(indicateurs, forKey: .indicateurs)
        try c.encode(subActions, forKey: .subActions)
        try c.encode(pages, forKey: .pages)
        try c.encode(raw, forKey: .raw)
        try c.encode(confidence, forKey: .confidence)
        try c.encode(fieldConfidence, forKey: .fieldConfidence)
        try c.encode(provenance, forKey: .provenance)
        try c.encode(evidence, forKey: .evidence)
        try c.encode(layout, forKey: .layout)
    }
}

/// The local authority that signs the convention.
public struct Territory: Codable, Sendable, Hashable {
    public var name: String?
    /// "communauté de communes" | "communauté d'agglomération" | "communauté urbaine" | "commune" | "métropole"
    public var kind: String?
    public var departement: String?
    public init(name: String? = nil, kind: String? = nil, departement: String? = nil) {
        self.name = name; self.kind = kind; self.departement = departement
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name); try c.encode(kind, forKey: .kind); try c.encode(departement, forKey: .departement)
    }
}

/// Years the convention or plan covers.
public struct Period: Codable, Sendable, Hashable {
    public var start: Int?
    public var end: Int?
    public init(start: Int? = nil, end: Int? = nil) { self.start = start; self.end = end }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(start, forKey: .start); try c.encode(end, forKey: .end)
    }
}

/// A council deliberation's facts.
public struct Deliberation: Codable, Sendable, Hashable {
    public var body: String?
    /// ISO date "YYYY-MM-DD".
    public var sessionDate: String?
    public var number: String?
    public var membersInOffice: Int?
    public var present: Int?
    public var voting: Int?
    public var outcome: String?
    public var prefectureRef: String?

    public init(body: String? = nil, sessionDate: String? = nil, number: String? = nil, membersInOffice: Int? = nil,
                present: Int? = nil, voting: Int? = nil, outcome: String? = nil, prefectureRef: String? = nil) {
        self.body = body; self.sessionDate = sessionDate; self.number = number; self.membersInOffice = membersInOffice
        self.present = present; self.voting = voting; self.outcome = outcome; self.prefectureRef = prefectureRef
    }

    enum CodingKeys: String, CodingKey {
        case body, sessionDate = "session_date", number, membersInOffice = "members_in_office"
        case present, voting, outcome, prefectureRef = "prefecture_ref"
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(body, forKey: .body); try c.encode(sessionDate, forKey: .sessionDate)
        try c.encode(number, forKey: .number); try c.encode(membersInOffice, forKey: .membersInOffice)
        try c.encode(present, forKey: .present); try c.encode(voting, forKey: .voting)
        try c.encode(outcome, forKey: .outcome); try c.encode(prefectureRef, forKey: .prefectureRef)
    }
}

/// The kinds of content a document holds (main one first).
public enum DocType: String, Codable, Sendable, CaseIterable {
    case convention
    case planActions = "plan_actions"
    case fichesActions = "fiches_actions"
    case deliberation
    case diagnostic
    case annexe
}

/// Facts about the document as a whole, each with a confidence.
public struct DocumentFacts: Codable, Sendable {
    public var docTypes: [DocType]
    public var territory: Territory
    public var caf: String?
    public var period: Period
    public var deliberation: Deliberation?
    public var signatories: [String]
    /// Confidence by fact name ("territory", "caf", "period", ...), in [0, 1].
    public var confidence: [String: Double]
    public var evidence: [Evidence]

    public init(docTypes: [DocType] = [], territory: Territory = Territory(), caf: String? = nil,
                period: Period = Period(), deliberation: Deliberation? = nil, signatories: [String] = [],
                confidence: [String: Double] = [:], evidence: [Evidence] = []) {
        self.docTypes = docTypes; self.territory = territory; self.caf = caf; self.period = period
        self.deliberation = deliberation; self.signatories = signatories; self.confidence = confidence
        self.evidence = evidence
    }
}

/// A heading that groups fiches (axe, enjeu, champ d'intervention, objectif, thématique), with its children.
public struct Section: Codable, Sendable, Hashable {
    /// "axe" | "objectif" | "thematique" | "enjeu" | "champ"
    public var kind: String
    public var title: String
    public var number: String?
    public var line: Int
    /// Keys of the fiches directly under this section.
    public var fiches: [String]
    public var children: [Section]

    public init(kind: String, title: String, number: String? = nil, line: Int, fiches: [String] = [], children: [Section] = []) {
        self.kind = kind; self.title = title; self.number = number; self.line = line
        self.fiches = fiches; self.children = children
    }
}

/// The segmenter's result.
public struct Segmentation: Codable, Sendable {
    public var facts: DocumentFacts
    public var sections: [Section]
    public var fiches: [Fiche]
    public var warnings: [String]
    public init(facts: DocumentFacts, sections: [Section] = [], fiches: [Fiche], warnings: [String] = []) {
        self.facts = facts; self.sections = sections; self.fiches = fiches; self.warnings = warnings
    }
}
