// The normaliser's edit log.

/// One change made by the normaliser.
public struct Edit: Codable, Sendable, Hashable {
    /// Offset, in Unicode scalars, of `before` in the input text.
    public var offset: Int
    public var before: String
    public var after: String
    /// Name of the rule that made the change (e.g. "mojibake", "ocr.accent", "markup.bold").
    public var rule: String
    /// How sure the rule is, in [0, 1].
    public var confidence: Double

    public init(offset: Int, before: String, after: String, rule: String, confidence: Double) {
        self.offset = offset; self.before = before; self.after = after; self.rule = rule; self.confidence = confidence
    }
}
