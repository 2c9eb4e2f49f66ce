import CTGModel
import Foundation

/// A plan-d'actions table whose columns were lost (OCR of a scanned table): axe, objectif, action text,
/// pilots and échéance come interleaved line by line, or column by column in blank-separated blocks.
/// Rows are rebuilt from the cues that survive: a year (or two) at the end of a line, organisation words
/// just before it (pilot cell), and action sentence starts ("Réflexion", "Création", "Mise en place"…).
///
/// The section is found from a short heading naming the plan d'actions, followed by lines without table
/// cells ending in years; it ends at the next "Article N" / "Annexe N" / numbered heading. Detailed
/// "ACTION N :" fiches printed later (an annex of first fiches-actions) are merged into the rows they
/// describe: they add their indicators; the plan's wording, pilots and échéance are kept.
public struct OCRPlanTable: Layout {
    public let name = "ocr-plan-table"
    public init() {}

    /// Minimum length of the first line of an action paragraph that has no year beside it
    /// (narrower blocks are axe / objectif headings of the left columns).
    static let minActionLineLength = 26

    struct Row {
        var start: Int
        var end: Int
        var titleParts: [String] = []
        var titleLines: [Int] = []
        var pilotParts: [String] = []
        var pilotLines: [Int] = []
        var years: [Int] = []
        var yearLines: [Int] = []
        var startRule: String
        var axe: String?
        var axeLine: Int?
        var objectif: String?
        var objectifLine: Int?
        var inheritedCells = false
        /// Title lines where the OCR kept a column rule ("|"): left-column words are likely mixed in.
        var barLines = 0
    }

    public func segment(_ doc: DocumentView) -> LayoutResult {
        var best: (rows: [Row], heading: Int, end: Int)?
        // Sections under a plan-d'actions heading; failing those, under the first "AXE N" heading (the plan
        // heading lost or worded otherwise).
        let isPlan = doc.lines.indices.map { isPlanHeading(doc, $0) }
        var starts = doc.lines.indices.filter { isPlan[$0] }
        let planHeadings = starts.count
        if let axe = doc.lines.indices.first(where: { isAxeHeading(doc, $0) }) { starts.append(axe - 1) }
        for (n, h) in starts.enumerated() {
            if n >= planHeadings, best != nil { break }
            let end = sectionEnd(doc, after: h, isPlan: isPlan)
            guard !hasFieldLabels(doc, from: h + 1, to: end) else { continue }
            let rows = readRows(doc, from: h + 1, to: end)
            // The signature of a flattened table: most rows open on a line ending in an échéance.
            let yearRows = rows.filter(Self.hasOwnYear).count
            let bestYearRows = best?.rows.filter(Self.hasOwnYear).count ?? 0
            // Rows of a flattened table are a few lines each; long stretches between years are running text.
            let lengths = rows.map { $0.end - $0.start + 1 }.sorted()
            let median = lengths.isEmpty ? 0 : lengths[lengths.count / 2]
            if yearRows >= 3, yearRows * 3 >= rows.count, median <= 10, yearRows > bestYearRows { best = (rows, h, end) }
        }
        guard let (rows, heading, end) = best else { return LayoutResult() }
        var fiches: [Fiche] = []
        var spans: [ClosedRange<Int>] = []
        let assembler = FicheAssembler()
        for row in rows {
            var f = makeFiche(doc, row, heading: heading, assembler: assembler)
            f.provenance = doc.provenance(row.start...row.end)
            fiches.append(f)
            spans.append(row.start...row.end)
        }
        mergeAnnexFiches(doc, after: end, into: &fiches)
        return LayoutResult(fiches: fiches, spans: spans)
    }

    // MARK: Section

    /// A short line naming the plan d'actions, without table cells.
    func isPlanHeading(_ doc: DocumentView, _ i: Int) -> Bool {
        guard doc.lines[i].cells == nil else { return false }
        let t = doc.text(i)
        guard Text.countIsAtMost(t, 119) else { return false }
        let w = Text.words(t).joined(separator: " ")
        return w.contains("plan d action") || w.contains("plan des actions") || w.contains("programme d action")
            || w.contains("programme des actions") || w.contains("tableau des actions")
    }

    /// A short "AXE 1" / "Axe 2 : …" line without table cells.
    func isAxeHeading(_ doc: DocumentView, _ i: Int) -> Bool {
        guard i >= 0, i < doc.lines.count, doc.lines[i].cells == nil else { return false }
        let w = Text.words(doc.text(i))
        return w.count >= 2 && w.count <= 12 && w[0] == "axe" && w[1].allSatisfy(\.isNumber)
    }

    /// The next heading that closes the section: "Article N", "Annexe N", "Chapitre N", or a numbered heading.
    /// `isPlan`: `isPlanHeading` of every line.
    func sectionEnd(_ doc: DocumentView, after h: Int, isPlan: [Bool]) -> Int {
        let limit = min(doc.lines.count - 1, h + 600)
        guard h + 1 <= limit else { return h }
        for i in (h + 1)...limit {
            // (only the first two words are read)
            let w = Text.wordSpans(doc.text(i), limit: 2).map(\.folded)
            guard let first = w.first else { continue }
            if ["article", "annexe", "chapitre", "titre"].contains(first), w.count > 1, w[1].first?.isNumber == true { return i - 1 }
            if isPlan[i], i > h + 5 { return i - 1 }
        }
        return limit
    }

    /// A row with an échéance printed for it (beside its text or in the block below it).
    static func hasOwnYear(_ r: Row) -> Bool { !r.years.isEmpty && !r.inheritedCells }

    /// Labelled fiches ("Pilote :", "Indicateurs :", or a label line over its value, as a text export writes a
    /// label | value table) are another layout's business.
    func hasFieldLabels(_ doc: DocumentView, from: Int, to: Int) -> Bool {
        guard from <= to else { return false }
        var n = 0
        for i in from...to {
            guard let m = FieldLabels.match(doc.text(i)), m.hadColon || (i < to && FieldLabels.isOverValue(m, at: i, in: doc)) else { continue }
            if [.pilotes, .partenaires, .indicateurs, .calendrier, .public].contains(m.field) { n += 1 }
            if n >= 3 { return true }
        }
        return false
    }

    // MARK: Line analysis

    struct LineParts {
        var body: String
        var pilot: String
        var years: [Int]
    }

    /// "2023", "2023-2024", "2023/2025" at a line end: the years named.
    static func years(_ tok: String) -> [Int]? {
        if let y = isYear(tok) { return [y] }
        let parts = tok.split(whereSeparator: { "-–/".contains($0) }).map(String.init)
        guard parts.count == 2, let a = isYear(parts[0]), let b = isYear(parts[1]), b > a, b - a <= 6 else { return nil }
        return Array(a...b)
    }

    static let yearPunctuation = Text.ScalarSet(".,;:()")
    static let pilotPunctuation = Text.ScalarSet(",;-–—")

    static func isYear(_ tok: String) -> Int? {
        let digits = Text.trimming(tok, yearPunctuation)
        guard Text.hasCount(digits, 4), digits.allSatisfy(\.isNumber), let y = Int(digits), (2000...2099).contains(y) else { return nil }
        return y
    }

    static func isDash(_ tok: String) -> Bool {
        !tok.isEmpty && tok.allSatisfy { "-–—_=~".contains($0) }
    }

    /// Folded word of a token (an "I'"/"l'"/"d'" elision prefix removed).
    static func core(_ tok: String) -> String {
        var w = Text.words(tok)
        if w.count > 1, ["i", "l", "d"].contains(w[0]) { w.removeFirst() }
        return w.joined(separator: " ")
    }

    static func isPilotWord(_ tok: String) -> Bool {
        let c = core(tok)
        guard PlanRowCues.pilotWords.contains(c) else { return false }
        if c.count <= 3, !PlanRowCues.lowercaseShort.contains(c) { return tok.contains(where: \.isUppercase) }
        return true
    }

    /// Splits a line into action text, the pilot words at its end, and the years at its very end.
    func parts(_ line: String) -> LineParts {
        var toks = Text.split(line, on: 0x20, or: 0x09).map(String.init)
        var years: [Int] = []
        while let last = toks.last, let ys = Self.years(last) {
            years.insert(contentsOf: ys, at: 0)
            toks.removeLast()
        }
        var trailingDash = false
        while let last = toks.last, Self.isDash(last), !years.isEmpty { toks.removeLast(); trailingDash = true }
        // Pilot run: organisation words, connectors and dashes at the end, not after a sentence end.
        var k = toks.count
        var sawPilot = false
        var firstPilot = toks.count
        while k > 0 {
            let tok = toks[k - 1]
            if tok.hasSuffix(".") || tok.contains("(") || tok.contains(")") || tok.hasSuffix("»") || tok.contains("|") { break }
            let stripped = Text.trimming(tok, Self.pilotPunctuation)
            if Self.isPilotWord(stripped) { sawPilot = true; firstPilot = k - 1; k -= 1; continue }
            if Self.isDash(tok) || PlanRowCues.pilotConnectors.contains(Self.core(stripped)) && !stripped.isEmpty { k -= 1; continue }
            break
        }
        var pilot = ""
        if sawPilot {
            // Leading connectors of the run stay with the text; trailing connectors ("Communes et") stay in the pilot cell.
            var startK = firstPilot
            // Beside an échéance the pilot cell opens with a capital ("… réseau des directions des Services petite 2023").
            if !years.isEmpty, let cap = toks[startK...].firstIndex(where: { $0.first?.isUppercase ?? false }) {
                startK = cap
            }
            // An organisation named after an article belongs to the sentence ("en lien avec le RPE").
            let articles: Set<String> = ["le", "la", "les", "l", "au", "aux"]
            if startK > 0, startK < toks.count, articles.contains(Self.core(toks[startK - 1])) || toks[startK - 1].hasSuffix("'") {
                startK = toks.count
            }
            if startK < toks.count {
                pilot = toks[startK...].joined(separator: " ") + (trailingDash ? " -" : "")
                toks.removeSubrange(startK...)
            }
        }
        while let last = toks.last, Self.isDash(last) { toks.removeLast() }
        return LineParts(body: toks.joined(separator: " "), pilot: pilot, years: years)
    }

    /// The action text of a line: the part in the rightmost column (after the last "|") where the OCR kept
    /// a column rule, and from the first sentence start on a line that opens a row.
    func actionText(_ body: String, opening: Bool) -> (text: String, cue: Bool) {
        var text = body
        var afterBar = false
        if let bar = body.lastIndex(of: "|") {
            let right = String(body[body.index(after: bar)...]).trimmedSpaces()
            if Text.words(right).count >= 2 || opening { text = right; afterBar = true }
        }
        guard opening else { return (text, false) }
        if let r = cueRange(text, requireCapital: true) { return (String(text[r.lowerBound...]), true) }
        _ = afterBar
        return (text, false)
    }

    static let cueWords: [[String]] = PlanRowCues.starts.map { Text.words($0) }.sorted { $0.count > $1.count }

    /// Indices into `cueWords` (ascending) by the word a cue can match first: its first word, and "i" for a first
    /// word "l" (see `cueRange`).
    static let cuesByFirstWord: [String: [Int]] = {
        var out: [String: [Int]] = [:]
        for (e, cue) in cueWords.enumerated() {
            out[cue[0], default: []].append(e)
            if cue[0] == "l" { out["i", default: []].append(e) }
        }
        return out
    }()

    /// The first action sentence start in `text`.
    func cueRange(_ text: String, requireCapital: Bool) -> Range<String.Index>? {
        let spans = Text.wordSpans(text)
        for (i, s) in spans.enumerated() {
            for cue in (Self.cuesByFirstWord[s.folded] ?? []).lazy.map({ Self.cueWords[$0] }) where i + cue.count <= spans.count {
                // OCR reads the elided "l'" as "I'": "A I'échelle".
                guard (0..<cue.count).allSatisfy({ spans[i + $0].folded == cue[$0] || (cue[$0] == "l" && spans[i + $0].folded == "i") })
                else { continue }
                let firstChar = text[s.range].first!
                if requireCapital && !firstChar.isUppercase { continue }
                // A one-word cue must be followed by more words (an action, not a lone heading word).
                if spans.count - i < 3 { continue }
                return s.range.lowerBound..<spans[i + cue.count - 1].range.upperBound
            }
        }
        return nil
    }

    /// True where the text at the start of the line is a capitalised action start.
    func opensAtStart(_ text: String) -> Bool {
        guard let r = cueRange(text, requireCapital: true) else { return false }
        let before = Text.words(String(text[..<r.lowerBound]))
        return before.isEmpty
    }

    // MARK: Rows

    func readRows(_ doc: DocumentView, from: Int, to: Int) -> [Row] {
        guard from <= to else { return [] }
        // Lines with table cells belong to other layouts.
        let idx = Array(from...to)
        let withCells = idx.filter { doc.lines[$0].cells != nil }.count
        guard withCells * 5 < max(idx.count, 1) else { return [] }

        var rows: [Row] = []
        var axe: (String, Int)?
        var objectif: (String, Int)?
        // Narrow blocks seen since the last row: "AXE N" and its wording, then the objectif.
        var headingGroup: [(String, Int)] = []
        func readHeadings() {
            guard !headingGroup.isEmpty else { return }
            var paras = headingGroup
            headingGroup = []
            if let first = paras.first, let w = Optional(Text.words(first.0)), w.first == "axe", w.count >= 2, w[1].first?.isNumber == true {
                var text = first.0
                paras.removeFirst()
                if w.count < 5, let next = paras.first {
                    text += " " + next.0; paras.removeFirst()
                    while let p = paras.first, p.0.first?.isLowercase == true { text += " " + p.0; paras.removeFirst() }
                }
                axe = (Self.axeTitle(text), first.1)
                objectif = nil
            }
            if let first = paras.first {
                objectif = (Text.clean(paras.map(\.0).joined(separator: " ")), first.1)
            }
        }
        func pageBreakEndsParagraph(_ j: Int) -> Bool {
            guard doc.lines[j + 1].page != doc.lines[j].page else { return false }
            guard let next = doc.text(j + 1).first else { return false }
            return Self.endsSentence(doc.text(j)) || next.isUppercase || next.isNumber
        }
        // Where a converter dropped the blank lines between the blocks of a table read column by column, the blocks
        // still show in the kinds of their lines: a block of years ends the block it closes; a pilot block (pilot
        // words over a year block) starts after the action text; a heading block (narrow lines) ends before a
        // line opening an action; a pilot block ends before its years.
        var kinds: [Int: LineKind] = [:]
        func kind(_ k: Int) -> LineKind {
            if let c = kinds[k] { return c }
            let t = doc.text(k)
            let c = Self.lineKind(t, parts(t))
            kinds[k] = c
            return c
        }
        // Blank lines are a tenth of the section's lines or fewer: the converter dropped them.
        let dense = idx.filter { doc.isBlank($0) }.count * 10 <= idx.count
        func blockEnds(after j: Int, from i: Int, to: Int) -> Bool {
            // an "AXE N" line opens the heading block of the next rows
            if isAxeHeading(doc, j + 1), Text.wordSpans(doc.text(j + 1), limit: 4).count <= 3 { return true }
            let next = kind(j + 1), this = kind(j)
            if this == .years { return next != .years }
            let block = i...j
            if next == .years { return this == .pilot && block.allSatisfy { kind($0) == .pilot } }
            if next == .pilot {
                guard this == .text || this == .narrow else { return false }
                var k = j + 1
                while k <= to, !doc.isBlank(k), kind(k) == .pilot { k += 1 }
                return k <= to && !doc.isBlank(k) && kind(k) == .years
            }
            if next == .text, block.count >= 2, block.allSatisfy({ [.narrow, .pilot].contains(kind($0)) }),
               !Self.endsSentence(doc.text(j)), opensAtStart(doc.text(j + 1)) {
                return true
            }
            return false
        }
        var i = from
        var prevKind = "blank"   // blank | year | pilot | text | sentenceEnd
        while i <= to {
            if doc.isBlank(i) { prevKind = "blank"; i += 1; continue }
            // Paragraph [i, j]. A page break ends it too after a sentence or before a capital or a digit (the blank
            // line before the next block can fall at the foot of the page, with the footer: "Communes" / "2024");
            // a lower-case line after the break goes on with it ("… maillage territorial et" / "améliorer la
            // lisibilité").
            var j = i
            while j + 1 <= to, !doc.isBlank(j + 1), !pageBreakEndsParagraph(j), !blockEnds(after: j, from: i, to: to) { j += 1 }
            let paraLines = Array(i...j)
            let texts = paraLines.map { doc.text($0) }
            let partsList = texts.map(parts)
            // Narrow heading block (axe / objectif columns), a pilot block, or a year block.
            // (A narrow block ending a sentence is the end of an action text, not a heading.)
            if texts.allSatisfy({ $0.count < Self.minActionLineLength }), !(texts.last?.hasSuffix(".") ?? false) {
                let allYears = partsList.allSatisfy { $0.body.isEmpty && $0.pilot.isEmpty && !$0.years.isEmpty }
                let allPilot = partsList.allSatisfy { $0.body.isEmpty && !$0.pilot.isEmpty && $0.years.isEmpty }
                let hasYearLine = partsList.contains { !$0.years.isEmpty }
                if allYears {
                    let ys = partsList.flatMap(\.years)
                    let pending = Self.trailing(rows) { $0.years.isEmpty }
                    for r in pending { rows[r].years = ys; rows[r].yearLines = paraLines.map { doc.lines[$0].number }; rows[r].end = max(rows[r].end, j) }
                    prevKind = "yearBlock"; i = j + 1; continue
                }
                if allPilot {
                    let p = partsList.map(\.pilot).joined(separator: " ")
                    let pending = Self.trailing(rows) { $0.pilotParts.isEmpty && $0.years.isEmpty }
                    for r in pending { rows[r].pilotParts = [p]; rows[r].pilotLines = paraLines.map { doc.lines[$0].number }; rows[r].end = max(rows[r].end, j) }
                    prevKind = "pilot"; i = j + 1; continue
                }
                if !hasYearLine && !(texts.count == 1 && opensAtStart(texts[0]) && Text.words(texts[0]).count >= 4 && prevKind == "sentenceEnd") {
                    // A line opening in upper case opens a heading of its own: the objectif after the axe's wording
                    // where no blank line parts them ("… a l'offre" / "Soutenir les" / "familles dans").
                    for (k, t) in texts.enumerated() {
                        if k > 0, t.first?.isUppercase != true, let last = headingGroup.indices.last {
                            headingGroup[last].0 = Text.squash(headingGroup[last].0 + " " + t)
                        } else {
                            headingGroup.append((Text.squash(t), doc.lines[paraLines[k]].number))
                        }
                    }
                    prevKind = "blank"; i = j + 1; continue
                }
            }
            for (k, line) in paraLines.enumerated() {
                let p = partsList[k]
                let text = texts[k]
                let current = rows.indices.last
                let w = Text.words(text)
                if w.first == "axe", w.count <= 3, p.years.isEmpty {
                    headingGroup.append((text, doc.lines[line].number))
                    prevKind = "blank"; continue
                }
                var starts = false
                var rule = ""
                // the opening reading of the line's body (read again below only where the body changes)
                let opening = actionText(p.body, opening: true)
                if !p.years.isEmpty {
                    let cue = opening.cue
                    if let c = current, rows[c].years.isEmpty, !cue {
                        starts = false
                    } else if let c = current, ["year", "yearBlock", "yearSentenceEnd"].contains(prevKind), !cue, let last = rows[c].years.last,
                              let first = p.years.first, first == last + 1 {
                        starts = false
                    } else if current == nil || !rows[current!].years.isEmpty || cue {
                        starts = true; rule = cue ? "row.year+sentence-start" : "row.year"
                    }
                } else {
                    let cue = opening.cue
                    // A year line with text is the first line of a row whose text goes on below it.
                    // (A year beside the sentence's end closes a row printed bottom-aligned.)
                    var boundaryBefore = ["blank", "yearBlock", "pilot", "sentenceEnd", "yearSentenceEnd"].contains(prevKind)
                    // Without blank lines, an action of a column-by-column block opens on its cue at a line start
                    // though the text above ends no sentence (a title wrapped without a full stop).
                    if dense, prevKind == "text", let c = current, rows[c].startRule == "row.sentence-start", rows[c].years.isEmpty,
                       opensAtStart(text) {
                        boundaryBefore = true
                    }
                    if cue, boundaryBefore, text.count >= Self.minActionLineLength || Text.words(text).count >= 5 {
                        // The cue must open the rightmost column.
                        let t = opening.text
                        if !t.isEmpty, !text.contains("|") || p.body.hasSuffix(t) {
                            starts = true; rule = "row.sentence-start"
                        }
                    }
                }
                if starts {
                    var p = p
                    var t = opening.text
                    if rule == "row.sentence-start", !p.pilot.isEmpty {
                        p.body = Text.squash(p.body + " " + p.pilot); p.pilot = ""
                        t = actionText(p.body, opening: true).text
                    }
                    var row = Row(start: line, end: line, startRule: rule)
                    readHeadings()
                    if let a = axe { row.axe = a.0; row.axeLine = a.1 }
                    if let o = objectif { row.objectif = o.0; row.objectifLine = o.1 }
                    if !t.isEmpty { row.titleParts.append(t); row.titleLines.append(doc.lines[line].number) }
                    if text.contains("|") { row.barLines += 1 }
                    if !p.pilot.isEmpty { row.pilotParts.append(p.pilot); row.pilotLines.append(doc.lines[line].number) }
                    if !p.years.isEmpty { row.years = p.years; row.yearLines = [doc.lines[line].number] }
                    rows.append(row)
                } else if let c = current {
                    var p = p
                    if rows[c].startRule == "row.sentence-start", p.years.isEmpty, !p.pilot.isEmpty {
                        // Column-by-column blocks: pilot cells come in their own block, words at a line end are text.
                        p.body = Text.squash(p.body + " " + p.pilot); p.pilot = ""
                    }
                    let (t, _) = actionText(p.body, opening: false)
                    if !t.isEmpty { rows[c].titleParts.append(t); rows[c].titleLines.append(doc.lines[line].number) }
                    if !t.isEmpty, text.contains("|") { rows[c].barLines += 1 }
                    if !p.pilot.isEmpty { rows[c].pilotParts.append(p.pilot); rows[c].pilotLines.append(doc.lines[line].number) }
                    if !p.years.isEmpty {
                        for y in p.years where !rows[c].years.contains(y) { rows[c].years.append(y) }
                        rows[c].yearLines.append(doc.lines[line].number)
                    }
                    rows[c].end = line
                }
                let endsSentence = Self.endsSentence(p.body)
                if !p.years.isEmpty && p.body.isEmpty && p.pilot.isEmpty { prevKind = "yearBlock" }
                else if !p.years.isEmpty { prevKind = endsSentence ? "yearSentenceEnd" : "year" }
                else if p.body.isEmpty && !p.pilot.isEmpty { prevKind = "pilot" }
                else { prevKind = endsSentence ? "sentenceEnd" : "text" }
            }
            i = j + 1
        }
        // Cells printed once for several rows (vertically merged): rows left without pilot / échéance take
        // those of the row before them.
        for r in rows.indices where r > 0 {
            if rows[r].years.isEmpty, !rows[r - 1].years.isEmpty {
                rows[r].years = rows[r - 1].years; rows[r].inheritedCells = true
                if rows[r].pilotParts.isEmpty { rows[r].pilotParts = rows[r - 1].pilotParts }
            }
        }
        return rows.filter { !Text.clean($0.titleParts.joined(separator: " ")).isEmpty }
    }

    /// What a line of the flattened table holds, for telling its blocks apart without the blank lines between them.
    enum LineKind {
        /// Years only (an échéance cell).
        case years
        /// Pilot words only, narrower than an action line (a pilot cell).
        case pilot
        /// Other text narrower than an action line (axe / objectif columns, or the end of an action text).
        case narrow
        /// An action line, or a line holding text and its years.
        case text
    }

    static func lineKind(_ text: String, _ p: LineParts) -> LineKind {
        if !p.years.isEmpty { return p.body.isEmpty && p.pilot.isEmpty ? .years : .text }
        let narrow = Text.countIsAtMost(text, minActionLineLength - 1)
        if p.body.isEmpty, !p.pilot.isEmpty, narrow { return .pilot }
        return narrow ? .narrow : .text
    }

    /// A line that ends a sentence: a full stop, an ellipsis, a closing parenthesis (as action texts end).
    static func endsSentence(_ t: String) -> Bool { t.hasSuffix(".") || t.hasSuffix(")") || t.hasSuffix("…") }

    /// The last rows, back to the first one that fails `test`.
    static func trailing(_ rows: [Row], _ test: (Row) -> Bool) -> [Int] {
        var out: [Int] = []
        var r = rows.count - 1
        while r >= 0, test(rows[r]) { out.insert(r, at: 0); r -= 1 }
        return out
    }

    static func axeTitle(_ s: String) -> String {
        // "AXE 1 Favoriser ..." -> "AXE 1 : Favoriser ..."
        let spans = Text.wordSpans(s)
        guard spans.count > 2 else { return Text.clean(s) }
        let head = String(s[..<spans[1].range.upperBound])
        let rest = String(s[spans[1].range.upperBound...]).trimmingCharacters(in: CharacterSet(charactersIn: " :-–"))
        return Text.clean(head + " : " + rest)
    }

    func makeFiche(_ doc: DocumentView, _ row: Row, heading: Int, assembler: FicheAssembler) -> Fiche {
        let title = Self.cleanTitle(row.titleParts)
        var f = Fiche(key: "", title: title, layout: name)
        f.axe = row.axe.flatMap { Text.words($0).count >= 4 ? $0 : nil }
        f.evidence.append(Evidence(subject: "boundary", rule: row.startRule, lines: [doc.lines[row.start].number],
                                   excerpt: assembler.excerpt(doc.text(row.start))))
        if heading >= 0 {
            f.evidence.append(Evidence(subject: "section", rule: isPlanHeading(doc, heading) ? "heading.plan-actions" : "heading.axe",
                                       lines: [doc.lines[heading].number], excerpt: assembler.excerpt(doc.text(heading))))
        }
        f.evidence.append(Evidence(subject: "title", rule: "ocr-row.action-text", lines: row.titleLines, excerpt: assembler.excerpt(title)))
        if let a = row.axe, let l = row.axeLine { f.evidence.append(Evidence(subject: "axe", rule: "heading.axe", lines: [l], excerpt: a)) }
        if let o = row.objectif, let l = row.objectifLine, Text.words(o).count >= 3 {
            f.objectif = o
            f.fieldConfidence["objectif"] = 0.55
            f.evidence.append(Evidence(subject: "objectif", rule: "block.left-column", lines: [l], excerpt: o))
        }
        var fields: [FicheField: FicheAssembler.FieldText] = [:]
        if !row.pilotParts.isEmpty {
            fields[.pilotes] = .init(text: Self.pilotText(Self.joinPilotLines(row.pilotParts)), lines: row.pilotLines, rule: "cue")
        }
        if !row.years.isEmpty {
            let ys = row.years.sorted()
            let cal = ys.count > 1 ? "\(ys.first!)-\(ys.last!)" : "\(ys[0])"
            fields[.calendrier] = .init(text: cal, lines: row.yearLines, rule: "cue")
        }
        assembler.fill(&f, from: fields)
        // The objectif / axe block beside the rows names the thématique where the row's own words do not.
        if (f.fieldConfidence["thematique"] ?? 0) < 0.6 {
            let heading = [f.objectif, row.axe].compactMap { $0 }
            if let (t, text) = heading.lazy.compactMap({ h in ThematiqueVocabulary.underHeading(h, title: title).map { ($0, h) } }).first {
                f.evidence.removeAll { $0.subject == "thematique" }
                f.thematique = t
                f.fieldConfidence["thematique"] = 0.6
                f.evidence.append(Evidence(subject: "thematique", rule: "heading.thematique", lines: [row.objectifLine ?? row.axeLine ?? 0],
                                           excerpt: assembler.excerpt(text)))
            }
        }
        if !row.years.isEmpty { f.years = row.years.sorted() }
        f.confidence = confidence(row, title: title)
        return f
    }

    /// Pilot cell lines joined: a line that ends on a dash or connector, or a next line opening in lower case
    /// on a word that does not name an organisation by itself ("petite enfance"), continue the same entry.
    static func joinPilotLines(_ parts: [String]) -> [String] {
        var out: [String] = []
        let standalone: Set<String> = ["communes", "commune", "caf", "entreprises", "habitants", "associations", "pmi", "rpe", "ccas", "cucm", "msa"]
        for p in parts {
            guard let last = out.last else { out.append(p); continue }
            let lastTok = last.split(separator: " ").last.map(String.init) ?? ""
            let firstWord = core(String(p.split(separator: " ").first ?? ""))
            let continues = isDash(lastTok) || PlanRowCues.pilotConnectors.contains(core(lastTok)) || lastTok.hasSuffix("-")
                || isDash(String(p.split(separator: " ").first ?? "")) || p.hasPrefix("-") || p.hasPrefix("—") || p.hasPrefix("–")
            if continues { out[out.count - 1] = last + " " + p }
            else if standalone.contains(firstWord) { out.append(p) }
            else { out[out.count - 1] = last + " " + p }
        }
        return out
    }

    /// Pilot cell text split into organisations: "Communes - entreprises", "Caf et services petite enfance".
    static func pilotText(_ parts: [String]) -> String {
        var s = parts.map(Text.squash).joined(separator: "\n")
        for sep in [" — ", " – ", " - ", "—", "–", " -", "- ", ", ", " et "] { s = Text.replacingIfPresent(s, sep, with: "\n") }
        let items = Text.splitLines(s).map { dropRepeatedWords(Text.clean(String($0))) }.filter { !$0.isEmpty && !["et", "de", "des", "du"].contains(Text.fold($0)) }
        return items.joined(separator: "\n")
    }

    /// "services petite enfance petite enfance" -> "services petite enfance" (a label repeated by an adjacent column).
    static func dropRepeatedWords(_ s: String) -> String {
        var w = s.split(separator: " ").map(String.init)
        var changed = true
        while changed {
            changed = false
            for n in stride(from: min(3, w.count / 2), through: 1, by: -1) where w.count >= 2 * n {
                let tail = w[(w.count - n)...].map { Text.fold($0) }, before = w[(w.count - 2 * n)..<(w.count - n)].map { Text.fold($0) }
                if tail == before { w.removeLast(n); changed = true; break }
            }
        }
        return w.joined(separator: " ")
    }

    static func cleanTitle(_ parts: [String]) -> String {
        var s = Text.squash(parts.joined(separator: " "))
        // Hyphenated line breaks: "tiers- lieux" -> "tiers-lieux".
        s = Text.replacingIfPresent(Text.replacingIfPresent(s, "- ", with: "-"), "-\u{20}", with: "-")
        s = Text.replacingIfPresent(Text.replacingIfPresent(s, " |", with: " "), "| ", with: " ")
        // Stray OCR marks standing alone ("¢", "|", "€", ". .").
        let junk = Set("|¢€\\_~^°*.,;")
        s = s.split(separator: " ").filter { !$0.allSatisfy { junk.contains($0) } || $0.hasSuffix("...") }.joined(separator: " ")
        return Text.clean(s)
    }

    /// Rows rebuilt from cues: never as sure as a numbered fiche. A year beside the first line and pilot
    /// words raise it; a title with few words, stray symbols or cells inherited from a neighbour lower it.
    func confidence(_ row: Row, title: String) -> Double {
        var c = 0.86
        if !row.startRule.contains("sentence-start") { c -= 0.1 }
        if row.pilotParts.isEmpty && row.years.isEmpty { c -= 0.1 }
        if row.inheritedCells { c -= 0.03 }
        // Lines where the left columns' words are mixed into the action text.
        c -= min(0.4, 0.1 * Double(row.barLines))
        if row.titleLines.count >= 8 { c -= 0.05 }
        let words = title.split(separator: " ")
        let junk = words.filter { w in w.contains(where: { "|\\?_]€¢{}".contains($0) }) }.count
        if words.count < 4 { c -= 0.1 }
        c -= min(0.2, Double(junk) * 0.05)
        return max(0.2, min(0.86, c))
    }

    // MARK: Annexed detailed fiches

    struct AnnexFiche {
        var span: ClosedRange<Int>
        var title: String
        var objectif: String
        var indicators: [String]
        var lines: [Int]
    }

    /// "ACTION N : title" blocks after the plan section, with their "Indicateurs" lists.
    func annexFiches(_ doc: DocumentView, after: Int) -> [AnnexFiche] {
        var out: [AnnexFiche] = []
        var i = after + 1
        while i < doc.lines.count {
            let t = doc.text(i)
            let w = Text.words(t)
            guard w.count >= 3, w[0] == "action", w[1].allSatisfy(\.isNumber), t.contains(":") else { i += 1; continue }
            var title = String(t[t.index(after: t.firstIndex(of: ":")!)...])
            var j = i + 1
            while j < doc.lines.count, !doc.isBlank(j), !doc.text(j).contains(":") { title += " " + doc.text(j); j += 1 }
            var fiche = AnnexFiche(span: i...i, title: Text.clean(title), objectif: "", indicators: [], lines: [doc.lines[i].number])
            // Body up to the next ACTION heading.
            var k = j
            var inIndicators = false
            while k < doc.lines.count {
                let tk = doc.text(k)
                let wk = Text.words(tk)
                if wk.count >= 3, wk[0] == "action", wk[1].allSatisfy(\.isNumber), tk.contains(":") { break }
                if wk.first == "objectif" || wk.first == "objectifs", wk.count > 1, wk[1].hasPrefix("operationnel"), let c = tk.firstIndex(of: ":") {
                    var o = String(tk[tk.index(after: c)...])
                    var m = k + 1
                    while m < doc.lines.count, !doc.isBlank(m), !doc.text(m).contains(":") { o += " " + doc.text(m); m += 1 }
                    fiche.objectif = Text.clean(o)
                    inIndicators = false
                } else if let m = FieldLabels.match(tk), m.hadColon || m.rest.isEmpty {
                    inIndicators = m.field == .indicateurs
                    if inIndicators { fiche.lines.append(doc.lines[k].number) }
                } else if tk.hasSuffix(":") || (tk.contains(":") && wk.count <= 4) {
                    inIndicators = false
                } else if inIndicators, !doc.isBlank(k) {
                    let item = Self.stripCheckMark(tk)
                    if Self.startsItem(tk) || fiche.indicators.isEmpty {
                        if !item.isEmpty { fiche.indicators.append(item) }
                    } else if let last = fiche.indicators.indices.last {
                        fiche.indicators[last] = Text.clean(fiche.indicators[last] + " " + item)
                    }
                    fiche.lines.append(doc.lines[k].number)
                }
                k += 1
            }
            fiche.span = i...max(i, k - 1)
            out.append(fiche)
            i = max(k, i + 1)
        }
        return out
    }

    /// OCR renders check-mark bullets as "v'", "v\"", "v/", "v ", "¢".
    static func startsItem(_ s: String) -> Bool {
        let t = s.trimmedSpaces()
        if Text.hasBullet(t) { return true }
        guard let f = t.first else { return false }
        if f == "v" || f == "V" {
            let rest = t.dropFirst()
            if let n = rest.first, n == " " || n == "'" || n == "\"" || n == "/" || n == "’" || n == "”" { return true }
        }
        return false
    }

    static func stripCheckMark(_ s: String) -> String {
        var t = Substring(s.trimmedSpaces())
        if startsItem(String(t)), let f = t.first, f == "v" || f == "V" {
            t = t.dropFirst().drop(while: { " '\"/’”".contains($0) })
        }
        return Text.clean(String(t))
    }

    static let stop: Set<String> = ["les", "des", "une", "aux", "par", "pour", "dans", "sur", "avec", "leur", "leurs", "ses", "son", "est", "qui", "que", "afin", "entre"]

    static func contentWords(_ s: String) -> Set<String> {
        Set(Text.words(s).filter { $0.count >= 3 && !stop.contains($0) })
    }

    static func dice(_ a: Set<String>, _ b: Set<String>) -> Double {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        return 2 * Double(a.intersection(b).count) / Double(a.count + b.count)
    }

    func mergeAnnexFiches(_ doc: DocumentView, after: Int, into fiches: inout [Fiche]) {
        let annex = annexFiches(doc, after: after)
        guard !annex.isEmpty else { return }
        var cands: [(Double, Int, Int)] = []
        for (a, af) in annex.enumerated() {
            let ta = Self.contentWords(af.title), oa = Self.contentWords(af.objectif)
            for (r, f) in fiches.enumerated() {
                let tr = Self.contentWords(f.title)
                let s = max(Self.dice(ta, tr), Self.dice(oa, tr))
                if s >= 0.3 { cands.append((s, a, r)) }
            }
        }
        cands.sort { $0.0 > $1.0 }
        var usedA = Set<Int>(), usedR = Set<Int>()
        for (s, a, r) in cands where !usedA.contains(a) && !usedR.contains(r) {
            usedA.insert(a); usedR.insert(r)
            let af = annex[a]
            // The annex lines now belong to this fiche (see Segmenter.merge): source line numbers of the block.
            fiches[r].evidence.append(Evidence(subject: "absorbed", rule: "annex-fiche.same-action",
                                               lines: [doc.lines[af.span.lowerBound].number, doc.lines[af.span.upperBound].number],
                                               excerpt: "ACTION: " + af.title))
            if fiches[r].indicateurs.isEmpty, !af.indicators.isEmpty {
                fiches[r].indicateurs = af.indicators
                fiches[r].raw["indicateurs"] = af.indicators.joined(separator: "\n")
                fiches[r].fieldConfidence["indicateurs"] = 0.5 + 0.3 * min(1, s)
            }
            fiches[r].evidence.append(Evidence(subject: "indicateurs", rule: "annex-fiche.same-action", lines: af.lines,
                                               excerpt: "ACTION: " + af.title))
        }
    }
}
