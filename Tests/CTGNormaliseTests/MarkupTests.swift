import Testing
@testable import CTGNormalise

@Test func boldAndSuperscriptMarkupIsRemovedAndLogged() {
    let n = Normaliser().normalise("**Action 1.1** : le 1^{er} trimestre")
    #expect(n.text == "Action 1.1 : le 1er trimestre")
    #expect(n.edits.map(\.rule).contains("markup.bold"))
    #expect(n.edits.map(\.rule).contains("markup.superscript"))
}

@Test func cleanTextIsUntouched() {
    let s = "Favoriser l'accès à la culture, aux sciences et au sport"
    let n = Normaliser().normalise(s)
    #expect(n.text == s)
    #expect(n.edits.isEmpty)
}
