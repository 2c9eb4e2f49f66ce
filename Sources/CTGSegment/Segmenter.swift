import CTGModel
import Foundation

/// Turns normalised pages into sections and fiches-actions, with the evidence behind each.
///
/// Every registered layout reads the document; where two layouts claim the same lines or the same
/// action (same printed number, or near-identical title), the better-supported reading is kept and the
/// other one only fills the fields it lacks. Keys are then assigned: the printed number, prefixed with a
/// thématique code where numbering restarts, or "ROW-n" for unnumbered actions.
public struct Segmenter: Sendable {
    public var layouts: [any Layout]
    /// Layouts read only where `layouts` found no fiche, in order, until one finds some (`LayoutRegistry.fallbacks`).
    public var fallbacks: [any Layout]
    public var facts: DocumentFactsExtractor

    public init(layouts: [any Layout] = LayoutRegistry.all, fallbacks: [any Layout] = LayoutRegistry.fallbacks,
                facts: DocumentFactsExtractor = DocumentFactsExtractor()) {
        self.layouts = layouts; self.fallbacks = fallbacks; self.facts = facts
    }

    public func segment(_ document: ExtractedDocument) -> Segmentation {
        let view = DocumentView(document)
        // the layouts read the same immutable view and are independent: they run side by side
        let slots = ResultSlots(count: layouts.count)
        DispatchQueue.concurrentPerform(iterations: layouts.count) { k in slots.set(k, layouts[k].segment(view)) }
        var results = zip(layouts, slots.values).map { (layout: $0.name, result: $1) }
        if results.allSatisfy({ $0.result.fiches.isEmpty }) {
            for f in fallbacks {
                let r = f.segment(view)
                if !r.fiches.isEmpty { results.append((f.name, r)); break }
            }
        }
        var (fiches, spans) = merge(results.map(\.result))
        for i in fiches.indices { Self.doubtJunkTitle(&fiches[i]) }
        // Document order.
        let order = spans.indices.sorted { spans[$0].lowerBound < spans[$1].lowerBound }
        fiches = order.map { fiches[$0] }
        spans = order.map { spans[$0] }
        if document.kind == .pdf {
            for i in fiches.indices { fiches[i].pages = fiches[i].provenance?.pages ?? view.provenance(spans[i]).pages }
        } else {
            for i in fiches.indices { fiches[i].pages = nil }
        }
        assignKeys(&fiches)
        var warnings = results.flatMap(\.result.warnings)
        if fiches.isEmpty { warnings.append("no fiche-action found") }
        let sections = results.first(where: { !$0.result.sections.isEmpty })?.result.sections ?? Self.hierarchy(fiches)
        return Segmentation(facts: facts.extract(view, fiches: fiches), sections: sections, fiches: fiches, warnings: warnings)
    }

    /// A title holding a token of signs that French text does not set alone (a straight double quote, a bar, a
    /// brace: OCR of a stamp or a smudge over the cell) is likely garbled: the fiche is less sure, by 0.15 a token
    /// (0.3 at most), with the evidence.
    static func doubtJunkTitle(_ fiche: inout Fiche) {
        let junk = fiche.title.split(separator: " ").filter { tok in
            !tok.contains(where: { $0.isLetter || $0.isNumber }) && tok.contains(where: { !titlePunctuation.contains($0) })
        }
        guard !junk.isEmpty else { return }
        fiche.confidence = max(0.2, fiche.confidence - min(0.3, 0.15 * Double(junk.count)))
        fiche.evidence.append(Evidence(subject: "confidence", rule: "title.ocr-junk", lines: [], excerpt: junk.joined(separator: " ")))
    }

    /// Signs a title sets as a token of their own or next to another ("...)", "».", "–", "/", "&").
    static let titlePunctuation = Set(".,;:!?()«»…'’-–—/&+%°•►[]")

    /// The axe -> objectif -> fiche tree, in document order, from the headings kept on each fiche
    /// (fiches without an axe or objectif hang directly at the level above).
    static func hierarchy(_ fiches: [Fiche]) -> [Section] {
        var axes: [Section] = []
        var loose: [String] = []
        for f in fiches {
            let line = f.provenance?.lineStart ?? 0
            guard let axe = f.axe else {
                if let objectif = f.objectif {
                    axes.append(Section(kind: "objectif", title: objectif, line: line, fiches: [f.key]))
                } else {
                    loose.append(f.key)
                }
                continue
            }
            if axes.last?.kind != "axe" || axes.last?.title != axe {
                axes.append(Section(kind: "axe", title: axe, line: line))
            }
            if let objectif = f.objectif {
                if axes[axes.count - 1].children.last?.title != objectif {
                    axes[axes.count - 1].children.append(Section(kind: "objectif", title: objectif, line: line))
                }
                let last = axes[axes.count - 1].children.count - 1
                axes[axes.count - 1].children[last].fiches.append(f.key)
            } else {
                axes[axes.count - 1].fiches.append(f.key)
            }
        }
        if !loose.isEmpty { axes.append(Section(kind: "document", title: "", line: 0, fiches: loose)) }
        return axes
    }

    /// Union of the layouts' fiches; overlapping claims resolved by confidence.
    func merge(_ results: [LayoutResult]) -> ([Fiche], [ClosedRange<Int>]) {
        var all: [(Fiche, ClosedRange<Int>)] = []
        for r in results { all += zip(r.fiches, r.spans).map { ($0, $1) } }
        // A fiche may record lines it absorbed (evidence subject "absorbed": the same action printed again, e.g.
        // a detailed annex fiche merged into its plan row); another layout's fiche there fills its gaps instead.
        var absorbed: [(owner: Int, lines: ClosedRange<Int>)] = []
        for (i, (f, _)) in all.enumerated() {
            for e in f.evidence where e.subject == "absorbed" {
                if let lo = e.lines.min(), let hi = e.lines.max() { absorbed.append((i, lo...hi)) }
            }
        }
        var dropped = Set<Int>()
        for (i, (f, _)) in all.enumerated() {
            guard let p = f.provenance, p.lineStart <= p.lineEnd else { continue }
            if let a = absorbed.first(where: { all[$0.owner].0.layout != f.layout && overlapShare($0.lines, p.lineStart...p.lineEnd) > 0.5 }) {
                all[a.owner].0 = fillMissing(all[a.owner].0, from: f)
                dropped.insert(i)
            }
        }
        all = all.enumerated().filter { !dropped.contains($0.offset) }.map(\.element)
        all.sort { $0.0.confidence > $1.0.confidence }
        // Each fiche against the kept ones: its number and title words read once (filling a kept fiche's gaps
        // changes neither).
        var kept: [(Fiche, ClosedRange<Int>, MergeKey)] = []
        for (f, span) in all {
            let c = MergeKey(f, self)
            if let k = kept.firstIndex(where: { same($0.2, c) || ($0.0.layout != f.layout && overlapShare($0.1, span) > 0.5) }) {
                kept[k].0 = fillMissing(kept[k].0, from: f)
            } else {
                kept.append((f, span, c))
            }
        }
        return (kept.map(\.0), kept.map(\.1))
    }

    /// What `same` reads of a fiche.
    struct MergeKey {
        var number: String?
        var thematique: Thematique?
        var layout: String
        var titleWords: Set<String>
        init(_ f: Fiche, _ s: Segmenter) {
            number = f.number.map(s.normaliseNumber); thematique = f.thematique; layout = f.layout
            titleWords = Text.titleWords(f.title)
        }
    }

    /// The same action: equal printed numbers under the same thématique, or near-identical titles.
    func same(_ a: Fiche, _ b: Fiche) -> Bool { same(MergeKey(a, self), MergeKey(b, self)) }

    func same(_ a: MergeKey, _ b: MergeKey) -> Bool {
        if let na = a.number, let nb = b.number, na == nb, a.thematique == b.thematique, a.layout != b.layout {
            return true
        }
        return Text.similarity(a.titleWords, b.titleWords) >= 0.9
    }

    func overlapShare(_ a: ClosedRange<Int>, _ b: ClosedRange<Int>) -> Double {
        let lo = max(a.lowerBound, b.lowerBound), hi = min(a.upperBound, b.upperBound)
        guard lo <= hi else { return 0 }
        return Double(hi - lo + 1) / Double(min(a.count, b.count))
    }

    func fillMissing(_ a: Fiche, from b: Fiche) -> Fiche {
        var x = a
        if x.axe == nil, let axe = b.axe {
            x.axe = axe
            // The fiche takes its place under that axe: the thématique the other reading took from the headings of
            // that axe's section outranks one this reading took from the fiche's own objectif or title line, or
            // from its vocabulary (the thématique is coded per axe / champ); a labelled "Thématique" field stays, and
            // so does one the title settles (`ThematiqueVocabulary.titleWords`).
            if let t = b.thematique, t != x.thematique,
               b.evidence.last(where: { $0.subject == "thematique" })?.rule == "heading.thematique",
               !x.evidence.contains(where: { $0.subject == "thematique" && ($0.rule == "label.thematique" || $0.rule == "title.thematique") }) {
                x.thematique = t
                x.fieldConfidence["thematique"] = b.fieldConfidence["thematique"]
                // (their evidence joins below, marked merged)
                x.evidence.removeAll { $0.subject == "thematique" }
            }
        }
        if x.objectif == nil { x.objectif = b.objectif }
        if x.status == nil { x.status = b.status }
        if x.pilotes.isEmpty { x.pilotes = b.pilotes }
        if x.partenaires.isEmpty { x.partenaires = b.partenaires }
        if x.public == nil { x.public = b.public }
        if x.calendrier == nil { x.calendrier = b.calendrier; if x.years.isEmpty { x.years = b.years } }
        if x.indicateurs.isEmpty { x.indicateurs = b.indicateurs }
        if x.subActions.isEmpty { x.subActions = b.subActions }
        for (k, v) in b.raw where x.raw[k] == nil { x.raw[k] = v }
        for (k, v) in b.fieldConfidence where x.fieldConfidence[k] == nil { x.fieldConfidence[k] = v }
        // (the other reading's status badge only where it read the same status: a badge it gave this fiche while
        // this reading gave it another one is a neighbour's)
        x.evidence += b.evidence.filter { $0.subject != "status" || b.status == x.status }
            .map { e in var e = e; e.rule = "merged(\(b.layout))." + e.rule; return e }
        return x
    }

    func normaliseNumber(_ n: String) -> String {
        Text.words(n).joined(separator: ".")
    }

    /// Keys: printed number where unique; thématique code + number where numbering restarts;
    /// "<code>-ENG"-style keys for unnumbered fiches under a thématique; "ROW-n" otherwise.
    func assignKeys(_ fiches: inout [Fiche]) {
        var counts: [String: Int] = [:]
        for f in fiches { if let n = f.number { counts[normaliseNumber(n), default: 0] += 1 } }
        // Numbering that restarts somewhere restarts per thématique: every numbered key gets the prefix.
        let restarts = counts.values.contains { $0 > 1 }
        var used = Set<String>()
        var row = 0
        for i in fiches.indices {
            var key: String
            if let n = fiches[i].number {
                key = restarts ? "\(Self.code(fiches[i].thematique))-\(n)" : n
            } else {
                row += 1
                key = "ROW-\(row)"
            }
            var k = key, j = 2
            while used.contains(k) { k = "\(key)-\(j)"; j += 1 }
            used.insert(k)
            fiches[i].key = k
        }
    }

    static func code(_ t: Thematique?) -> String {
        switch t {
        case .petiteEnfance: "PE"
        case .enfance: "ENF"
        case .jeunesse: "JEU"
        case .enfanceJeunesse: "EJ"
        case .parentalite: "PAR"
        case .animationVieSociale: "AVS"
        case .accesAuxDroits: "ADR"
        case .inclusionNumerique: "NUM"
        case .logement: "LOG"
        case .handicap: "HAN"
        case .sante: "SAN"
        case .mobilite: "MOB"
        case .gouvernance: "GOUV"
        case .autre, nil: "X"
        }
    }
}

/// The layouts, in the order they are tried. Each is a small named unit in Layouts/.
public enum LayoutRegistry {
    public static let all: [any Layout] = [
        LabelledBlocks(), NumberedActions(), FicheTablesLayout(), PlanTableLayout(), OCRPlanTable(),
    ]
    /// Read only where none of `all` found a fiche.
    public static let fallbacks: [any Layout] = [MarkedActions()]
}

/// One result slot per layout, filled from several threads.
private final class ResultSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [LayoutResult?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ k: Int, _ r: LayoutResult) { lock.lock(); slots[k] = r; lock.unlock() }
    var values: [LayoutResult] { lock.lock(); defer { lock.unlock() }; return slots.map { $0! } }
}
