import CTGModel
import Foundation

/// Document-level facts: doc types, territory, Caf, period, deliberation, signatories.
/// Each fact carries a confidence (`facts.confidence[name]`) and the evidence behind it. Rules read
/// structure and vocabulary (headings, "Caf de …", "Communauté de communes …", party blocks, register
/// extracts); the départements are data (Tables/Departements.swift).
public struct DocumentFactsExtractor: Sendable {
    public init() {}

    public func extract(_ view: DocumentView, fiches: [Fiche]) -> DocumentFacts {
        var facts = DocumentFacts()
        let ctx = Context(view)
        DocTypeRules.apply(ctx, fiches: fiches, to: &facts)
        TerritoryRules.apply(ctx, to: &facts)
        PeriodRules.apply(ctx, to: &facts)
        DeliberationRules.apply(ctx, to: &facts)
        SignatoryRules.apply(ctx, to: &facts)
        return facts
    }

    /// The document's lines as plain text (cells joined by a space), with their source numbers.
    struct Context {
        let texts: [String]
        let folded: [String]
        /// `FoldTable.plain` of each folded text, read once for the rules' searches (`foldedContains`).
        let foldedPlain: [Bool]
        /// `Text.wordSpans` of each text, read once for the rules that walk the words.
        let spans: [[Text.WordSpan]]
        let numbers: [Int]
        let cells: [[String]?]
        /// Texts of the furniture lines (stamps, headers, footers).
        let furniture: [String]
        init(_ view: DocumentView) {
            furniture = view.furniture.map(\.text)
            texts = view.lines.map { Text.replacing($0.cells?.joined(separator: "\t") ?? $0.text, "\n", with: " ") }
            spans = texts.map { Text.wordSpans($0) }
            folded = spans.map { $0.map(\.folded).joined(separator: " ") } // Text.words(text), joined
            foldedPlain = folded.map(FoldTable.plain)
            numbers = view.lines.map(\.number)
            cells = view.lines.map(\.cells)
        }
        /// `folded[i].contains(needle)`, this module's `String.contains`, with the line's plainness read once.
        func foldedContains(_ i: Int, _ needle: String) -> Bool {
            guard foldedPlain[i], FoldTable.plain(needle) else { return folded[i].contains(needle) }
            if needle.utf8.isEmpty { return false } // as Foundation answers
            return FoldTable.withBytes(folded[i]) { h in FoldTable.withBytes(needle) { p in String.byteSearch(p, in: h, from: 0) != nil } }
        }

        /// Indices of the first `n` non-blank lines.
        func head(_ n: Int) -> [Int] {
            var out: [Int] = []
            for i in texts.indices where !folded[i].isEmpty { out.append(i); if out.count == n { break } }
            return out
        }
    }
}
