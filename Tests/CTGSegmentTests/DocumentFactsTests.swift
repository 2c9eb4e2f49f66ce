import CTGExtract
import CTGModel
import Foundation
import Testing
@testable import CTGSegment

@Suite struct DocumentFactsTests {
    @Test func conventionParties() throws {
        let facts = DocumentFactsExtractor().extract(try fixtureView("facts-convention"), fiches: [])
        #expect(facts.territory.name == "Communauté urbaine Creusot Montceau")
        #expect(facts.territory.kind == "communauté urbaine")
        // OCR damage "Sadne-et-Loire" still names the département.
        #expect(facts.territory.departement == "Saône-et-Loire")
        #expect(facts.caf == "Caf de Saône-et-Loire")
        #expect(facts.period == Period(start: nil, end: 2026))
        #expect(facts.signatories.first == "Caf de Saône-et-Loire")
        #expect(facts.signatories.contains("Communauté urbaine Creusot Montceau"))
        #expect(facts.signatories.contains("Commune du Creusot"))
        #expect(facts.confidence["caf"] != nil)
    }

    @Test func deliberationExtract() throws {
        let facts = DocumentFactsExtractor().extract(try fixtureView("facts-deliberation"), fiches: [])
        #expect(facts.docTypes.first == .deliberation)
        let d = try #require(facts.deliberation)
        #expect(d.body == "conseil communautaire")
        #expect(d.sessionDate == "2022-06-07")
        #expect(d.number == "CC2022-04-06")
        #expect(d.membersInOffice == 53)
        #expect(d.present == 39)
        #expect(d.voting == 45)
        #expect(d.outcome == "unanimité")
        #expect(d.prefectureRef == "063-200072080-20220607-CC20220406-DE")
        #expect(facts.territory.departement == "Puy-de-Dôme")
        #expect(facts.caf == "Caf du Puy-de-Dôme")
    }

    /// Other register extracts (synthetic; the corpus has one deliberation): a municipal council whose number is
    /// written "Délibération n° 2023-87" and whose vote is by majority; a community council whose tally stands on one
    /// line ("en exercice : 45 - Présents : 30 - Pouvoirs : 5 - Votants : 35").
    @Test func deliberationExtractsInOtherStyles() throws {
        let commune = try #require(DocumentFactsExtractor().extract(try fixtureView("facts-deliberation-commune"), fiches: []).deliberation)
        #expect(commune.body == "conseil municipal")
        #expect(commune.sessionDate == "2023-12-12")
        #expect(commune.number == "2023-87")
        #expect([commune.membersInOffice, commune.present, commune.voting] == [27, 21, 24])
        #expect(commune.outcome == "majorité")
        #expect(commune.prefectureRef == "030-213003507-20231212-2023_87-DE")
        let agglo = try #require(DocumentFactsExtractor().extract(try fixtureView("facts-deliberation-tally"), fiches: []).deliberation)
        #expect(agglo.body == "conseil communautaire")
        #expect(agglo.sessionDate == "2023-03-14")
        #expect(agglo.number == "DEL2023_045")
        #expect([agglo.membersInOffice, agglo.present, agglo.voting] == [45, 30, 35])
        #expect(agglo.outcome == "majorité")
    }

    /// A territory named beside the Caf on one line: its name ends before "et Caf …" ("et" inside a name stays:
    /// "Gevrey-Chambertin et Nuits-Saint-Georges").
    @Test func territoryNameEndsBeforeTheOtherParty() throws {
        func territory(_ text: String) throws -> String? {
            let doc = try TextDumpExtractor().extract(data: Data(text.utf8), source: "t.txt")
            return DocumentFactsExtractor().extract(DocumentView(doc), fiches: []).territory.name
        }
        #expect(try territory("CONVENTION TERRITORIALE GLOBALE 2024-2028\nCommunauté de communes du Val de Loire et Caf du Loiret\n")
                == "Communauté de communes du Val de Loire")
        #expect(try territory("Entre la Communauté de communes des Coteaux et la Caisse d'allocations familiales\n")
                == "Communauté de communes des Coteaux")
        #expect(try territory("Communauté de communes de Gevrey-Chambertin et Nuits-Saint-Georges\n")
                == "Communauté de communes de Gevrey-Chambertin et Nuits-Saint-Georges")
    }

    /// The prefecture reference often sits only in the stamps, which the extractor marks as furniture.
    @Test func prefectureReferenceFromFurnitureStamps() throws {
        let v = try fixtureView("facts-deliberation")
        let isStamp: (Line) -> Bool = { $0.text.contains("063-") }
        let stamps = v.lines.filter(isStamp).map { l -> Line in var l = l; l.role = .furniture; return l }
        try #require(!stamps.isEmpty)
        let view = DocumentView(lines: v.lines.filter { !isStamp($0) }, furniture: stamps)
        let d = try #require(DocumentFactsExtractor().extract(view, fiches: []).deliberation)
        #expect(d.prefectureRef == "063-200072080-20220607-CC20220406-DE")
    }

    @Test func planHeader() throws {
        let facts = DocumentFactsExtractor().extract(try fixtureView("facts-plan-header"), fiches: [])
        #expect(facts.docTypes.first == .planActions)
        #expect(facts.period == Period(start: 2023, end: 2027))
        #expect(facts.territory.kind == "communauté de communes")
        #expect(facts.territory.departement == nil)
    }

    @Test func signatoriesFromSentence() throws {
        let facts = DocumentFactsExtractor().extract(try fixtureView("facts-signataires"), fiches: [])
        #expect(facts.caf == "CAF")
        #expect(facts.signatories.count == 5)
        #expect(facts.signatories.first == "CAF")
        #expect(facts.signatories.contains("Commune de St Urbain"))
        #expect(facts.signatories.contains("Communauté de Communes du Bassin de Joinville en Champagne"))
    }

    @Test func noSignatoriesWithoutNames() {
        let lines = ["Plan d'actions 2023/2026", "", "Les engagements de chaque signataire sont suivis en comité."]
            .enumerated().map { Line(text: $0.element, number: $0.offset + 1) }
        let facts = DocumentFactsExtractor().extract(DocumentView(lines: lines), fiches: [])
        #expect(facts.signatories.isEmpty)
        #expect(facts.period == Period(start: 2023, end: 2026))
    }

    @Test func periodClausesAndPostalCode() {
        func facts(_ texts: [String]) -> DocumentFacts {
            let lines = texts.enumerated().map { Line(text: $0.element, number: $0.offset + 1) }
            return DocumentFactsExtractor().extract(DocumentView(lines: lines), fiches: [])
        }
        #expect(facts(["La présente convention est conclue du 1er janvier 2023 au 31 décembre 2026."]).period == Period(start: 2023, end: 2026))
        #expect(facts(["La convention est conclue pour une durée de quatre ans à compter du 1er janvier 2024."]).period == Period(start: 2024, end: 2027))
        #expect(facts(["La présente convention prend effet au 1er janvier 2024 pour une durée de 4 ans."]).period == Period(start: 2024, end: 2027))
        let f = facts(["Communauté de communes du Val Test", "1 rue de la Mairie", "71200 Le Creusot", "Caf"])
        #expect(f.territory.departement == "Saône-et-Loire")
        #expect(f.caf == "Caf de Saône-et-Loire")
        // A calendar grid whose columns became spaces.
        #expect(facts(["N° action Intitulé 2022 2023 2024 2025 Personnel Financier"]).period == Period(start: 2022, end: 2025))
    }

    /// A calendar grid's header as `pdftotext -layout` spaces it, read into cells that join some of its columns.
    @Test func calendarGridCutUnevenly() throws {
        let text = "Actions\tN°action\tCalendrier\n\t\t2022\t2023 2024 2025 Personnel\t\tFinancier\nCréer un lieu\t1-1-1-A\t\tx"
        let doc = try TextDumpExtractor().extract(data: Data(text.utf8), source: "x.txt")
        let view = DocumentView(doc)
        let row = try #require(view.lines.firstIndex { $0.text.contains("2022") })
        #expect(view.lines[row].cells?.contains("2023 2024 2025 Personnel") == true)
        #expect(DocumentFactsExtractor().extract(view, fiches: []).period == Period(start: 2022, end: 2025))
    }

    @Test func amountIsNoPostalCode() {
        func facts(_ texts: [String]) -> DocumentFacts {
            let lines = texts.enumerated().map { Line(text: $0.element, number: $0.offset + 1) }
            return DocumentFactsExtractor().extract(DocumentView(lines: lines), fiches: [])
        }
        // An amount is not a postal code.
        #expect(facts(["Budget : 22000 €", "Plan d'actions"]).territory.departement == nil)
    }

    @Test func singleCommuneTerritory() {
        let texts = ["Entre :", "la Caisse d'Allocations Familiales de la Sarthe, représentée par son Directeur,",
                     "et", "la Ville de Sablé-sur-Sarthe, représentée par son Maire,", "Article 1 : Objet"]
        let lines = texts.enumerated().map { Line(text: $0.element, number: $0.offset + 1) }
        let f = DocumentFactsExtractor().extract(DocumentView(lines: lines), fiches: [])
        #expect(f.territory.name == "Ville de Sablé-sur-Sarthe")
        #expect(f.territory.kind == "commune")
        #expect(f.caf == "Caf de la Sarthe")
        #expect(f.signatories == ["Caf de la Sarthe", "Ville de Sablé-sur-Sarthe"])
        // the parties named in one "Entre … et …" line, without "représentée par"
        let one = [Line(text: "Entre la Caf de l'Isère et la Ville de Grenoble.", number: 1), Line(text: "Plan d'actions", number: 2)]
        let g = DocumentFactsExtractor().extract(DocumentView(lines: one), fiches: [])
        #expect(g.territory.name == "Ville de Grenoble" && g.territory.kind == "commune")
        // named once in passing, a commune is no party
        let passing = [Line(text: "Les familles de la commune de Grenoble sont nombreuses.", number: 1)]
        #expect(DocumentFactsExtractor().extract(DocumentView(lines: passing), fiches: []).territory.name == nil)
    }

    @Test func numericSessionDate() {
        #expect(DeliberationRules.date(in: "seance du 07 06 2022") == "2022-06-07")
        #expect(DeliberationRules.date(in: "seance du 1er juin 2022") == "2022-06-01")
    }

    @Test func departementTable() {
        #expect(Departements.all.count == 101)
        #expect(Departements.byCode["21"]?.cafName == "Caf de la Côte-d'Or")
        #expect(TerritoryRules.editDistanceAtMostOne(Array("sadne et loire"), Array("saone et loire")))
        #expect(!TerritoryRules.editDistanceAtMostOne(Array("haute loire"), Array("haute marne")))
    }

    @Test func yearRanges() {
        #expect(PeriodRules.yearRanges("Plan d’actions 2023/2026").map { [$0.0, $0.1] } == [[2023, 2026]])
        #expect(PeriodRules.yearRanges("PLAN D' ACTIONS 2023 - 2027").map { [$0.0, $0.1] } == [[2023, 2027]])
        #expect(PeriodRules.yearRanges("en 2023 puis 2024").isEmpty)
    }
}
