import CTGExtract
import CTGModel
import Foundation
import Testing
@testable import CTGSegment

@Suite struct PlanTableTests {
    /// A view of tab-separated table rows, one line each.
    static func tabRows(_ rows: [String]) -> DocumentView {
        DocumentView(lines: rows.enumerated().map { Line(text: $0.element, cells: $0.element.components(separatedBy: "\t"), number: $0.offset + 1) })
    }

    @Test func oneFichePerBulletItemWithMappedColumns() throws {
        let r = PlanTableLayout().segment(try loadFixture("plan-wide-table"))
        #expect(r.fiches.count == 8)
        #expect(r.spans.count == r.fiches.count)
        let f = r.fiches[0]
        #expect(f.number == nil)
        #expect(f.title == "Création d'une micro-crèche de 12 places à Thonnance les Joinville, prenant en compte les besoins d'accueil en horaires atypiques")
        #expect(f.axe == "Petite Enfance")
        #expect(f.thematique == .petiteEnfance)
        #expect(f.years == [2024])
        #expect(f.pilotes == ["CCBJC"])
        #expect(f.objectif?.hasPrefix("Développer l'offre d'accueil collectif sur le territoire ; Répondre") == true)
        #expect(f.indicateurs.count == 2)
        #expect(f.indicateurs.last == "Diminution du nombre de demandes d'accueil inscrites en liste d'attente")
    }

    /// A row whose "►" the OCR lost or read as another symbol is still an action: it fills the further columns a
    /// sub-group heading leaves empty.
    @Test func rowWithoutItsMarkerIsStillAnAction() throws {
        let view = try loadFixture("plan-wide-table")
        let lines = view.lines.map { line -> Line in
            var l = line
            if let cells = l.cells, let k = cells.firstIndex(where: { $0.hasPrefix("► Etude de besoins") || $0.hasPrefix("► Soutien de la collectivité") }) {
                var c = cells
                c[k] = c[k].hasPrefix("► Etude") ? "+ " + c[k].dropFirst(2) : String(c[k].dropFirst(2))
                l.cells = c
                l.text = c.joined(separator: "\t")
            }
            return l
        }
        let reference = PlanTableLayout().segment(view).fiches
        let r = PlanTableLayout().segment(DocumentView(lines: lines))
        #expect(r.fiches.map(\.title) == reference.map(\.title))
        #expect(r.fiches.map(\.years) == reference.map(\.years))
        #expect(r.fiches.contains { $0.title.hasPrefix("Etude de besoins d'une offre d'accueil") })
        #expect(!r.fiches.contains { $0.title.hasPrefix("Relais Petite Enfance") || $0.title.hasPrefix("Structures petite") })
    }

    @Test func rowsCutByAPageBreakAreJoinedAndSubHeadingsSkipped() throws {
        let r = PlanTableLayout().segment(try loadFixture("plan-wide-table"))
        #expect(r.fiches[4].title == "Expérimentation d'une formation à destination des professionnels de la structure sur les TND et l'accompagnement à la parentalité")
        #expect(!r.fiches.contains { $0.title.hasPrefix("Relais Petite Enfance") || $0.title.hasPrefix("Structures petite") })
        let last = try #require(r.fiches.last)
        #expect(last.title.hasSuffix("dans le cadre de la non-décence des logements"))
        #expect(last.axe == "Logement")
        #expect(last.years == [2023, 2024, 2025, 2026, 2027])
        #expect(last.pilotes == ["CAF"])
    }

    @Test func stayQuietWithoutAHeaderRow() {
        let lines = ["a\tb\tc\td", "► x\ty\tz\tw"].enumerated().map { Line(text: $0.element, cells: $0.element.components(separatedBy: "\t"), number: $0.offset + 1) }
        #expect(PlanTableLayout().segment(DocumentView(lines: lines)).fiches.isEmpty)
    }

    @Test func numberedSubActionTablesWithoutBulletsAreNotPlanRows() {
        let rows = ["Actions\tN°action\tCalendrier\tMoyens à mobiliser", "Adapter les agréments au besoin des familles\t1-1-1-A\t2023\tCC + AFJC"]
        let lines = rows.enumerated().map { Line(text: $0.element, cells: $0.element.components(separatedBy: "\t"), number: $0.offset + 1) }
        #expect(PlanTableLayout().segment(DocumentView(lines: lines)).fiches.isEmpty)
    }

    @Test func tableWithoutMarkersGivesOneFichePerDatedRow() {
        let rows = ["Thématique\tActions\tPilote\tPartenaires\tÉchéance",
                    "Jeunesse\tCréer un point information jeunesse\tCommune\tCaf, MSA\t2024",
                    "\tsur le territoire intercommunal\t\t\t",
                    "\tOuvrir un accueil de loisirs ados\tCentre social\t\t2025-2026",
                    "Parentalité\tDévelopper les actions\t\t\t"]
        let r = PlanTableLayout().segment(Self.tabRows(rows))
        #expect(r.fiches.map(\.title) == ["Créer un point information jeunesse sur le territoire intercommunal", "Ouvrir un accueil de loisirs ados"])
        #expect(r.fiches.map(\.axe) == ["Jeunesse", "Jeunesse"])
        #expect(r.fiches.last?.years == [2025, 2026])
        #expect(r.fiches.first?.pilotes == ["Commune"])
        #expect(r.fiches.allSatisfy { $0.confidence < 0.8 })
    }

    /// An objectif cell printed once for the rows under it (a vertically merged cell) goes to those rows, under the
    /// same axe only, and less surely than a cell of their own; a row's continuation does not take it again.
    @Test func objectifOfAMergedCellGoesToTheRowsUnderIt() {
        let rows = ["Axe\tObjectif\tAction\tPilote\tPartenaires\tÉchéance",
                    "Axe 1 : Petite enfance\tDévelopper l'offre d'accueil\tCréer une micro-crèche à Saint-Martin\tCommune\tCaf, PMI\t2025",
                    "\t\tAccompagner les assistants maternels\tRPE\tCaf\t2024-2026",
                    "\t\tdu territoire intercommunal\t\t\t",
                    "Axe 2 : Jeunesse\t\tCréer un conseil de jeunes\tCommunauté de communes\tCaf\t2026"]
        let r = PlanTableLayout().segment(Self.tabRows(rows))
        #expect(r.fiches.map(\.title) == ["Créer une micro-crèche à Saint-Martin", "Accompagner les assistants maternels du territoire intercommunal",
                                          "Créer un conseil de jeunes"])
        #expect(r.fiches.map(\.objectif) == ["Développer l'offre d'accueil", "Développer l'offre d'accueil", nil])
        #expect(r.fiches.map { $0.fieldConfidence["objectif"] } == [0.8, 0.65, nil])
        #expect(r.fiches[1].evidence.contains { $0.rule == "column.objectif-of-row-above" && $0.lines == [2] })
    }

    @Test func organisationsNamedInProseCells() {
        #expect(PlanTableLayout.namedOrganisations("S'appuyer sur le centre social en partenariat avec la CCBJC") == ["Centre social"])
        #expect(PlanTableLayout.namedOrganisations("Coordination pôle petite enfance Travail en réseau CLS") == ["Pôle petite enfance"])
        #expect(PlanTableLayout.coordinators("Coordination pôle petite enfance Travail en réseau CLS") == ["Pôle petite enfance"])
        #expect(PlanTableLayout.partners("Structure multi accueil + CAF + ARS Formation des professionnels des EAJE et micro-crèche", excluding: []) ==
                ["Structure multi accueil", "CAF", "ARS"])
        #expect(PlanTableLayout.agents("Mobilisation par l'animatrice du RPE") == ["RPE"])
    }

    /// A partners cell listing short names with commas or semicolons keeps them all, not only the acronyms ("Caf"
    /// is written in lower case); a cell of prose still yields its acronyms and named organisations.
    @Test func partnersListedWithCommas() {
        #expect(PlanTableLayout.partners("Caf, PMI", excluding: []) == ["Caf", "PMI"])
        #expect(PlanTableLayout.partners("Caf ; MSA ; communes du territoire", excluding: []) == ["Caf", "MSA", "communes du territoire"])
        #expect(PlanTableLayout.partners("Caf, PMI", excluding: ["PMI"]) == ["Caf"])
        #expect(PlanTableLayout.partners("Mobilisation par l'animatrice du RPE, en lien avec la PMI et les services de la Caf", excluding: []) == ["RPE", "PMI"])
    }

    @Test func statementsSplitOnFullStops() {
        #expect(PlanTableLayout.statements("Réalisation de l'étude de besoins . Projet, le cas échéant, d'ouverture.") ==
                ["Réalisation de l'étude de besoins", "Projet, le cas échéant, d'ouverture"])
        #expect(PlanTableLayout.statements(". Constituer un groupe . Répertorier les actions") == ["Constituer un groupe", "Répertorier les actions"])
    }
}
