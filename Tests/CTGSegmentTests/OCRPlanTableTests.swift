import CTGExtract
import CTGModel
import Foundation
import Testing
@testable import CTGSegment

/// Loads a fixture text dump as the layouts see it.
@Suite struct OCRPlanTableTests {
    @Test func rebuildsInterleavedRowsFromYearsAndSentenceStarts() throws {
        let view = try fixtureView("ocr-plan-table")
        let result = OCRPlanTable().segment(view)
        #expect(result.fiches.count == result.spans.count)
        let titles = result.fiches.map(\.title)
        // Mode A: one row per line ending in a year (two-line échéances stay one row).
        #expect(titles.first?.hasPrefix("Réflexion autour des besoins des") == true)
        #expect(titles.contains { $0.hasPrefix("Accompagnement des EAJE PSU") })
        #expect(titles.contains { $0.hasPrefix("Mise en place d’un réseau") })
        // Mode B: blank-separated action paragraphs, pilot and year blocks.
        #expect(titles.contains { $0.hasPrefix("Réflexion autour de la mise en place de temps d'échanges") })
        #expect(titles.contains { $0.hasPrefix("Conduire un travail partenarial") })
        // Narrow objectif headings are not rows.
        #expect(!titles.contains { $0.hasPrefix("Soutenir les familles") })
        #expect(result.fiches.count == 13)
    }

    /// The same plan printed so that the blank line before two blocks falls at the foot of a page (set apart with
    /// the footer): the page break ends the block before it as the blank line did, after a sentence or before a
    /// capital or a digit (a year block under a pilot block).
    @Test func pageBreakWithoutBlankLineEndsABlock() throws {
        let base = try fixtureView("ocr-plan-table")
        let opensPage: Set<String> = ["Réflexion autour de la mise en place de", "Structures de", "2025"]
        var lines: [Line] = []
        var page = 1
        for (k, l) in base.lines.enumerated() {
            if opensPage.contains(base.text(k)) {
                page += 1
                if let last = lines.last, last.text.allSatisfy(\.isWhitespace) { lines.removeLast() }
            }
            var m = l
            m.page = page
            lines.append(m)
        }
        #expect(page == 3 + base.lines.indices.filter { base.text($0) == "2025" }.count)
        Self.expectSameRows(OCRPlanTable().segment(DocumentView(lines: lines, kind: .pdf)).fiches, OCRPlanTable().segment(base).fiches)
    }

    /// The rows read from a variant of a plan are those read from the plan: titles, axes, objectifs, pilots, years.
    static func expectSameRows(_ got: [Fiche], _ expected: [Fiche], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(got.map(\.title) == expected.map(\.title), sourceLocation: sourceLocation)
        #expect(got.map(\.axe) == expected.map(\.axe), sourceLocation: sourceLocation)
        #expect(got.map(\.objectif) == expected.map(\.objectif), sourceLocation: sourceLocation)
        #expect(got.map(\.pilotes) == expected.map(\.pilotes), sourceLocation: sourceLocation)
        #expect(got.map(\.years) == expected.map(\.years), sourceLocation: sourceLocation)
    }

    /// The same plan as a converter writes it that drops blank lines (`pdftotext -layout` of a PDF printed from the
    /// dump): the blocks of the column-by-column part show in their lines' kinds (years, pilot words, narrow
    /// headings, an action's cue at a line start; an "AXE N" line), and the rows read are the same.
    @Test func blocksWithoutBlankLinesAreTheSameRows() throws {
        let base = try fixtureView("ocr-plan-table")
        let lines = base.lines.indices.filter { !base.isBlank($0) }.map { base.lines[$0] }
        #expect(lines.count < base.lines.count)
        Self.expectSameRows(OCRPlanTable().segment(DocumentView(lines: lines, kind: .text)).fiches, OCRPlanTable().segment(base).fiches)
        // the line kinds behind it
        let p = OCRPlanTable()
        #expect(OCRPlanTable.lineKind("2025", p.parts("2025")) == .years)
        #expect(OCRPlanTable.lineKind("Communes et", p.parts("Communes et")) == .pilot)
        #expect(OCRPlanTable.lineKind("Soutenir les", p.parts("Soutenir les")) == .narrow)
        #expect(OCRPlanTable.lineKind("Coordination des 3 LAEP existants Communes et Caf 2023",
                                      p.parts("Coordination des 3 LAEP existants Communes et Caf 2023")) == .text)
    }

    @Test func axeAndObjectifFromNarrowBlocks() throws {
        let fiches = OCRPlanTable().segment(try fixtureView("ocr-plan-table")).fiches
        let row = try #require(fiches.first { $0.title.hasPrefix("Réflexion autour de la mise en place de temps") })
        #expect(row.objectif == "Soutenir les familles dans leur fonctions parentales")
        #expect(row.axe?.hasPrefix("AXE 2 : Renforcer la dynamique inclusive") == true)
        #expect(row.thematique == .parentalite)
        #expect(fiches.first?.axe?.hasPrefix("AXE 1 : Favoriser un meilleur maillage") == true)
        #expect(fiches.first?.objectif == nil)
    }

    @Test func pilotsAndYearsOfRows() throws {
        let view = try fixtureView("ocr-plan-table")
        let fiches = OCRPlanTable().segment(view).fiches
        let first = try #require(fiches.first)
        #expect(first.years == [2025])
        #expect(first.pilotes.map { Text.fold($0) } == ["communes", "entreprises"])
        let second = try #require(fiches.dropFirst().first)
        #expect(second.years == [2023, 2024])
        #expect(second.calendrier == "2023-2024")
        #expect(second.pilotes.map { Text.fold($0) } == ["caf", "services petite enfance"])
        let partenarial = try #require(fiches.first { $0.title.hasPrefix("Conduire un travail partenarial") })
        #expect(partenarial.years == [2025])
        #expect(partenarial.pilotes.count == 2)
    }

    @Test func annexFicheAddsIndicatorsWithoutDuplicate() throws {
        let view = try fixtureView("ocr-plan-table")
        let fiches = OCRPlanTable().segment(view).fiches
        #expect(!fiches.contains { $0.title == "Création de MAM" })
        let mam = try #require(fiches.first { $0.title.contains("gardes collectifs") })
        #expect(mam.indicateurs.count == 3)
        #expect(mam.indicateurs.first == "Volume de bassins de vie définis")
        #expect(mam.years == [2024])
        #expect(mam.evidence.contains { $0.subject == "absorbed" })
    }

    @Test func confidenceIsBelowNumberedFiches() throws {
        let view = try fixtureView("ocr-plan-table")
        let fiches = OCRPlanTable().segment(view).fiches
        // Rows whose lines mix in left-column words (OCR kept "|" rules) are less sure than clean rows.
        let mixed = try #require(fiches.first { $0.title.hasPrefix("Réflexion autour du développement") })
        let clean = try #require(fiches.first { $0.title.hasPrefix("Professionnalisation") })
        #expect(mixed.confidence < clean.confidence)
        for f in fiches {
            #expect(f.confidence > 0 && f.confidence < 0.9)
            #expect(f.evidence.contains { $0.subject == "boundary" })
            #expect(f.provenance != nil)
        }
    }

    @Test func bottomAlignedRows() {
        // Variant: échéance and pilot printed beside the last line of each action.
        let texts = ["Plan d'actions validé", "", "Mise en place d'un accueil de loisirs", "intercommunal pour les 3-11 ans. Communes 2024",
                     "Création d'un lieu d'accueil enfants parents", "itinérant sur le territoire. Caf et CCAS 2025",
                     "Développement des ateliers numériques pour", "les familles éloignées du numérique. Centres sociaux 2023",
                     "Article 6 : Suivi"]
        let view = DocumentView(lines: texts.enumerated().map { Line(text: $0.element, number: $0.offset + 1) })
        let fiches = OCRPlanTable().segment(view).fiches
        #expect(fiches.map(\.years) == [[2024], [2025], [2023]])
        #expect(fiches.map(\.title) == ["Mise en place d'un accueil de loisirs intercommunal pour les 3-11 ans",
                                         "Création d'un lieu d'accueil enfants parents itinérant sur le territoire",
                                         "Développement des ateliers numériques pour les familles éloignées du numérique"])
        #expect(fiches[1].pilotes == ["Caf", "CCAS"])
    }

    @Test func sectionFromAxeHeadingWithoutPlanHeading() throws {
        // The same real table with its "4.3- Le plan d'actions validé" heading line removed.
        let view = try fixtureView("ocr-plan-table")
        let lines = Array(view.lines.dropFirst())
        let fiches = OCRPlanTable().segment(DocumentView(lines: lines)).fiches
        #expect(fiches.count == OCRPlanTable().segment(view).fiches.count)
        #expect(fiches.first?.evidence.contains { $0.rule == "heading.axe" } == true)
    }

    @Test func quietOnRunningText() {
        let texts = ["Article 4 : le plan d'actions", "", "Développer l'offre d'accueil du jeune enfant sur le territoire.",
                     "Renforcer la coordination des acteurs de la jeunesse.", "Accompagner les familles dans leurs démarches."]
        let view = DocumentView(lines: texts.enumerated().map { Line(text: $0.element, number: $0.offset + 1) })
        #expect(OCRPlanTable().segment(view).fiches.isEmpty)
    }

    /// Labelled fiches written as a label line over its value (a text export of label | value tables) under a plan
    /// heading are another layout's, even with a year on many lines.
    @Test func quietOnLabelLinesOverValues() {
        var texts = ["Plan d'actions 2022-2025", ""]
        for k in 1...4 {
            texts += ["Action \(k) : Développer l'offre d'accueil numéro \(k)", "Pilote de l'action", "Communauté de communes",
                      "Public ciblé", "Familles du territoire", "Indicateurs d'évaluation", "Nombre de familles 2023",
                      "Calendrier", "2nd semestre 202\(k + 1)", ""]
        }
        let view = DocumentView(lines: texts.enumerated().map { Line(text: $0.element, number: $0.offset + 1) })
        #expect(OCRPlanTable().segment(view).fiches.isEmpty)
    }

    @Test func quietOnTabTables() throws {
        let view = try fixtureView("facts-plan-header")
        #expect(OCRPlanTable().segment(view).fiches.isEmpty)
    }

    @Test func lineParts() {
        let p = OCRPlanTable().parts("Réflexion sur I'offre d’accueil du jeune Communes -PMI 2023")
        #expect(p.years == [2023])
        #expect(p.body == "Réflexion sur I'offre d’accueil du jeune")
        #expect(p.pilot == "Communes -PMI")
        let r = OCRPlanTable().parts("Création d'un espace jeunes Communes 2024-2026")
        #expect(r.years == [2024, 2025, 2026])
        #expect(r.pilot == "Communes")
        let q = OCRPlanTable().parts("lieux jeunesse en milieu rural. habitants")
        #expect(q.body == "lieux jeunesse en milieu rural.")
        #expect(q.pilot == "habitants")
    }
}

@Suite struct AbsorbedSpanTests {
    struct Fixed: Layout {
        let name: String
        let result: LayoutResult
        func segment(_ doc: DocumentView) -> LayoutResult { result }
    }

    @Test func fichesOnAbsorbedLinesFillTheAbsorbingFiche() {
        let lines = (1...40).map { Line(text: "ligne \($0)", number: $0) }
        let doc = ExtractedDocument(source: "x.txt", kind: .text, pages: [Page(number: 1, method: .text, lines: lines)])
        var rowFiche = Fiche(key: "", title: "Réflexion autour de la création de MAM en zones blanches", confidence: 0.6, layout: "rows")
        rowFiche.evidence = [Evidence(subject: "absorbed", rule: "annex-fiche.same-action", lines: [21, 31])]
        var row = LayoutResult(fiches: [rowFiche], spans: [2...4])
        var blockFiche = Fiche(key: "", title: "Création de MAM", indicateurs: ["Nombre de MAM"], confidence: 0.9, layout: "blocks")
        blockFiche.provenance = Provenance(page: 1, lineStart: 22, lineEnd: 30, pages: [1])
        let detailed = LayoutResult(fiches: [blockFiche], spans: [21...29])
        let seg = Segmenter(layouts: [Fixed(name: "rows", result: row), Fixed(name: "blocks", result: detailed)]).segment(doc)
        #expect(seg.fiches.count == 1)
        #expect(seg.fiches.first?.title.hasPrefix("Réflexion") == true)
        #expect(seg.fiches.first?.indicateurs == ["Nombre de MAM"])
        // Without the absorbed span both stand.
        row.fiches[0].evidence = []
        let seg2 = Segmenter(layouts: [Fixed(name: "rows", result: row), Fixed(name: "blocks", result: detailed)]).segment(doc)
        #expect(seg2.fiches.count == 2)
    }
}
