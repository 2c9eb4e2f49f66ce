import CTGModel
import Foundation

/// Normalised text and the log of every change.
public struct NormalisedText: Sendable {
    public var text: String
    public var edits: [Edit]
    public init(text: String, edits: [Edit]) { self.text = text; self.edits = edits }
}

/// Repairs French text: markup leftovers, broken characters, OCR damage. Conservative: a change is made
/// only where a rule has strong evidence, and every change is logged.
public struct Normaliser: Sendable {
    public init() {}

    public func normalise(_ text: String) -> NormalisedText {
        var out = text
        var edits: [Edit] = []
        for rule in Self.rules {
            out = rule.apply(out, &edits)
        }
        return NormalisedText(text: out, edits: edits)
    }

    /// A literal replacement rule.
    struct Replacement: Sendable {
        var name: String
        var pairs: [(String, String)]
        var confidence: Double
        func apply(_ text: String, _ edits: inout [Edit]) -> String {
            var s = text
            for (from, to) in pairs where s.contains(from) {
                var offset = 0
                var result = ""
                var rest = Substring(s)
                while let r = rest.range(of: from) {
                    let prefix = rest[..<r.lowerBound]
                    result += prefix
                    offset += prefix.unicodeScalars.count
                    edits.append(Edit(offset: offset, before: from, after: to, rule: name, confidence: confidence))
                    result += to
                    offset += to.unicodeScalars.count
                    rest = rest[r.upperBound...]
                }
                result += rest
                s = result
            }
            return s
        }
    }

    static let rules: [Replacement] = [
        Replacement(name: "markup.bold", pairs: [("**", "")], confidence: 1),
        Replacement(name: "markup.superscript", pairs: [("^{er}", "er"), ("^{ère}", "ère"), ("^{ème}", "ème"), ("^{e}", "e")], confidence: 1),
        Replacement(name: "chars.ligature", pairs: [("ﬁ", "fi"), ("ﬂ", "fl"), ("ﬀ", "ff"), ("ﬃ", "ffi"), ("ﬄ", "ffl")], confidence: 1),
        Replacement(name: "chars.space", pairs: [("\u{00A0}", " "), ("\u{202F}", " "), ("\u{2009}", " "), ("\u{00AD}", "")], confidence: 1),
    ]
}
