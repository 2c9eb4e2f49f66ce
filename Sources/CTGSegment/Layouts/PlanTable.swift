import CTGModel
import Foundation

/// Layout 4: one wide plan-d'actions table, one row per action. Header rows name the columns
/// (champ d'intervention, descriptif, moyens of the Caf / of the partners, objectif(s), résultat attendu,
/// impact, échéance); columns are mapped to fields through `FieldLabels`. Each "►" item of a row is a
/// fiche (key "ROW-n", no number); the first column groups rows (an empty cell repeats the one above);
/// rows holding no "►" item are sub-group headings, or the rest of a row cut by a page break where they
/// start in lower case.
public struct PlanTableLayout: Layout {
    public let name = "plan-table"
    public init() {}

    enum Role: Equatable { case axe, title, cafMeans, partners, pilotes, objectif, indicateurs, calendrier, `public`, other }

    /// Item markers that open an action inside a plan-table cell; a table uses one of them.
    static let markers: [Character] = ["►", "▶", "➢", "➤"]

    public func segment(_ doc: DocumentView) -> LayoutResult {
        var result = LayoutResult()
        var i = 0
        while i < doc.lines.count {
            if let (roles, headerEnd) = header(doc, at: i) {
                let end = tableEnd(doc, from: headerEnd + 1)
                let (fiches, spans) = rows(doc, roles: roles, range: (headerEnd + 1)..<end, headerLines: Array(i...headerEnd))
                result.fiches += fiches; result.spans += spans
                i = max(end, headerEnd + 1)
            } else {
                i += 1
            }
        }
        return result
    }

    // MARK: - Header

    /// Role of a column from its header text(s).
    static func role(_ texts: [String], index: Int) -> Role {
        let all = Text.fold(texts.joined(separator: " "))
        if all.contains("moyens") && all.contains("partenaire") { return .partners }
        if all.contains("moyens") && all.contains("caf") { return .cafMeans }
        if all.contains("champ") || all.contains("thematique") || all.contains("domaine") { return .axe }
        for t in texts.reversed() where !t.isEmpty {
            switch FicheTablesLayout.labelField(t) {
            case .objectifsPoursuivis?: return .objectif
            case .indicateurs?, .resultats?: return .indicateurs
            case .calendrier?: return .calendrier
            case .pilotes?: return .pilotes
            case .partenaires?: return .partners
            case .public?: return .public
            case .modalites?, .title?: return .title
            case .thematique?, .axe?: return .axe
            default: break
            }
        }
        if all.contains("action") || all.contains("offre") { return .title }
        return .other
    }

    static func isHeaderRow(_ doc: DocumentView, _ i: Int) -> Bool {
        guard let cells = doc.lines[i].cells, cells.count >= 4 else { return false }
        if doc.lines[i].text.contains(where: { markers.contains($0) }) { return false }
        let filled = doc.filledCells(i)
        let known = filled.filter { c in
            c.count < 90 && (FicheTablesLayout.labelField(c) != nil || role([c], index: 0) != .other)
        }
        return known.count >= 2 && known.count * 2 >= filled.count
    }

    /// Header rows starting at `i`: the roles of the columns and the last header row.
    func header(_ doc: DocumentView, at i: Int) -> ([Role], Int)? {
        guard Self.isHeaderRow(doc, i) else { return nil }
        var end = i
        if i + 1 < doc.lines.count, doc.lines[i + 1].cells != nil, Self.isHeaderRow(doc, i + 1) { end = i + 1 }
        let width = (i...end).map { doc.cells($0).count }.max() ?? 0
        var roles: [Role] = []
        for c in 0..<width {
            let texts = (i...end).map { r -> String in let cs = doc.cells(r); return c < cs.count ? cs[c] : "" }
            roles.append(Self.role(texts, index: c))
        }
        guard roles.contains(.calendrier) || roles.contains(.indicateurs) || roles.contains(.objectif) else { return nil }
        return (roles, end)
    }

    /// The table goes on while lines are table rows or blank.
    func tableEnd(_ doc: DocumentView, from start: Int) -> Int {
        var i = start
        while i < doc.lines.count, doc.isBlank(i) || doc.lines[i].cells != nil { i += 1 }
        return i
    }

    // MARK: - Rows

    struct Draft {
        var title: String
        var cols: [Role: [String]] = [:]
        var axe: String?
        var axeLine: Int?
        var lines: [Int]
        var bulletRule: Bool
        /// The line of the row above whose objectif cell this row shares (a vertically merged cell), if so.
        var objectifAbove: Int?
    }

    func rows(_ doc: DocumentView, roles: [Role], range: Range<Int>, headerLines: [Int]) -> ([Fiche], [ClosedRange<Int>]) {
        let titleCol = roles.firstIndex(of: .title)
        let axeCol = roles.firstIndex(of: .axe)
        // The marker of this table: the one that starts cells of its rows.
        let marker = Self.markers.first { m in
            range.contains { i in doc.cells(i).contains { $0.first == m || $0.hasPrefix("\(m)") } }
        } ?? Self.markers.first { m in range.contains { doc.lines[$0].text.contains(m) } }
        let hasMarker = marker != nil
        var drafts: [Draft] = []
        var axe: String?
        var axeLine: Int?
        var lastWasFicheRow = false
        // An objectif cell printed once for the rows under it (a vertically merged cell): the rows below with that
        // cell empty, under the same axe, share it.
        let objectifCol = roles.firstIndex(of: .objectif)
        var objectif: (text: String, line: Int)?
        for i in range where doc.lines[i].cells != nil {
            var cells = doc.cells(i)
            if cells.allSatisfy({ $0.allSatisfy { $0 == "-" || $0 == " " } }) { continue }
            if cells.count < roles.count { cells += Array(repeating: "", count: roles.count - cells.count) }
            if let a = axeCol, !cells[a].isEmpty, !(marker.map { cells[a].contains($0) } ?? false) {
                axe = Self.cleanHeading(cells[a]); axeLine = i
                objectif = nil
            }
            if let o = objectifCol, !cells[o].isEmpty { objectif = (cells[o], i) }
            /// The shared objectif for a new row whose objectif cell is empty.
            func inherited(_ d: inout Draft) {
                if let o = objectifCol, cells[o].isEmpty, let shared = objectif, d.cols[.objectif] == nil {
                    d.cols[.objectif] = [shared.text]; d.objectifAbove = shared.line
                }
            }
            let markerCol = marker.flatMap { mk in cells.indices.first { cells[$0].contains(mk) } }
            if let m = markerCol, let mk = marker {
                let items = cells[m].split(separator: mk).map { Text.squash(Text.replacing(String($0), "\n", with: " ")) }
                    .map { Text.clean($0) }.filter { !$0.isEmpty }
                for item in items {
                    var d = Draft(title: item, axe: axe, axeLine: axeLine, lines: [i], bulletRule: true)
                    for (c, r) in roles.enumerated() where c != m && c != axeCol && c < cells.count && !cells[c].isEmpty {
                        d.cols[r, default: []].append(cells[c])
                    }
                    inherited(&d)
                    drafts.append(d)
                }
                lastWasFicheRow = true
                continue
            }
            let others = cells.indices.filter { $0 != axeCol && !cells[$0].isEmpty }
            guard let firstFilled = others.first else { continue }
            let startsLower = cells[firstFilled].first.map { $0.isLowercase } ?? false
            if startsLower, lastWasFicheRow, !drafts.isEmpty, (axeCol == nil || cells[axeCol!].isEmpty) {
                // The rest of a row cut by a page break.
                var d = drafts.removeLast()
                for c in others {
                    if c == (markerCol ?? titleCol) { d.title = Text.clean(d.title + " " + cells[c]) }
                    else { let r = roles[c]; if d.cols[r]?.isEmpty ?? true { d.cols[r] = [cells[c]] } else { d.cols[r]![d.cols[r]!.count - 1] += " " + cells[c] } }
                }
                d.lines.append(i)
                drafts.append(d)
                continue
            }
            let dated = roles.firstIndex(of: .calendrier).map { !Years.parse(cells[$0]).isEmpty } ?? false
            let piloted = roles.firstIndex(of: .pilotes).map { !cells[$0].isEmpty } ?? false
            if let t = titleCol, dated || piloted, others.count >= 3, Text.words(cells[t]).count >= 3,
               !cells.contains(where: Self.looksLikeActionNumber) {
                // Tables without "►": a row with its own action text and further columns. In a table with them, the
                // same: a row whose marker the OCR lost or misread ("+ Etude de besoins …"); a sub-group heading
                // ("Relais Petite Enfance (RPE)") fills no further column.
                let title = hasMarker ? Self.withoutMisreadMarker(cells[t]) : cells[t]
                var d = Draft(title: Text.clean(Text.replacing(title, "\n", with: " ")), axe: axe, axeLine: axeLine, lines: [i], bulletRule: false)
                for (c, r) in roles.enumerated() where c != t && c != axeCol && !cells[c].isEmpty { d.cols[r, default: []].append(cells[c]) }
                inherited(&d)
                drafts.append(d)
                lastWasFicheRow = true
                continue
            }
            lastWasFicheRow = false // a sub-group heading ("Relais Petite Enfance (RPE)")
        }
        var fiches: [Fiche] = []
        var spans: [ClosedRange<Int>] = []
        for d in drafts {
            fiches.append(fiche(d, doc))
            spans.append(d.lines.min()!...d.lines.max()!)
        }
        return (fiches, spans)
    }

    /// An action text without the marker the OCR misread as a symbol before it ("+ Etude …", "> Mesurer …").
    static func withoutMisreadMarker(_ cell: String) -> String {
        let t = Substring(cell.trimmedSpaces())
        guard let f = t.first, !f.isLetter, !f.isNumber, !"«\"'(".contains(f), t.dropFirst().first == " " else { return String(t) }
        return String(t.dropFirst(2))
    }

    /// "1-1-1-A", "2.3": a printed action number; such rows belong to numbered fiches, not to a plan table.
    static func looksLikeActionNumber(_ cell: String) -> Bool {
        let t = cell.trimmedSpaces()
        let groups = t.split(whereSeparator: { !$0.isNumber })
        if !groups.isEmpty, groups.allSatisfy({ $0.count == 4 }) { return false } // "2025-2026": years
        return t.count <= 12 && t.first?.isNumber == true && t.contains(where: { $0 == "-" || $0 == "." })
            && t.allSatisfy { $0.isNumber || $0 == "-" || $0 == "." || $0.isUppercase }
    }

    static func cleanHeading(_ s: String) -> String {
        var t = Text.clean(Text.replacing(s, "\n", with: " "))
        while let l = t.last, l == "*" || l == " " { t.removeLast() }
        return t
    }

    /// Statements of a cell: its blocks, further split on " . " and on a full stop followed by a capital.
    static func statements(_ cell: String) -> [String] {
        var out: [String] = []
        for block in Text.splitLines(cell) {
            var b = " " + String(block) + " "
            b = Text.replacingIfPresent(b, " . ", with: "\n")
            // ". Xxx" inside a block.
            var s = ""
            let chars = Array(b)
            for (k, c) in chars.enumerated() {
                if c == ".", k + 2 < chars.count, chars[k + 1] == " ", chars[k + 2].isUppercase, k > 0, chars[k - 1].isLetter,
                   !(k >= 2 && chars[k - 2] == " ") {
                    s.append("\n"); continue
                }
                s.append(c)
            }
            out += Text.splitLines(s).map { Text.clean(String($0)) }.filter { !$0.isEmpty && !$0.allSatisfy { $0 == "-" } }
        }
        return out
    }

    static let agentPattern = try! NSRegularExpression(
        pattern: "\\b(?:[Pp]ar (?:la |le |les |l'|l’)(?:(?:animat\\w+|responsable|coordinat\\w+|référent\\w*|service\\w*) (?:du |de la |des |de l'|de l’))?|[Ss]ervices? (?:du |de la |de l'|de l’))([A-Z][A-Z0-9]+)\\b")

    /// Organisations carrying the action ("Par la CCBJC", "par l'animatrice du RPE", "services de la CCBJC").
    static func agents(_ text: String) -> [String] {
        let ns = text as NSString
        return agentPattern.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range(at: 1)) }
    }

    static let acronymStop: Set<String> = ["AM", "ET", "OU", "DE", "LA", "LE"]

    /// Organisation names of `OrganisationVocabulary` found in prose, as printed (first letter capitalised):
    /// fixed names, and "pôle" / "service" with the lower-case words after it ("pôle petite enfance").
    static func namedOrganisations(_ text: String) -> [String] {
        let spans = Text.wordSpans(text)
        var out: [String] = []
        var k = 0
        outer: while k < spans.count {
            for name in OrganisationVocabulary.names {
                let w = Text.words(name)
                if k + w.count <= spans.count, (0..<w.count).allSatisfy({ spans[k + $0].folded == w[$0] }) {
                    out.append(capitalised(String(text[spans[k].range.lowerBound..<spans[k + w.count - 1].range.upperBound])))
                    k += w.count; continue outer
                }
            }
            if OrganisationVocabulary.heads.contains(spans[k].folded) {
                var j = k + 1
                while j < spans.count, j - k <= 3, let c = text[spans[j].range].first, c.isLowercase,
                      !FicheTablesLayout.continuationWords.contains(spans[j].folded) {
                    j += 1
                }
                if j > k + 1 {
                    out.append(capitalised(String(text[spans[k].range.lowerBound..<spans[j - 1].range.upperBound])))
                    k = j; continue
                }
            }
            k += 1
        }
        return out
    }

    static func capitalised(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }

    static let coordinationPattern = try! NSRegularExpression(pattern: "\\b[Cc]oordination (?:par |du |de la |de l'|de l’)?")

    /// "Coordination pôle petite enfance": the organisation coordinating the action carries it.
    static func coordinators(_ text: String) -> [String] {
        let ns = text as NSString
        return coordinationPattern.matches(in: text, range: NSRange(location: 0, length: ns.length)).compactMap { m in
            let rest = ns.substring(from: m.range.upperBound)
            if let org = namedOrganisations(rest).first, rest.lowercased().hasPrefix(org.lowercased()) { return org }
            return agents("par la " + rest.prefix(12)).first.flatMap { rest.hasPrefix($0) ? $0 : nil }
        }
    }

    /// Partners named in a cell: short list items, "+"-joined names, or acronyms in prose.
    static func partners(_ cell: String, excluding: Set<String>) -> [String] {
        let blocks = Text.splitLines(cell).map { Text.clean(String($0)) }.filter { !$0.isEmpty }
        var out: [String] = []
        func short(_ s: String) -> Bool { s.split(separator: " ").count <= 5 }
        let acronyms = blocks.flatMap { $0.split(whereSeparator: { !$0.isLetter && !$0.isNumber }) }.filter { w in
            w.count >= 2 && w.count <= 8 && w.allSatisfy({ $0.isUppercase || $0.isNumber }) && w.first!.isLetter
        }
        // One line listing short names ("Caf, PMI", "Caf ; MSA ; communes"): its items, not its acronyms only.
        let listed = blocks.count == 1 && (blocks[0].contains(",") || blocks[0].contains(";")) ? Organisations.split(blocks[0]) : []
        let asListed = listed.count >= 2 && listed.allSatisfy { $0.split(separator: " ").count <= 4 }
        if blocks.count >= 2, blocks.allSatisfy(short) {
            out = blocks
        } else if asListed {
            out = listed
        } else if blocks.count == 1, acronyms.isEmpty, blocks[0].split(separator: " ").count <= 4, blocks[0].first?.isUppercase == true {
            out = blocks // one short name ("Contrat local de santé")
        } else if cell.contains("+") {
            // "centre social + CAF + CCBJC": short names only, not the phrases around them.
            for p in Organisations.split(Text.replacing(cell, "\n", with: " ")) {
                let words = Text.words(p)
                if excluding.contains(where: { words.contains(Text.fold($0)) }) { continue }
                if short(p) { out.append(p); continue }
                // "ARS Formation des professionnels…": the name that opens a longer phrase.
                var lead: [String] = []
                for w in p.split(separator: " ") {
                    guard w.count >= 2, w.allSatisfy({ $0.isUppercase || $0.isNumber }) else { break }
                    lead.append(String(w))
                }
                if !lead.isEmpty { out.append(lead.joined(separator: " ")) }
            }
        } else {
            for w in cell.split(whereSeparator: { !$0.isLetter && !$0.isNumber }) {
                let s = String(w)
                if s.count >= 2, s.count <= 8, s.allSatisfy({ $0.isUppercase || $0.isNumber }), s.first!.isLetter, !acronymStop.contains(s) {
                    out.append(s)
                }
            }
        }
        if !(blocks.count >= 2 && blocks.allSatisfy(short)), !asListed {
            out += namedOrganisations(Text.replacing(cell, "\n", with: " "))
        }
        var seen = Set<String>()
        let excluded = Set(excluding.map(Text.fold))
        return out.filter { o in
            let f = Text.fold(o)
            guard !excluded.contains(f), seen.insert(f).inserted else { return false }
            return true
        }.filter { o in
            // A name already inside a longer entry ("Travail étroit centre social") is not repeated.
            !out.contains { $0 != o && Text.fold($0).contains(Text.fold(o)) && Text.fold($0) != Text.fold(o) }
        }
    }

    func fiche(_ d: Draft, _ doc: DocumentView) -> Fiche {
        var f = Fiche(key: "", title: d.title, layout: name)
        let nums = d.lines.map { doc.lines[$0].number }
        f.axe = d.axe
        f.evidence.append(Evidence(subject: "boundary", rule: d.bulletRule ? "table.bullet-item" : "table.row", lines: nums, excerpt: String(d.title.prefix(80))))
        f.evidence.append(Evidence(subject: "title", rule: d.bulletRule ? "column.bullet" : "column.title", lines: nums, excerpt: d.title))
        if let a = d.axe, let l = d.axeLine {
            f.evidence.append(Evidence(subject: "axe", rule: "column.champ", lines: [doc.lines[l].number], excerpt: a))
        }
        var fields: [FicheField: FicheAssembler.FieldText] = [:]
        func put(_ field: FicheField, _ items: [String]) {
            guard !items.isEmpty else { return }
            fields[field] = FicheAssembler.FieldText(text: items.joined(separator: "\n"), lines: nums, rule: "column")
        }
        if let o = d.cols[.objectif] {
            let items = o.flatMap(Self.statements)
            if !items.isEmpty {
                f.objectif = items.joined(separator: " ; ")
                f.fieldConfidence["objectif"] = d.objectifAbove == nil ? 0.8 : 0.65
                f.evidence.append(Evidence(subject: "objectif", rule: d.objectifAbove == nil ? "column.objectif" : "column.objectif-of-row-above",
                                           lines: d.objectifAbove.map { [doc.lines[$0].number] } ?? nums, excerpt: String(f.objectif!.prefix(120))))
            }
        }
        put(.indicateurs, (d.cols[.indicateurs] ?? []).flatMap(Self.statements))
        put(.calendrier, (d.cols[.calendrier] ?? []).map { Text.clean(Text.replacing($0, "\n", with: " ")) })
        put(.public, d.cols[.public] ?? [])
        let partnerText = (d.cols[.partners] ?? []).joined(separator: "\n")
        var pilotes = (d.cols[.pilotes] ?? []).flatMap { Organisations.split($0) }
        let partnerLine = Text.replacing(partnerText, "\n", with: " ")
        pilotes += Self.agents(partnerLine) + Self.coordinators(partnerLine) + Self.agents(d.title)
        var seen = Set<String>()
        pilotes = pilotes.filter { seen.insert(Text.fold($0)).inserted }
        put(.pilotes, pilotes)
        if !partnerText.isEmpty { put(.partenaires, Self.partners(partnerText, excluding: Set(pilotes))) }
        let hint = d.axe.flatMap { a in ThematiqueVocabulary.fromHeading(a).map { ($0, a, d.axeLine.map { [doc.lines[$0].number] } ?? []) } }
        FicheAssembler().fill(&f, from: fields, thematiqueHint: hint)
        if fields[.pilotes] != nil { f.fieldConfidence["pilotes"] = 0.6 }
        if fields[.partenaires] != nil { f.fieldConfidence["partenaires"] = 0.55 }
        if fields[.pilotes] == nil { f.pilotes = [] }
        if fields[.partenaires] == nil { f.partenaires = [] }
        var conf = d.bulletRule ? 0.93 : 0.6
        if d.axe == nil { conf -= 0.05 }
        if fields[.calendrier] == nil { conf -= 0.05 }
        if d.title.count < 12 { conf -= 0.15 }
        f.confidence = max(0.1, min(0.95, conf))
        f.fieldConfidence["title"] = f.confidence
        f.provenance = doc.provenance(d.lines.min()!...d.lines.max()!)
        return f
    }
}
