import CTGModel
import Testing
@testable import CTGSegment

@Suite struct NumberedActionsTests {
    @Test func oneFichePerActionNumber() throws {
        let view = try fixtureView("numbered-annex-fiches")
        let r = NumberedActions().segment(view)
        #expect(LabelledBlocks().segment(view).fiches.isEmpty)
        #expect(r.fiches.map { $0.number ?? "" } == ["1-1-1", "1-1-2", "1-2-1", "1-2-2", "1-2-3"])
        #expect(r.fiches.allSatisfy { $0.confidence >= 0.8 })
        // Prefecture stamps between pages never leak into fields.
        for f in r.fiches {
            for v in f.raw.values { #expect(!v.contains("Prefecture") && !v.contains("Reçu le")) }
        }
    }

    @Test func fieldsSubActionsAndYears() throws {
        let r = NumberedActions().segment(try fixtureView("numbered-annex-fiches"))
        let a = try #require(r.fiches.first { $0.number == "1-1-1" })
        #expect(a.title == "Optimiser le taux d'occupation dans les structures petite enfance")
        #expect(a.objectif == "Renforcer l'offre et la qualité des services petite enfance")
        #expect(a.thematique == .petiteEnfance)
        #expect(a.pilotes.contains("AFJC"))
        #expect(a.public == "Accueil de Jeunes enfants 0-3 ans")
        #expect(a.subActions.map(\.key) == ["1-1-1-A", "1-1-1-B"])
        #expect(a.years.isEmpty && a.calendrier == nil)   // the calendar grid has no marks
        #expect(a.indicateurs.count == 3)

        let b = try #require(r.fiches.first { $0.number == "1-1-2" })
        #expect(b.indicateurs == ["Nombre d'échanges et d'activités/formations communes dans l'année", "Création d'un parc de matériels à mutualiser"])

        // Labels printed first, values after: public stays empty, values go to pilotes and partenaires.
        let c = try #require(r.fiches.first { $0.number == "1-2-2" })
        #expect(c.public == nil)
        #expect(c.pilotes.contains("AFJC"))
        #expect(c.partenaires.contains("PMI"))

        // The fuller summary objectif; the year the summary prints after the title.
        let d = try #require(r.fiches.first { $0.number == "1-2-3" })
        #expect(d.objectif == "Renforcer l'action du RPE afin de promouvoir le métier d'assistant maternel")
        #expect(d.years == [2023])
        #expect(d.indicateurs == ["S'appuyer sur une étude d'intérêt et de fiabilité de création de MAM"])
        #expect(d.subActions.count == 2)
    }
}

@Suite struct PageBreakTests {
    /// "Indicateurs d'évaluation" and "Résultats attendus" printed one under the other, their values after them,
    /// a page break (its footer set apart) between the two values and no blank line: the break separates the
    /// values as a blank line does (corpus 003 printed in Liberation Serif 11.5 pt).
    @Test func pageBreakSeparatesStackedValues() throws {
        let texts: [(String, Int)] = [
            ("Action 4-1-1 => Créer un conseil communautaire de jeunes", 21), ("", 21),
            ("Public ciblé", 21), ("", 21), ("Jeunes de 11 à 15 ans", 21), ("", 21),
            ("Responsables de l'action", 21), ("", 21), ("CCPSE", 21), ("", 21),
            ("Indicateurs d'évaluation", 21), ("", 21), ("Résultats attendus", 21), ("", 21),
            ("Nombre de jeunes souhaitant participer.", 21),
            ("Lancement du CCJ et renouvellement de l'instance tous les deux ans.", 22),
        ]
        let lines = texts.enumerated().map { Line(text: $0.element.0, page: $0.element.1, number: $0.offset + 1) }
        let r = NumberedActions().segment(DocumentView(lines: lines, kind: .pdf))
        let f = try #require(r.fiches.first)
        #expect(f.indicateurs == ["Nombre de jeunes souhaitant participer"])
        #expect(f.raw["resultats"]?.hasPrefix("Lancement du CCJ") == true)
        // on one page, without a blank line between them, the two values part at the first one's full stop (one
        // paragraph for each of the two labels)…
        let onePage = texts.enumerated().map { Line(text: $0.element.0, page: 21, number: $0.offset + 1) }
        let g = try #require(NumberedActions().segment(DocumentView(lines: onePage, kind: .pdf)).fiches.first)
        #expect(g.indicateurs == ["Nombre de jeunes souhaitant participer"])
        #expect(g.raw["resultats"]?.hasPrefix("Lancement du CCJ") == true)
        // …and are one value where no sentence ends between them
        var unended = onePage
        unended[14].text = "Nombre de jeunes souhaitant participer"
        let h = try #require(NumberedActions().segment(DocumentView(lines: unended, kind: .pdf)).fiches.first)
        #expect(h.indicateurs.isEmpty)
    }
}

@Suite struct OrganisationsSplitTests {
    @Test func dashGluedToNextName() {
        #expect(Organisations.split("RPE – PMI -Département 63 -Réseau 63 des RPE") == ["RPE", "PMI", "Département 63", "Réseau 63 des RPE"])
        // A hyphen inside a name is kept.
        #expect(Organisations.split("Service enfance-jeunesse") == ["Service enfance-jeunesse"])
    }
}

/// Detailed fiches of the scanned 003 as OCR'd (pages 7-8 and 14): an axe heading over two all-caps lines, another
/// spread into cells by justification, a title wrapped onto its own line, a label after a stray border letter.
@Suite struct NumberedActionsOCRTests {
    @Test func wrappedAndSpreadHeadingsAndAStrayLetterBeforeALabel() throws {
        let r = NumberedActions().segment(try fixtureView("numbered-ocr-wrapped"))
        #expect(r.fiches.map { $0.number ?? "" } == ["1-1-1", "1-1-2", "1-2-1", "2-1-1"])
        let a = try #require(r.fiches.first)
        #expect(a.axe == "Optimiser la qualité et la répartition de l'offre d'accueil du jeune enfant (0-6. ans) sur le territoire)")
        let t = try #require(r.fiches.first { $0.number == "1-2-1" })
        #expect(t.title == "Renforcer l'information et les actions pour promouvoir le métier d'assistant maternel")
        #expect(t.public == "Accueil de Jeunes enfants 0-3 ans")
        let b = try #require(r.fiches.last)
        #expect(b.axe == "Maintenir l'offre et creer de nouvelles actions pour l'enfance jeunesse")
    }
}

/// Fiches as plain `pdftotext` (without -layout) writes the corpus PDF 002: each table cell a paragraph, titles
/// wrapped over three lines, a label wrapped over two ("Acteur(s)/ Partenaire(s)" / "associé(s)"), list items
/// wrapped at the cell's width, and a summary list whose entries open on their status ("- Engagée • Action 2.1 : …").
@Suite struct PlainPdftotextFichesTests {
    @Test func wrappedTitlesLabelsAndItems() throws {
        let r = NumberedActions().segment(try fixtureView("numbered-pdftotext-raw-002"))
        let byNumber = Dictionary(r.fiches.map { ($0.number ?? "", $0) }, uniquingKeysWith: { a, _ in a })
        let f12 = try #require(byNumber["1.2"])
        #expect(f12.title == "Renforcer le Relais Petite Enfance en tant que guichet unique")
        #expect(f12.pilotes == ["Communauté de Communes : service Relais Petite Enfance"])
        #expect(f12.partenaires == ["Professionnels d'accueil de la petite enfance",
                                    "Acteurs du secteur périnatal, de la petite enfance, la parentalité", "PMI", "CAF", "Communes"])
        // the third line of the title ("Enfance") is no continuation by its own look: the summary entry says it is
        let f21 = try #require(byNumber["2.1"])
        #expect(f21.title == "Renforcer la mission professionnalisation du Relais Petite Enfance")
        #expect(f21.partenaires.first == "Communes")
    }

    @Test func theRulesBehind() {
        #expect(BlockReader.badgeStripped("Engagée • Action 2.1 : Renforcer la mission") == "Action 2.1 : Renforcer la mission")
        #expect(BlockReader.badgeStripped("Nouvelle Action 1.3 : Faciliter l'accueil") == "Action 1.3 : Faciliter l'accueil")
        #expect(BlockReader.badgeStripped("Action 1.3 : Faciliter l'accueil") == nil)
        let summary = [SummaryEntry(heading: BlockHeading.parse("Action 2.1 : Renforcer la mission du Relais Petite Enfance")!, index: 0,
                                    axe: nil, objectif: nil)]
        let open = BlockHeading.parse("Action 2.1 : Renforcer la mission du Relais Petite")!
        #expect(BlockReader.summaryGoesOn(summary, open, with: "Enfance"))
        #expect(!BlockReader.summaryGoesOn(summary, open, with: "Constats"))
        #expect(!BlockReader.summaryGoesOn(summary, BlockHeading.parse("Action 2.2 : Renforcer la mission du Relais Petite")!, with: "Enfance"))
        let items = ["- Acteurs locaux : mairies, centres sociaux, Maisons Départementales des", "Solidarités et de la Famille",
                     "- CAF", "- Communes", "Parents"]
        #expect(Text.items(items.joined(separator: "\n")) == ["Acteurs locaux : mairies, centres sociaux, Maisons Départementales des Solidarités et de la Famille",
                                                              "CAF", "Communes", "Parents"])
        // a line after a finished item, or after a short one, is an item of its own
        #expect(Text.items("- Un lieu d'accueil pour les parents et les enfants.\nSuite\n- Deux") == ["Un lieu d'accueil pour les parents et les enfants", "Suite", "Deux"])
    }
}
