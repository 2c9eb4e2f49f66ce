import Foundation

/// Years named by a calendrier / échéance: single years, ranges ("2023-2025", "2023 à 2025",
/// "de 2022 à 2024"), lists ("2023, 2024"). Ranges expand to every year.
public enum Years {
    public static func parse(_ text: String) -> [Int] {
        var years = Set<Int>()
        let s = Array(text)
        var found: [(year: Int, start: Int, end: Int)] = []
        var i = 0
        while i < s.count {
            if s[i].isNumber, i + 3 < s.count, (i == 0 || !s[i - 1].isNumber),
               s[i...i + 3].allSatisfy({ $0.isNumber }), (i + 4 >= s.count || !s[i + 4].isNumber),
               let y = Int(String(s[i...i + 3])), (1990...2099).contains(y) {
                found.append((y, i, i + 4)); i += 4; continue
            }
            i += 1
        }
        for (k, f) in found.enumerated() {
            years.insert(f.year)
            guard k + 1 < found.count else { continue }
            let next = found[k + 1]
            let between = Text.fold(String(s[f.end..<next.start])).trimmedSpaces()
            let isRange = ["-", "–", "—", "a", "au", "/", "->", "=>"].contains(between) || between == "jusqu'en" || between == "jusqu'a"
            if isRange, next.year > f.year, next.year - f.year <= 15 {
                for y in f.year...next.year { years.insert(y) }
            }
        }
        return years.sorted()
    }
}
