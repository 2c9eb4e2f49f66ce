import Testing
@testable import CTGNormalise

@Test func boldAndSuperscriptMarkupIsRemovedAndLogged() {
    let n = Normaliser().normalise("**Action 1.1** : le 1^{er} trimestre")
    #expect(n.text == "Action 1.1 : le 1er trimestre")
    #expect(n.edits.map(\.rule).contains("markup.bold"))
    #expect(n.edits.map(\.rule).contains("markup.superscript"))
}

@Test func aCaretBeforeAnOrdinalSuffixIsASuperscriptWithoutBraces() {
    let n = Normaliser().normalise("les clubs du 3^e âge, la 2^nde réunion, le 1^er, le 4^eme")
    #expect(n.text == "les clubs du 3e âge, la 2nde réunion, le 1er, le 4eme")
    #expect(n.edits.count == 4 && n.edits.allSatisfy { $0.rule == "markup.superscript" })
    // not an ordinal: kept
    for s in ["x^2 + 1", "2^10 octets", "3^x", "10^exposant"] {
        #expect(Normaliser().normalise(s).text == s)
    }
}

@Test func cleanTextIsUntouched() {
    let s = "Favoriser l'accès à la culture, aux sciences et au sport"
    let n = Normaliser().normalise(s)
    #expect(n.text == s)
    #expect(n.edits.isEmpty)
}
