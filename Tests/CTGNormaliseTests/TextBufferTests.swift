import Testing
@testable import CTGNormalise

@Suite struct TextBufferTests {
    /// The one-pass decoder gives the string's scalars, for every UTF-8 length.
    @Test func decodeIsUnicodeScalars() {
        for s in ["", "a", "Mise en place depuis 1^{er} trimestre", "é€😀 ﬁ Saône", String(repeating: "àb€😀", count: 50), "\u{FFFD}\u{10FFFF}\r\n\t"] {
            #expect(TextBuffer.decode(s) == Array(s.unicodeScalars), "\(s.debugDescription)")
        }
    }
}

@Suite struct ContextMemoTests {
    /// Context-rule decisions come from the memo once a (previous, word, next) triple was seen: a second pass over
    /// the same lines, with the same normaliser, gives the same text and the same edits as a fresh normaliser.
    @Test func memoIsTransparent() {
        let profile = DocumentProfile(text: String(repeating: "il a dit a la mairie a ce titre I'offre ", count: 10))
        let lines = ["a l'échelle du territoire, a la famille", "favorables a I'autonomie", "il a dit a la mairie",
                     "les acteurs ont été invités a", "participer aux ateliers", "Qui a pour objet", "jusqu'a la fin, ou ca ?",
                     "dés le début des travaux", "la ou il faut", "A la demande de la Caf"]
        let warm = Normaliser(profile: profile)
        for (n, line) in lines.enumerated() {
            let next = n + 1 < lines.count ? lines[n + 1] : nil
            let fresh = Normaliser(profile: profile).normalise(line, following: next)
            for _ in 0..<2 {
                let again = warm.normalise(line, following: next)
                #expect(again.text == fresh.text)
                #expect(again.edits.map { "\($0.offset) \($0.before) \($0.after) \($0.rule) \($0.confidence)" }
                        == fresh.edits.map { "\($0.offset) \($0.before) \($0.after) \($0.rule) \($0.confidence)" })
            }
        }
        #expect(warm.normalise("a l'échelle du territoire").text == "à l'échelle du territoire")
    }
}
