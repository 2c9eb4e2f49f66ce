import CTGModel

/// Layout 3: a council deliberation followed by an annex plan. A summary list of hierarchically
/// numbered actions ("- Action 1-1-1 : …" under "- Objectif 2 : …" bullets), then one detailed fiche per
/// action ("Action 1-1-1 => title", "Diagnostic : …", "Public ciblé", "Responsables de l'action",
/// "Services mobilisés / partenaires / acteurs ressource", a table of lettered sub-actions with a
/// calendar grid, "Indicateurs d'évaluation" / "Résultats attendus" in a two-column row), with
/// prefecture stamps repeated between pages (skipped as furniture).
///
/// The reading is shared with `LabelledBlocks` (`BlockReader`): this layout claims the documents whose
/// detailed fiches carry multi-level numbers ("1-1-1", "2.3") or arrow separators ("=>", "→").
public struct NumberedActions: Layout {
    public let name = "numbered-actions"
    public init() {}

    public func segment(_ doc: DocumentView) -> LayoutResult {
        let reading = doc.shared.blockReading(doc)
        guard !reading.details.isEmpty, Self.claims(reading) else { return LayoutResult() }
        return reading.result(layout: name)
    }

    /// True where most detailed fiches are numbered hierarchically or introduced by an arrow.
    static func claims(_ reading: BlockReader.Reading) -> Bool {
        let hierarchical = reading.details.filter { d in
            d.heading.parts.count >= 2 || ["=>", "→", "->"].contains(d.heading.separator) || !d.subActions.isEmpty
        }
        return hierarchical.count * 2 > reading.details.count
    }
}
