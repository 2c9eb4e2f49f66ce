import CTGModel
import Foundation

/// Marks page furniture — running headers and footers, page numbers, repeated registration stamps
/// ("AR Prefecture / 063-… / Reçu le … / Publié le …") — as `role = .furniture`. Lines are kept.
/// PDFs: repetition in the top/bottom margins across pages, plus shapes; text dumps (no position):
/// shapes, and stamp lines repeated in the document.
public enum Furniture {
    public static func mark(_ doc: inout ExtractedDocument) {
        let hasBoxes = doc.kind == .pdf
        // Repetition of normalised text in the margin bands (PDF) across pages.
        var marginPages: [String: Set<Int>] = [:]
        var marginBox: [String: Box] = [:]
        var stampCount: [String: Int] = [:]
        // Each free line's normalised text, computed once for both passes (trimming spaces changes nothing in it).
        var keys: [[String]] = []
        keys.reserveCapacity(doc.pages.count)
        for page in doc.pages {
            var pageKeys = [String](repeating: "", count: page.lines.count)
            defer { keys.append(pageKeys) }
            for (i, line) in page.lines.enumerated() where line.cells == nil {
                let key = normalised(line.text)
                pageKeys[i] = key
                if key.isEmpty { continue }
                if hasBoxes, inMargin(line, page) {
                    let k = side(line, page) + key
                    marginPages[k, default: []].insert(page.number)
                    if marginBox[k] == nil { marginBox[k] = line.box }
                }
                if isStampShape(line.text) { stampCount[key, default: 0] += 1 }
            }
        }
        let pageCount = doc.pages.count
        // A running header or footer is on a good share of the pages; a heading that happens to open a few
        // pages ("Moyens mobilisés" at the top of 3 pages of 40) is not.
        let minRepeat = pageCount <= 3 ? 2 : max(3, (pageCount + 3) / 4)
        // A heading that happens to open several pages (each fiche starting on a new page) repeats in the top
        // margin too, but it stands where the body text starts on the other pages; a running header does not.
        for (key, pages) in marginPages where pages.count >= minRepeat {
            guard let box = marginBox[key] else { continue }
            var others = 0, occupied = 0
            for page in doc.pages where !pages.contains(page.number) && !page.lines.isEmpty {
                others += 1
                if page.lines.contains(where: { l in
                    guard let b = l.box else { return false }
                    return b.y0 < box.y1 && b.y1 > box.y0 && !isPageNumber(l.text.trimmedSpaces)
                }) { occupied += 1 }
            }
            if others >= 3 && occupied * 2 >= others { marginPages[key] = nil }
        }
        for p in doc.pages.indices {
            let page = doc.pages[p]
            for i in page.lines.indices {
                let line = page.lines[i]
                guard line.cells == nil else { continue }
                let text = line.text.trimmedSpaces
                if text.isEmpty { continue }
                let key = keys[p][i]
                var furniture = false
                if isPageNumber(text) && (!hasBoxes || inMargin(line, page)) { furniture = true }
                if hasBoxes, inMargin(line, page), (marginPages[side(line, page) + key]?.count ?? 0) >= minRepeat, text.count <= 120 {
                    furniture = true
                }
                if hasBoxes, inMargin(line, page), isBareNumber(text) || isMisreadPageNumber(text, page: page.number, of: pageCount) {
                    furniture = true
                }
                if isStampShape(text), (stampCount[key] ?? 0) >= 2 || stampNeighbour(page.lines, i) { furniture = true }
                if furniture { doc.pages[p].lines[i].role = .furniture }
            }
        }
    }

    /// Lower case, digits as '#', whitespace folded.
    static func normalised(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var space = false
        for u in s.unicodeScalars {
            if u.isSpaceFast { space = !out.isEmpty; continue }
            if space { out.append(" "); space = false }
            let v = u.value
            if v >= 48 && v <= 57 { out.append("#") }
            else if v >= 65 && v <= 90 { out.append(Unicode.Scalar(v + 32)!) }
            else if v < 128 { out.append(u) }
            else { out.append(contentsOf: String(u).lowercased().unicodeScalars) }
        }
        return String(out)
    }

    /// "t:" for the top band, "b:" for the bottom one: a header and a footer with the same text are two things.
    static func side(_ line: Line, _ page: Page) -> String {
        guard let b = line.box, let h = page.height, h > 0 else { return "" }
        return b.y0 > h / 2 ? "b:" : "t:"
    }

    static func inMargin(_ line: Line, _ page: Page) -> Bool {
        guard let b = line.box, let h = page.height, h > 0 else { return false }
        return b.y1 < h * 0.07 || b.y0 > h * 0.93
    }

    static let pageNumber = try! NSRegularExpression(
        pattern: #"^(?:page|p\.)?\s*[-–—]?\s*\d{1,4}\s*(?:/|sur|of|de)\s*\d{1,4}\s*[-–—]?$|^(?:page|p\.)\s*\d{1,4}$|^[-–—]\s*\d{1,4}\s*[-–—]$"#,
        options: [.caseInsensitive])
    static let stamp = try! NSRegularExpression(
        pattern: #"^(?:AR\s+Pr[ée]fecture|(?:Re[çc]u|Publi[ée]|Affich[ée]|Transmis)\s+le\s+\d{1,2}/\d{1,2}/\d{2,4}|ID\s*:\s*\d{3}-.*|(?:\d{3}-)?\d{6,}-\d{8}-[A-Za-z0-9_.-]+)$"#,
        options: [.caseInsensitive])

    static func matches(_ re: NSRegularExpression, _ s: String) -> Bool {
        re.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil
    }
    public static func isPageNumber(_ s: String) -> Bool {
        guard s.utf8.count <= 24, s.utf8.contains(where: { $0 >= 48 && $0 <= 57 }) else { return false }
        return matches(pageNumber, s.trimmingCharacters(in: .whitespaces))
    }
    static func isBareNumber(_ s: String) -> Bool { s.utf8.count <= 4 && s.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }

    /// The signs a slash between two numbers comes out as from OCR (ASCII), and spaces.
    static let misreadSlash = Set(" /|\\}{#()![]:".utf8)

    /// A page number "N / M" whose slash the OCR misread or dropped ("23 40", "24} 40", "27 #40", "32140"): a short
    /// line of digits, spaces and such signs whose digits are the page's number followed by the page count.
    static func isMisreadPageNumber(_ s: String, page: Int, of count: Int) -> Bool {
        // (besides digits, only what a slash is misread as, and spaces)
        guard s.utf8.count <= 12, count >= 2, s.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || Self.misreadSlash.contains($0) }) else { return false }
        let digits = String(s.unicodeScalars.filter { $0.value >= 48 && $0.value <= 57 }.map(Character.init))
        let number = String(page), total = String(count)
        return digits.count > number.count + total.count - 1 && digits.count <= number.count + total.count + 1
            && digits.hasPrefix(number) && digits.hasSuffix(total)
    }
    public static func isStampShape(_ s: String) -> Bool {
        guard s.utf8.count <= 90, s.utf8.contains(where: { $0 == 47 || $0 == 45 || $0 == 102 }) else { return false }  // "/", "-", "f"
        // Every alternative of the pattern starts with one of A R P T I (either case) or a digit: when the first
        // character after the spaces is another ASCII character, the pattern cannot match.
        if let first = s.utf8.first(where: { $0 != 32 && $0 != 9 }), first < 128 {
            switch first {
            case 65, 97, 82, 114, 80, 112, 84, 116, 73, 105, 48...57: break
            default: return false
            }
        }
        return matches(stamp, s.trimmingCharacters(in: .whitespaces))
    }

    /// Another stamp-shaped line within three non-empty lines.
    static func stampNeighbour(_ lines: [Line], _ i: Int) -> Bool {
        var seen = 0
        var j = i - 1
        while j >= 0 && seen < 3 { if !lines[j].text.isEmpty { seen += 1; if isStampShape(lines[j].text) { return true } }; j -= 1 }
        seen = 0; j = i + 1
        while j < lines.count && seen < 3 { if !lines[j].text.isEmpty { seen += 1; if isStampShape(lines[j].text) { return true } }; j += 1 }
        return false
    }
}
