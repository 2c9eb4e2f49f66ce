import CTGModel
import Foundation

/// How one page was read, as written in the document JSON.
public struct PageExtraction: Codable, Sendable, Hashable {
    public var page: Int
    public var method: ExtractionMethod
    public var reason: String?
    public var ocrConfidence: Double?
    public var lines: Int
    public var furnitureLines: Int

    public init(page: Page) {
        self.page = page.number; self.method = page.method; self.reason = page.reason
        self.ocrConfidence = page.ocrConfidence.map(roundConfidence)
        self.lines = page.lines.filter { $0.role == .body }.count
        self.furnitureLines = page.lines.filter { $0.role == .furniture }.count
    }

    enum CodingKeys: String, CodingKey {
        case page, method, reason, ocrConfidence = "ocr_confidence", lines, furnitureLines = "furniture_lines"
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(page, forKey: .page); try c.encode(method, forKey: .method); try c.encode(reason, forKey: .reason)
        try c.encode(ocrConfidence, forKey: .ocrConfidence); try c.encode(lines, forKey: .lines)
        try c.encode(furnitureLines, forKey: .furnitureLines)
    }
}

/// One normaliser edit with the line it was made on.
public struct LineEdit: Codable, Sendable, Hashable {
    public var line: Int
    public var offset: Int
    public var before: String
    public var after: String
    public var rule: String
    public var confidence: Double
    public init(line: Int, edit: Edit) {
        self.line = line; self.offset = edit.offset; self.before = edit.before; self.after = edit.after
        self.rule = edit.rule; self.confidence = roundConfidence(edit.confidence)
    }
}

/// Summary and log of the normaliser's changes.
public struct NormalisationReport: Codable, Sendable {
    public var editCount: Int
    public var byRule: [String: Int]
    public var edits: [LineEdit]
    public init(edits: [LineEdit]) {
        self.edits = edits
        self.editCount = edits.count
        self.byRule = Dictionary(grouping: edits, by: \.rule).mapValues(\.count)
    }
    enum CodingKeys: String, CodingKey { case editCount = "edit_count", byRule = "by_rule", edits }
}

/// A line of page furniture (header, footer, page number, stamp), kept apart from the body.
public struct FurnitureLine: Codable, Sendable, Hashable {
    public var page: Int
    public var line: Int
    public var text: String
}

/// The document JSON: one object per input, field names as in the gold schema where they mean the same thing.
/// Deterministic: no timestamps, no absolute paths.
public struct DocumentRecord: Codable, Sendable {
    public var schemaVersion: String
    public var toolVersion: String
    public var source: String
    public var sourceKind: SourceKind
    public var sha256: String
    public var docTypes: [DocType]
    public var territory: Territory
    public var caf: String?
    public var period: Period
    public var deliberation: Deliberation?
    public var signatories: [String]
    public var factsConfidence: [String: Double]
    public var factsEvidence: [Evidence]
    public var pages: Int
    public var extraction: [PageExtraction]
    public var sections: [Section]
    public var fiches: [Fiche]
    public var furniture: [FurnitureLine]
    public var normalisation: NormalisationReport
    public var warnings: [String]

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version", toolVersion = "tool_version", source, sourceKind = "source_kind", sha256
        case docTypes = "doc_types", territory, caf, period, deliberation, signatories
        case factsConfidence = "facts_confidence", factsEvidence = "facts_evidence"
        case pages, extraction, sections, fiches, furniture, normalisation, warnings
    }

    public init(extracted: ExtractedDocument, sha256: String, segmentation: Segmentation, edits: [LineEdit]) {
        schemaVersion = CTGVersion.schema
        toolVersion = CTGVersion.tool
        source = extracted.source
        sourceKind = extracted.kind
        self.sha256 = sha256
        let f = segmentation.facts
        docTypes = f.docTypes; territory = f.territory; caf = f.caf; period = f.period
        deliberation = f.deliberation; signatories = f.signatories
        factsConfidence = f.confidence.mapValues(roundConfidence); factsEvidence = f.evidence
        pages = extracted.pages.count
        extraction = extracted.pages.map(PageExtraction.init(page:))
        sections = segmentation.sections
        fiches = segmentation.fiches.map { fiche in
            var x = fiche
            x.confidence = roundConfidence(x.confidence)
            x.fieldConfidence = x.fieldConfidence.mapValues(roundConfidence)
            return x
        }
        furniture = extracted.pages.flatMap { p in
            p.lines.filter { $0.role == .furniture }.map { FurnitureLine(page: p.number, line: $0.number, text: $0.text) }
        }
        normalisation = NormalisationReport(edits: edits)
        warnings = extracted.warnings + segmentation.warnings
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schemaVersion, forKey: .schemaVersion); try c.encode(toolVersion, forKey: .toolVersion)
        try c.encode(source, forKey: .source); try c.encode(sourceKind, forKey: .sourceKind)
        try c.encode(sha256, forKey: .sha256); try c.encode(docTypes, forKey: .docTypes)
        try c.encode(territory, forKey: .territory); try c.encode(caf, forKey: .caf)
        try c.encode(period, forKey: .period); try c.encode(deliberation, forKey: .deliberation)
        try c.encode(signatories, forKey: .signatories); try c.encode(factsConfidence, forKey: .factsConfidence)
        try c.encode(factsEvidence, forKey: .factsEvidence); try c.encode(pages, forKey: .pages)
        try c.encode(extraction, forKey: .extraction); try c.encode(sections, forKey: .sections)
        try c.encode(fiches, forKey: .fiches); try c.encode(furniture, forKey: .furniture)
        try c.encode(normalisation, forKey: .normalisation); try c.encode(warnings, forKey: .warnings)
    }
}

/// Confidences are written with three decimals so output is stable and readable.
@inline(__always) func roundConfidence(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }
