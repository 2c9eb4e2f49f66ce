import CTGModel

/// Turns normalised pages into sections and fiches-actions, with the evidence behind each.
public struct Segmenter: Sendable {
    public init() {}
    public func segment(_ document: ExtractedDocument) -> Segmentation {
        Segmentation(facts: DocumentFacts(), fiches: [])
    }
}
