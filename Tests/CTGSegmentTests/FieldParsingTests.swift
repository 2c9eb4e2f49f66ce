import CTGExtract
import Foundation
import Testing
@testable import CTGSegment
import CTGModel

@Test func yearsFromCalendrier() {
    #expect(Years.parse("2023-2024") == [2023, 2024])
    #expect(Years.parse("2023 - 2027") == [2023, 2024, 2025, 2026, 2027])
    #expect(Years.parse("de 2022 à 2024") == [2022, 2023, 2024])
    #expect(Years.parse("fin 2024") == [2024])
    #expect(Years.parse("Dès la signature de la CTG") == [])
    #expect(Years.parse("2023, 2025") == [2023, 2025])
    #expect(Years.parse("12 places, 222 000 €") == [])
}

@Test func organisationsSplitOnPrintedSeparators() {
    #expect(Organisations.split("Service petite enfance- AFJC - PMI") == ["Service petite enfance", "AFJC", "PMI"])
    #expect(Organisations.split("CC + CAF + MSA") == ["CC", "CAF", "MSA"])
    // OCR'd lists: dashes read as em dashes, a separator left at the end of a line
    #expect(Organisations.split("RPE — PMI — CAF\nRéseau départemental des Relais PE -\nCAF-") == ["RPE", "PMI", "CAF", "Réseau départemental des Relais PE"])
    #expect(Organisations.split("- Caf et MSA\n- PMI") == ["Caf et MSA", "PMI"])
    #expect(Organisations.split("CC (élus CC et locaux, services supports)") == ["CC (élus CC et locaux, services supports)"])
    #expect(Organisations.atoms(["Caf et MSA", "PMI – CAF"]) == ["Caf", "MSA", "PMI – CAF"])
}

@Test func organisationsRunOnWithCommasAreSplitButNotEnumerationsOrComplements() {
    #expect(Organisations.split("Caf, MSA") == ["Caf", "MSA"])
    #expect(Organisations.split("Les EAJE, ACM et RPE") == ["Les EAJE", "ACM et RPE"])
    #expect(Organisations.split("RPE et EAJE, référent parentalité\nPMI") == ["RPE et EAJE", "référent parentalité", "PMI"])
    #expect(Organisations.split("Le pôle d'appui (PARI), le Pays Beaunois") == ["Le pôle d'appui (PARI)", "le Pays Beaunois"])
    // nouns in lower case are entries; an article after a complement goes on with it
    #expect(Organisations.split("Professionnels, bénévoles, parents, grands-parents") == ["Professionnels", "bénévoles", "parents", "grands-parents"])
    #expect(Organisations.split("Professionnels d'accueil, Acteurs du secteur périnatal, de la petite enfance, la parentalité")
            == ["Professionnels d'accueil", "Acteurs du secteur périnatal, de la petite enfance, la parentalité"])
    // a heading and its enumeration; complements of one noun; an adjective; commas inside parentheses
    #expect(Organisations.split("Acteurs locaux : mairies, CCAS") == ["Acteurs locaux : mairies, CCAS"])
    #expect(Organisations.split("Acteurs du secteur périnatal, de la petite enfance, la parentalité")
            == ["Acteurs du secteur périnatal, de la petite enfance, la parentalité"])
    #expect(Organisations.split("Associations sportives, culturelles, de loisirs") == ["Associations sportives, culturelles, de loisirs"])
    #expect(Organisations.split("Professionnels petite enfance, du champ du handicap") == ["Professionnels petite enfance, du champ du handicap"])
    #expect(Organisations.split("Services (Culture, Sports), Communes") == ["Services (Culture, Sports)", "Communes"])
    #expect(Organisations.split("Service petite enfance - PMI\n2022") == ["Service petite enfance", "PMI"])
    // two services joined by "et", acronyms side by side
    #expect(Organisations.split("Service enfance jeunesse et service culturel de la CCPSE")
            == ["Service enfance jeunesse", "service culturel de la CCPSE"])
    #expect(Organisations.split("CAF MSA\nPMI") == ["CAF", "MSA", "PMI"])
    #expect(Organisations.split("Services enfance et jeunesse") == ["Services enfance et jeunesse"])
    #expect(Organisations.split("REAPP 63") == ["REAPP 63"])
}

@Test func fieldLabelsMatchSynonymsNotWords() {
    #expect(FieldLabels.match("Pilote")?.field == .pilotes)
    #expect(FieldLabels.match("Responsables de l'action")?.field == .pilotes)
    #expect(FieldLabels.match("Partenaires associés : Caf, MSA")?.rest == "Caf, MSA")
    #expect(FieldLabels.match("Services mobilisés / partenaires / acteurs ressource")?.field == .partenaires)
    #expect(FieldLabels.match("Indicateurs de suivi / d'évaluation")?.field == .indicateurs)
    #expect(FieldLabels.match("Échéance : fin 2024")?.field == .calendrier)
    #expect(FieldLabels.match("Piloter la démarche") == nil)
    // other wordings of the same fields
    #expect(FieldLabels.match("Porteur du projet : Commune")?.field == .pilotes)
    #expect(FieldLabels.match("Structure(s) porteuse(s) : Commune")?.rest == "Commune")
    #expect(FieldLabels.match("Partenaires à mobiliser : Caf")?.field == .partenaires)
    #expect(FieldLabels.match("Public bénéficiaire : Jeunes")?.field == .public)
    #expect(FieldLabels.match("Échéance de réalisation : 2024")?.field == .calendrier)
    #expect(FieldLabels.match("Indicateurs de réussite :")?.field == .indicateurs)
    #expect(FieldLabels.match("Résultats escomptés :")?.field == .resultats)
    #expect(FieldLabels.match("Public les familles") == nil)
    // the label's closing parenthesis as OCR misreads it
    for ocr in ["Acteur(s)/ Partenaire(s) associé(s}", "Acteur(s)/ Partenaire(s) associé(s]", "Acteur(s)/ Partenaire($) associé(s)"] {
        let m = FieldLabels.match(ocr)
        #expect(m?.field == .partenaires && m?.rest == "", "\(ocr)")
    }
    // the value after the label as printed
    #expect(FieldLabels.match("Moyens : 500 $ par an")?.rest == "500 $ par an")
}

@Test func listItemsFromBlocksAndInlineBullets() {
    #expect(Text.items("- Evolution du taux - Relais d'informations.") == ["Evolution du taux", "Relais d'informations"])
    #expect(Text.items("• Parents\n• Enfants") == ["Parents", "Enfants"])
    #expect(Text.items("Saint-Eloy - petite-enfance") == ["Saint-Eloy - petite-enfance"])
}

@Test func thematiqueFromHeadingAndVocabulary() {
    #expect(ThematiqueVocabulary.fromHeading("Axe 2 : Enfance-Jeunesse") == .enfanceJeunesse)
    #expect(ThematiqueVocabulary.fromHeading("PETITE ENFANCE (0-3 ans)") == .petiteEnfance)
    #expect(ThematiqueVocabulary.fromHeading("Axe 3 : Isolement des publics") == .animationVieSociale)
    #expect(ThematiqueVocabulary.fromContent("Création d'un LAEP itinérant pour les parents")?.0 == .parentalite)
    // words of CTG plans beyond the corpus's
    #expect(ThematiqueVocabulary.fromContent("Ouvrir une microcrèche de 10 places")?.0 == .petiteEnfance)
    #expect(ThematiqueVocabulary.fromContent("Développer le covoiturage solidaire")?.0 == .mobilite)
    #expect(ThematiqueVocabulary.fromContent("Lutter contre l'illectronisme des seniors")?.0 == .inclusionNumerique)
    #expect(ThematiqueVocabulary.fromContent("Prévenir les expulsions locatives")?.0 == .logement)
    #expect(ThematiqueVocabulary.fromContent("Créer un espace jeunes intercommunal")?.0 == .jeunesse)
    #expect(ThematiqueVocabulary.fromContent("Mettre en place un café des parents")?.0 == .parentalite)
    // a phrase written with a hyphen or a space is one entry, counted once
    for (t, patterns) in ThematiqueVocabulary.contentPatterns {
        #expect(Set(patterns.map(\.0)).count == patterns.count, "\(t): the same phrase twice")
    }
}

/// A title about digital skills and their support is digital inclusion whatever its heading; a title that only
/// names the numérique (services administratifs et numériques, cultures numériques) is not settled by its title.
@Test func thematiqueSettledByTitle() {
    #expect(ThematiqueVocabulary.fromTitle("Maintenir et développer l'accompagnement au numérique") == .inclusionNumerique)
    #expect(ThematiqueVocabulary.fromTitle("Mettre en œuvre un programme d'actions numériques à destination de tout public") == .inclusionNumerique)
    #expect(ThematiqueVocabulary.fromTitle("Définir une stratégie mobilité à l'échelle intercommunale") == .mobilite)
    #expect(ThematiqueVocabulary.fromTitle("Recenser et diffuser l'offre de services administratifs et numériques du territoire") == nil)
    #expect(ThematiqueVocabulary.fromTitle("Eduquer les enfants et les jeunes aux cultures numériques et multimédias") == nil)
}

/// A heading that names two thématiques outright: the fiche's title decides between them, where it speaks of one.
@Test func thematiqueUnderAHeadingNamingTwo() {
    let heading = "Renforcer l'inclusion numérique et l'accès aux droits"
    #expect(ThematiqueVocabulary.underHeading(heading, title: "Promotion des lieux et points d'accès informatique : centres sociaux, espace jeunes") == .inclusionNumerique)
    #expect(ThematiqueVocabulary.underHeading(heading, title: "Sensibilisation des professionnels aux problématiques d'accès aux droits") == .accesAuxDroits)
    // a title that speaks of neither: the heading's own (the longest phrase)
    #expect(ThematiqueVocabulary.underHeading(heading, title: "Réunir les partenaires") == .accesAuxDroits)
    // a heading naming one thématique (familles is a cue, not a name): the title does not override it
    #expect(ThematiqueVocabulary.underHeading("Adapter l'offre petite enfance aux besoins des familles",
                                              title: "Réflexion autour des besoins des familles monoparentales et des parents") == .petiteEnfance)
}

@Test func hierarchyGroupsFichesUnderAxeAndObjectif() {
    func f(_ k: String, _ axe: String?, _ obj: String?) -> Fiche { Fiche(key: k, title: "t\(k)", axe: axe, objectif: obj, layout: "x") }
    let tree = Segmenter.hierarchy([f("1", "A", "o1"), f("2", "A", "o1"), f("3", "A", "o2"), f("4", "B", nil), f("5", nil, nil)])
    #expect(tree.map(\.title) == ["A", "B", ""])
    #expect(tree[0].children.map(\.fiches) == [["1", "2"], ["3"]])
    #expect(tree[1].fiches == ["4"])
    #expect(tree[2].kind == "document" && tree[2].fiches == ["5"])
}

@Test func statementsRunTogetherInOneItemAreCut() {
    // a list cell flattened into one line (corpus 003)
    #expect(Text.runOnStatements("Nombre annuel de réunions Participations à la journée des assistants maternels")
            == ["Nombre annuel de réunions", "Participations à la journée des assistants maternels"])
    #expect(Text.runOnStatements("Nombre d'ateliers mis en place Retours des publics et des professionnels")
            == ["Nombre d'ateliers mis en place", "Retours des publics et des professionnels"])
    // a name inside the phrase, an acronym, a capital after an article or a preposition: whole
    for s in ["Nombre de familles accompagnées par le Relais Petite Enfance",
              "Mise en place du Conseil communautaire de jeunes",
              "Nombre de jeunes accompagnés via les PDN chaque année",
              "Taux de fréquentation des accueils Caf du territoire",
              "Nombre de jeunes orientés vers Mission locale chaque année",
              "Nombre de réunions"] {
        #expect(Text.runOnStatements(s) == [s])
    }
}

/// A fiche whose labels are worded otherwise than in the corpus ("Porteur du projet", "Partenaires à mobiliser",
/// "Public bénéficiaire", "Échéance de réalisation", "Indicateurs de réussite", "Résultats escomptés"): synthetic, in
/// the corpus's "Label : value" style.
@Test func ficheWithOtherLabelWordings() throws {
    let text = """
    Fiche action 3 : Développer l'accueil des jeunes sur le territoire

    Porteur du projet : Commune de Montbard

    Partenaires à mobiliser : Caf, MSA, Mission locale

    Public bénéficiaire : Jeunes de 11 à 17 ans

    Échéance de réalisation : 2024-2025

    Indicateurs de réussite :
    - Nombre de jeunes accueillis
    - Taux de satisfaction des familles

    Résultats escomptés : Une offre mieux connue des familles
    """
    let doc = try TextDumpExtractor().extract(data: Data(text.utf8), source: "x.txt")
    let f = try #require(LabelledBlocks().segment(DocumentView(doc)).fiches.first)
    #expect(f.pilotes == ["Commune de Montbard"])
    #expect(f.partenaires == ["Caf", "MSA", "Mission locale"])
    #expect(f.public == "Jeunes de 11 à 17 ans")
    #expect(f.years == [2024, 2025])
    #expect(f.indicateurs == ["Nombre de jeunes accueillis", "Taux de satisfaction des familles"])
    #expect(f.raw["resultats"] == "Une offre mieux connue des familles")
}
