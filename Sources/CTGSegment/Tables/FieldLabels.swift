// Field labels of fiches-actions and their synonyms, as printed in CTG documents.
// Matching is accent- and case-insensitive on whole words at the start of a line or cell
// (see `FieldLabels.match`). Order matters: longer, more specific labels first.

/// The fields a label can introduce.
public enum FicheField: String, Sendable, CaseIterable, Codable {
    case title, axe, objectif, objectifsPoursuivis, constats, modalites, perimetre, `public`, pilotes, partenaires
    case moyens, calendrier, indicateurs, resultats, status, thematique, conditions, budget, other
}

public enum FieldLabels {
    /// (field, label variants). A variant is matched as a sequence of folded words.
    public static let table: [(FicheField, [String])] = [
        (.pilotes, [
            "pilotes de l'action", "pilote de l'action", "pilote(s) de l'action", "pilote(s)", "pilotes", "pilote",
            "responsables de l'action", "responsable de l'action", "responsable(s) de l'action", "responsable(s)", "responsables", "responsable",
            "porteurs de l'action", "porteur de l'action", "porteur(s) de l'action", "porteur(s)", "porteurs", "porteur", "portage", "référent", "référents",
            "maître d'ouvrage", "maitre d'ouvrage", "pilotage",
            "copilotes de l'action", "co-pilotes de l'action", "copilote de l'action", "co-pilote de l'action",
            "porteur du projet", "porteurs du projet", "porteur(s) du projet", "porteur de projet", "porteur(s) de projet",
            "structure porteuse", "structures porteuses", "structure(s) porteuse(s)", "pilote du projet", "pilotes du projet",
            "pilote(s) du projet", "chef de file", "référent de l'action", "référents de l'action", "référent(s) de l'action",
            "référent(s)", "coordinateur de l'action",
        ]),
        (.partenaires, [
            "partenaires associés", "partenaire(s) associé(s)", "partenaires associes", "acteur(s)/partenaire(s) associé(s)",
            "acteurs/partenaires associés", "acteur(s) / partenaire(s) associé(s)", "acteurs et partenaires associés",
            "services mobilisés / partenaires / acteurs ressource", "services mobilisés / partenaires", "services mobilisés",
            "partenaires mobilisés", "partenaires techniques", "partenaires financiers", "partenaires", "partenaire(s)", "partenaire",
            "acteurs ressource", "acteurs ressources", "acteurs concernés", "acteurs associés", "co-pilotes", "copilotes",
            "partenaires à mobiliser", "partenaires envisagés", "partenaires impliqués", "partenaires potentiels",
            "partenaires opérationnels", "partenaires institutionnels", "partenaires de l'action", "autres partenaires",
            "partenariat", "partenariats", "acteurs mobilisés", "acteurs impliqués", "acteurs partenaires", "acteurs à mobiliser",
        ]),
        (.public, [
            "publics visés", "public visé", "public(s) visé(s)", "publics ciblés", "public ciblé", "public(s) ciblé(s)",
            "publics cibles", "public cible", "public concerné", "publics concernés", "bénéficiaires", "public", "publics", "cible", "cibles",
            "public bénéficiaire", "publics bénéficiaires", "public(s) bénéficiaire(s)", "public(s) concerné(s)", "population cible",
            "populations cibles", "population(s) cible(s)", "population concernée", "destinataires",
        ]),
        (.calendrier, [
            "calendrier prévisionnel", "calendrier de mise en œuvre", "calendrier", "échéancier", "échéance", "échéances",
            "période de réalisation", "durée", "planning", "date de mise en œuvre", "délai", "délais", "calendrier de réalisation",
            "échéance de réalisation", "date de réalisation", "dates de réalisation", "calendrier de l'action", "calendrier et échéances",
            "période de mise en œuvre", "date de démarrage", "temporalité",
        ]),
        (.indicateurs, [
            "indicateurs de suivi et d'évaluation", "indicateurs de suivi / d'évaluation", "indicateurs de suivi/d'évaluation",
            "indicateurs d'évaluation", "indicateurs de suivi", "indicateurs de résultat", "indicateurs de résultats",
            "indicateurs d'impact", "indicateur d'évaluation", "indicateur de suivi", "indicateur de résultat", "indicateurs", "indicateur", "critères d'évaluation", "modalités d'évaluation", "évaluation",
            "indicateurs de réussite", "indicateurs quantitatifs et qualitatifs", "indicateurs quantitatifs", "indicateurs qualitatifs",
            "modalités de suivi et d'évaluation", "modalités de suivi", "évaluation de l'action", "critères de réussite",
        ]),
        (.resultats, ["résultats attendus", "résultat attendu", "impact envisagé", "impacts attendus", "effets attendus", "résultats escomptés",
                      "effets escomptés", "impact attendu", "résultats visés"]),
        (.objectifsPoursuivis, [
            "objectifs poursuivis", "objectifs opérationnels", "objectif opérationnel", "objectifs de l'action", "objectifs spécifiques",
            "objectif(s)", "finalités", "finalité", "objectif général", "objectifs généraux", "objectifs", "objectif",
        ]),
        (.constats, ["constats", "constat", "diagnostic", "contexte initial", "contexte", "éléments de diagnostic", "problématique", "enjeux", "enjeu", "état des lieux"]),
        (.modalites, [
            "modalités de mise en œuvre", "modalités de mise en oeuvre", "modalités", "description de l'action", "descriptif de l'action",
            "descriptif", "description", "contenu de l'action", "actions à mener", "mise en œuvre", "déroulement", "étapes",
        ]),
        (.perimetre, ["périmètre géographique", "périmètre", "territoire concerné", "territoire", "lieu", "lieux"]),
        (.moyens, [
            "moyens mobilisés", "moyens à mobiliser", "moyens et ressources", "moyens humains", "moyens financiers", "moyens matériels", "moyens",
            "ressources mobilisées", "ressources",
            "financement", "financements", "budget prévisionnel", "budget", "coût", "plan de financement",
        ]),
        (.conditions, ["conditions de réussite et points de vigilance", "conditions de réussite", "points de vigilance", "points d'attention", "freins", "leviers"]),
        (.title, ["intitulé de l'action", "intitulé de la fiche", "intitulé", "titre de l'action", "nom de l'action", "libellé de l'action"]),
        (.axe, ["axe stratégique", "axe de travail", "axe"]),
        (.thematique, ["thématique", "thématiques", "champ d'intervention", "champs d'intervention", "domaine", "domaines d'intervention"]),
    ]

    /// A matched label: the field, how many characters of the line it covers (label and a following ':' or '-'),
    /// and whether a colon followed it (a stronger cue than a bare word).
    public struct Match: Sendable {
        public var field: FicheField
        public var label: String
        public var rest: String
        public var hadColon: Bool
    }

    /// Folded label word sequences, longest first.
    static let folded: [(FicheField, String, [String])] = {
        var out: [(FicheField, String, [String])] = []
        for (field, variants) in table {
            for v in variants { out.append((field, v, Text.words(v))) }
        }
        return out.sorted { $0.2.count > $1.2.count }
    }()

    /// Indices into `folded` (ascending) by the label's first folded word: the only labels `match` can find at a line
    /// starting with that word, in the order it tries them.
    static let byFirstWord: [String: [Int]] = {
        var out: [String: [Int]] = [:]
        for (e, label) in folded.enumerated() { out[label.2[0], default: []].append(e) }
        return out
    }()

    /// The most words a label has: `match` reads no further into a line.
    static let maxWords = folded.map(\.2.count).max() ?? 0

    /// Labels of three words or more with their folded text, in table order: long labels are recognised even when
    /// run into their value without a space or a colon.
    static let longLabels: [(field: FicheField, label: String, folded: String)] = table.flatMap { field, variants in
        variants.filter { Text.words($0).count >= 3 }.map { (field, $0, Text.fold($0)) }
    }
    /// `longLabels` indices by the first word of the folded label, in table order: a text that opens with a long
    /// label opens with its first word followed by a space.
    static let longLabelsByFirstWord: [Substring: [Int]] = Dictionary(grouping: longLabels.indices) {
        longLabels[$0].folded.prefix { $0 != " " }
    }

    /// Matches a label at the start of `text`. A label must be followed by end of text, ':' or a line break,
    /// or be the whole text: "Pilote" and "Pilote : CAF" match, "Piloter le projet" does not.
    /// Whether label `m`, read on line `i` of `doc`, stands alone there (no colon, nothing after it) with its value
    /// on the next line: a label | value row as a text export writes it, a label line over its value.
    static func isOverValue(_ m: Match, at i: Int, in doc: DocumentView) -> Bool {
        !m.hadColon && m.rest.isEmpty && i + 1 < doc.lines.count && !doc.isBlank(i + 1)
    }

    public static func match(_ text: String) -> Match? {
        let original = Text.stripBullet(text.trimmedSpaces())
        guard !original.isEmpty, Text.countIsAtMost(original, 399) else { return nil }
        // No label holds a "$": there it is the OCR's "s" ("Partenaire($) associé(s)"). Read with "s" (one byte
        // for one: the same offsets), the value after the label taken as printed.
        let trimmed = original.utf8.contains(0x24) ? String(decoding: original.utf8.map { $0 == 0x24 ? 0x73 : $0 }, as: UTF8.self) : original
        let tokens = Text.wordSpans(trimmed, limit: maxWords)
        guard let first = tokens.first, let candidates = byFirstWord[first.folded] else { return nil }
        for e in candidates where folded[e].2.count <= tokens.count {
            let (field, label, words) = folded[e]
            var ok = true
            for (i, w) in words.enumerated() where tokens[i].folded != w { ok = false; break }
            guard ok else { continue }
            let endOffset = trimmed.utf8.distance(from: trimmed.startIndex, to: tokens[words.count - 1].range.upperBound)
            let end = original.utf8.index(original.startIndex, offsetBy: endOffset)
            // the label's closing parenthesis ("associé(s)"), also as OCR misreads it ("associé(s}", "associé(s]")
            var rest = original[end...].drop(while: { $0 == " " || $0 == ")" || $0 == "}" || $0 == "]" || $0 == "*" })
            var hadColon = false
            if let f = rest.first, f == ":" || f == "：" { hadColon = true; rest = rest.dropFirst() }
            else if rest.hasPrefix(" :") { hadColon = true; rest = rest.dropFirst(2) }
            else if let f = rest.first, f == "-" || f == "–", words.count > 0 { rest = rest.dropFirst() }
            else if !rest.isEmpty && !rest.hasPrefix("\n") {
                // Label followed by more words without a colon: only a long label counts ("Publics visés Les familles").
                if words.count < 2 { continue }
            }
            return Match(field: field, label: label, rest: String(rest).trimmedSpaces(), hadColon: hadColon)
        }
        return nil
    }
}
