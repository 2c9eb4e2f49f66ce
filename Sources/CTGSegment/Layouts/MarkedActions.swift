import CTGModel

/// Fallback layout: actions marked by an arrow glyph at the start of a line (► Création d'une micro-crèche…), as the
/// action cells of a plan table come out of a plain text conversion that lost the table (`pdftotext` without
/// `-layout`: each cell a paragraph of short lines, one cell after another). Only the titles (and the thématique of
/// the heading above) can be read there: the batch lists the document for review (`titles_only`). `Segmenter` runs it
/// only where no registered layout found a fiche, since a document read by one of them is better read that way.
public struct MarkedActions: Layout {
    public static let layoutName = "marked-actions"
    public var name: String { Self.layoutName }
    public init() {}

    /// Glyphs that mark an action (not the bullets of ordinary lists: •, -, *).
    static let markers: Set<Unicode.Scalar> = ["\u{25BA}", "\u{25B6}", "\u{27A2}", "\u{27A4}", "\u{2794}", "\u{25B8}"]
    /// At least this many marked lines, all with the same glyph, make a plan of actions.
    static let minimumActions = 3
    /// A title runs on over at most this many lines after its marked line.
    static let maxContinuation = 10

    public func segment(_ doc: DocumentView) -> LayoutResult {
        var marked: [Int] = []
        var glyphs = Set<Unicode.Scalar>()
        for i in doc.lines.indices {
            guard let first = doc.text(i).unicodeScalars.first, Self.markers.contains(first) else { continue }
            marked.append(i)
            glyphs.insert(first)
        }
        guard marked.count >= Self.minimumActions, glyphs.count == 1 else { return LayoutResult() }
        let starts = Set(marked)
        let assembler = FicheAssembler()
        var result = LayoutResult()
        var headingLine = 0
        var heading: (Thematique, String, [Int])?
        for s in marked {
            // the thématique of the last heading above: a paragraph of one line, capitalised, naming one and nothing
            // else (a "Champs d'intervention" cell: Petite Enfance), not the last word of a wrapped cell
            while headingLine < s {
                let h = headingLine
                let t = doc.text(h)
                if t.count <= 60, t.first?.isUppercase == true, h == 0 || doc.isBlank(h - 1),
                   h + 1 == doc.lines.count || doc.isBlank(h + 1), let th = Self.heading(t) {
                    heading = (th, t, [doc.lines[h].number])
                }
                headingLine += 1
            }
            // the marked line and the lines that continue it, up to a blank line or the next marked line
            var end = s
            var parts = [String(doc.text(s).unicodeScalars.dropFirst()).trimmedSpaces()]
            var j = s + 1
            while j < doc.lines.count, j - s <= Self.maxContinuation, !doc.isBlank(j), !starts.contains(j) {
                parts.append(doc.text(j))
                end = j
                j += 1
            }
            let title = Text.clean(Self.join(parts))
            guard title.count >= 8 else { continue }
            // a marked action is an action; its title may lack the end of a cell that a page break cut
            var fiche = Fiche(key: "", title: title, confidence: 0.75, layout: name)
            fiche.fieldConfidence["title"] = 0.75
            fiche.provenance = doc.provenance(s...end)
            fiche.evidence.append(Evidence(subject: "boundary", rule: "marked-actions.marker", lines: doc.numbers(s...end),
                                           excerpt: String(title.prefix(80))))
            assembler.fill(&fiche, from: [:], thematiqueHint: heading)
            result.fiches.append(fiche)
            result.spans.append(s...end)
        }
        if !result.fiches.isEmpty {
            result.warnings.append("no fiche structure found: \(result.fiches.count) actions read from their \(glyphs.first!) markers (titles only)")
        }
        return result
    }

    /// The thématique a line names and nothing else (a heading cell: "Petite Enfance", "Jeunesse *"), not a line of
    /// a cell that mentions one.
    static func heading(_ line: String) -> Thematique? {
        let spaced = " " + Text.words(line).joined(separator: " ")
        guard spaced.count > 1 else { return nil }
        for (t, phrases) in ThematiqueVocabulary.foldedHeadings where phrases.contains(where: { $0.spaced == spaced }) { return t }
        return nil
    }

    /// Lines of a wrapped cell as one text: a line ending in a hyphen or an apostrophe runs on without a space
    /// (micro- / crèche, d' / un); the hyphen stays, since a word cut at a line end cannot be told from a compound.
    static func join(_ parts: [String]) -> String {
        var out = ""
        for p in parts where !p.isEmpty {
            if out.isEmpty || out.hasSuffix("-") || out.hasSuffix("'") || out.hasSuffix("’") { out += p } else { out += " " + p }
        }
        return out
    }
}
