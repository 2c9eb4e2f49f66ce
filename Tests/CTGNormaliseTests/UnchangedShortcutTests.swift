import Foundation
import Testing
@testable import CTGNormalise

/// `Normaliser.provablyUnchanged` (the line-level shortcut) against the full pipeline it skips, and the scalar-value
/// versions of the word-repair predicates against their definitions.
@Suite("unchanged-line shortcut") struct UnchangedShortcutTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Corpus")
    static func fixture(_ name: String) -> String {
        (try? String(contentsOf: Bundle.module.resourceURL!.appendingPathComponent("Fixtures/\(name)"), encoding: .utf8)) ?? ""
    }

    /// The corpus dumps (one of them OCR-damaged), the fixtures, both columns of the mojibake set, and lines built to
    /// sit just beside each trigger.
    static var documents: [String] {
        var docs: [String] = []
        let files = (try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? []
        for f in files.sorted() where f.hasSuffix(".txt") {
            if let t = try? String(contentsOf: corpus.appendingPathComponent(f), encoding: .utf8) { docs.append(t) }
        }
        for f in ["clean-000.txt", "clean-002.txt", "clean-004.txt"] { docs.append(fixture(f)) }
        let moji = fixture("mojibake.tsv").split(separator: "\n").filter { !$0.hasPrefix("#") }
        docs.append(moji.map { String($0.split(separator: "\t").first ?? "") }.joined(separator: "\n"))
        docs.append(moji.map { String($0.split(separator: "\t").last ?? "") }.joined(separator: "\n"))
        docs.append(adversarial.joined(separator: "\n"))
        return docs
    }

    static let adversarial: [String] = [
        "il a dit a la mairie a ce titre I'offre |l d’'un à à", "favorables a I'autonomie", "la ou il faut",
        "dés le début", "prés de la gare", "peu prés", "peur le Sud", "la peur de", "Développer etfou mutualiser", "» Laformation et la", "plus particuligrement", "s’engagent @ mentionner", "remplace |la Prestation", "|parentalité)", "é&troit", "d\"ASMAT", "I\"AVS", "fur et & mesure", "CUCM, & l'inverse", "du a la pluie", "gui a dit", "Qui a pour objet",
        "* une étoile", "** gras **", "1^{er} trimestre", "^{x", "a < b", "<p>texte</p>", "<br/>", "< p>",
        "é\u{301}té", "e\u{301}te\u{301}", "n°® 12", "°® 3", "n° 12", "ﬁn", "\u{00A0}espace", "soft\u{00AD}hyphen",
        "zero\u{200B}width", "DÃ©finir", "Ã", "Ã ", "â€™", "Ã\u{0080}", "Â\u{00A0}", "\u{FFFD}tat", "\u{1FFD}grec",
        "¢ Action", "e Action menée", "o Objectif fixé", "e action", "  o Objectif", "x\te Action menée",
        "e Action\tnext", "o A", "dévelop-", "dévelop-\npement", "petite-\nenfance", "a\r\nà", "ligne\rsuite",
        "qu'a fait", "jusqu’a la fin", "jusqu'a", "& participer", "@ participer", "ﾠhalf", "Ⱥ Ⱦ ȺB", "\u{212B}ngström", "İstanbul",
        "'ensemble", "’évaluation", "_mot", "larticle", "Sabne", "diment autorisée", "ceuvre", "aprés",
        "ÉTÉ a", "A la demande", "a\tla", "a\t", "\ta", " a ", "a", "la", "ou", "(a)", "«a»", "a.", "a,",
        "1.", "2)", "3.a", "–", "•", "- tiret", "12 a 14", "p. 3 a", "👍🏽 a", "🇫🇷 la",
    ]

    /// Every line of every document, with and without a profile, lines kept or joined: the normaliser with the
    /// shortcut gives the same text and edits as the full pipeline, line after line (the caches filling as they go),
    /// and wherever the shortcut answers "unchanged" the full pipeline leaves the line as it is.
    @Test func sameResultsAsTheFullPipeline() {
        var proven = 0, lines = 0
        for doc in Self.documents {
            let split = doc.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let profile = DocumentProfile(text: doc)
            for (p, keep) in [(profile as DocumentProfile?, true), (profile, false), (nil, true)] {
                let fast = Normaliser(profile: p, keepLines: keep)
                var slow = fast // shares the cache: the shortcut reads what the full pipeline wrote
                slow.fastPaths = false
                var reference = Normaliser(profile: p, keepLines: keep)
                reference.fastPaths = false
                let ocr = p?.ocrDamage ?? true
                for _ in 0..<2 {
                    for n in split.indices {
                        let line = split[n], next = n + 1 < split.count ? split[n + 1] : nil
                        lines += 1
                        if fast.provablyUnchanged(line, following: next, ocr: ocr) {
                            proven += 1
                            let r = slow.normalise(line, following: next)
                            #expect(r.text == line && r.edits.isEmpty, "\(line.debugDescription)")
                        }
                        let a = fast.normalise(line, following: next), b = reference.normalise(line, following: next)
                        #expect(a.text == b.text, "\(line.debugDescription)")
                        #expect(Self.log(a) == Self.log(b), "\(line.debugDescription)")
                    }
                }
            }
        }
        // not vacuous: most lines of these documents are proven unchanged
        #expect(proven * 2 > lines)
    }

    /// Paragraphs of several lines (`keepLines` off), as `ctg ingest` may pass them.
    @Test func multiLineTexts() {
        for doc in Self.documents {
            let split = doc.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let fast = Normaliser(profile: DocumentProfile(text: doc))
            var reference = Normaliser(profile: DocumentProfile(text: doc))
            reference.fastPaths = false
            var k = 0
            while k < split.count {
                let chunk = split[k..<min(k + 4, split.count)].joined(separator: "\n")
                let a = fast.normalise(chunk), b = reference.normalise(chunk)
                #expect(a.text == b.text && Self.log(a) == Self.log(b), "\(chunk.debugDescription)")
                k += 3
            }
        }
    }

    static func log(_ r: NormalisedText) -> [String] {
        r.edits.map { "\($0.offset) \($0.before) \($0.after) \($0.rule) \($0.confidence)" }
    }

    /// The scalar-value predicates against their definitions on Tokens: every token of the documents and the
    /// adversarial lines, and short tokens made of the characters that matter.
    @Test func tokenPredicates() {
        var tokens = Set<String>()
        for doc in Self.documents {
            for t in doc.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }) { tokens.insert(String(t)) }
        }
        let alphabet = ["a", "A", "à", "À", "l", "I", "|", "_", "'", "’", ".", ")", "(", "«", "»", "1", "•", "–", "-", "é", "Ⱥ", "&", "u", "q", "\u{301}"]
        for x in alphabet { for y in alphabet { tokens.insert(x + y); for z in ["a", ".", "'", "s"] { tokens.insert(x + y + z) } } }
        let tables = Tables.shared
        for t in tokens {
            let s = Array(t.unicodeScalars)
            let token = WordRepair.Token(range: 0..<s.count, text: s[...])
            #expect(WordRepair.skipsContext(token, tables) == Self.skipsContextDefinition(s, tables), "\(t)")
            #expect(WordRepair.unrepairable(s[...]) == Self.unrepairableDefinition(s), "\(t)")
            #expect(WordRepair.endsSentence(token) == Self.endsSentenceDefinition(s), "\(t)")
        }
    }

    /// `skipsContext` as it was written on Tokens: the lower-cased core compared with every target of its length.
    static func skipsContextDefinition(_ s: [Unicode.Scalar], _ tables: Tables) -> Bool {
        if s.count > 12 { return true }
        let t = WordRepair.Token(range: 0..<s.count, text: s[...])
        let r = t.coreRange
        if r.count > 8 { return true }
        var lowered: [UInt32] = []
        for u in s[r] {
            guard u.value < 0x250 else { return false }
            let l = tables.lowerLatin[Int(u.value)]
            if l == 0 { return false }
            lowered.append(l)
        }
        return !tables.contextTargetsByLength[lowered.count].contains(lowered)
    }

    static func unrepairableDefinition(_ s: [Unicode.Scalar]) -> Bool {
        if s.count <= 2 { return !s.contains { $0 == "|" || $0 == "_" } }
        return !s.contains { $0.value == 0xFFFD || $0.properties.isAlphabetic || ($0.value < 0x80 && $0.isLetter) }
    }

    static func endsSentenceDefinition(_ s: [Unicode.Scalar]) -> Bool {
        guard let l = s.last else { return true }
        // a title or an initial before a name: M., MM., Dr., J.
        if l == ".", s.count <= 3, s[0].isASCII, s[0].properties.isUppercase,
           s.dropLast().allSatisfy({ $0.isASCII && $0.properties.isAlphabetic }) { return false }
        if l == "." || l == ":" || l == "!" || l == "?" || l == "•" || l == "-" || l == "–" { return true }
        return s.allSatisfy { $0.isDigit || $0 == "." || $0 == ")" }
    }

    /// The character-repair pre-check is false only where `mojibake`, `characters` and `compose` find nothing.
    @Test func characterPrecheck() {
        var lines: [String] = []
        for doc in Self.documents { lines += doc.split(separator: "\n").map(String.init) }
        for e in CharRepair.charTable { lines.append("x" + String(String.UnicodeScalarView(e.from)) + "y") }
        for v: UInt32 in [0xC2, 0xC3, 0xE2, 0xF0, 0xF4, 0xF5, 0x80, 0xA0, 0xBF, 0xC0, 0x2019, 0x20AC, 0x2122, 0x153] {
            for w: UInt32 in [0x80, 0x9F, 0xA9, 0xBF, 0xC0, 0x2019, 0x20AC, 0x2122, 0x41] {
                lines.append(String(String.UnicodeScalarView([Unicode.Scalar(v)!, Unicode.Scalar(w)!, "a"])))
            }
        }
        for line in lines {
            let s = Array(line.unicodeScalars)
            let may = s.withUnsafeBufferPointer { $0.withMemoryRebound(to: UInt32.self) { CharRepair.mayRepairCharacters($0) } }
            if !may {
                #expect(CharRepair.mojibake(s).isEmpty && CharRepair.characters(s).isEmpty && CharRepair.compose(s).isEmpty,
                        "\(line.debugDescription)")
            }
        }
    }

    /// `hasTag` (ASCII names packed) against its Character definition at every `<`.
    @Test func tagScan() {
        var cells = ["<p>", "</P>", "<br/>", "<BR >", "<li", "<li>", "<font color=x>", "<table>", "<tables>", "<h7>",
                     "<é>", "<pé>", "<abcdefgh>", "<abcdefghi>", "<strong>", "<STRONG>", "<sub>", "<sup/>", "< p>", "<>",
                     "<1>", "<b>", "<b", "a<b>c", "<<p>>", "</>", "<p\u{301}>", "<ﬁ>", "<Ǆ>", "<ul>x</ul>"]
        for doc in Self.documents { cells += doc.split(whereSeparator: { $0 == "\n" || $0 == "\t" }).map(String.init).filter { $0.contains("<") } }
        for cell in cells {
            let s = Array(cell.unicodeScalars)
            var definition = false
            for i in s.indices where s[i] == "<" {
                let j = i + 1 < s.count && s[i + 1] == "/" ? i + 2 : i + 1
                if CharRepair.hasTagName(s[...], j) { definition = true }
            }
            #expect(CharRepair.hasTag(s[...]) == definition, "\(cell.debugDescription)")
        }
    }
}
