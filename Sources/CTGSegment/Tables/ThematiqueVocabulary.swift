import CTGModel

// Vocabulary of the thématiques: heading words (strong cues, matched on axe / enjeu / champ headings)
// and content words (weaker cues, counted in a fiche's title and fields). Folded, accent-free, lower case.

public enum ThematiqueVocabulary {
    /// Heading phrases: an axe or thématique heading containing one of these names its thématique.
    /// Checked in order: the first match wins ("enfance jeunesse" before "enfance").
    public static let headings: [(Thematique, [String])] = [
        (.petiteEnfance, ["petite enfance", "petite-enfance", "jeune enfant", "jeunes enfants", "0-6 ans", "0 6 ans", "0-3 ans", "modes d'accueil", "mode d'accueil"]),
        (.enfanceJeunesse, ["enfance jeunesse", "enfance-jeunesse", "enfance et jeunesse", "enfance / jeunesse", "enfance/jeunesse"]),
        (.parentalite, ["parentalite", "parentalites", "soutien a la fonction parentale", "familles"]),
        (.jeunesse, ["jeunesse", "adolescen", "jeunes", "12-17 ans", "12 17 ans", "12-25 ans"]),
        (.enfance, ["enfance", "3-11 ans", "3 11 ans", "periscolaire", "extrascolaire"]),
        (.animationVieSociale, ["animation de la vie sociale", "vie sociale", "centre social", "centres sociaux", "lien social", "isolement", "espace de vie sociale"]),
        (.accesAuxDroits, ["acces aux droits", "acces au droit", "acces aux services", "services administratifs", "demarches administratives", "demarches en ligne", "france services", "insertion", "solidarite", "precarite", "inclusion sociale"]),
        (.inclusionNumerique, ["numerique", "inclusion numerique"]),
        (.logement, ["logement", "habitat", "cadre de vie"]),
        (.handicap, ["handicap"]),
        (.sante, ["sante"]),
        (.mobilite, ["mobilite", "transport"]),
        (.gouvernance, ["gouvernance", "pilotage", "coordination", "transversal", "transversale", "communication", "observatoire", "suivi de la ctg", "animation de la ctg"]),
    ]

    /// Words that settle a fiche's thématique from its title alone, over the heading it stands under: an action
    /// about mobility is coded mobilité in whatever part of the plan it sits ("Définir une stratégie mobilité à
    /// l'échelle intercommunale" under "Accès aux services"). Only where the corpus gold agrees every time: a
    /// title naming a handicap is coded either way, one naming the numérique too ("services administratifs et
    /// numériques" is access to services, "cultures numériques" the education of the young), but one about digital
    /// skills and their support (accompagnement au numérique, outils / ateliers numériques, médiation numérique) is
    /// digital inclusion whatever the heading. Phrases of folded words.
    public static let titleWords: [(Thematique, [String])] = [
        (.mobilite, ["mobilite", "mobilites"]),
        (.inclusionNumerique, ["au numerique", "du numerique", "inclusion numerique", "mediation numerique", "mediateur numerique",
                               "conseiller numerique", "conseillers numeriques", "fracture numerique", "outils numeriques",
                               "ateliers numeriques", "actions numeriques", "competences numeriques", "usages numeriques"]),
    ]

    /// `titleWords` as folded words between spaces.
    static let titlePhrases: [(Thematique, [String])] = titleWords.map { t, ps in (t, ps.map(spaced)) }

    /// `text`'s folded words, each between spaces, as the phrase tables are searched: " petite enfance ".
    static func spaced(_ text: String) -> String { " " + Text.words(text).joined(separator: " ") + " " }

    /// The thématique a fiche's title settles (`titleWords`), if any.
    public static func fromTitle(_ title: String) -> Thematique? {
        let f = spaced(title)
        return titlePhrases.first { _, ps in ps.contains { f.contains($0) } }?.0
    }

    /// Content words and their weight per thématique, for fiches without a thématique heading. A phrase is its folded
    /// words ("multi-accueil" and "multi accueil" are one): each is listed once.
    public static let content: [Thematique: [String: Double]] = [
        .petiteEnfance: ["petite enfance": 3, "creche": 3, "micro-creche": 3, "eaje": 3, "assistant maternel": 3, "assistants maternels": 3,
                         "assistantes maternelles": 3, "mam": 2, "rpe": 3, "ram": 2, "relais petite enfance": 3, "jeune enfant": 3,
                         "multi accueil": 6, "accueil individuel": 2, "0-3 ans": 3, "0-6 ans": 2, "avip": 2, "mode d'accueil": 2, "modes d'accueil": 2,
                         "horaires atypiques": 2, "microcreche": 3, "creches": 3, "halte garderie": 3,
                         "maison d'assistants maternels": 3, "accueil du jeune enfant": 3, "pmi": 1],
        .enfance: ["enfance": 1, "periscolaire": 2, "extrascolaire": 1, "accueil de loisirs": 2, "alsh": 2, "acm": 1, "3-11 ans": 3, "mercredi": 1, "scolarite": 1,
                   "centre de loisirs": 2, "centres de loisirs": 2, "plan mercredi": 3, "temps meridien": 2, "restauration scolaire": 2, "6-11 ans": 3],
        .jeunesse: ["jeunesse": 2, "jeunes": 2, "adolescent": 3, "adolescents": 3, "ados": 2, "12-17 ans": 3, "12 a 17 ans": 3, "12 a 25 ans": 3, "bafa": 2,
                    "conseil des jeunes": 3, "ccj": 2, "promeneurs du net": 3, "point information jeunesse": 3, "pij": 2, "chantiers": 1,
                    "espace jeunes": 3, "maison des jeunes": 3, "prestation de service jeunes": 3, "16-25 ans": 3, "15-25 ans": 3, "11-17 ans": 3,
                    "engagement citoyen": 2, "sejours": 1],
        .enfanceJeunesse: ["enfance jeunesse": 6, "animateurs": 2, "accueils collectifs de mineurs": 3, "acm": 2],
        .parentalite: ["parentalite": 3, "parents": 2, "laep": 3, "lieu d'accueil enfants parents": 3, "clas": 3, "accompagnement a la scolarite": 2,
                       "reaap": 3, "familles": 1, "mediation familiale": 3, "soutien a la parentalite": 3, "fonction parentale": 3,
                       "coparentalite": 3, "cafe des parents": 3,
                       "ateliers parents": 3, "ecole des parents": 3, "aide aux devoirs": 2, "relation parents-enfants": 3],
        .animationVieSociale: ["centre social": 3, "centres sociaux": 3, "espace de vie sociale": 3, "evs": 2, "vie sociale": 3, "lien social": 2,
                               "isolement": 2, "avs": 3, "habitants": 1, "benevoles": 1, "intergenerationnel": 2, "intergenerationnelles": 2, "seniors": 1, "culture": 1,
                               "tiers lieux": 1, "tiers lieu": 1, "pouvoir d'agir": 2, "participation des habitants": 2, "intergenerationnelle": 2],
        .accesAuxDroits: ["acces aux droits": 3, "droits": 1, "france services": 3, "insertion": 2, "precarite": 2, "non-recours": 3, "pauvrete": 2,
                          "information": 1, "communication": 1, "acces aux services": 2, "travail social": 2, "travailleurs sociaux": 2,
                          "accompagnement social": 2, "minima sociaux": 2, "rsa": 2, "aides financieres": 1, "maison france services": 3],
        .inclusionNumerique: ["numerique": 3, "numeriques": 3, "dematerialisation": 2, "conseiller numerique": 3, "informatique": 2,
                              "illectronisme": 3],
        .logement: ["logement": 3, "logements": 3, "habitat": 3, "hebergement": 2, "impaye": 2, "impayes": 2, "precarite energetique": 3,
                    "expulsion": 2, "expulsions": 2],
        .handicap: ["handicap": 3, "inclusion des enfants": 2, "pial": 2, "aeeh": 3, "inclusif": 2, "inclusifs": 2, "inclusive": 2, "inclusives": 2,
                    "mdph": 3, "autisme": 3, "tnd": 2, "aesh": 2],
        .sante: ["sante": 3, "prevention": 1, "soins": 2, "psc1": 2, "contrat local de sante": 3, "sante mentale": 3, "addictions": 2,
                 "maison de sante": 3],
        .mobilite: ["mobilite": 3, "transport": 2, "transports": 2, "itinerant": 1, "accessibilite geographique": 3, "covoiturage": 3,
                    "deplacements": 2, "permis de conduire": 3],
        .gouvernance: ["gouvernance": 3, "pilotage": 2, "coordination": 2, "comite de pilotage": 3, "ctg": 1, "convention territoriale globale": 2,
                       "charge de cooperation": 3, "charges de cooperation": 3, "coordinateur": 2, "observatoire": 2, "evaluation de la ctg": 3,
                       "copil": 3, "cotech": 3, "diagnostic partage": 2, "diagnostic de territoire": 2],
    ]

    /// Names of the thématiques themselves: a heading (e.g. an objectif under a broader axe) that
    /// contains one of these names that thématique outright, more strongly than the cues of `headings`.
    public static let names: [(Thematique, [String])] = [
        (.petiteEnfance, ["petite enfance", "petite-enfance"]),
        (.enfanceJeunesse, ["enfance jeunesse", "enfance-jeunesse", "enfance et jeunesse"]),
        (.parentalite, ["parentalite", "soutien a la fonction parentale"]),
        (.animationVieSociale, ["animation de la vie sociale", "vie sociale", "lien social"]),
        (.accesAuxDroits, ["acces aux droits", "acces au droit"]),
        (.inclusionNumerique, ["inclusion numerique"]),
        (.logement, ["logement"]),
        (.handicap, ["handicap"]),
        (.sante, ["sante"]),
        (.mobilite, ["mobilite"]),
        (.gouvernance, ["gouvernance"]),
    ]

    /// The thématique a text names outright (see `names`), if any.
    public static func namedIn(_ text: String) -> Thematique? {
        named(text).first
    }

    /// `names` as folded words between spaces.
    static let spacedNames: [(Thematique, [String])] = names.map { t, ps in (t, ps.map(spaced)) }

    /// Every thématique a text names outright (`names`), in the order of `names`.
    static func named(_ text: String) -> [Thematique] {
        let f = spaced(text)
        return spacedNames.filter { _, phrases in phrases.contains { f.contains($0) } }.map(\.0)
    }

    /// The thématique of a fiche under `heading` that names it (`fromHeading`); where the heading names two or more
    /// thématiques outright (`names`: "Renforcer l'inclusion numérique et l'accès aux droits"), the one of those
    /// the fiche's title speaks of most (`content` vocabulary, a score of 2 or more, ahead of the others), else the
    /// heading's own.
    public static func underHeading(_ heading: String, title: String) -> Thematique? {
        guard let own = fromHeading(heading) else { return nil }
        let named = named(heading)
        guard named.count >= 2 else { return own }
        let t = Array(spaced(title).utf8)
        let scores = named.map { th in
            (th, (contentPatterns[th] ?? []).reduce(0.0) { $0 + (occurrences(of: $1.0, in: t) > 0 ? $1.1 : 0) })
        }.sorted { $0.1 > $1.1 }
        guard scores[0].1 >= 2, scores[0].1 > scores[1].1 else { return own }
        return scores[0].0
    }

    /// The thématique a heading names, if any.
    public static func fromHeading(_ heading: String) -> Thematique? {
        let f = spaced(heading)
        let raw = " " + Text.fold(heading) + " "
        // The longest phrase found wins ("accès aux droits et accompagnement des familles" is about access
        // to rights, not parentalité); ties go to the earlier entry of `headings`.
        var best: (Thematique, Int)?
        for (t, phrases) in foldedHeadings {
            for (p, spaced, n) in phrases {
                if f.contains(spaced) || raw.contains(p) {
                    if best == nil || n > best!.1 { best = (t, n) }
                }
            }
        }
        return best?.0
    }

    /// `headings` with each phrase's folded words after a space, and their count, as `fromHeading` reads them.
    static let foldedHeadings: [(Thematique, [(phrase: String, spaced: String, words: Int)])] = headings.map { t, phrases in
        (t, phrases.map { p in (p, " " + Text.words(p).joined(separator: " "), Text.words(p).count) })
    }

    /// `content` with each phrase as the UTF-8 of its folded words between spaces, as `fromContent` searches them.
    static let contentPatterns: [Thematique: [([UInt8], Double)]] = content.mapValues { words in
        words.map { (Array(spaced($0.key).utf8), $0.value) }
    }

    /// Non-overlapping occurrences of `pattern` in `text`, searched left to right. Both are folded words between
    /// spaces (no combining marks, nothing with a canonical decomposition), so byte equality is what String
    /// comparison would decide.
    static func occurrences(of pattern: [UInt8], in text: [UInt8]) -> Int {
        guard !pattern.isEmpty else { return 0 }
        return pattern.withUnsafeBufferPointer { p in
            text.withUnsafeBufferPointer { h in
                var count = 0, i = 0
                while let at = String.byteSearch(p, in: h, from: i) { count += 1; i = at + p.count }
                return count
            }
        }
    }

    /// The best thématique for a text by weighted vocabulary, with a margin-based confidence.
    public static func fromContent(_ text: String) -> (Thematique, Double)? {
        let f = Array(spaced(text).utf8)
        var scores: [Thematique: Double] = [:]
        for (t, words) in contentPatterns {
            for (fw, weight) in words {
                let count = occurrences(of: fw, in: f)
                if count > 0 { scores[t, default: 0] += weight * (1 + 0.3 * Double(min(count - 1, 3))) }
            }
        }
        let ranked = scores.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.rawValue < $1.key.rawValue }
        guard let best = ranked.first, best.value >= 2 else { return nil }
        let second = ranked.dropFirst().first?.value ?? 0
        let margin = (best.value - second) / best.value
        return (best.key, 0.45 + 0.4 * margin)
    }
}
