import CTGModel
import Foundation

/// Layout 1: fiches-actions as labelled blocks. A numbered heading ("Fiche action 3 : <title>",
/// "FICHE N°2 - <title>", "Action 1 : <title>"), then labelled sections ("Objectifs poursuivis :",
/// "Publics visés : …", "Pilote", "Partenaires associés", "Calendrier", "Indicateurs de suivi") whose
/// content follows inline or on the next lines, nested under "AXE n :" / "Objectif n :" headings.
/// A summary (table or list of "Action n : …") of the same actions may precede the fiches: the
/// summary entry and the detailed fiche of one number are one fiche (the detailed one).
///
/// The reading itself is shared with `NumberedActions` (`BlockReader`): this layout claims the
/// documents whose detailed fiches carry single-level numbers ("3", "0bis", "12").
public struct LabelledBlocks: Layout {
    public let name = "labelled-blocks"
    public init() {}

    public func segment(_ doc: DocumentView) -> LayoutResult {
        let reading = doc.shared.blockReading(doc)
        guard !reading.details.isEmpty, !NumberedActions.claims(reading) else { return LayoutResult() }
        return reading.result(layout: name)
    }
}

/// A numbered heading recognised on a line: "Fiche action 0bis : title", "Action 1-1-1 => title".
struct BlockHeading: Sendable {
    var word: String
    var number: String
    var separator: String
    var title: String

    /// An unnumbered fiche heading: "FICHE ACTION" alone (its title follows, or comes with an "Intitulé" label), or
    /// "Fiche action : <title>" / "Fiche-action – <title>" with a separator. Singular only ("FICHES ACTIONS" heads a
    /// section), and never a bare "Action …", which opens many a sentence.
    static func parseUnnumbered(_ raw: String) -> BlockHeading? {
        let s = Text.squash(Text.replacingDoubleStars(raw, with: " "))
        guard let m = unnumberedRegex.firstMatch(in: s) else { return nil }
        func g(_ i: Int) -> String { Range(m.range(at: i), in: s).map { String(s[$0]) } ?? "" }
        let sep = g(2), title = g(3)
        if sep.isEmpty && !title.isEmpty { return nil }
        return BlockHeading(word: g(1), number: "", separator: sep, title: title)
    }

    static let unnumberedRegex = AnchoredRegex(
        #"^(fiche[\s\-]*action)\s*(?:n\s?°|n°)?\s*(:|–|—|-)?\s*(.*)$"#, options: [.caseInsensitive])

    /// The heading of a fiche found without a heading line of its own (no word, no number): its title only.
    static func unnumbered(_ title: String) -> BlockHeading { BlockHeading(word: "", number: "", separator: "", title: title) }

    /// Number parts ("1-1-1" -> ["1", "1", "1"]).
    var parts: [String] { number.split(whereSeparator: { $0 == "-" || $0 == "." }).map(String.init) }

    static let headingRegex = AnchoredRegex(
        #"^(fiches?[\s\-]*actions?|fiches?|actions?)\s*(?:n\s?°|n°|no\.?|num[eé]ro)?\s*(\d{1,3}(?:\s?bis|\s?ter|[a-z](?![a-z]))?(?:\s?[.\-]\s?\d{1,3})*)\s*(=>|→|->|:|–|—|-|\.)?\s*(.*)$"#,
        options: [.caseInsensitive])

    /// A number the OCR read as a letter: "Fiche action Obis :", "Action O :" (O for 0), "Action l :" (l for 1).
    static let letterDigitRegex = AnchoredRegex(
        #"^(?:fiches?[\s\-]*actions?|fiches?|actions?)\s*(?:n\s?°|n°|no\.?)?\s*([OoIl])(?=\s?(?:bis|ter)\b|\s*(?:=>|→|->|:|–|—))"#,
        options: [.caseInsensitive])

    /// Parses a heading; a title-less heading must end the line (title on the next line).
    static func parse(_ raw: String) -> BlockHeading? {
        var s = Text.squash(Text.replacingDoubleStars(raw, with: " "))
        if let m = letterDigitRegex.firstMatch(in: s), let r = Range(m.range(at: 1), in: s) {
            s.replaceSubrange(r, with: "Oo".contains(s[r]) ? "0" : "1")
        }
        guard let m = headingRegex.firstMatch(in: s) else { return nil }
        func g(_ i: Int) -> String { Range(m.range(at: i), in: s).map { String(s[$0]) } ?? "" }
        let sep = g(3), title = g(4)
        // "Action 3 mettre en place" without separator is prose, not a heading.
        if sep.isEmpty && !title.isEmpty { return nil }
        // "Actions 2023" or "Action 1 000 €" are not headings.
        let number = g(2).replacingOccurrences(of: " ", with: "")
        if let n = Int(number), n > 300 { return nil }
        if sep == "." && title.first?.isNumber == true { return nil }
        return BlockHeading(word: g(1), number: number, separator: sep, title: title)
    }
}

/// One entry of a summary list or table ("Action 1-2-3 : … (2023)").
struct SummaryEntry: Sendable {
    var heading: BlockHeading
    var index: Int
    var axe: String?
    var objectif: String?
}

/// A detailed fiche as read.
struct DetailFiche: Sendable {
    var heading: BlockHeading
    var start: Int
    var end: Int
    var titleLines: [Int]
    var axe: (number: String?, text: String, index: Int)?
    var objectif: (number: String?, text: String, index: Int)?
    /// Labelled fields in order of appearance: field, text groups (split on blank lines), line indices.
    var fields: [(field: FicheField, groups: [[String]], lines: [Int], rule: String)] = []
    var subActions: [(key: String?, title: String, line: Int)] = []
    var gridYears: Set<Int> = []
    var gridMarked = false
    /// "ACTION NOUVELLE" / "ACTION ENGAGÉE" badge: the status, its line, and whether it stood before or after the fiche.
    var status: (status: FicheStatus, line: Int, rule: String)?
    /// The title came with a title label ("Intitulé de l'action : …").
    var titleFromLabel = false
    /// A thématique line printed over an unnumbered fiche's title, and its line.
    var theme: (String, Int)?
    /// How the fiche's start was found, where its heading does not say ("heading.title-above-labels").
    var boundaryRule: String?
}

/// Reads a document as numbered headings, axe / objectif headings and labelled sections.
struct BlockReader {
    let doc: DocumentView
    init(_ doc: DocumentView) { self.doc = doc }

    struct Reading {
        var doc: DocumentView
        var details: [DetailFiche]
        var summary: [SummaryEntry]
    }

    static let axeRegex = AnchoredRegex(
        #"^(?:axe|orientation|enjeu)\s*(?:n\s?°\s*)?(\d{1,2}|[ivx]{1,4})\b\s*(?:[:\-–—.)]\s*)?(.*)$"#, options: [.caseInsensitive])
    static let objectifRegex = AnchoredRegex(
        #"^objectif\s*(?:(?:strat[eé]gique|g[eé]n[eé]ral|op[eé]rationnel)\s*)?(?:n\s?°\s*)?(\d{1,2}(?:[.\-]\d{1,2})*)\s*[:\-–—.)]\s*(.*)$"#, options: [.caseInsensitive])
    /// A sub-action number: "1-1-1-A", "2-1-3 -B", "1.2.a".
    static let subActionKeyRegex = AnchoredRegex(#"^(\d{1,2}(?:\s?[.\-]\s?\d{1,2})+)\s?[.\-]\s?([a-z])$"#, options: [.caseInsensitive])

    static func match(_ re: AnchoredRegex, _ s: String) -> [String]? {
        guard let m = re.firstMatch(in: s) else { return nil }
        return (1..<m.numberOfRanges).map { Range(m.range(at: $0), in: s).map { String(s[$0]) } ?? "" }
    }

    static func subActionKey(_ s: String) -> String? {
        guard let g = match(subActionKeyRegex, Text.squash(s)) else { return nil }
        return (g[0] + "-" + g[1]).replacingOccurrences(of: " ", with: "").replacingOccurrences(of: ".", with: "-")
    }

    /// Logical segments of a plain line: "\n" blocks, and pieces between "**" bold markers where a
    /// heading or label was run into the previous text ("…familles**Action 3-1-1 => …**").
    static func segments(_ text: String) -> [String] {
        var out: [String] = []
        for block in Text.splitLines(text) {
            guard Text.hasDoubleStar(block) else { out.append(String(block)); continue }
            let pieces = block.components(separatedBy: "**").map { $0.trimmedSpaces() }.filter { !$0.isEmpty }
            if pieces.count > 1 { out += pieces } else { out.append(String(block)) }
        }
        return out.flatMap(splitGlued).map { $0.trimmedSpaces() }.filter { !$0.isEmpty }
    }

    /// Splits text where a heading or a label was glued to the previous word once bold markers were
    /// removed ("…des famillesAction 3-1-1 => …", "AFJCServices mobilisés / partenaires", "ActionsCalendrier").
    /// The text before a split is read again: a label glued to the next ("CalendrierMoyens à mobiliser") is no
    /// label until that next one is cut off.
    static func splitGlued(_ s: String) -> [String] {
        // most segments have no lower-case letter, capital, lower-case letter run at all: ruled out scalar by scalar
        if FoldTable.plain(s), !FoldTable.shared.hasGlueCandidate(s) { return [s] }
        let chars = Array(s)
        guard chars.count > 3 else { return [s] }
        for i in 1..<(chars.count - 1) where chars[i - 1].isLetter && chars[i].isUppercase && chars[i + 1].isLowercase {
            let suffix = String(chars[i...])
            var split = false
            if let h = BlockHeading.parse(suffix), !h.title.isEmpty, h.separator != "." { split = true }
            else if let m = FieldLabels.match(suffix), m.rest.isEmpty || Text.words(m.label).count >= 2 { split = true }
            else if match(objectifRegex, suffix) != nil { split = true }
            if split { return splitGlued(String(chars[..<i])) + splitGlued(suffix) }
        }
        return [s]
    }

    /// A table cell cut before each axe, objectif or action heading run on after other text ("… par les habitants
    /// Objectif 9 : Renforcer …"). (Table cells only: in running text, "voir l'action 2 : …" is no heading.)
    static func splitRunOnHeadings(_ s: String) -> [String] {
        let spans = Text.wordSpans(s)
        guard spans.count > 3 else { return [s] }
        for k in 1..<spans.count where runOnHeadingWords.contains(spans[k].folded) && s[spans[k].range].first?.isUppercase == true {
            let suffix = String(s[spans[k].range.lowerBound...])
            guard isHeadingText(suffix) else { continue }
            let prefix = String(s[..<spans[k].range.lowerBound]).trimmedSpaces()
            return (prefix.isEmpty ? [] : [prefix]) + splitRunOnHeadings(suffix)
        }
        return [s]
    }

    /// First words of the headings `splitRunOnHeadings` cuts before.
    static let runOnHeadingWords: Set<String> = ["axe", "objectif", "action", "fiche", "enjeu"]

    /// How far (points) the left edge of a line may stand from a two-column header's for the line to be in its first
    /// column: two characters of a layout dump, a cell's padding in a PDF.
    static let columnEdgeSlack = 16.0

    /// A column header of a sub-action table printed on its own line ("Actions", "N°action"), also after a table
    /// border read as a letter ("I Actions").
    static func isTableHeaderWord(_ s: String) -> Bool {
        // (a fourth word rules every one out)
        var w = Text.wordSpans(s, limit: 4).map(\.folded)
        // a table border the OCR read as a letter before it ("I Actions", "J Actions")
        if w.count >= 2, w[0].count == 1, let f = s.trimmedSpaces().first, "IJl|[]".contains(f) { w.removeFirst() }
        return w == ["actions"] || w == ["action"] || w == ["n", "action"] || w == ["no", "action"]
    }

    /// A label at the start of a segment; also a long label run into its value without a space
    /// ("Responsables de l'actionCommunauté de communes").
    static func label(_ s: String) -> FieldLabels.Match? {
        if Text.hasBullet(s) { return nil }
        if let m = FieldLabels.match(s) { return m }
        // a table border or bullet OCR'd as a capital or a bracket before a label alone on its line ("T Public ciblé",
        // "Î Pilote", "[Pilote")
        if !Text.countIsAtMost(s, 4), let f = s.first, !f.isNumber, !f.isLowercase {
            let rest = s.dropFirst().first == " " ? s.dropFirst(2) : ("[|]{}".contains(f) ? s.dropFirst() : nil)
            if let rest, let m = FieldLabels.match(String(rest)), m.rest.isEmpty { return m }
        }
        let t = Text.fold(s)
        guard let long = FieldLabels.longLabelsByFirstWord[t.prefix { $0 != " " }] else { return nil }
        for (field, v, fv) in long.map({ FieldLabels.longLabels[$0] }) where t.hasPrefix(fv) {
            let idx = s.index(s.startIndex, offsetBy: min(s.count, v.count))
            let rest = String(s[idx...])
            if let f = rest.first, f.isUppercase {
                return FieldLabels.Match(field: field, label: v, rest: rest.trimmedSpaces(), hadColon: false)
            }
        }
        return nil
    }

    /// The end of a wrapped heading (no bullet, not a heading): a short fragment (four words at most) that starts in
    /// lower case or follows a title ending with a word that cannot end it ("de", "la", "et"...), or a parenthesised
    /// acronym; a longer line (a heading wrapped at the page width) only with both cues.
    static func titleContinuation(_ seg: String, of title: String) -> Bool {
        let words = Text.words(seg)
        // "(MAM)": the end of a title wrapped before its acronym (not a year: "(2023)" is a date beside it)
        if seg.first == "(", seg.last == ")", words.count <= 4, !words.allSatisfy({ $0.allSatisfy(\.isNumber) }) { return true }
        guard !words.isEmpty, !Text.hasBullet(seg), !isHeadingText(seg), subActionKey(seg) == nil,
              let f = seg.first, f.isLetter else { return false }
        let openEnd = FicheTablesLayout.continuationWords.contains(Text.words(title).last ?? "")
        if words.count <= 4, seg.count <= 60 { return f.isLowercase || openEnd }
        return f.isLowercase && openEnd && seg.count <= 160 && !seg.hasSuffix(":")
    }

    /// A summary list's entry opening on its status ("Engagée • Action 2.1 : …", "Nouvelle Action 1.3 : …"): the
    /// text after the status word and its bullet; nil where the text opens otherwise.
    static func badgeStripped(_ s: String) -> String? {
        guard let first = Text.wordSpans(s, limit: 1).first, ["engagee", "nouvelle"].contains(first.folded) else { return nil }
        let rest = s[first.range.upperBound...].drop { $0 == " " || $0 == "•" || $0 == "-" || $0 == "–" }
        return rest.isEmpty ? nil : String(rest)
    }

    /// Whether a summary entry read before, of the heading's number, prints the heading's title (two words or more)
    /// followed by `seg`, four words or more in all: the end of a title wrapped on a word that may end one ("… du
    /// Relais Petite" / "Enfance", where the summary has "… du Relais Petite Enfance").
    static func summaryGoesOn(_ summary: [SummaryEntry], _ heading: BlockHeading, with seg: String) -> Bool {
        let title = Text.words(heading.title)
        let whole = title + Text.words(seg)
        guard title.count >= 2, whole.count >= 4, !Text.hasBullet(seg), label(seg) == nil, !isHeadingText(seg) else { return false }
        return summary.contains { s in
            (s.heading.number.isEmpty || Reading.normNumber(s.heading.number) == Reading.normNumber(heading.number))
                && Text.words(s.heading.title).starts(with: whole)
        }
    }

    /// The text of a row whose cells are single words of an axe or objectif heading spread by justification
    /// (three cells or more, three words each at most: "AXE 2 | MAINTENIR | L'OFFRE ET CREER | DE | …"); nil for any
    /// other row.
    static func spacedOutHeading(_ cells: [String]) -> String? {
        let filled = cells.map { $0.trimmedSpaces() }.filter { !$0.isEmpty }
        guard filled.count >= 3, filled.allSatisfy({ $0.count <= 24 && Text.split($0, on: 0x20).count <= 3 }) else { return nil }
        let text = filled.joined(separator: " ")
        return match(axeRegex, text) != nil || match(objectifRegex, text) != nil ? text : nil
    }

    static func isHeadingText(_ s: String) -> Bool {
        match(axeRegex, s) != nil || match(objectifRegex, s) != nil || BlockHeading.parse(Text.stripBullet(s)) != nil
    }

    /// The label that line `i` and the next one make together, where line `i` alone is none and the next one opens
    /// in lower case and holds no label either (a long label wrapped at the column's width); nil otherwise.
    func wrappedLabel(at i: Int) -> String? {
        guard i + 1 < doc.lines.count, doc.lines[i + 1].cells == nil, doc.lines[i + 1].page == doc.lines[i].page else { return nil }
        let first = doc.text(i), next = doc.text(i + 1).trimmedSpaces()
        guard next.first?.isLowercase == true, Text.countIsAtMost(first, 60), Text.countIsAtMost(next, 30),
              !Text.hasBullet(first), Self.label(first) == nil, Self.label(next) == nil,
              let m = Self.label(first.trimmedSpaces() + " " + next), m.rest.isEmpty else { return nil }
        return first.trimmedSpaces() + " " + next
    }

    /// Cells of a line, including " | "-separated pseudo-rows.
    func rowCells(_ i: Int) -> [String]? {
        if doc.lines[i].cells != nil { return doc.cells(i) }
        let t = doc.text(i)
        if t.contains(" | ") { return t.components(separatedBy: " | ").map { $0.trimmedSpaces() } }
        return nil
    }

    func read() -> Reading {
        var details: [DetailFiche] = []
        var summary: [SummaryEntry] = []
        var axe: (number: String?, text: String, index: Int)?
        var objectif: (number: String?, text: String, index: Int)?
        var pendingAxe: (number: String, index: Int)?
        var current: DetailFiche?
        var currentField: Int?          // index into current.fields
        var awaitingTitle = false
        /// The heading's title may continue on the next line (an OCR'd heading wrapped inside its cell).
        var titleOpen = false
        var columnFields: [Int: FicheField] = [:]   // table columns of an "Indicateurs | Résultats" header row
        /// Left edge of that header row, while its rows go on without a blank line: a plain line under it goes to the
        /// column its left edge stands under.
        var columnHeaderX: Double?
        var yearColumns: [Int: Int] = [:]
        var inGrid = false
        var lastContent: (text: String, line: Int)?
        var badges: [(status: FicheStatus, line: Int)] = []
        /// The last plain line read while no fiche is open (a title, maybe, for a fiche without a number).
        var plainAbove: (text: String, line: Int)?

        func close(at end: Int) {
            guard var f = current else { return }
            f.end = max(f.start, end)
            details.append(f)
            current = nil; currentField = nil; awaitingTitle = false; columnFields = [:]; inGrid = false; yearColumns = [:]
        }
        func lastBodyLine(before i: Int) -> Int {
            var j = i - 1
            while j > (current?.start ?? 0), doc.isBlank(j) || FurniturePatterns.matches(doc.text(j)) { j -= 1 }
            return j
        }
        func append(_ text: String, line: Int) {
            guard current != nil, let k = currentField else { return }
            if current!.fields[k].groups.isEmpty { current!.fields[k].groups.append([]) }
            current!.fields[k].groups[current!.fields[k].groups.count - 1].append(text)
            current!.fields[k].lines.append(line)
        }
        func startField(_ field: FicheField, rest: String, line: Int, rule: String = "label") {
            current!.fields.append((field, [], [line], rule))
            currentField = current!.fields.count - 1
            if !rest.isEmpty { append(rest, line: line) }
        }
        /// A value of a table column field (`columnFields`). A cell's wrapped line read as a row of its own: in lower
        /// case after a value that ends no sentence or clause, it goes on with that value ("Nombre de participants et
        /// secteur" / "d'origine des participants").
        func appendColumnValue(_ value: String, to k: Int, line: Int) {
            let g = current!.fields[k].groups.count - 1
            if value.first?.isLowercase == true, let last = current!.fields[k].groups[g].last, let end = last.last, !".;:!?".contains(end) {
                current!.fields[k].groups[g][current!.fields[k].groups[g].count - 1] = last + " " + value
            } else {
                current!.fields[k].groups[g].append(value)
            }
            current!.fields[k].lines.append(line)
        }
        func blankInField() {
            guard current != nil, let k = currentField, let last = current!.fields[k].groups.last, !last.isEmpty else { return }
            current!.fields[k].groups.append([])
        }
        /// The axe title as printed, while its next line may continue it (an all-caps title wrapped over lines).
        var axeOpen: String?
        /// The thématique named before the current axe heading ("Petite enfance : Enjeu 1 : …"), with its line.
        var axeTheme: (String, Int)?
        func setAxe(_ number: String?, _ text: String, _ i: Int) {
            axe = (number, Self.headingCase(Text.clean(text)), i); objectif = nil
        }

        var i = 0
        let n = doc.lines.count
        /// Page of the last non-blank line read: a page break separates value groups as a blank line does (the
        /// values stacked under "Indicateurs" / "Résultats attendus" may stand on both sides of one, without a
        /// blank line between them once the footer is set apart).
        var lastPage: Int?
        /// The second line of a label wrapped over two, read with the first.
        var joinedLine: Int?
        /// The summary entry read last, and its line.
        var openEntry: (index: Int, line: Int)?
        while i < n {
            defer { i += 1 }
            if i == joinedLine { continue }
            if doc.isBlank(i) { blankInField(); columnHeaderX = nil; continue }
            if let p = lastPage, doc.lines[i].page != p { blankInField(); columnHeaderX = nil }
            lastPage = doc.lines[i].page
            if doc.lines[i].cells == nil, FurniturePatterns.matches(doc.text(i)) { continue }

            // A heading whose words the OCR spread into cells ("AXE 2\t\t\tMAINTENIR\t\tL'OFFRE…") is a line.
            let spaced = rowCells(i).flatMap(Self.spacedOutHeading)
            // Table rows.
            if spaced == nil, let cells = rowCells(i), cells.filter({ !$0.isEmpty }).count >= 2 || (current != nil && (!columnFields.isEmpty || inGrid) && cells.count >= 2) {
                let filled = cells.enumerated().filter { !$0.element.isEmpty }
                if current == nil || filled.contains(where: { BlockHeading.parse(Text.stripBullet($0.element)) != nil && Self.subActionKey($0.element) == nil }) {
                    // Summary table: axe / objectif / action cells, read left to right. A cell may hold several
                    // headings run together where rows without rulings were read as one ("Objectif 8 : … Objectif 9 :
                    // …" beside "Action 14 : … Action 15 : …"): each is read, but which objectif goes with which
                    // action is then unknown, and the row's entries get none.
                    let firstEntry = summary.count
                    var objectifs = 0
                    for (_, cell) in filled {
                        for seg in Self.segments(cell).flatMap(Self.splitRunOnHeadings) {
                            if let g = Self.match(Self.axeRegex, seg) {
                                setAxe(g[0], g[1], i)
                            } else if let g = Self.match(Self.objectifRegex, seg) {
                                objectif = (g[0], Text.clean(g[1]), i)
                                objectifs += 1
                            } else if let h = BlockHeading.parse(Text.stripBullet(seg)), !h.title.isEmpty {
                                summary.append(SummaryEntry(heading: h, index: i, axe: axe?.text, objectif: objectif?.text))
                            }
                        }
                    }
                    if objectifs >= 2 { for k in firstEntry..<summary.count { summary[k].objectif = nil } }
                    continue
                }
                // Inside a fiche.
                let labels = filled.compactMap { c -> (Int, FicheField)? in
                    guard let m = Self.label(c.element), m.rest.isEmpty else { return nil }
                    return (c.offset, m.field)
                }
                let years = filled.compactMap { c -> (Int, Int)? in
                    guard c.element.count == 4, let y = Int(c.element), (1990...2099).contains(y) else { return nil }
                    return (c.offset, y)
                }
                if years.count >= 2 {
                    yearColumns = Dictionary(uniqueKeysWithValues: years); inGrid = true; columnFields = [:]; continue
                }
                if labels.contains(where: { $0.1 == .indicateurs || $0.1 == .resultats }) {
                    columnFields = Dictionary(labels, uniquingKeysWith: { a, _ in a })
                    columnHeaderX = doc.lines[i].box?.x0
                    inGrid = false
                    for (_, f) in labels where f == .indicateurs || f == .resultats { current!.fields.append((f, [[]], [i], "column")) }
                    currentField = nil
                    continue
                }
                if let keyCell = filled.first(where: { Self.subActionKey($0.element) != nil }) {
                    let title = filled.first(where: { $0.offset < keyCell.offset })?.element ?? ""
                    if !title.isEmpty { current!.subActions.append((Self.subActionKey(keyCell.element), Text.clean(title), i)) }
                    for (col, y) in yearColumns where col < cells.count && !cells[col].isEmpty { current!.gridYears.insert(y); current!.gridMarked = true }
                    inGrid = true; columnFields = [:]
                    continue
                }
                if !columnFields.isEmpty {
                    let ordered = columnFields.sorted { $0.key < $1.key }
                    for (col, f) in ordered {
                        var value = col < cells.count ? cells[col] : ""
                        if value.isEmpty, filled.count == ordered.count, let pos = ordered.firstIndex(where: { $0.key == col }) {
                            value = filled[pos].element
                        }
                        // (a cell of dashes only is a rule drawn with characters, no value)
                        guard !value.isEmpty, !value.allSatisfy({ "-–—_=. ".contains($0) }),
                              let k = current!.fields.lastIndex(where: { $0.field == f && $0.rule == "column" }) else { continue }
                        appendColumnValue(value, to: k, line: i)
                    }
                    continue
                }
                if let first = filled.first, let m = Self.label(first.element), labels.count == 1 {
                    startField(m.field, rest: ([m.rest] + filled.dropFirst().map(\.element)).filter { !$0.isEmpty }.joined(separator: "\n"), line: i, rule: "label")
                    continue
                }
                if inGrid, let first = filled.first, first.offset == 0, Self.label(first.element) == nil, first.element.count > 3 {
                    // A grid row without sub-action number: still a sub-action of the table.
                    current!.subActions.append((nil, Text.clean(first.element), i))
                    continue
                }
                continue
            }

            // Plain lines, split into segments. A label wrapped over two lines ("Acteur(s)/ Partenaire(s)" /
            // "associé(s)") is read as one line.
            var text = spaced ?? doc.text(i)
            if spaced == nil, let joined = wrappedLabel(at: i) { text = joined; joinedLine = i + 1 }
            // A line of one column under a two-column "Indicateurs | Résultats" header, where the other column has
            // ended or the columns were read one after the other: its left edge tells the column.
            if spaced == nil, current != nil, columnFields.count == 2, let hx = columnHeaderX, let box = doc.lines[i].box,
               !Text.hasDoubleStar(text), !Self.isHeadingText(text), Self.label(text) == nil, FicheTablesLayout.badge(text) == nil,
               !FurniturePatterns.matches(text) {
                let ordered = columnFields.sorted { $0.key < $1.key }
                let f = abs(box.x0 - hx) <= Self.columnEdgeSlack ? ordered[0].value : ordered[1].value
                if let k = current!.fields.lastIndex(where: { $0.field == f && $0.rule == "column" }) {
                    appendColumnValue(text, to: k, line: i)
                    continue
                }
            }
            // the entry of a summary list read on the line above, whose title may go on over this one
            let entryAbove = openEntry.flatMap { $0.line == i - 1 ? $0.index : nil }
            openEntry = nil
            for seg in Self.segments(text) {
                let unbulleted = Text.stripBullet(seg)
                if FurniturePatterns.matches(seg) { continue }
                // A summary entry wrapped over two lines: its end in lower case, or a year in parentheses
                // ("… (MAM)" / "(2023)", the year the entry plans the action for).
                if let e = entryAbove, !Text.hasBullet(seg), Self.label(seg) == nil, !Self.isHeadingText(seg),
                   seg.first?.isLowercase == true || Reading.trailingYear(seg) != nil && Text.words(seg).count == 1 {
                    summary[e].heading.title = Text.clean(summary[e].heading.title + " " + seg)
                    continue
                }
                // A status badge is no text of a field; which fiche it belongs to is settled once all are read. It
                // parts the field's values as a blank line does ("Calendrier : 2021" / "ACTION NOUVELLE" / a title).
                if !Text.hasBullet(seg), let b = FicheTablesLayout.badge(seg) { badges.append((b, i)); blankInField(); continue }
                if let p = pendingAxe {
                    pendingAxe = nil
                    if Self.label(seg) == nil, !Self.isHeadingText(seg) {
                        setAxe(p.number, seg, p.index); axeOpen = seg; continue
                    }
                }
                if let open = axeOpen {
                    axeOpen = nil
                    if let a = axe, Text.upperShare(open) > 0.85, Text.upperShare(seg) > 0.85, Text.words(seg).count <= 8,
                       !Text.hasBullet(seg), Self.label(seg) == nil, !Self.isHeadingText(seg) {
                        setAxe(a.number, open + " " + seg, a.index); continue
                    }
                }
                if !Text.hasBullet(seg), case let split = Self.themeStripped(seg), let g = Self.match(Self.axeRegex, split.heading) {
                    close(at: lastBodyLine(before: i))
                    // the thématique named before the axe heading goes to the fiches under it
                    axeTheme = split.theme.map { ($0, i) }
                    let title = Text.clean(g[1])
                    if title.isEmpty { pendingAxe = (g[0], i); axe = (g[0], "", i); objectif = nil } else { setAxe(g[0], title, i); axeOpen = title }
                    continue
                }
                if let g = Self.match(Self.objectifRegex, unbulleted) {
                    if !Text.hasBullet(seg) { close(at: lastBodyLine(before: i)) }
                    let text = Text.clean(g[1])
                    if Text.hasBullet(seg) {
                        // Objectif of a summary list.
                        objectif = (g[0], text, i)
                    } else {
                        objectif = (g[0], text, i)
                    }
                    continue
                }
                if let h = BlockHeading.parse(unbulleted) ?? (Text.hasBullet(seg) ? Self.badgeStripped(unbulleted).flatMap(BlockHeading.parse)
                                                                                   : BlockHeading.parseUnnumbered(seg)) {
                    if Text.hasBullet(seg) {
                        if !h.title.isEmpty {
                            summary.append(SummaryEntry(heading: h, index: i, axe: axe?.text, objectif: objectif?.text))
                            openEntry = (summary.count - 1, i)
                        }
                        continue
                    }
                    close(at: lastBodyLine(before: i))
                    var title = h.title
                    title = Text.clean(title)
                    var heading = h; heading.title = title
                    lastContent = nil
                    current = DetailFiche(heading: heading, start: i, end: i, titleLines: [i], axe: axe, objectif: objectif)
                    current!.theme = axeTheme
                    awaitingTitle = title.isEmpty
                    titleOpen = Self.mayContinue(title)
                    continue
                }
                // An unnumbered fiche named by its title label ("Intitulé de l'action : …"): the label names the fiche
                // under a bare "FICHE ACTION" heading, or opens one of its own (no fiche open, or the open one
                // already has its title and fields).
                if let m = Self.label(seg), m.field == .title {
                    if current == nil || (!current!.heading.title.isEmpty && !current!.fields.isEmpty) {
                        close(at: lastBodyLine(before: i))
                        lastContent = nil
                        current = DetailFiche(heading: .unnumbered(""), start: i, end: i,
                                              titleLines: [], axe: axe, objectif: objectif)
                    }
                    if current!.heading.title.isEmpty {
                        let title = Text.clean(m.rest)
                        current!.heading.title = title
                        current!.titleLines.append(i)
                        current!.titleFromLabel = true
                        awaitingTitle = title.isEmpty
                        titleOpen = Self.mayContinue(title)
                        continue
                    }
                }
                if current == nil {
                    // No fiche open, a field label, and right above it a short line of its own: an unnumbered fiche
                    // whose title is that line ("Enfance : Elaborer le plan d'actions enfance" / "Contexte initial : …").
                    // (a label as fiches print them: capitalised, with its colon; not prose that happens to open with a
                    // label word, "domaines d'intervention, des acteurs…", nor a table's header cell alone on its line,
                    // "Champs d'intervention" under the plan's title)
                    if let m = Self.label(seg), m.field != .title, seg.first?.isUppercase == true,
                       m.hadColon || (FieldLabels.isOverValue(m, at: i, in: doc) && Self.labelsOverValues(doc, from: i) >= 3),
                       let p = plainAbove, i - p.line <= 2,
                       let heading = Self.unnumberedTitle(p.text) {
                        lastContent = nil
                        current = DetailFiche(heading: Self.titleHeading(heading.title),
                                              start: p.line, end: i, titleLines: [p.line], axe: axe, objectif: objectif)
                        if let theme = heading.theme { current!.theme = (theme, p.line) }
                        current!.boundaryRule = "heading.title-above-labels"
                        startField(m.field, rest: m.rest, line: i)
                    } else {
                        plainAbove = (seg, i)
                    }
                    continue
                }
                let wasOpen = titleOpen
                titleOpen = false
                // The end of a wrapped title that happens to be a label word in lower case ("… sur le" / "territoire"):
                // a label opens its line with a capital, or has a colon.
                if wasOpen, current!.fields.isEmpty, seg.first?.isLowercase == true, !(Self.label(seg)?.hadColon ?? false),
                   Self.titleContinuation(seg, of: current!.heading.title) {
                    current!.heading.title = Text.clean(current!.heading.title + " " + seg); current!.titleLines.append(i)
                    titleOpen = Self.mayContinue(current!.heading.title)   // a title wrapped over three lines or more
                    continue
                }
                if let m = Self.label(seg) {
                    awaitingTitle = false
                    columnFields = [:]; inGrid = false
                    // "Indicateurs d'évaluation Résultats attendus": the two header cells of a table read as one line
                    // (the OCR joined them) over a row of cells: the rows hold their values side by side, as under a
                    // header row.
                    if current != nil, !m.hadColon, let m2 = Self.label(m.rest), m2.rest.isEmpty, m2.field != m.field,
                       [m.field, m2.field].allSatisfy({ $0 == .indicateurs || $0 == .resultats }),
                       let next = ((i + 1)..<min(n, i + 3)).first(where: { !doc.isBlank($0) }), (doc.lines[next].cells?.count ?? 0) >= 2 {
                        columnFields = [0: m.field, 1: m2.field]
                        columnHeaderX = nil
                        for f in [m.field, m2.field] { current!.fields.append((f, [[]], [i], "column")) }
                        currentField = nil
                        continue
                    }
                    // The label that opened the open fiche's fields comes again, after a paragraph of one or two short
                    // lines set apart by a blank line: a fiche without a number starts, that paragraph its title (a
                    // thématique line over it, "Enfance" / "Elaborer le plan d'actions enfance", names its thématique).
                    // (the paragraph before the blank line that may end the field: a status badge between them is
                    // no text of it, "ACTION NOUVELLE" / title / "NOUVELLE" / label)
                    if let cur = current, cur.fields.count >= 3, m.field == cur.fields.first?.field, let k = currentField,
                       case let groups = cur.fields[k].groups.last?.isEmpty == true ? Array(cur.fields[k].groups.dropLast()) : cur.fields[k].groups,
                       groups.count >= 2, let last = groups.last, (1...2).contains(last.count),
                       cur.fields[k].lines.count >= last.count,
                       last.allSatisfy({ !Text.hasBullet($0) && $0.count <= 160 && Self.label($0) == nil && !$0.hasSuffix(".") }) {
                        var parts = last
                        var lines = Array(cur.fields[k].lines.suffix(last.count))
                        var theme: (String, Int)?
                        if parts.count == 2, Self.isThemeName(parts[0]) {
                            theme = (parts[0], lines[0]); parts.removeFirst(); lines.removeFirst()
                        } else if parts.count == 1, let u = Self.unnumberedTitle(parts[0]), let name = u.theme {
                            // the thématique before the title on its line ("Transversal : Définir …")
                            theme = (name, lines[0]); parts = [u.title]
                        }
                        current!.fields[k].groups = Array(groups.dropLast())
                        current!.fields[k].lines.removeLast(last.count)
                        close(at: lastBodyLine(before: theme?.1 ?? lines[0]))
                        lastContent = nil
                        // Under the axe read last where the title's own number says so ("1.2 - …" under "AXE 1");
                        // otherwise none (a fiche set apart from the numbered ones, as a plan's "fiche d'engagement").
                        let heading = Self.titleHeading(Text.clean(parts.joined(separator: " ")))
                        let underAxe = theme == nil && heading.parts.count >= 2
                            && (axe?.number).map { Reading.normNumber($0) == heading.parts[0] } == true
                        current = DetailFiche(heading: heading, start: theme?.1 ?? lines[0], end: i, titleLines: lines,
                                              axe: underAxe ? axe : nil, objectif: underAxe ? objectif : nil)
                        current!.theme = theme
                        current!.boundaryRule = "heading.title-before-repeated-label"
                    }
                    startField(m.field, rest: m.rest, line: i)
                    continue
                }
                if awaitingTitle {
                    current!.heading.title = Text.clean(seg); current!.titleLines.append(i); awaitingTitle = false; continue
                }
                if wasOpen, current!.fields.isEmpty,
                   Self.titleContinuation(seg, of: current!.heading.title) || Self.summaryGoesOn(summary, current!.heading, with: seg) {
                    current!.heading.title = Text.clean(current!.heading.title + " " + seg); current!.titleLines.append(i)
                    titleOpen = Self.mayContinue(current!.heading.title)
                    continue
                }
                if let key = Self.subActionKey(seg) {
                    // "title" line then "1-1-1-A" line: a sub-action printed out of its table.
                    if let last = lastContent, last.line < i {
                        current!.subActions.append((key, Text.clean(last.text), last.line))
                        if let k = currentField, var g = current!.fields[k].groups.last, g.last == last.text {
                            g.removeLast(); current!.fields[k].groups[current!.fields[k].groups.count - 1] = g
                        }
                    }
                    continue
                }
                // An all-caps heading line after the fields ends the fiche (the next part of the document).
                if Text.upperShare(seg) > 0.9, Text.words(seg).filter({ $0.count >= 4 }).count >= 4, !Text.hasBullet(seg), current!.fields.count >= 2 {
                    close(at: lastBodyLine(before: i)); continue
                }
                if Self.isTableHeaderWord(seg) { currentField = nil; continue }
                lastContent = (seg, i)
                append(seg, line: i)
            }
        }
        close(at: lastBodyLine(before: n))
        // A detailed fiche needs labelled fields; a bare heading is a summary entry.
        var kept: [DetailFiche] = []
        for d in details {
            let distinct = Set(d.fields.map(\.field)).count
            if distinct >= 2 || (distinct >= 1 && !d.subActions.isEmpty) {
                kept.append(d)
            } else if !d.heading.title.isEmpty {
                summary.append(SummaryEntry(heading: d.heading, index: d.start, axe: d.axe?.text, objectif: d.objectif?.text))
            }
        }
        Self.assignBadges(&kept, badges, doc: doc)
        return Reading(doc: doc, details: kept, summary: summary)
    }

    /// How many capitalised label lines over their values (`FieldLabels.isOverValue`) are at `i` and, each after a
    /// blank line, in the 20 lines after it: three or more are a fiche's fields, one is maybe a table's header cell
    /// ("Champs d'intervention" over "Nature de l'offre…").
    static func labelsOverValues(_ doc: DocumentView, from i: Int) -> Int {
        var n = 0
        for j in i..<min(doc.lines.count, i + 21) where j == i || doc.isBlank(j - 1) {
            let t = doc.text(j)
            if t.first?.isUppercase == true, let m = label(t), FieldLabels.isOverValue(m, at: j, in: doc) { n += 1 }
        }
        return n
    }

    /// A line that can title a fiche without a number, seen right above its first field label (with its colon):
    /// short, one sentence at most (no full stop at its end), no bullet, no label, no heading; "Petite enfance :
    /// Créer un LAEP" names its thématique before the title.
    static func unnumberedTitle(_ text: String) -> (title: String, theme: String?)? {
        let t = Text.clean(text)
        guard t.count >= 8, t.count <= 160, !t.hasSuffix("."), !Text.hasBullet(text), label(t) == nil, !isHeadingText(t),
              Text.words(t).count >= 3, Text.upperShare(t) < 0.6 else { return nil }
        if let r = t.range(of: " : ") {
            let left = String(t[..<r.lowerBound]), right = String(t[r.upperBound...])
            if isThemeName(left), Text.words(right).count >= 3 { return (right, left) }
        }
        return (t, nil)
    }

    /// The heading of a fiche found from its title line alone: the title, and the action's number where the line
    /// opens with one ("1.2 - Développer l'offre d'accueil", "2.1. Soutenir les projets des jeunes").
    static func titleHeading(_ title: String) -> BlockHeading {
        guard let g = match(leadingNumberRegex, title), Text.words(g[2]).count >= 3 else { return .unnumbered(title) }
        return BlockHeading(word: "", number: g[0], separator: g[1], title: g[2])
    }

    /// A section number at the start of a title line: "1.2 - ", "2.1. ", "3) ". Two levels at least or a closing
    /// mark after a single number, so that a year or an amount opening a title is no number.
    static let leadingNumberRegex = AnchoredRegex(#"^(\d{1,2}(?:[.\-]\d{1,2}){1,3}|\d{1,2}(?=[.)]))\s*([.)\-–—:]?)\s+(\p{Lu}.*)$"#)

    /// An axe heading after the name of its thématique ("Petite enfance : Enjeu 1 : AVOIR ACCES AU MODE D'ACCUEIL",
    /// a table row "Petite enfance | Enjeu 1 : …" written as "label : value"; the thématique named in a few words, or
    /// in a phrase of its vocabulary, "Accès aux services administratifs et démarches en ligne : ENJEU 4 : …"): the
    /// heading and the thématique's name apart. Any other line: itself, no thématique.
    static func themeStripped(_ seg: String) -> (heading: String, theme: String?) {
        guard let r = seg.range(of: " : ") else { return (seg, nil) }
        let rest = String(seg[r.upperBound...]), theme = String(seg[..<r.lowerBound])
        let named = isThemeName(theme) || (Text.words(theme).count <= 8 && label(theme) == nil && ThematiqueVocabulary.fromHeading(theme) != nil)
        return named && axeRegex.firstMatch(in: rest) != nil ? (rest, theme) : (seg, nil)
    }

    /// A thématique named on its own, a few words ("Enfance", "Petite enfance") printed over or before a title.
    static func isThemeName(_ s: String) -> Bool { Text.words(s).count <= 4 && ThematiqueVocabulary.fromHeading(s) != nil }

    /// Whether a heading's title may go on over the next line: it does not end a sentence or a parenthesis.
    static func mayContinue(_ title: String) -> Bool { !title.isEmpty && !(title.last.map { ".!?)»".contains($0) } ?? true) }

    /// Gives each fiche the status badge printed with it ("ACTION ENGAGÉE"), as `FicheTables` does for tables: a
    /// badge after a fiche's last field and before the next fiche's heading belongs to one of the two. Each fiche, in
    /// order, takes the closest unclaimed badge before its heading (after the label of the previous fiche's last
    /// field, or at most eight lines above the first fiche), else the first badge after the label of its own last
    /// field. Documents printing the badge above each fiche, below it, or both, come out right.
    static func assignBadges(_ fiches: inout [DetailFiche], _ badges: [(status: FicheStatus, line: Int)], doc: DocumentView) {
        guard !badges.isEmpty else { return }
        var claimed = Set<Int>()
        // where the fiche's last field opens (its text may run on over headings of the next fiche, read as content)
        func lastField(_ d: DetailFiche) -> Int { max(d.titleLines.max() ?? d.start, d.fields.compactMap(\.lines.first).max() ?? d.start) }
        for k in fiches.indices {
            let d = fiches[k]
            let from = k > 0 ? lastField(fiches[k - 1]) + 1 : d.start - 8
            if let b = badges.last(where: { $0.line >= from && $0.line < d.start && !claimed.contains($0.line) }) {
                fiches[k].status = (b.status, b.line, "badge.before"); claimed.insert(b.line); continue
            }
            let to = k + 1 < fiches.count ? fiches[k + 1].start : d.end + 1
            if let b = badges.first(where: { $0.line > lastField(d) && $0.line < to && !claimed.contains($0.line) }) {
                fiches[k].status = (b.status, b.line, "badge.after"); claimed.insert(b.line)
            }
        }
    }

    /// "OPTIMISER LA QUALITÉ DE L'OFFRE" -> "Optimiser la qualité de l'offre"; other text unchanged.
    static func headingCase(_ s: String) -> String {
        guard Text.upperShare(s) > 0.85, s.filter(\.isLetter).count > 4 else { return s }
        let lower = s.lowercased()
        return lower.prefix(1).uppercased() + lower.dropFirst()
    }
}

extension BlockReader.Reading {
    static func normNumber(_ n: String) -> String { Text.words(n).joined(separator: ".") }

    /// Fiches, spans and sections of this reading, written by `layout`.
    func result(layout: String) -> LayoutResult {
        var fiches: [Fiche] = []
        var spans: [ClosedRange<Int>] = []
        let assembler = FicheAssembler()
        var summaryByNumber: [String: SummaryEntry] = [:]
        for s in summary where summaryByNumber[Self.normNumber(s.heading.number)] == nil { summaryByNumber[Self.normNumber(s.heading.number)] = s }
        var detailed = Set<String>()
        for d in details {
            let num = Self.normNumber(d.heading.number)
            detailed.insert(num)
            let sum = summaryByNumber[num]
            var title = Text.clean(d.heading.title)
            if title.isEmpty, let s = sum { title = Text.clean(s.heading.title) }
            title = Self.capitaliseFirst(title)
            let number: String? = d.heading.number.isEmpty ? nil : d.heading.number
            var f = Fiche(key: d.heading.number, number: number, title: title, layout: layout)
            let span = d.start...max(d.start, d.end)
            f.provenance = doc.provenance(span)
            let boundaryRule = d.boundaryRule ?? (number != nil ? "heading.numbered-fiche" : d.heading.word.isEmpty ? "label.title-fiche" : "heading.unnumbered-fiche")
            f.evidence.append(Evidence(subject: "boundary", rule: boundaryRule, lines: [doc.lines[d.start].number, doc.lines[span.upperBound].number],
                                       excerpt: excerpt(doc.text(d.start))))
            let titleRule = d.titleFromLabel ? "label.title" : d.titleLines.count > 1 ? "heading.next-line-title" : "heading.inline-title"
            f.evidence.append(Evidence(subject: "title", rule: titleRule, lines: d.titleLines.map { doc.lines[$0].number }, excerpt: excerpt(title)))
            // Axe / objectif context: the headings above, unless the action's own number says they belong elsewhere.
            let parts = d.heading.parts
            var axe = d.axe
            if let a = axe, parts.count >= 2, let an = a.number, Self.normNumber(an) != Self.normNumber(parts[0]) { axe = nil }
            if let a = axe, a.text.isEmpty { axe = nil }
            var objectif = d.objectif
            if let o = objectif, parts.count >= 3, let on = o.number, Self.normNumber(on) != Self.normNumber(parts[1]) { objectif = nil }
            f.axe = axe?.text
            if let a = axe { f.evidence.append(Evidence(subject: "axe", rule: "heading.axe", lines: [doc.lines[a.index].number], excerpt: excerpt(a.text))) }
            var objectifText = objectif?.text
            var objectifRule = "heading.objectif"
            if let s = sum, let so = s.objectif, !so.isEmpty {
                let fs = Text.fold(so), fo = Text.fold(objectifText ?? "")
                if objectifText == nil || (fs.count > fo.count && fs.hasPrefix(fo)) {
                    objectifText = Self.capitaliseFirst(so); objectifRule = "summary.objectif"
                }
            }
            f.objectif = objectifText.map(Self.capitaliseFirst)
            if let o = f.objectif {
                f.evidence.append(Evidence(subject: "objectif", rule: objectifRule, lines: objectif.map { [doc.lines[$0.index].number] } ?? [], excerpt: excerpt(o)))
            }
            // Fields.
            let fields = Self.fieldTexts(d, doc: doc)
            let hint = d.theme.flatMap { th in ThematiqueVocabulary.fromHeading(th.0).map { ($0, th.0, [doc.lines[th.1].number]) } }
                ?? Self.thematiqueHint(objectif: f.objectif, axe: f.axe, lines: [axe, objectif].compactMap { $0.map { doc.lines[$0.index].number } })
            // No objectif heading above the fiche: its own "Objectifs :" field, as a fiche table gives it; a few
            // statements, not a field that ran on over the rest of the fiche (labels the OCR damaged).
            if f.objectif == nil, let o = fields[.objectifsPoursuivis] {
                let items = Text.items(o.text).map(Text.clean).filter { !$0.isEmpty }
                if !items.isEmpty, items.count <= 5, items.joined(separator: " ; ").count <= 400 {
                    f.objectif = items.joined(separator: " ; ")
                    f.fieldConfidence["objectif"] = 0.85  // as a fiche table's labelled objectif
                    f.evidence.append(Evidence(subject: "objectif", rule: "label.objectif", lines: o.lines, excerpt: excerpt(o.text)))
                }
            }
            assembler.fill(&f, from: fields, thematiqueHint: hint)
            if d.gridMarked, f.years.isEmpty {
                f.years = d.gridYears.sorted()
                f.calendrier = f.calendrier ?? f.years.map(String.init).joined(separator: ", ")
                f.fieldConfidence["years"] = 0.75
                f.evidence.append(Evidence(subject: "years", rule: "grid.marked-years", lines: [], excerpt: f.years.map(String.init).joined(separator: ", ")))
            }
            if f.years.isEmpty, f.calendrier == nil, let s = sum, let y = Self.trailingYear(s.heading.title) {
                f.years = [y]; f.calendrier = String(y)
                f.fieldConfidence["years"] = 0.7
                f.evidence.append(Evidence(subject: "years", rule: "summary.trailing-year", lines: [doc.lines[s.index].number], excerpt: excerpt(s.heading.title)))
            }
            if let st = d.status {
                f.status = st.status
                f.fieldConfidence["status"] = 0.85
                f.evidence.append(Evidence(subject: "status", rule: st.rule, lines: [doc.lines[st.line].number], excerpt: excerpt(doc.text(st.line))))
            }
            f.subActions = d.subActions.map { SubAction(key: $0.key ?? "", title: $0.title) }
            if !d.subActions.isEmpty {
                f.evidence.append(Evidence(subject: "sub_actions", rule: "table.sub-action-rows", lines: d.subActions.map { doc.lines[$0.line].number }))
            }
            if let s = sum {
                f.evidence.append(Evidence(subject: "boundary", rule: "summary.same-number-merged", lines: [doc.lines[s.index].number], excerpt: excerpt(s.heading.title)))
            }
            // Confidence: explicit numbered heading plus labelled fields.
            let labelled = Set(d.fields.map(\.field)).subtracting([.other]).count
            var conf = 0.62 + 0.07 * Double(min(labelled, 4))
            if title.isEmpty { conf -= 0.3 }
            if f.pilotes.isEmpty { conf -= 0.05 }
            if title.count > 220 { conf -= 0.15 }
            f.confidence = max(0.05, min(0.95, conf))
            fiches.append(f); spans.append(span)
        }
        // Summary entries without a detailed fiche: actions listed only in the plan.
        if !details.isEmpty {
            var seen = Set<String>()
            for s in summary {
                let num = Self.normNumber(s.heading.number)
                guard !detailed.contains(num), seen.insert(num).inserted else { continue }
                var f = Fiche(key: s.heading.number, number: s.heading.number, title: Self.capitaliseFirst(Text.clean(s.heading.title)), layout: layout)
                f.axe = s.axe.map(Self.capitaliseFirst); f.objectif = s.objectif.map(Self.capitaliseFirst)
                f.provenance = doc.provenance(s.index...s.index)
                f.evidence.append(Evidence(subject: "boundary", rule: "summary.numbered-entry", lines: [doc.lines[s.index].number], excerpt: excerpt(s.heading.title)))
                if let y = Self.trailingYear(s.heading.title) { f.years = [y]; f.calendrier = String(y) }
                assembler.assignThematique(&f, hint: Self.thematiqueHint(objectif: f.objectif, axe: f.axe, lines: [doc.lines[s.index].number]))
                f.confidence = 0.5
                fiches.append(f); spans.append(s.index...s.index)
            }
        }
        return LayoutResult(fiches: fiches, spans: spans)
    }

    func excerpt(_ s: String) -> String {
        let t = Text.squash(s)
        return t.count > 120 ? String(t.prefix(117)) + "…" : t
    }

    static func capitaliseFirst(_ s: String) -> String {
        guard let f = s.first, f.isLowercase else { return s }
        return f.uppercased() + s.dropFirst()
    }

    static let trailingYearRegex = AnchoredRegex(#"\((\d{4})\)\s*$"#)

    /// "… (MAM) (2023)" -> 2023.
    static func trailingYear(_ title: String) -> Int? {
        guard let g = BlockReader.match(trailingYearRegex, Text.squash(title)), let y = Int(g[0]), (1990...2099).contains(y) else { return nil }
        return y
    }

    /// Thématique hint: the objectif where it names a thématique outright ("… la parentalité"),
    /// else the axe heading, else the objectif's weaker cues.
    static func thematiqueHint(objectif: String?, axe: String?, lines: [Int]) -> (Thematique, String, [Int])? {
        if let o = objectif, let t = ThematiqueVocabulary.namedIn(o) { return (t, o, lines) }
        if let a = axe, let t = ThematiqueVocabulary.fromHeading(a) { return (t, a, lines) }
        if let o = objectif, let t = ThematiqueVocabulary.fromHeading(o) { return (t, o, lines) }
        return nil
    }

    /// The field texts of a detailed fiche. Labels printed in a row before their values
    /// ("Public ciblé / Responsables / Partenaires", then the values) get the value groups in order.
    static func fieldTexts(_ d: DetailFiche, doc: DocumentView) -> [FicheField: FicheAssembler.FieldText] {
        var fields = d.fields.map { (field: $0.field, groups: $0.groups.filter { !$0.isEmpty }, lines: $0.lines, rule: $0.rule) }
        let redistributable: Set<FicheField> = [.public, .pilotes, .partenaires, .indicateurs, .resultats]
        var k = 0
        while k < fields.count {
            // A run of empty labels followed by one label holding several value groups.
            var j = k
            while j < fields.count, fields[j].groups.isEmpty, redistributable.contains(fields[j].field), fields[j].rule == "label" { j += 1 }
            // Fewer value groups than labels (no blank lines between them): the values part where their lines
            // change style, or failing that at sentence ends.
            let lineCuts = j > k && j < fields.count && fields[j].groups.count < j - k + 1
                ? listStyleCuts(lines: fields[j].groups.joined(), parts: j - k + 1)
                    ?? sentenceCuts(lines: fields[j].groups.joined(), parts: j - k + 1) : nil
            if j > k, j < fields.count, redistributable.contains(fields[j].field), fields[j].rule == "label",
               fields[j].groups.count >= 2 || lineCuts != nil {
                let run = Array(k...j)
                let groups = fields[j].groups
                let g = groups.count
                if let cuts = lineCuts {
                    let lines = Array(groups.joined())
                    let bounds = [0] + cuts + [lines.count]
                    for (n, t) in run.enumerated() { fields[t].groups = [Array(lines[bounds[n]..<bounds[n + 1]])] }
                } else if g <= run.count {
                    let targets = Array(run.suffix(g))
                    for (t, grp) in zip(targets, groups) { fields[t].groups = [grp] }
                } else if let cuts = listStyleCuts(groups, parts: run.count) {
                    // More groups than labels, and the groups change between a bulleted list and plain paragraphs
                    // exactly where a label's values can end: each label takes one stretch of one style.
                    let bounds = [0] + cuts + [g]
                    for (n, t) in run.enumerated() { fields[t].groups = [Array(groups[bounds[n]..<bounds[n + 1]].joined())] }
                } else {
                    // More groups than labels: the last label keeps the last group, the others share the rest in order.
                    for (n, t) in run.enumerated() {
                        if n == run.count - 1 { fields[t].groups = [groups.last!] }
                        else if n == run.count - 2 { fields[t].groups = Array(groups[n..<(g - 1)]) }
                        else { fields[t].groups = [groups[n]] }
                    }
                }
                for t in run { fields[t].rule = "label.values-after-labels" }
                k = j + 1
                continue
            }
            k += 1
        }
        var out: [FicheField: FicheAssembler.FieldText] = [:]
        for f in fields {
            let text = f.groups.map { $0.joined(separator: "\n") }.joined(separator: "\n")
            let numbers = f.lines.map { doc.lines[$0].number }
            let rule = f.rule.hasPrefix("label") ? "label" : f.rule
            var value = text
            if f.field == .indicateurs { value = splitSentences(text) }
            if var existing = out[f.field] {
                if !value.isEmpty { existing.text += (existing.text.isEmpty ? "" : "\n") + value }
                existing.lines += numbers
                out[f.field] = existing
            } else if !value.isEmpty {
                out[f.field] = FicheAssembler.FieldText(text: value, lines: numbers, rule: rule)
            }
        }
        return out
    }

    /// Where value groups stacked under a run of `parts` labels change style, from bulleted items to plain
    /// paragraphs or back: the group indices that open a new style, when there are exactly `parts - 1` of them.
    static func listStyleCuts(_ groups: [[String]], parts: Int) -> [Int]? {
        guard parts >= 2 else { return nil }
        let bulleted = groups.map { g in g.first.map(Text.hasBullet) ?? false }
        let cuts = bulleted.indices.dropFirst().filter { bulleted[$0] != bulleted[$0 - 1] }
        return cuts.count == parts - 1 ? Array(cuts) : nil
    }

    /// The same over lines: a line is a bulleted item, a paragraph (opening in upper case) or the continuation of
    /// the line above (its style); the line indices that open a new style, when there are exactly `parts - 1`.
    static func listStyleCuts<L: Collection<String>>(lines: L, parts: Int) -> [Int]? {
        guard parts >= 2 else { return nil }
        var cuts: [Int] = []
        var style: Bool?
        for (n, line) in lines.enumerated() {
            let bulleted = Text.hasBullet(line)
            let own = bulleted || line.first?.isUppercase == true || style == nil
            if !own { continue }
            if let s = style, s != bulleted { cuts.append(n) }
            style = bulleted
        }
        return cuts.count == parts - 1 ? cuts : nil
    }

    /// Failing a change of style: the line indices after a line ending a sentence where the next opens in upper
    /// case, when there are exactly `parts - 1` (one paragraph per label, without blank lines between them).
    static func sentenceCuts<L: Collection<String>>(lines: L, parts: Int) -> [Int]? {
        guard parts >= 2 else { return nil }
        let lines = Array(lines)
        let cuts = lines.indices.dropFirst().filter { n in
            let above = lines[n - 1].trimmedSpaces()
            return (above.hasSuffix(".") || above.hasSuffix("!") || above.hasSuffix("?")) && lines[n].first?.isUppercase == true
        }
        return cuts.count == parts - 1 ? Array(cuts) : nil
    }

    /// "A dans l'année. Création de B." -> "A dans l'année\nCréation de B" (one indicator per sentence).
    static func splitSentences(_ s: String) -> String {
        var out = ""
        let chars = Array(s)
        var i = 0
        while i < chars.count {
            out.append(chars[i])
            if chars[i] == ".", i + 2 < chars.count, chars[i + 1] == " ", chars[i + 2].isUppercase, i > 0, chars[i - 1].isLetter {
                out.append("\n"); i += 2; continue
            }
            i += 1
        }
        return out
    }
}
