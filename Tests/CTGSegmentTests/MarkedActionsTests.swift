import CTGModel
import Testing
@testable import CTGSegment

@Suite struct MarkedActionsTests {
    /// A plan table lost by a plain text conversion: one fiche per ► action, its title the marked cell's lines (also
    /// the one that opens a page), its thématique the heading cell above.
    @Test func oneFichePerMarkedAction() throws {
        let view = try fixtureView("marked-actions-plain-004")
        #expect(Segmenter.registeredFindNothing(view))
        let r = MarkedActions().segment(view)
        #expect(r.fiches.count == 9)
        #expect(r.fiches[0].title == "Création d'une microcrèche de 12 places à Thonnance les Joinville, prenant en compte les besoins d'accueil en horaires atypiques")
        #expect(r.fiches[3].title == "Soutien de la collectivité à l'implantation de MAM sur son territoire")
        #expect(r.fiches.prefix(8).allSatisfy { $0.thematique == .petiteEnfance } && r.fiches[8].thematique == .jeunesse)
        #expect(r.fiches.allSatisfy { $0.layout == "marked-actions" && $0.confidence == 0.75 })
        #expect(r.warnings.count == 1)
        // through the segmenter: the fallback is read because no registered layout found a fiche
        let doc = try fixtureDocument("marked-actions-plain-004")
        #expect(Segmenter().segment(doc).fiches.map(\.title) == r.fiches.map(\.title))
    }

    /// Ordinary bullets are no action markers; a fallback is not read where a registered layout found fiches.
    @Test func onlyArrowMarkersAndOnlyAsAFallback() throws {
        let bullets = DocumentView(lines: (1...5).map { Line(text: "• Point numéro \($0) de la liste", number: $0) })
        #expect(MarkedActions().segment(bullets).fiches.isEmpty)
        let two = DocumentView(lines: (1...2).map { Line(text: "► Action numéro \($0) du plan", number: $0) })
        #expect(MarkedActions().segment(two).fiches.isEmpty)
        let doc = try fixtureDocument("numbered-annex-fiches")
        #expect(Segmenter().segment(doc).fiches.allSatisfy { $0.layout != "marked-actions" })
    }
}

extension Segmenter {
    /// Whether none of the registered layouts finds a fiche in `view`.
    static func registeredFindNothing(_ view: DocumentView) -> Bool {
        LayoutRegistry.all.allSatisfy { $0.segment(view).fiches.isEmpty }
    }
}
