import CTGModel

/// Words that a page's layout broke inside and its text layer gives as two: a word too long for its table column,
/// broken where it fills the cell as word processors break it ("Accompagnem" / "ent", joined by a space once the
/// cell's lines are joined). Joined again, in table cells, where the vocabulary rejects the first part and the second
/// (a part of one or two letters aside) and surely knows the two together: real words are never rejected, so text of
/// real words is never touched.
enum BrokenWords {
    /// A pair of tokens side by side in a text: the first ends in letters (after an opening mark at most), the
    /// second starts with a letter in lower case.
    struct Pair: Hashable {
        var first: String, second: String
        /// The letters of each, the first's in lower case (the vocabulary's words are).
        var firstLetters: String, secondLetters: String
    }

    /// The pairs of `text` that may be one word broken (by their shape alone).
    static func pairs(_ text: String) -> [Pair] {
        let tokens = text.split(separator: " ", omittingEmptySubsequences: true)
        var out: [Pair] = []
        for (a, b) in zip(tokens, tokens.dropFirst()) {
            // (scalars, ASCII first: Characters are slow, and most pairs fail at their first scalar)
            guard let b0 = b.unicodeScalars.first, b0.value < 0x80 ? (b0.value >= 0x61 && b0.value <= 0x7A) : b0.properties.isLowercase else { continue }
            let aCore = a.unicodeScalars.drop { "(«\"'“‘".unicodeScalars.contains($0) }
            guard aCore.count >= 3, aCore.allSatisfy({ $0.properties.isAlphabetic }),
                  aCore.dropFirst().allSatisfy({ $0.properties.isLowercase }) else { continue }
            let bLetters = b.unicodeScalars.prefix { $0.properties.isAlphabetic }
            guard bLetters.allSatisfy({ $0.properties.isLowercase }),
                  b.unicodeScalars.dropFirst(bLetters.count).allSatisfy({ ",.;:)»\"'”’".unicodeScalars.contains($0) }) else { continue }
            out.append(Pair(first: String(a), second: String(b), firstLetters: String(String.UnicodeScalarView(aCore)).lowercased(),
                            secondLetters: String(String.UnicodeScalarView(bLetters))))
        }
        return out
    }

    /// The pairs of the page's text-layer lines that are one word broken, asked of the vocabulary all at once.
    static func broken(_ pairs: Set<Pair>, _ vocabulary: any Vocabulary) -> Set<Pair> {
        let list = Array(pairs)
        // the first part, the second (one or two letters: too short to be judged), the two together
        let firsts = vocabulary.rejects(list.map(\.firstLetters))
        let candidates = list.indices.filter { firsts[$0] }
        guard !candidates.isEmpty else { return [] }
        let seconds = vocabulary.rejects(candidates.map { list[$0].secondLetters })
        let joined = vocabulary.accepts(candidates.map { list[$0].firstLetters + list[$0].secondLetters })
        var out: Set<Pair> = []
        for (k, i) in candidates.enumerated() where (seconds[k] || list[i].secondLetters.count <= 2) && joined[k] {
            out.insert(list[i])
        }
        return out
    }

    /// Whether tokens `a` and `b`, side by side, are one of the broken pairs.
    static func isBroken(_ a: String, _ b: String, _ broken: Set<Pair>) -> Bool {
        pairs(a + " " + b).first.map(broken.contains) ?? false
    }

    /// `text` with the broken pairs joined.
    static func joined(_ text: String, _ broken: Set<Pair>) -> String {
        var tokens = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        var k = 0
        while k + 1 < tokens.count {
            if isBroken(tokens[k], tokens[k + 1], broken) {
                tokens[k] += tokens[k + 1]
                tokens.remove(at: k + 1)
            } else { k += 1 }
        }
        return tokens.joined(separator: " ")
    }

    /// Joins the broken words of a page's text-layer lines: their text, cells and words (boxes united).
    static func repair(_ page: inout Page, _ vocabulary: any Vocabulary) {
        var all: Set<Pair> = []
        // (table cells only: a word is broken where it does not fit its column, and a page's running text is left
        // as it is)
        for l in page.lines where l.method == .pdfText {
            for t in l.cells ?? [] { for piece in t.split(separator: "\n") { all.formUnion(pairs(String(piece))) } }
        }
        guard !all.isEmpty else { return }
        let broken = broken(all, vocabulary)
        guard !broken.isEmpty else { return }
        for i in page.lines.indices where page.lines[i].method == .pdfText && page.lines[i].cells != nil {
            var l = page.lines[i]
            func fix(_ t: String) -> String { t.split(separator: "\n", omittingEmptySubsequences: false).map { joined(String($0), broken) }.joined(separator: "\n") }
            l.cells = l.cells!.map(fix)
            l.text = l.cells!.joined(separator: "\t")
            if var words = l.words {
                var k = 0
                while k + 1 < words.count {
                    if isBroken(words[k].text, words[k + 1].text, broken) {
                        words[k] = Word(text: words[k].text + words[k + 1].text, box: words[k].box.union(words[k + 1].box),
                                        confidence: words[k].confidence)
                        words.remove(at: k + 1)
                    } else { k += 1 }
                }
                l.words = words
            }
            page.lines[i] = l
        }
    }
}
