import CTGModel
import Foundation

/// Layout 2: one two-column table per fiche ("label<TAB>content" rows: Constats, Descriptif, Public,
/// Pilote(s), Partenaires, Calendrier, Indicateurs...), under a header naming the thématique, the enjeu,
/// the action ("Action 1.1 : title", or an unnumbered "Fiche action d'engagement" title) and an
/// "ACTION NOUVELLE / ENGAGÉE" badge printed before or after the table.
///
/// A fiche is a run of at least three label rows; its header is read backwards from the first row,
/// as paragraphs (consecutive non-blank lines joined, so that bold headings cut over lines and glued
/// `**` leftovers are read as one text). Summary lists ("- Engagée • Action 1.1 : title") are not
/// fiches; they only supply a status where the detailed fiche shows no badge.
public struct FicheTablesLayout: Layout {
    public let name = "fiche-tables"
    public init() {}

    /// Fields a fiche table must show at least one of.
    static let coreFields: Set<FicheField> = [.pilotes, .partenaires, .public, .calendrier, .indicateurs]

    public func segment(_ doc: DocumentView) -> LayoutResult {
        let blocks = labelBlocks(doc)
        guard !blocks.isEmpty else { return LayoutResult() }
        let summary = summaryStatuses(doc)
        var claimed = Set<Int>()
        var result = LayoutResult()
        var previousEnd = -1
        for block in blocks {
            guard var fiche = read(block, doc, floor: previousEnd, claimed: &claimed, summary: summary) else {
                previousEnd = block.last
                continue
            }
            let start = fiche.provenance.map { p in doc.lines.firstIndex { $0.number == p.lineStart } ?? block.rows.first! } ?? block.rows.first!
            let span = start...block.last
            fiche.provenance = doc.provenance(span)
            result.fiches.append(fiche)
            result.spans.append(span)
            previousEnd = block.last
        }
        return result
    }

    // MARK: - Label rows and blocks

    /// Label rows (a "label<TAB>content" row, or a line holding only a label), and for each row the lines that
    /// continue its content (a table whose cells were not rebuilt, e.g. on an OCR'd page, reads as a label line
    /// followed by its content lines).
    struct Block {
        var rows: [Int]
        var fields: [Int: FicheField]
        var extra: [Int: [Int]] = [:]
        /// The block's last line.
        var last: Int { max(rows.last!, extra.values.compactMap(\.last).max() ?? -1) }
    }

    /// The content of label row `r`: its cells after the label, then its continuation lines.
    static func content(_ r: Int, _ block: Block, _ doc: DocumentView) -> [String] {
        var out = doc.lines[r].cells == nil ? [] : doc.cells(r).dropFirst().filter { !$0.isEmpty }
        for l in block.extra[r] ?? [] {
            let piece = doc.lines[l].cells == nil ? doc.text(l) : doc.filledCells(l).joined(separator: " ")
            // a line wrapped inside the cell: after "… de la", or starting in lower case
            if let last = out.last, !Text.hasBullet(piece),
               piece.first?.isLowercase == true || continuationWords.contains(Text.words(last).last ?? "") {
                out[out.count - 1] += " " + piece
            } else {
                out.append(piece)
            }
        }
        return out
    }

    /// The field a label cell names: the whole cell, else its leading words ("Contexte initial",
    /// "Moyens et Ressources").
    static func labelField(_ cell: String) -> FicheField? {
        let t = Text.clean(cell)
        let words = Text.split(t, on: 0x20)
        guard !t.isEmpty, words.count <= 7, t.count <= 80, !(t.first?.isNumber ?? false) else { return nil }
        if Text.fold(t).hasPrefix("action ") { return nil }
        if let m = FieldLabels.match(t), m.rest.isEmpty || m.hadColon { return m.field }
        var k = words.count - 1
        while k >= 1 {
            let prefix = words.prefix(k).joined(separator: " ")
            if let m = FieldLabels.match(prefix), m.rest.isEmpty { return m.field }
            k -= 1
        }
        return nil
    }

    /// A "label<TAB>content" row: a short label cell first, content after it, few cells.
    static func labelRow(_ doc: DocumentView, _ i: Int) -> FicheField? {
        guard let cells = doc.lines[i].cells, cells.count >= 2 else { return nil }
        let filled = doc.filledCells(i)
        guard filled.count >= 1, filled.count <= 3 else { return nil }
        let first = cells[0].trimmedSpaces()
        return labelField(first)
    }

    /// A line holding only a label ("Constats", "Pilote de l'action"): no cells, no bullet, no sentence; or a label
    /// wrapped over two lines ("Acteur(s)/ Partenaire(s)" + "associé(s)"). The field and how many lines it takes.
    static func labelLine(_ doc: DocumentView, _ i: Int) -> (field: FicheField, lines: Int)? {
        func plain(_ k: Int) -> String? {
            guard k < doc.lines.count, doc.lines[k].cells == nil, !doc.isBlank(k) else { return nil }
            let t = doc.text(k)
            // no digit: "Enjeu 1", "Axe 2" are headings
            guard Text.countIsAtMost(t, 60), !Text.hasBullet(t), !t.hasSuffix("."), !t.contains(where: \.isNumber) else { return nil }
            return t
        }
        func whole(_ t: String) -> FicheField? {
            guard let f = labelField(t) else { return nil }
            if let m = FieldLabels.match(Text.clean(t)), !m.rest.isEmpty { return nil }
            return f
        }
        guard let t = plain(i) else { return nil }
        // a label word in lower case right under a line left open ends a wrapped heading ("… les acteurs du" /
        // "territoire"); OCR'd labels in lower case elsewhere stay labels ("indicateurs d'évaluation")
        if t.first?.isLowercase == true, i > 0, !doc.isBlank(i - 1), doc.lines[i - 1].cells == nil,
           continuationWords.contains(Text.words(doc.text(i - 1)).last ?? "") { return nil }
        if let next = plain(i + 1), next.count <= 30, Text.words(next).count <= 3, let f = whole(t + " " + next),
           FieldLabels.match(Text.clean(t + " " + next)) != nil {
            return (f, 2)
        }
        return whole(t).map { ($0, 1) }
    }

    /// A line with no letter or digit (OCR specks: ",", "|", "—"): read as blank inside a table.
    static func speck(_ doc: DocumentView, _ i: Int) -> Bool {
        !doc.text(i).contains { $0.isLetter || $0.isNumber }
    }

    /// Whether line `i` continues the content of the block's last row: not a heading (action number, enjeu, badge),
    /// not a row of another table; after a label line any such line is its content, after a label row only a line
    /// that reads as a continuation (a bullet, a lower-case start, or after a line ending with ":", "," or ";").
    static func continues(_ doc: DocumentView, _ i: Int, afterLabelLine: Bool, previous: String) -> Bool {
        if let c = doc.lines[i].cells, !(c.first?.trimmedSpaces().isEmpty ?? false) { return false }
        let t = doc.lines[i].cells == nil ? doc.text(i) : doc.filledCells(i).joined(separator: " ")
        let ns = t as NSString
        if mayHoldAction(t), let m = actionPattern.firstMatch(in: t, range: NSRange(location: 0, length: ns.length)), m.range.location == 0 { return false }
        if badge(t) != nil { return false }
        // "Enjeu 2 : …" heading (an item "- Enjeu 2 : …" of a list is content)
        if let m = enjeuPattern.firstMatch(in: t, range: NSRange(location: 0, length: ns.length)), m.range.location == 0 { return false }
        if afterLabelLine { return true }
        if Text.hasBullet(t) || t.first?.isLowercase == true || t.hasPrefix("+ ") { return true }
        return previous.hasSuffix(":") || previous.hasSuffix(",") || previous.hasSuffix(";")
    }

    func labelBlocks(_ doc: DocumentView) -> [Block] {
        var blocks: [Block] = []
        var current = Block(rows: [], fields: [:])
        var blanks = 0
        var labelLineRow = false
        var previous = ""
        func flush() {
            if !current.rows.isEmpty { blocks.append(current) }
            current = Block(rows: [], fields: [:])
        }
        var skip = -1
        for i in doc.lines.indices {
            if i <= skip { continue }
            if doc.isBlank(i) || Self.speck(doc, i) { blanks += 1; if blanks > 2 { flush() }; continue }
            if let f = Self.labelRow(doc, i) {
                current.rows.append(i); current.fields[i] = f
                labelLineRow = false; previous = doc.filledCells(i).last ?? ""
            } else if let (f, n) = Self.labelLine(doc, i) {
                current.rows.append(i); current.fields[i] = f
                labelLineRow = true; previous = doc.text(i + n - 1); skip = i + n - 1
            } else if let r = current.rows.last, Self.continues(doc, i, afterLabelLine: labelLineRow, previous: previous) {
                current.extra[r, default: []].append(i)
                previous = doc.text(i)
            } else {
                flush()
            }
            blanks = 0
        }
        flush()
        // A block of label lines only (a table whose cells were all lost, on an OCR'd page) is a fiche table only in a
        // document whose other fiche tables show label<TAB>content rows, and with more evidence: four labels, two of
        // them core fields. Elsewhere label lines are labelled paragraphs, another layout's.
        let merged = mergeCutBlocks(blocks, doc)
        let tabled = merged.filter { b in
            b.rows.count >= 3 && b.rows.contains { doc.lines[$0].cells != nil } && !Set(b.fields.values).isDisjoint(with: Self.coreFields)
        }
        return merged.filter { b in
            let core = Set(b.fields.values).intersection(Self.coreFields).count
            if b.rows.contains(where: { doc.lines[$0].cells != nil }) { return b.rows.count >= 3 && core >= 1 }
            return !tabled.isEmpty && b.rows.count >= 4 && core >= 2
        }
    }

    /// A fiche table cut by page furniture ("Page 3", a running title) reads as two blocks; the second
    /// one repeats none of the first one's labels and has no action heading of its own: one fiche.
    func mergeCutBlocks(_ blocks: [Block], _ doc: DocumentView) -> [Block] {
        var out: [Block] = []
        for b in blocks {
            if var a = out.last {
                let gap = (a.last + 1)..<b.rows.first!
                let filled = gap.filter { !doc.isBlank($0) }
                let quiet = filled.count <= 3 && filled.allSatisfy { i in
                    let t = doc.text(i)
                    let ns = t as NSString
                    return doc.filledCells(i).count <= 1 && t.count < 80 && Self.badge(t) == nil
                        && !(Self.mayHoldAction(t) && Self.actionPattern.firstMatch(in: t, range: NSRange(location: 0, length: ns.length)) != nil)
                }
                if quiet, Set(a.fields.values).isDisjoint(with: Set(b.fields.values)), !b.fields.values.contains(.title) {
                    a.rows += b.rows
                    for (k, v) in b.fields { a.fields[k] = v }
                    for (k, v) in b.extra { a.extra[k] = v }
                    out[out.count - 1] = a
                    continue
                }
            }
            out.append(b)
        }
        return out
    }

    // MARK: - Header paragraphs

    /// Consecutive non-blank lines before a block, joined; table rows stay apart (cells kept).
    struct Paragraph { var lines: [Int]; var text: String; var cells: [String]? }

    /// "Action 1.1 :", "Fiche action n°3 -", "ACTION 2-1", also glued after a capital ("ENGAGÉEAction 2.1 :"),
    /// never inside a word ("transaction 3").
    static let actionPattern = try! NSRegularExpression(
        pattern: "(?<!\\p{Ll})(?:[Ff][Ii][Cc][Hh][Ee][ -]?)?[Aa][Cc][Tt][Ii][Oo][Nn]\\s*(?:[Nn]\\s*[°o]\\s*)?(\\d+(?:\\s*[.\\-]\\s*\\d+)*)(?![\\d])\\s*[:\\-–.]?\\s*", options: [])
    /// `actionPattern` needs "action" in ASCII letters of any case (its mandatory `[Aa][Cc][Tt][Ii][Oo][Nn]`): a
    /// line without them cannot match.
    static func mayHoldAction(_ t: String) -> Bool { Text.containsASCIIWord(t, "action") }
    /// "Enjeu 1 :", "Axe 2 -": the heading a fiche sits under (its axe). ("Enjeu" may be glued to the word before
    /// it, "ThématiqueEnjeu 2 :"; "axe" is a word of its own, not the end of "taxe".)
    static let enjeuPattern = try! NSRegularExpression(pattern: "(?i)(?:enjeu|\\baxe)\\s*(?:n\\s*°\\s*)?\\d+\\s*[:\\-–]\\s*", options: [])

    /// Header lines of the block starting at `start`, walking back to (not including) `floor`.
    func header(_ doc: DocumentView, before start: Int, floor: Int) -> [Paragraph] {
        var i = start - 1
        var lines: [Int] = []
        var nonBlank = 0
        while i > floor, nonBlank < 14 {
            if doc.isBlank(i) { lines.append(i); i -= 1; continue }
            if Self.labelRow(doc, i) != nil { break }
            let t = doc.text(i)
            // A summary list item ("- Engagée • Action 1.1 : …", "- Action 1.1 : …") ends the header.
            if Text.hasBullet(t) || t.hasPrefix("-") { break }
            if let cells = doc.lines[i].cells, doc.filledCells(i).count >= 2, Self.isBareActionNumber(cells[0]) { break }
            if t.count > 400 { break }
            lines.append(i); nonBlank += 1; i -= 1
        }
        lines.reverse()
        var paragraphs: [Paragraph] = []
        var cur: [Int] = []
        func flush() {
            guard !cur.isEmpty else { return }
            paragraphs.append(Paragraph(lines: cur, text: Text.squash(cur.map { doc.text($0) }.joined(separator: " ")), cells: nil))
            cur = []
        }
        for l in lines {
            if doc.isBlank(l) { flush(); continue }
            if doc.lines[l].cells != nil {
                flush()
                let cells = doc.filledCells(l)
                paragraphs.append(Paragraph(lines: [l], text: Text.squash(cells.joined(separator: " ")), cells: cells))
            } else if Self.badge(doc.text(l)) != nil {
                // A badge line is a paragraph of its own even without blank lines around it (PDF text).
                flush(); cur.append(l); flush()
            } else {
                cur.append(l)
            }
        }
        flush()
        return paragraphs
    }

    /// A header paragraph that ends the title above it: plain text (no cells, badge or enjeu), short, starting in
    /// lower case or with a parenthesis.
    static func titleContinues(_ p: Paragraph) -> Bool {
        guard p.cells == nil, p.text.count <= 160, badge(p.text) == nil, enjeu(p.text) == nil, let f = p.text.first else { return false }
        return f.isLowercase || f == "("
    }

    static func isBareActionNumber(_ s: String) -> Bool {
        let w = Text.words(s)
        return w.count >= 2 && w.count <= 4 && w[0] == "action" && w.dropFirst().allSatisfy { $0.allSatisfy(\.isNumber) }
    }

    /// "ACTION NOUVELLE", "ENGAGÉE", "**ACTION\nENGAGÉE**": only badge words.
    static func badge(_ text: String) -> FicheStatus? {
        // (a fourth word rules the text out)
        let w = Text.wordSpans(Text.replacing(text, "*", with: " "), limit: 4).map(\.folded)
        guard !w.isEmpty, w.count <= 3, w.allSatisfy({ ["action", "nouvelle", "engagee", "fiche"].contains($0) }) else { return nil }
        if w.contains("nouvelle") { return .nouvelle }
        if w.contains("engagee") { return .engagee }
        return nil
    }

    /// A status word glued at the end of a text ("…parentalitéACTION ENGAGÉE").
    static func trailingBadge(_ text: String) -> FicheStatus? {
        let f = Text.fold(text).trimmingCharacters(in: .whitespaces.union(.punctuationCharacters))
        if f.hasSuffix("nouvelle") { return .nouvelle }
        if f.hasSuffix("engagee") { return .engagee }
        return nil
    }

    /// Removes a badge glued at the end of a heading: "…de la parentalitéACTION ENGAGÉE" -> "…de la parentalité".
    static func stripTrailingBadge(_ text: String) -> String {
        var t = text
        for word in ["NOUVELLE", "ENGAGÉE", "ENGAGEE", "Nouvelle", "Engagée", "ACTION", "Action"] {
            t = t.trimmedSpaces()
            if t.hasSuffix(word) { t = String(t.dropLast(word.count)) }
            t = t.trimmedSpaces()
            if t.hasSuffix("ACTION") { t = String(t.dropLast(6)) }
        }
        return t
    }

    // MARK: - One fiche

    func read(_ block: Block, _ doc: DocumentView, floor: Int, claimed: inout Set<Int>,
              summary: [(number: String, title: String, status: FicheStatus)]) -> Fiche? {
        let first = block.rows.first!
        let paragraphs = header(doc, before: first, floor: floor)
        var number: String?
        var title: String?
        var titleLines: [Int] = []
        var titleRule = ""
        var axe: String?
        var axeLines: [Int] = []
        var themeText: String?
        var themeLines: [Int] = []
        var ownStatus: (FicheStatus, Int)?
        var leadingBadges: [(FicheStatus, Int)] = []
        var titleIndex: Int?

        // Numbered title: the paragraph closest to the block holding "Action N.N :".
        for (k, p) in paragraphs.enumerated().reversed() {
            let ns = p.text as NSString
            let matches = Self.actionPattern.matches(in: p.text, range: NSRange(location: 0, length: ns.length))
            guard let m = matches.last else { continue }
            number = ns.substring(with: m.range(at: 1)).replacingOccurrences(of: " ", with: "")
            title = Text.clean(ns.substring(from: m.range.upperBound))
            titleLines = p.lines; titleRule = "heading.action-number"; titleIndex = k
            if title?.isEmpty ?? true, k + 1 < paragraphs.count, Self.badge(paragraphs[k + 1].text) == nil {
                // "Fiche action n°3" with its title on the next line.
                title = Text.clean(paragraphs[k + 1].text); titleLines += paragraphs[k + 1].lines
            } else if let t = title, !t.isEmpty, k + 1 < paragraphs.count, Self.titleContinues(paragraphs[k + 1]) {
                // a heading the OCR cut with a blank line: "Action 1.1 : Recenser et diffuser l'offre" / "de services…"
                title = Text.clean(t + " " + paragraphs[k + 1].text); titleLines += paragraphs[k + 1].lines
            }
            let prefix = ns.substring(to: m.range.location)
            if let s = Self.trailingBadge(prefix) { ownStatus = (s, p.lines.first!) }
            if let e = Self.enjeu(prefix) { axe = e; axeLines = p.lines }
            if let c = p.cells, c.count >= 2, title?.isEmpty ?? true { title = Text.clean(c[1]) }
            let leftover = Self.stripTrailingBadge(Self.enjeuPattern.firstMatch(in: prefix, range: NSRange(location: 0, length: (prefix as NSString).length))
                .map { (prefix as NSString).substring(to: $0.range.location) } ?? prefix)
            if !Text.words(leftover).isEmpty, ThematiqueVocabulary.fromHeading(leftover) != nil { themeText = leftover; themeLines = p.lines }
            break
        }
        // Unnumbered: a two-cell row "thématique | title", else the closest plain paragraph.
        if title == nil {
            for (k, p) in paragraphs.enumerated().reversed() where Self.badge(p.text) == nil {
                // "thématique | title", the title's end sometimes in a cell of its own ("| (3-11 ans)")
                if let c = p.cells, c.count == 2 || (c.count == 3 && c[2].count <= 20), Self.enjeu(c[1]) == nil, c[1].count > 12 {
                    title = Text.clean(c.dropFirst().joined(separator: " ")); themeText = c[0]; themeLines = p.lines
                    titleLines = p.lines; titleRule = "heading.thematique-title-row"; titleIndex = k
                    break
                }
                if p.cells == nil, Self.enjeu(p.text) == nil, p.text.count > 12, p.text.count < 250,
                   !Text.words(p.text).isEmpty, Text.upperShare(p.text) < 0.6 {
                    title = Text.clean(p.text); titleLines = p.lines; titleRule = "heading.plain-title"; titleIndex = k
                    break
                }
                break
            }
        }
        if let r = block.rows.first(where: { block.fields[$0] == .title }) {
            let t = Text.clean(Self.content(r, block, doc).joined(separator: " "))
            if !t.isEmpty {
                title = t; titleLines = [r]; titleRule = "label.title"
                if titleIndex == nil { titleIndex = paragraphs.isEmpty ? nil : paragraphs.count - 1 }
            }
        }
        if paragraphs.isEmpty, titleRule == "label.title" {
            return assembleWithoutHeader(block, doc, title: title!, titleLine: titleLines[0])
        }
        guard let title, !title.isEmpty, let titleIndex else { return nil }

        // Badges, enjeu and thématique among the header paragraphs, closest first.
        for (k, p) in paragraphs.enumerated().reversed() {
            if let s = Self.badge(p.text) { leadingBadges.append((s, p.lines.first!)); continue }
            if k == titleIndex { continue }
            if k > titleIndex { continue }
            if let c = p.cells, c.count >= 2 {
                if axe == nil, let e = Self.enjeu(c[1]) {
                    axe = e; axeLines = p.lines
                    // the thématique and an all-caps enjeu both wrapped in their cells, the rows cut at each line
                    // ("Accès aux services administratifs et" | "ENJEU 2 : … AUX SERVICES" /
                    // "démarches en ligne" | "ADMINISTRATIFS ET AUX OUTILS NUMERIQUES")
                    if k + 1 < titleIndex, let d = paragraphs[k + 1].cells, d.count == c.count, Text.upperShare(e) > 0.85,
                       Text.upperShare(d[1]) > 0.85, Text.words(d[1]).count <= 8, Self.enjeu(d[1]) == nil, Self.badge(d[1]) == nil {
                        axe = Text.clean(e + " " + d[1]); axeLines += paragraphs[k + 1].lines
                        themeText = Text.clean(c[0] + " " + d[0]); themeLines = p.lines + paragraphs[k + 1].lines
                        continue
                    }
                }
                if themeText == nil { themeText = c[0]; themeLines = p.lines }
                continue
            }
            if axe == nil, let e = Self.enjeu(p.text) {
                axe = e; axeLines = p.lines
                // an all-caps enjeu the OCR cut with a blank line: "Enjeu 1 : AVOIR ACCES AU MODE D'ACCUEIL" / "DE SON CHOIX"
                if k + 1 < titleIndex, paragraphs[k + 1].cells == nil, Text.upperShare(e) > 0.85,
                   Text.upperShare(paragraphs[k + 1].text) > 0.85, Text.words(paragraphs[k + 1].text).count <= 6,
                   Self.badge(paragraphs[k + 1].text) == nil, Self.enjeu(paragraphs[k + 1].text) == nil,
                   !Text.words(paragraphs[k + 1].text).allSatisfy({ ["action", "nouvelle", "engagee", "fiche"].contains($0) }) {
                    axe = Text.clean(e + " " + paragraphs[k + 1].text); axeLines += paragraphs[k + 1].lines
                }
                continue
            }
            if themeText == nil, k >= titleIndex - 3, ThematiqueVocabulary.fromHeading(p.text) != nil || axe != nil {
                themeText = p.text; themeLines = p.lines
            }
        }
        if let own = ownStatus { leadingBadges.insert(own, at: 0) }

        var fiche = Fiche(key: "", number: number, title: title, layout: name)
        if axe == nil, let r = block.rows.first(where: { block.fields[$0] == .axe }) {
            axe = Text.clean(Self.content(r, block, doc).joined(separator: " ")); axeLines = [r]
        }
        fiche.axe = axe
        fiche.evidence.append(Evidence(subject: "boundary", rule: "table.label-rows", lines: block.rows.map { doc.lines[$0].number },
                                       excerpt: "\(block.rows.count) label rows"))
        fiche.evidence.append(Evidence(subject: "title", rule: titleRule, lines: titleLines.map { doc.lines[$0].number }, excerpt: title))
        if let axe { fiche.evidence.append(Evidence(subject: "axe", rule: "heading.enjeu", lines: axeLines.map { doc.lines[$0].number }, excerpt: axe)) }

        // Status: the closest unclaimed badge of the header, else the first badge printed after the table.
        var status: FicheStatus?
        var statusRule = ""
        var statusLine = -1
        if let b = leadingBadges.first(where: { !claimed.contains($0.1) }) {
            status = b.0; statusLine = b.1; statusRule = "badge.before"
        } else {
            var i = block.last + 1
            var seen = 0
            while i < doc.lines.count, seen < 4 {
                if doc.isBlank(i) { i += 1; continue }
                var j = i, text = doc.text(i)
                // A badge split over lines ("ACTION" / "ENGAGÉE"); stop at the first badge (PDF text has no blank line after it).
                while Self.badge(text) == nil, j + 1 < doc.lines.count, !doc.isBlank(j + 1), doc.lines[j + 1].cells == nil, text.count < 40 { j += 1; text += " " + doc.text(j) }
                guard doc.lines[i].cells == nil, let s = Self.badge(text) else { break }
                if !claimed.contains(i) { status = s; statusLine = i; statusRule = "badge.after"; break }
                seen += 1; i = j + 1
            }
        }
        if status == nil, let n = number,
           let s = summary.first(where: { Text.words($0.number) == Text.words(n) && Text.similarity($0.title, title) >= 0.6 }) {
            status = s.status; statusRule = "summary.status"
        }
        if let status {
            if statusLine >= 0 { claimed.insert(statusLine) }
            fiche.status = status
            fiche.fieldConfidence["status"] = statusRule == "summary.status" ? 0.7 : 0.85
            fiche.evidence.append(Evidence(subject: "status", rule: statusRule, lines: statusLine >= 0 ? [doc.lines[statusLine].number] : [], excerpt: status.rawValue))
        }

        // Fields.
        var fields: [FicheField: FicheAssembler.FieldText] = [:]
        for r in block.rows {
            guard let f = block.fields[r] else { continue }
            let content = Self.content(r, block, doc).joined(separator: "\n")
            guard !content.isEmpty else { continue }
            let text = [.pilotes, .partenaires].contains(f) ? Self.organisationText(content) : content
            if var existing = fields[f] {
                existing.text += "\n" + text; existing.lines.append(doc.lines[r].number); fields[f] = existing
            } else {
                fields[f] = FicheAssembler.FieldText(text: text, lines: [doc.lines[r].number], rule: "label")
            }
        }
        if let o = fields[.objectifsPoursuivis] {
            fiche.objectif = Text.items(o.text).joined(separator: " ; ")
            fiche.fieldConfidence["objectif"] = 0.85
            fiche.evidence.append(Evidence(subject: "objectif", rule: "label.objectif", lines: o.lines, excerpt: String(o.text.prefix(120))))
        }
        // Thématique: the heading naming it; where it names none, the title, the enjeu, then the vocabulary.
        var hint: (Thematique, String, [Int])?
        if let themeText, let t = ThematiqueVocabulary.fromHeading(themeText) {
            hint = (t, themeText, themeLines.map { doc.lines[$0].number })
        } else if let t = ThematiqueVocabulary.fromHeading(title) {
            hint = (t, title, titleLines.map { doc.lines[$0].number })
        } else if let axe, let t = ThematiqueVocabulary.fromHeading(axe) {
            hint = (t, axe, axeLines.map { doc.lines[$0].number })
        }
        FicheAssembler().fill(&fiche, from: fields, thematiqueHint: hint)

        // Confidence from the evidence: numbered heading and many recognised labels -> high.
        let labelCount = Set(block.fields.values).count
        let core = Set(block.fields.values).intersection(Self.coreFields).count
        var conf: Double
        switch titleRule {
        case "heading.action-number": conf = 0.86
        case "label.title": conf = number != nil ? 0.86 : 0.82
        case "heading.thematique-title-row": conf = 0.8
        default: conf = 0.7
        }
        conf += min(0.08, 0.02 * Double(core)) + (labelCount >= 6 ? 0.03 : 0)
        if title.count < 15 || title.count > 220 { conf -= 0.15 }
        fiche.confidence = max(0.1, min(0.95, conf))
        fiche.fieldConfidence["title"] = fiche.confidence
        let startLine = min(paragraphs.indices.contains(titleIndex) ? paragraphs[titleIndex].lines.first! : first,
                            axeLines.first ?? Int.max, themeLines.first ?? Int.max, first)
        fiche.provenance = doc.provenance(startLine...block.last)
        return fiche
    }

    /// A fiche table with no header above it whose title is one of its rows ("Intitulé de l'action | …").
    func assembleWithoutHeader(_ block: Block, _ doc: DocumentView, title: String, titleLine: Int) -> Fiche {
        var fiche = Fiche(key: "", title: title, layout: name)
        var fields: [FicheField: FicheAssembler.FieldText] = [:]
        for r in block.rows {
            guard let f = block.fields[r], f != .title else { continue }
            let content = Self.content(r, block, doc).joined(separator: "\n")
            guard !content.isEmpty else { continue }
            let text = [.pilotes, .partenaires].contains(f) ? Self.organisationText(content) : content
            if fields[f] == nil { fields[f] = FicheAssembler.FieldText(text: text, lines: [doc.lines[r].number], rule: "label") }
        }
        if let a = fields[.axe] { fiche.axe = Text.clean(a.text) }
        if let o = fields[.objectifsPoursuivis] { fiche.objectif = Text.items(o.text).joined(separator: " ; ") }
        fiche.evidence.append(Evidence(subject: "boundary", rule: "table.label-rows", lines: block.rows.map { doc.lines[$0].number }))
        fiche.evidence.append(Evidence(subject: "title", rule: "label.title", lines: [doc.lines[titleLine].number], excerpt: title))
        FicheAssembler().fill(&fiche, from: fields, thematiqueHint: nil)
        let core = Set(block.fields.values).intersection(Self.coreFields).count
        fiche.confidence = min(0.9, 0.78 + 0.02 * Double(core))
        fiche.fieldConfidence["title"] = fiche.confidence
        fiche.provenance = doc.provenance(block.rows.first!...block.last)
        return fiche
    }

    /// "Enjeu 2 : Mettre en réseau…" -> "Mettre en réseau…" (glued badges removed).
    static func enjeu(_ text: String) -> String? {
        let ns = text as NSString
        guard let m = enjeuPattern.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)) else { return nil }
        let rest = Text.clean(stripTrailingBadge(ns.substring(from: m.range.upperBound)))
        return rest.isEmpty ? nil : rest
    }

    /// Pilot / partner cell as one entry per line: an introduction ending with ":" ("En fonction des actions :")
    /// dropped, and comma lists split (`Organisations.splitList`: "CAF, PMI, Parents").
    static func organisationText(_ content: String) -> String {
        var items: [String] = []
        for block in Text.splitLines(content).map(String.init) {
            for part in Text.splitInlineBullets(block) {
                items += part.components(separatedBy: " ; ").map { Text.stripBullet($0) }
            }
        }
        if items.count > 1, let f = items.first, f.trimmedSpaces().hasSuffix(":") { items.removeFirst() }
        var out: [String] = []
        for item in items {
            var t = item.trimmedSpaces()
            if let r = t.range(of: " : "), Text.fold(String(t[..<r.lowerBound])).hasPrefix("en fonction") { t = String(t[r.upperBound...]) }
            out += Organisations.splitList(t)
        }
        return out.joined(separator: "\n")
    }

    /// Words that continue a phrase rather than start a new entry after a comma ("…périnatal, de la petite enfance").
    static let continuationWords: Set<String> = ["de", "du", "des", "d", "la", "le", "les", "l", "et", "ou", "a", "au", "aux",
                                                 "en", "pour", "par", "avec", "sur", "dans", "notamment", "voire", "puis"]

    // MARK: - Summary lists

    /// "- Engagée • Action 1.1 : title" items: (number, title, status).
    func summaryStatuses(_ doc: DocumentView) -> [(number: String, title: String, status: FicheStatus)] {
        var out: [(number: String, title: String, status: FicheStatus)] = []
        for i in doc.lines.indices {
            let t = doc.lines[i].cells == nil ? doc.text(i) : doc.filledCells(i).joined(separator: " ")
            let ns = t as NSString
            guard Self.mayHoldAction(t), let m = Self.actionPattern.firstMatch(in: t, range: NSRange(location: 0, length: ns.length)) else { continue }
            let prefix = Text.stripBullet(ns.substring(to: m.range.location))
            guard let s = Self.badge(prefix.replacingOccurrences(of: "•", with: " ")) else { continue }
            out.append((ns.substring(with: m.range(at: 1)).replacingOccurrences(of: " ", with: ""), Text.clean(ns.substring(from: m.range.upperBound)), s))
        }
        return out
    }
}
