import CTGModel

/// Document-level facts: doc types, territory, Caf, period, deliberation, signatories.
public struct DocumentFactsExtractor: Sendable {
    public init() {}

    public func extract(_ view: DocumentView, fiches: [Fiche]) -> DocumentFacts {
        var facts = DocumentFacts()
        if !fiches.isEmpty { facts.docTypes = [.fichesActions] }
        return facts
    }
}
