import CTGExtract
import CTGModel
import Foundation
import Testing
@testable import CTGSegment

@Suite struct LabelledBlocksTests {
    /// Fiche headings wrapped at the page width (corpus 000 rendered without rulings): the second line ends the
    /// title, even when it is a label word in lower case ("territoire") or longer than a short fragment.
    @Test func wrappedTitlesAreWhole() throws {
        let r = LabelledBlocks().segment(try fixtureView("blocks-wrapped-titles"))
        #expect(r.fiches.map(\.title) == [
            "Favoriser la fidélisation et l'installation d'assistants maternels sur le territoire",
            "Favoriser l'inclusion des enfants en situation de handicap ou présentant des problématiques de santé au sein des accueils collectifs de mineurs",
        ])
        #expect(r.fiches.map(\.pilotes) == [["Communauté de communes", "PMI"], ["Communauté de communes"]])
    }

    /// An axe heading spread by justification, which the OCR cut into cells at its wide blanks, is read as a line,
    /// also when a cell holds three words ("L'OFFRE ET CREER"); a table row of longer cells is not.
    @Test func spacedOutHeadingIsALine() {
        let cells = ["AXE 2", "", "MAINTENIR", "", "", "L'OFFRE ET CREER", "", "DE", "", "NOUVELLES ACTIONS"]
        #expect(BlockReader.spacedOutHeading(cells) == "AXE 2 MAINTENIR L'OFFRE ET CREER DE NOUVELLES ACTIONS")
        #expect(BlockReader.spacedOutHeading(["AXE 2", "Maintenir l'offre existante du territoire", "2023"]) == nil)
        #expect(BlockReader.spacedOutHeading(["Pilote", "CAF", "MSA"]) == nil)
    }

    @Test func titleContinuationNeedsItsCues() {
        // short: lower case, or a title ending on a word that cannot end it
        #expect(BlockReader.titleContinuation("territoire", of: "Favoriser l'installation sur le"))
        #expect(BlockReader.titleContinuation("Ville de Joinville", of: "Créer un accueil sur la"))
        // longer: both
        #expect(BlockReader.titleContinuation("problématiques de santé au sein des accueils collectifs de mineurs", of: "… ou présentant des"))
        #expect(!BlockReader.titleContinuation("extrascolaires en lien avec les partenaires du territoire", of: "… sur les temps"))
        #expect(!BlockReader.titleContinuation("Réaliser un recensement des besoins de formations", of: "… présentant des"))
        #expect(!BlockReader.titleContinuation("- former les professionnels", of: "… présentant des"))
        // a parenthesised acronym, not a year
        #expect(BlockReader.titleContinuation("(MAM)", of: "… la création de Maisons d'Assistants Maternels"))
        #expect(!BlockReader.titleContinuation("(2023)", of: "… la création de Maisons d'Assistants Maternels"))
    }

    @Test func findsDetailedFichesAndKeepsSummaryApart() throws {
        let view = try fixtureView("blocks-labelled-fiches")
        let r = LabelledBlocks().segment(view)
        #expect(NumberedActions().segment(view).fiches.isEmpty)
        let numbers = r.fiches.map { $0.number ?? "" }
        #expect(numbers == ["0", "0bis", "3", "1"])
        #expect(r.spans.count == r.fiches.count)
        // Detailed fiches are confident; the summary-only entry "Action 1" is not.
        let byNumber = Dictionary(uniqueKeysWithValues: r.fiches.map { ($0.number ?? "", $0) })
        #expect(try #require(byNumber["0bis"]).confidence >= 0.85)
        #expect(try #require(byNumber["1"]).confidence < 0.6)
    }

    @Test func readsLabelledFields() throws {
        let r = LabelledBlocks().segment(try fixtureView("blocks-labelled-fiches"))
        let f = try #require(r.fiches.first { $0.number == "0bis" })
        #expect(f.title == "Définir la coordination thématique")
        #expect(f.axe == "Gouvernance")   // heading text on the line after "AXE 0 :"
        #expect(f.objectif == "Assurer la coordination thématique sur le territoire")
        #expect(f.thematique == .gouvernance)
        #expect(f.pilotes == ["Chargés de coopération"])
        #expect(f.public == "acteurs des champs thématiques de la CTG")
        #expect(f.partenaires.contains("PMI") && f.partenaires.contains("CD21"))
        #expect(f.indicateurs.count == 3)
        #expect(f.years.isEmpty)
        #expect(f.evidence.contains { $0.subject == "boundary" && $0.rule == "heading.numbered-fiche" })
        #expect(f.provenance != nil)

        let three = try #require(r.fiches.first { $0.number == "3" })
        #expect(three.axe == "Petite enfance")
        #expect(three.thematique == .petiteEnfance)
        #expect(three.pilotes.contains("PMI"))
        #expect(three.calendrier == "Etude à poursuivre à la signature de la CTG ; Actions ponctuelles à définir chaque année")
        // "Indicateurs de suivi" and "Indicateurs d'évaluation" together, in order.
        #expect(three.indicateurs.count == 3)
        #expect(three.indicateurs.last == "Niveau de satisfaction des assistants maternels en poste")
    }

    @Test func headingPatterns() {
        #expect(BlockHeading.parse("Fiche action 0bis : Définir la coordination")?.number == "0bis")
        #expect(BlockHeading.parse("Fiche action 12 : Favoriser l'accès")?.title == "Favoriser l'accès")
        #expect(BlockHeading.parse("FICHE ACTION N°3 - Créer un LAEP")?.number == "3")
        #expect(BlockHeading.parse("Action 1-1-1 => optimiser le taux")?.parts == ["1", "1", "1"])
        #expect(BlockHeading.parse("Action 2-2-1 → Proposer des espaces")?.separator == "→")
        #expect(BlockHeading.parse("Actions 2023 de la commune") == nil)
        #expect(BlockHeading.parse("Action 3 mettre en place") == nil)
    }

    @Test func furniturePatterns() {
        #expect(FurniturePatterns.matches("AR Prefecture"))
        #expect(FurniturePatterns.matches("063-200072080-20220607-CC20220406-DE"))
        #expect(FurniturePatterns.matches("061-20073880-20220607-AL2-00406-DE"))
        #expect(FurniturePatterns.matches("Reçu le 20/06/2022"))
        #expect(FurniturePatterns.matches(" Publié le 20/06/2022"))
        #expect(!FurniturePatterns.matches("Calendrier 2023"))
        #expect(!FurniturePatterns.matches("Publics visés : acteurs"))
    }

    @Test func thematiqueNames() {
        #expect(ThematiqueVocabulary.namedIn("Proposer des solutions de soutien à la parentalité") == .parentalite)
        #expect(ThematiqueVocabulary.namedIn("Favoriser l'autonomie, l'émancipation des jeunes") == nil)
    }
}

@Suite struct OCRHeadingTests {
    @Test func aNumberReadAsALetter() {
        #expect(BlockHeading.parse("Fiche action Obis : Définir la coordination thématique")?.number == "0bis")
        #expect(BlockHeading.parse("Fiche action O : Mettre en place une gouvernance")?.number == "0")
        #expect(BlockHeading.parse("Action l : Développer l'offre")?.number == "1")
        #expect(BlockHeading.parse("Action Obligatoire : rien") == nil)
        #expect(BlockHeading.parse("Actions lourdes : rien") == nil)
    }

    @Test func aLabelAfterAStrayBorderGlyph() {
        #expect(BlockReader.label("Î Pilote")?.field == .pilotes)
        #expect(BlockReader.label("[Pilote")?.field == .pilotes)
        #expect(BlockReader.label("T Public ciblé")?.field == .public)
        #expect(BlockReader.label("a Pilote") == nil)
        #expect(BlockReader.label("T Public ciblé par les actions de la commune") == nil)
        // a sub-action table's header cell, after a border read as a letter (scanned 003: "I Actions", "J Actions")
        #expect(BlockReader.isTableHeaderWord("I Actions") && BlockReader.isTableHeaderWord("J Actions") && BlockReader.isTableHeaderWord("Actions"))
        #expect(!BlockReader.isTableHeaderWord("I Actions de prévention") && !BlockReader.isTableHeaderWord("A Actions"))
    }
}

/// Fiches written as "Label : value" lines (corpus dump 002's label | value tables, lines 125-180, with each row
/// written as one line), status badges above and below them. Numbered "1.1", "1.2": read by `NumberedActions`, whose
/// reading is `LabelledBlocks`' (`BlockReader`).
@Suite struct ColonLabelledFichesTests {
    @Test func statusBadgesGoToTheirFichesAndStayOutOfTheFields() throws {
        // (the detailed fiches; the excerpt's references to others, "voir fiche action 3.2", are summary entries)
        var r = NumberedActions().segment(try fixtureView("blocks-colon-labels-002"))
        r.fiches = r.fiches.filter { $0.evidence.contains { $0.rule == "heading.numbered-fiche" } }
        #expect(r.fiches.map(\.number) == ["1.1", "1.2", "1.3"])
        // 1.1: the badge under it; 1.2: the badge above it ("**ACTION" / "ENGAGÉE**"), not 1.1's; 1.3: the one under it
        #expect(r.fiches.map(\.status) == [.engagee, .engagee, .nouvelle])
        #expect(r.fiches.map { $0.evidence.first { $0.subject == "status" }?.rule } == ["badge.after", "badge.before", "badge.after"])
        #expect(r.fiches.allSatisfy { !($0.calendrier ?? "").localizedCaseInsensitiveContains("action") })
    }

    /// A table row "Petite enfance | Enjeu 1 : …" written as one "label : value" line is the axe heading of the
    /// fiches under it, not a line of the calendar above it.
    @Test func anAxeHeadingAfterItsThematiqueNameSetsTheAxe() throws {
        var r = NumberedActions().segment(try fixtureView("blocks-colon-labels-002"))
        r.fiches = r.fiches.filter { $0.evidence.contains { $0.rule == "heading.numbered-fiche" } }
        #expect(r.fiches.map(\.axe) == Array(repeating: "Avoir acces au mode d'accueil de son choix", count: 3))
        // (1.2 and 1.3, each followed by such a line; 1.1 by the bold heading of the fiche page, "**Enjeu 1 : …", which the
        // normaliser unwraps before the segmenter reads it)
        #expect(r.fiches.dropFirst().map(\.calendrier) == ["À partir de 2021", "A partir de 2022"])
        #expect(BlockReader.themeStripped("Petite enfance : Enjeu 1 : AVOIR ACCES") == ("Enjeu 1 : AVOIR ACCES", "Petite enfance"))
        #expect(BlockReader.themeStripped("Petite enfance : Créer un LAEP") == ("Petite enfance : Créer un LAEP", nil))
        #expect(BlockReader.themeStripped("Pilote : Axe 2 du projet") == ("Pilote : Axe 2 du projet", nil))
        // a thématique named in a phrase of its vocabulary
        #expect(BlockReader.themeStripped("Accès aux services administratifs et démarches en ligne : ENJEU 4 : RENFORCER LES LIENS")
                == ("ENJEU 4 : RENFORCER LES LIENS", "Accès aux services administratifs et démarches en ligne"))
    }

    /// A fiche without a number whose title paragraph stands between status badges, after the last field of the fiche
    /// above ("ACTION NOUVELLE" / title / "NOUVELLE" / its first label): a fiche of its own, not a line of that field.
    @Test func aTitleBetweenBadgesStartsAFiche() throws {
        let text = """
            Action 4.1 : Mettre en réseau les acteurs du territoire
            Constats : Des acteurs nombreux
            Pilote de l'action : Communauté de Communes
            Partenaires : Intervenants extérieurs
            Calendrier : À partir de 2021

            ACTION NOUVELLE

            Engager une réflexion sur la thématique « Accès aux droits et accompagnement social »

            NOUVELLE

            Constats : Un diagnostic partagé
            Pilote de l'action : Communauté de communes Vie et Boulogne
            Calendrier : A compter de 2022
            """
        let doc = try TextDumpExtractor().extract(data: Data(text.utf8), source: "x.txt")
        let fiches = LabelledBlocks().segment(DocumentView(doc)).fiches
        #expect(fiches.map(\.title) == ["Mettre en réseau les acteurs du territoire",
                                         "Engager une réflexion sur la thématique « Accès aux droits et accompagnement social »"])
        #expect(fiches.first?.calendrier == "À partir de 2021")
        #expect(fiches.last?.pilotes == ["Communauté de communes Vie et Boulogne"])
    }

    /// "Indicateurs d'évaluation**Résultats attendus**": two column headers glued by bold markers, then the first
    /// column's bulleted list and the second column's two paragraphs. The change from bullets to paragraphs ends the
    /// indicators; "Actions**Calendrier**" over the sub-action table is no partner.
    @Test func stackedLabelsSplitTheirValuesWhereTheListStyleChanges() throws {
        let r = NumberedActions().segment(try fixtureView("blocks-stacked-indicators-003"))
        let f = try #require(r.fiches.first)
        #expect(f.indicateurs == ["Personnels en capacité de répondre et informer",
                                  "Nombre de jeunes bénéficiant d'écoute, conseils et accompagnements via les PDN",
                                  "fréquentation des ateliers et retour des publics"])
        #expect(f.raw["resultats"]?.hasPrefix("Sécuriser l'accès") == true)
        #expect(f.partenaires.last == "DSDEN")
        #expect(BlockReader.Reading.listStyleCuts([["- a", "- b"], ["c."], ["d."]], parts: 2) == [1])
        #expect(BlockReader.Reading.listStyleCuts([["a."], ["- b"], ["c."]], parts: 2) == nil)
        #expect(BlockReader.Reading.listStyleCuts([["a."], ["b."], ["c."]], parts: 2) == nil)
        // with the bold markers gone (as the normaliser leaves them), labels glued to one another come apart
        #expect(BlockReader.splitGlued("ActionsCalendrierMoyens à mobiliser") == ["Actions", "Calendrier", "Moyens à mobiliser"])
        #expect(BlockReader.splitGlued("DSDENActionsCalendrier") == ["DSDENActions", "Calendrier"])
    }

    /// The same without blank lines (as `pdftotext -layout` writes the printed fiche): the change of style inside one
    /// group of lines parts the values; failing one, two paragraphs part at a sentence's end.
    @Test func stackedLabelsWithoutBlankLines() throws {
        let base = try fixtureView("blocks-stacked-indicators-003")
        let lines = base.lines.indices.filter { !base.isBlank($0) }.map { base.lines[$0] }
        let f = try #require(NumberedActions().segment(DocumentView(lines: lines)).fiches.first)
        #expect(f.indicateurs == ["Personnels en capacité de répondre et informer",
                                  "Nombre de jeunes bénéficiant d'écoute, conseils et accompagnements via les PDN",
                                  "fréquentation des ateliers et retour des publics"])
        #expect(f.raw["resultats"]?.hasPrefix("Sécuriser l'accès") == true)
        typealias R = BlockReader.Reading
        #expect(R.listStyleCuts(lines: ["- a", "b c", "- d", "Eux.", "Fin."], parts: 2) == [3])
        #expect(R.listStyleCuts(lines: ["- a", "Eux.", "- d"], parts: 2) == nil)
        #expect(R.sentenceCuts(lines: ["Nombre de jeunes.", "Lancement du CCJ."], parts: 2) == [1])
        #expect(R.sentenceCuts(lines: ["Nombre de jeunes", "Lancement du CCJ."], parts: 2) == nil)
        #expect(R.sentenceCuts(lines: ["Un.", "Deux.", "Trois."], parts: 2) == nil)
    }

    /// A summary table whose rows without rulings were read as one (`pdftotext -layout` of corpus 000, lines 55-60):
    /// one cell holds two objectifs, the next two actions. Each heading is read, and the row's actions get no
    /// objectif from it (which goes with which is unknown): the detailed fiches keep their own.
    @Test func summaryCellsHoldingSeveralHeadings() throws {
        let text = """
        Axe 3 : Isolement des publics\tObjectif 8 : Renforcer la connaissance, l'accès et la mobilisation de l'offre disponible par les habitants Objectif 9 : Renforcer et développer le lien social entre les habitants du territoire\tAction 14 : Développer la communication autour de l'offre et des actions mises en place Action 15 : Favoriser l'accessibilité géographique des activités

        Objectif 8 : Renforcer la connaissance, l'accès et la mobilisation de l'offre disponible par les habitants

        Fiche action 14 : Développer la communication autour de l'offre et des actions mises en place

        Pilote : Communauté de communes

        Partenaires : Communes

        Fiche action 15 : Favoriser l'accessibilité géographique des activités

        Pilote : Communauté de communes

        Partenaires : Caf
        """
        let doc = try TextDumpExtractor().extract(data: Data(text.utf8), source: "x.txt")
        let fiches = LabelledBlocks().segment(DocumentView(doc)).fiches
        #expect(fiches.map(\.number) == ["14", "15"])
        #expect(fiches.allSatisfy { $0.objectif == "Renforcer la connaissance, l'accès et la mobilisation de l'offre disponible par les habitants" })
        #expect(BlockReader.splitRunOnHeadings("Objectif 8 : Renforcer l'accès par les habitants Objectif 9 : Renforcer le lien social")
                == ["Objectif 8 : Renforcer l'accès par les habitants", "Objectif 9 : Renforcer le lien social"])
        // a heading word inside the text that opens no heading stays
        #expect(BlockReader.splitRunOnHeadings("Renforcer l'Action sociale du territoire") == ["Renforcer l'Action sociale du territoire"])
    }

    /// Two fiches of corpus 003 as `pdftotext -layout` writes them (`blocks-layout-columns-003`): under the
    /// "Indicateurs d'évaluation | Résultats attendus" header, cells wrapped over several lines, one column going on
    /// alone, the two columns read one after the other, and a rule drawn with dashes.
    @Test func twoColumnIndicatorsAsLaidOutWithSpaces() throws {
        let r = NumberedActions().segment(try fixtureView("blocks-layout-columns-003"))
        let byNumber = Dictionary(r.fiches.map { ($0.number ?? "", $0) }, uniquingKeysWith: { a, _ in a })
        #expect(try #require(byNumber["3-2-1"]).indicateurs == ["Rencontre des différentes parties afin de lancer une communication commune",
                                                                "Facilité ou complexité à échanger, à rafraichir, à animer"])
        #expect(try #require(byNumber["4-2-1"]).indicateurs == ["Nombre de participants et secteur d'origine des participants",
                                                                "Diversité des thèmes abordés et sollicitations d'autres événements"])
        #expect(byNumber["3-2-1"]?.raw["resultats"]?.hasPrefix("Existence d'un outil centralisant") == true)
    }

    /// Fiches headed by their bare section number and title ("1.2 - Développer …", no "Action" word) over their
    /// labels (synthetic): the number is the fiche's, and a fiche found by its repeated first label stays under the
    /// axe its number names.
    @Test func titlesOpeningWithASectionNumber() throws {
        let text = """
        AXE 1 – PETITE ENFANCE

        1.1 Créer un lieu d'accueil enfants-parents itinérant

        Pilote : Communauté de communes
        Partenaires : Caf, MSA
        Calendrier : 2024

        1.2 - Développer l'offre d'accueil du jeune enfant

        Pilote : Commune
        Partenaires : Caf
        Calendrier : 2025

        AXE 2 – JEUNESSE

        2.1. Soutenir les projets des jeunes

        Pilote : Service jeunesse
        Partenaires : Caf
        Calendrier : 2024-2026
        """
        let doc = try TextDumpExtractor().extract(data: Data(text.utf8), source: "x.txt")
        // (numbered, they are `NumberedActions`' to read)
        let fiches = NumberedActions().segment(DocumentView(doc)).fiches
        #expect(fiches.map(\.number) == ["1.1", "1.2", "2.1"])
        #expect(fiches.map(\.title) == ["Créer un lieu d'accueil enfants-parents itinérant", "Développer l'offre d'accueil du jeune enfant",
                                        "Soutenir les projets des jeunes"])
        #expect(fiches.map(\.axe) == ["Petite enfance", "Petite enfance", "Jeunesse"])
        #expect(BlockReader.titleHeading("2023 : bilan des actions menées").number == "")
        #expect(BlockReader.titleHeading("3) Mettre en place un observatoire").number == "3")
        #expect(BlockReader.titleHeading("1.2 Créer").number == "")   // too short a title to be one
    }

    /// The header cells "Indicateurs d'évaluation" and "Résultats attendus" read as one line (scanned 003, fiche
    /// 4-2-1: the OCR joined them), the row of values below: the row's cells go to the two fields.
    @Test func twoColumnHeaderReadAsOneLine() throws {
        let text = """
        Action 4-2-1 => Organiser des ateliers de prévention

        Responsables de l'action

        Les associations partenaires

        Indicateurs d'évaluation Résultats attendus
        Nombre de participants et secteur d'origine des participants\tRépondre aux préoccupations des participants.
        """
        let doc = try TextDumpExtractor().extract(data: Data(text.utf8), source: "x.txt")
        let f = try #require(NumberedActions().segment(DocumentView(doc)).fiches.first)
        #expect(f.indicateurs == ["Nombre de participants et secteur d'origine des participants"])
        #expect(f.raw["resultats"] == "Répondre aux préoccupations des participants.")
    }

    /// Summary entries wrapped over two lines (scanned 003, as the OCR reads the summary list): the year in
    /// parentheses on the next line is still the entry's, and dates the detailed fiche; a lower-case end goes on
    /// with the title.
    @Test func summaryEntryWrappedOverTwoLines() throws {
        let text = """
        - Action 1-2-3 : Réfléchir à l'accompagnement pour la création de Maisons d'Assistants Maternels (MAM)
        (2023)
        - Action 1-2-4 : Faciliter l'accueil spécifique : horaires atypiques, handicap, accueil d'urgence,
        occasionnel

        Action 1-2-3 => Réfléchir à l'accompagnement pour la création de Maisons d'Assistants Maternels (MAM)

        Public ciblé

        Assistants maternels

        Responsables de l'action

        RPE

        Indicateurs d'évaluation

        Nombre de projets de MAM accompagnés
        """
        let doc = try TextDumpExtractor().extract(data: Data(text.utf8), source: "x.txt")
        let fiches = Segmenter().segment(doc).fiches
        let f = try #require(fiches.first { $0.number == "1-2-3" })
        #expect(f.years == [2023])
        #expect(fiches.first { $0.number == "1-2-4" }?.title == "Faciliter l'accueil spécifique : horaires atypiques, handicap, accueil d'urgence, occasionnel")
    }

    /// Corpus dump 002 written as "Label : value" lines without blank lines (`blocks-colon-noblank-002`): the two
    /// fiches d'engagement, each a title line between status badges before its first label, the second titled
    /// "Transversal : Définir …". A badge parts the values around it as a blank line would.
    @Test func fichesBetweenBadgesWithoutBlankLines() throws {
        let doc = try fixtureDocument("blocks-colon-noblank-002")
        let fiches = Segmenter().segment(doc).fiches
        let titles = fiches.map(\.title)
        #expect(titles.contains("Engager une réflexion sur la thématique « Accès aux droits et accompagnement social »"))
        #expect(titles.contains("Définir et mettre en œuvre le schéma de coordination à l'échelle intercommunale"))
        #expect(fiches.first { $0.title.hasPrefix("Définir et mettre") }?.thematique == .gouvernance)
        #expect(!fiches.contains { $0.calendrier?.contains("Engager") == true })
    }

    @Test func moyensEtRessourcesEndsThePartners() throws {
        let r = NumberedActions().segment(try fixtureView("blocks-colon-labels-002"))
        #expect(r.fiches.first?.partenaires == ["Communauté de Communes : services urbanisme et économie", "CAF", "PMI",
                                                "Professionnels de l'accueil petite enfance", "Parents"])
        #expect(FieldLabels.match("Moyens et Ressources : Observatoire")?.field == .moyens)
        #expect(FieldLabels.match("Contexte initial : Elaboration partagée")?.field == .constats)
    }

    @Test func badgesPrintedOnlyAboveOrOnlyBelowTheFiches() throws {
        func statuses(_ text: String) throws -> [FicheStatus?] {
            let doc = try TextDumpExtractor().extract(data: Data(text.utf8), source: "x.txt")
            return LabelledBlocks().segment(DocumentView(doc)).fiches.map(\.status)
        }
        let above = """
            ACTION NOUVELLE
            Action 1 : Créer un lieu d'accueil enfants parents
            Pilote : Commune
            Partenaires : Caf, MSA
            Calendrier : 2024

            ACTION ENGAGÉE
            Action 2 : Soutenir les familles monoparentales
            Pilote : CCAS
            Partenaires : Caf
            Calendrier : 2025
            """
        #expect(try statuses(above) == [.nouvelle, .engagee])
        let below = """
            Action 1 : Créer un lieu d'accueil enfants parents
            Pilote : Commune
            Partenaires : Caf, MSA
            Calendrier : 2024
            ACTION NOUVELLE

            Action 2 : Soutenir les familles monoparentales
            Pilote : CCAS
            Partenaires : Caf
            Calendrier : 2025
            ACTION ENGAGÉE
            """
        #expect(try statuses(below) == [.nouvelle, .engagee])
    }
}

/// Unnumbered fiches (synthetic: every corpus document numbers its fiches): a bare "FICHE ACTION" heading whose
/// title comes with an "Intitulé de l'action" label, "Fiche action : <title>", and fiches opened by their title
/// label alone.
@Suite struct UnnumberedFichesTests {
    func fiches(_ text: String) throws -> [Fiche] {
        let doc = try TextDumpExtractor().extract(data: Data(text.utf8), source: "x.txt")
        return LabelledBlocks().segment(DocumentView(doc)).fiches
    }

    @Test func ficheActionHeadingsWithoutNumbers() throws {
        let f = try fiches("""
            Axe 1 : Petite enfance

            FICHE ACTION
            Intitulé de l'action : Créer un lieu d'accueil enfants parents itinérant
            Pilote : Communauté de communes
            Partenaires : Caf, PMI, communes
            Calendrier : 2024-2025

            Fiche action : Développer l'accès aux droits dans les communes rurales
            Pilote : CCAS
            Partenaires : Caf, MSA, France Services
            Calendrier : 2024
            """)
        #expect(f.map(\.title) == ["Créer un lieu d'accueil enfants parents itinérant", "Développer l'accès aux droits dans les communes rurales"])
        #expect(f.allSatisfy { $0.number == nil })
        #expect(f.map(\.pilotes) == [["Communauté de communes"], ["CCAS"]])
        #expect(f.map(\.years) == [[2024, 2025], [2024]])
        #expect(f.map { $0.evidence.first { $0.subject == "boundary" }?.rule } == ["heading.unnumbered-fiche", "heading.unnumbered-fiche"])
        #expect(f.first?.evidence.first { $0.subject == "title" }?.rule == "label.title")
    }

    @Test func titleLabelsOpenFichesOfTheirOwn() throws {
        let f = try fiches("""
            Intitulé de l'action : Soutenir l'installation d'assistants maternels
            Pilote : Relais Petite Enfance
            Partenaires : Caf, PMI

            Intitulé de l'action
            Mettre en réseau les accueils de loisirs
            Pilote : Communauté de communes
            Public visé : Enfants de 3 à 11 ans
            """)
        #expect(f.map(\.title) == ["Soutenir l'installation d'assistants maternels", "Mettre en réseau les accueils de loisirs"])
        #expect(f.map { $0.evidence.first { $0.subject == "boundary" }?.rule } == ["label.title-fiche", "label.title-fiche"])
    }

    /// A fiche's own "Objectifs" field is its objectif where no objectif heading stands above it; the heading wins.
    @Test func labelledObjectifsWithoutAHeading() throws {
        let f = try fiches("""
            AXE 2 - JEUNESSE

            FICHE ACTION N°4 : Créer un point information jeunesse
            Objectifs opérationnels :
            - Informer les jeunes de 15 à 25 ans
            - Faciliter l'accès aux droits
            PORTEUR : Commune de Nevers
            PARTENAIRES : Caf ; Mission locale ; Département
            ÉCHÉANCIER : septembre 2024

            Objectif 3 : Soutenir les familles
            FICHE ACTION N°5 : Accompagner les familles dans les démarches numériques
            Objectifs opérationnels : Réduire la fracture numérique
            PORTEUR : CCAS
            ÉCHÉANCIER : 2024-2025
            """)
        #expect(f.map(\.objectif) == ["Informer les jeunes de 15 à 25 ans ; Faciliter l'accès aux droits", "Soutenir les familles"])
        #expect(f.map(\.pilotes) == [["Commune de Nevers"], ["CCAS"]])
        #expect(f.first?.partenaires == ["Caf", "Mission locale", "Département"])
        #expect(f.map(\.years) == [[2024], [2024, 2025]])
    }

    @Test func proseAndSectionTitlesAreNoFicheHeadings() {
        #expect(BlockHeading.parseUnnumbered("FICHE ACTION") != nil)
        #expect(BlockHeading.parseUnnumbered("Fiche-action – Créer un LAEP")?.title == "Créer un LAEP")
        #expect(BlockHeading.parseUnnumbered("FICHES ACTIONS") == nil)
        #expect(BlockHeading.parseUnnumbered("Fiche action réalisée en 2022 avec les communes") == nil)
        #expect(BlockHeading.parseUnnumbered("Action de soutien : les communes") == nil)
    }
}

/// Fiches without a number whose title stands right above their first label, no heading word before it (corpus dump
/// 002's "Fiche Action d'engagement", lines 236-300 rewritten as "Label : value" lines: "Enfance : Elaborer le plan
/// d'actions enfance (3-11 ans)" / "Contexte initial : …").
@Suite struct TitleAboveLabelsTests {
    @Test func aShortLineAboveTheFirstLabelTitlesAFiche() throws {
        let r = LabelledBlocks().segment(try fixtureView("blocks-colon-unnumbered-002"))
        #expect(r.fiches.map(\.title) == ["Favoriser la mise en lien entre les différents modes d'accueil",
                                          "Elaborer le plan d'actions enfance (3-11 ans)", "Elaborer le plan d'actions jeunesse (12-17 ans)"])
        #expect(r.fiches.map(\.number) == ["3.2", nil, nil])
        #expect(r.fiches.dropFirst().map(\.thematique) == [.enfance, .jeunesse], "the thématique before the title")
        #expect(r.fiches.dropFirst().allSatisfy { $0.pilotes == ["Communauté de communes Vie et Boulogne"] })
        #expect(r.fiches.dropFirst().allSatisfy { $0.evidence.first { $0.subject == "boundary" }?.rule == "heading.title-above-labels" })
    }

    @Test func proseOpeningWithALabelWordIsNoFiche() throws {
        let text = """
            Trois groupes de travail thématiques : composés des référents de structures par
            domaines d'intervention, des acteurs de terrain, des référents CTG et du cabinet conseil.
            Public : les familles du territoire
            Calendrier : 2023-2026
            """
        let doc = try TextDumpExtractor().extract(data: Data(text.utf8), source: "x.txt")
        #expect(LabelledBlocks().segment(DocumentView(doc)).fiches.isEmpty)
    }

    /// A table's header cells read as lines (a plan table without rulings): a label alone on its line under the
    /// plan's title opens no fiche (corpus 004's plan, its header as poppler reads it without rulings).
    @Test func aHeaderCellUnderThePlanTitleIsNoFiche() throws {
        let text = """
            Plan d'actions 2023-2027 - Moyens mobilisés par chaque signataire dans le cadre des objectifs partagés
            Champs d'intervention
            Nature de l'offre à développer en partenariat avec la Caf
            Moyens mobilisés par les partenaires
            Objectif(s)
            Indicateurs de suivi
            Echéance
            """
        let doc = try TextDumpExtractor().extract(data: Data(text.utf8), source: "x.txt")
        #expect(LabelledBlocks().segment(DocumentView(doc)).fiches.isEmpty)
    }
}

/// An unnumbered fiche whose label | value rows come out as a label line over its value: its title is the short line
/// above the first label; a table's header cell alone over a line ("Champs d'intervention" over "Nature de l'offre…")
/// opens no fiche.
@Test func unnumberedFicheWithLabelsOverValues() throws {
    let r = LabelledBlocks().segment(try fixtureView("blocks-stacked-unnumbered-002"))
    #expect(r.fiches.count == 1)
    let f = try #require(r.fiches.first)
    #expect(f.title == "Elaborer le plan d'actions jeunesse (12-17 ans)")
    #expect(f.pilotes == ["Communauté de communes Vie et Boulogne"])
    #expect(f.years == [2021])
    let header = ["Plan d'actions 2023-2027 - Moyens mobilisés par chaque signataire", "", "Champs d'intervention",
                  "Nature de l'offre à développer en partenariat avec la Caf", "", "Descriptif", "", "Petite Enfance"]
    let view = DocumentView(lines: header.enumerated().map { Line(text: $0.element, number: $0.offset + 1) })
    #expect(LabelledBlocks().segment(view).fiches.isEmpty)
}
