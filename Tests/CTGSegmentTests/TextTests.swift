import Foundation
import Testing
@testable import CTGSegment

/// The table-driven `Text.fold`, `Text.wordSpans` and `Text.squash` and `trimmedSpaces` give exactly what their
/// definitions (the Foundation / Character versions) give.
@Suite struct TextTests {
    /// Every line of every fixture, plus strings built to hit the edges of the fast path.
    static func samples() throws -> [String] {
        var out: [String] = []
        let dir = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) where name.hasSuffix(".txt") {
            let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
            out += text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
        out += [
            "", " ", "\t a \t", "Œuvre ÆSOP œuf", "L’ÉTÉ d‘été `x´", "İstanbul ŉ ǅ ǈ ß ẞ", "Saint-Éloy–Ussel — 2024…",
            "a\r\nb", "\r\n", "x\u{00A0}y\u{202F}z\u{2009}w", "e\u{301}te\u{0301}", "n°3 1er 2ème ª º µ ¹ ½",
            "Action 3-1-1 => Pilote : CAF", "  Public   visé  ", "ÀÂÄÇÈÉÊËÎÏÔÖÙÛÜŸàâäçèéêëîïôöùûüÿ", "🙂 famille", "ﬁche",
        ]
        out.append(String(String.UnicodeScalarView((0..<0x250).compactMap { Unicode.Scalar(UInt32($0)) })))
        out.append(String(String.UnicodeScalarView((0x2000..<0x2070).compactMap { Unicode.Scalar(UInt32($0)) })))
        for r: ClosedRange<UInt32> in [0x20A0...0x20C0, 0x2180...0x2200, 0x24F0...0x2610, 0x26F0...0x27C0, 0xEFF0...0xF100] {
            out.append(String(String.UnicodeScalarView(r.compactMap { Unicode.Scalar($0) })) + " ►x€y")
        }
        return out
    }

    @Test func foldMatchesDefinition() throws {
        for s in try Self.samples() {
            #expect(Text.fold(s) == Text.slowFold(s), "\(s.debugDescription)")
        }
    }

    @Test func wordSpansMatchDefinition() throws {
        for s in try Self.samples() {
            for limit in [Int.max, 1, 3] {
                let fast = Text.wordSpans(s, limit: limit), slow = Text.slowWordSpans(s, limit: limit)
                #expect(fast.map(\.folded) == slow.map(\.folded), "\(s.debugDescription)")
                #expect(fast.map { s[$0.range] } == slow.map { s[$0.range] }, "\(s.debugDescription)")
            }
        }
    }

    @Test func squashAndTrimMatchDefinition() throws {
        for s in try Self.samples() {
            #expect(Text.squash(s) == s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " "), "\(s.debugDescription)")
            #expect(s.trimmedSpaces() == s.trimmingCharacters(in: .whitespaces), "\(s.debugDescription)")
            #expect(Text.replacingDoubleStars(s + "**x**") == (s + "**x**").replacingOccurrences(of: "**", with: ""))
            #expect(Text.replacingDoubleStars(s) == s.replacingOccurrences(of: "**", with: ""))
        }
    }

    @Test func upperShareMatchesDefinition() throws {
        for s in try Self.samples() + ["OPTIMISER LA QUALITÉ DE L'OFFRE", "AXE 2\r\nÉTÉ", "ÉtéÀvenir"] {
            #expect(Text.upperShare(s) == Text.slowUpperShare(s), "\(s.debugDescription)")
        }
    }

    @Test func fastPathCoversPlainFrench() {
        #expect(FoldTable.shared.fold("Élaboration du Projet Social – l’accès aux droits") == "elaboration du projet social – l'acces aux droits")
        #expect(FoldTable.shared.fold("e\u{301}") == nil) // a combining mark: the definition decides
    }
}

@Suite struct TextContainsTests {
    /// The String `contains` of CTGSegment answers as Foundation's does, on fixture lines and on their pieces.
    @Test func containsMatchesFoundation() throws {
        let lines = try TextTests.samples()
        let needles = ["a", "é", "e", ":", "\n", "\r", "\r\n", "plan d action", "Action", "’", "e\u{301}", "ﬁ", "", " "]
        for s in lines {
            var all = needles
            let words = s.split(separator: " ").map(String.init)
            all += words.prefix(4)
            if words.count > 2 { all.append(words[1] + " " + words[2]) }
            for n in all {
                #expect(s.contains(n) == (s.range(of: n) != nil), "\(s.debugDescription) / \(n.debugDescription)")
            }
        }
        #expect("caf\u{E9}".contains("cafe\u{301}"))   // canonically equivalent: Foundation decides
        #expect(!"a\r\nb".contains("\n") == !("a\r\nb".range(of: "\n") != nil))
    }
}

@Suite struct SegmentShortcutTests {
    /// The glue pre-test never rules out a segment where the Character scan would find a candidate.
    @Test func glueCandidatesAsCharacters() throws {
        for s in try TextTests.samples() + ["des famillesAction 3-1-1", "AFJCServices mobilisés", "ActionsCalendrier", "ÉtéÀvenir"] where FoldTable.plain(s) {
            let c = Array(s)
            let slow = c.count > 2 && (1..<(c.count - 1)).contains { c[$0 - 1].isLetter && c[$0].isUppercase && c[$0 + 1].isLowercase }
            #expect(FoldTable.shared.hasGlueCandidate(s) == slow, "\(s.debugDescription)")
        }
    }

    /// Every furniture pattern's start is read, so the pre-test is on, and it keeps the lines the patterns match.
    @Test func furnitureStarts() throws {
        for r in FurniturePatterns.compiled { #expect(r.allowed != nil, "\(r.regex.pattern)") }
        for line in ["AR Prefecture", "Accusé de réception en préfecture", "Reçu le 20/06/2022", "Publié le 20/06/2022",
                     "063-200072080-20220607-CC20220406-DE", "Page 3 sur 12", "3 / 12", "12/05/2023"] {
            #expect(FurniturePatterns.matches(line), "\(line)")
        }
        #expect(!FurniturePatterns.matches("Pilote : CAF"))
    }
}

/// The cheap pre-tests before regular expressions and Foundation calls never rule out a string the slow call would
/// have matched or changed.
@Suite struct RegexShortcutTests {
    static let anchored: [(String, AnchoredRegex)] = [
        ("heading", BlockHeading.headingRegex), ("letterDigit", BlockHeading.letterDigitRegex), ("axe", BlockReader.axeRegex),
        ("objectif", BlockReader.objectifRegex), ("subActionKey", BlockReader.subActionKeyRegex),
        ("trailingYear", BlockReader.Reading.trailingYearRegex),
    ]

    @Test func startsReadFromPatterns() {
        func set(_ r: AnchoredRegex) -> String? { r.allowed.map { a in String(a.indices.filter { a[$0] }.map { Character(Unicode.Scalar(UInt8($0))) }) } }
        #expect(set(BlockHeading.headingRegex) == "AFaf")
        #expect(set(BlockHeading.letterDigitRegex) == "AFaf")
        #expect(set(BlockReader.axeRegex) == "AEOaeo")
        #expect(set(BlockReader.objectifRegex) == "Oo")
        #expect(set(BlockReader.subActionKeyRegex) == "0123456789")
        #expect(set(BlockReader.Reading.trailingYearRegex) == nil)
        #expect(AnchoredRegex.firstBytes("^a?b", caseInsensitive: false) == Set("ab".utf8))
        #expect(AnchoredRegex.firstBytes(#"^(\d{2,3}-)?x"#, caseInsensitive: false) == Set("0123456789x".utf8))
        #expect(AnchoredRegex.firstBytes("^a{0,2}b*?c+d", caseInsensitive: false) == Set("abc".utf8))
        #expect(AnchoredRegex.firstBytes("^a?b*", caseInsensitive: false) == nil)
        #expect(AnchoredRegex.firstBytes("^(?=a)b", caseInsensitive: false) == nil)
        #expect(AnchoredRegex.firstBytes("^(a|b*)c", caseInsensitive: false) == nil)
        #expect(AnchoredRegex.firstBytes("^[ab]c", caseInsensitive: false) == nil)
    }

    @Test func preTestsNeverRuleOutAMatch() throws {
        var samples = try TextTests.samples()
        samples += ["ﬁche action 3 : x", "Fiche action Obis : x", "AXE 2 : x", "Objectif 1.2 : y", "1-1-1-A", "١-١-a", "KAXE 1 : x",
                    "action 3 : x", "  Action 4 : z", "Enjeu 1 - w", "Orientation II x", "Action 1 : titre (2023)",
                    "AR Prefecture", "063-200072080-20220607-CC20220406-DE", "Reçu le 20/06/2022", "Page 3 sur 12", "3 / 12"]
        var all: [String] = []
        for s in samples {
            all.append(s)
            all += BlockReader.segments(s)
            all.append(Text.squash(Text.replacingDoubleStars(s, with: " ")))
            all.append(Text.stripBullet(s))
        }
        for s in all {
            let furniture = Text.squash(Text.fold(s))
            for (name, r) in Self.anchored + FurniturePatterns.compiled.map({ ("furniture", $0) }) {
                for t in [s, furniture] where !r.mayMatch(t) {
                    #expect(r.regex.firstMatch(in: t, range: NSRange(t.startIndex..., in: t)) == nil, "\(name): \(t.debugDescription)")
                }
            }
            let action = FicheTablesLayout.actionPattern.firstMatch(in: s, range: NSRange(s.startIndex..., in: s))
            #expect(FicheTablesLayout.mayHoldAction(s) || action == nil, "\(s.debugDescription)")
            let asciiLower = String(decoding: s.utf8.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
            #expect(Text.containsASCIIWord(s, "action") == (asciiLower.range(of: "action", options: .literal) != nil), "\(s.debugDescription)")
            for t in s.split(separator: "\n").map(String.init) + [s, s + "*x*", s + "\na"] {
                #expect(Text.replacing(t, "*", with: " ") == t.replacingOccurrences(of: "*", with: " "), "\(t.debugDescription)")
                #expect(Text.replacing(t, "\n", with: " ") == t.replacingOccurrences(of: "\n", with: " "), "\(t.debugDescription)")
                #expect(Text.replacing(t, " ", with: "") == t.replacingOccurrences(of: " ", with: ""), "\(t.debugDescription)")
            }
        }
    }

    /// No scalar but themselves is canonically equivalent to the scalars `Text.replacing` searches by byte (while
    /// ";" has U+037E: the check would see it).
    @Test func selfOnlyScalars() {
        func equivalents(_ target: String) -> [UInt32] {
            (0...0x10FFFF).compactMap { v -> UInt32? in
                guard let u = Unicode.Scalar(UInt32(v)), u.value >= 0x80 else { return nil }
                return String(Character(u)) == target ? u.value : nil
            }
        }
        #expect(equivalents(";") == [0x037E])
        for b in Text.selfOnlyASCII { #expect(equivalents(String(Unicode.Scalar(b))).isEmpty) }
    }
}

@Suite struct DepartementLookupTests {
    /// The indexed lookup gives what a scan of the whole table in order gives (exact words, or one letter off for
    /// names of 10 characters or more), at every word of the fixture lines and of names with one letter changed.
    @Test func indexedLookupIsTheTableScan() throws {
        func scan(_ k: Int, _ spans: [Text.WordSpan], _ text: String) -> Departement? {
            guard k < spans.count, text[spans[k].range].first?.isUppercase == true else { return nil }
            for (d, words, name) in TerritoryRules.foldedJoinedNames where k + words.count <= spans.count {
                if (0..<words.count).allSatisfy({ spans[k + $0].folded == words[$0] }) { return d }
                guard name.count >= 10 else { continue }
                let a = Array((0..<words.count).map { spans[k + $0].folded }.joined(separator: " "))
                if TerritoryRules.editDistanceAtMostOne(a, name) { return d }
            }
            return nil
        }
        var lines = try TextTests.samples()
        for d in Departements.all {
            lines.append("la Caf de \(d.name) et le Conseil")
            var damaged = Array(d.name)
            if damaged.count > 3 { damaged[2] = "x"; lines.append("la Caf de \(String(damaged)) et le Conseil") }
            lines.append("la Caf de \(d.name)s et")
        }
        var found = 0
        for line in lines {
            let spans = Text.wordSpans(line)
            for k in spans.indices {
                let want = scan(k, spans, line)
                #expect(TerritoryRules.departement(at: k, spans, line)?.code == want?.code, "\(line) @\(k)")
                if want != nil { found += 1 }
            }
        }
        #expect(found > Departements.all.count)
    }
}
