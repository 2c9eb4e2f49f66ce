import CTGExtract
import CTGModel
import Foundation
import Testing

/// A small, seeded PRNG so a failing case can be replayed (CTG_FUZZ_SEED, CTG_FUZZ_ITERATIONS).
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Randomised test of the text-dump parsers: mutated inputs (bit flips, insertions of markup and encoding
/// marks, deletions, splices) fed to TextDecoding, TextDumpExtractor (with its HTML document, pipe table and layout
/// readers) and HTMLFragment. Any crash fails the
/// run; any single input over one second, or the whole run over the time limit, counts as a hang.
@Suite("Randomised parser inputs")
struct FuzzTests {
    static let textSeeds: [String] = [
        "Fiche action n°1 : accès aux droits\nObjectif : améliorer l'accueil\n",
        "Pilote\tPartenaires\tCalendrier\nCAF\tcommune, département\t2024-2026\n",
        "<ul style=\"list-style: disc\"> - a - b</ul>\t<p>Objectif</p><li>un</li><li>deux</li>",
        "<table><tr><td>Axe 1</td><td><strong>Petite enfance</strong></td></tr></table>",
        "<div><span>Réunion</span><br/>du <em>comité</em> &amp; &eacute;lus &#233; &#x20AC;</div>",
        "<!-- commentaire --><![CDATA[ données ]]><p>fin",
        "\r\nLigne Windows\r\nAutre ligne\rMac\n\u{0C}page\n",
        "   \n\t\n",
        "| Pilote | Partenaires |\n|:---|---:|\n| CAF \\| MSA | commune |\nfin | x\n",
        "Petite enfance   ► Création d'une      Accompagnement     2024\n                 micro-crèche         financier\n\u{0C}   1/6\n",
        "<html><body><h2>Axe 1</h2><table><tr><th colspan=\"2\">Fiche</th></tr><tr><td>Pilote</td><td><ul><li>Caf</li></ul></td></tr></table></body></html>",
    ]

    static func utf16(_ s: String, littleEndian: Bool) -> [UInt8] {
        var out: [UInt8] = littleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF]
        for u in s.utf16 {
            let lo = UInt8(u & 0xFF), hi = UInt8(u >> 8)
            out += littleEndian ? [lo, hi] : [hi, lo]
        }
        return out
    }

    static let seeds: [[UInt8]] = {
        var s: [[UInt8]] = textSeeds.map { Array($0.utf8) }
        s.append(utf16("É\tq\n", littleEndian: true))
        s.append(utf16("<p>é</p>\n", littleEndian: false))
        s.append([0xEF, 0xBB, 0xBF] + Array("BOM utf-8\n".utf8))
        s.append([0x41, 0x6E, 0x6E, 0xE9, 0x65, 0x20, 0x80, 0x92, 0x9D, 0x0A])
        s.append([0x00, 0x41, 0x00, 0x42, 0x00, 0x0A])
        return s
    }()

    static let tokens: [[UInt8]] = ["<", ">", "</", "<p>", "</p>", "<li>", "</ul>", "<br>", "<td>", "\t", "\n", "\r", "&", "&#",
                                    "&#x10FFFF;", "<!--", "-->", "<![CDATA[", "<?xml", "<html>", "<body>", "<script>", "é", "€",
                                    "\u{FEFF}", "<meta charset=\"latin1\">", "|", " | ", "|---|", "<table>", "<tr>", "</td>", " colspan=\"9\"", "<b>",
                                    "\u{0C}", "    ", "►"].map { Array($0.utf8) }
        + [[0x00], [0xFF, 0xFE], [0xFE, 0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x80], [0x1B]]

    static func mutate(_ input: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var b = input
        let rounds = Int.random(in: 1...4, using: &rng)
        for _ in 0..<rounds {
            switch Int.random(in: 0..<7, using: &rng) {
            case 0 where !b.isEmpty:
                let i = Int.random(in: 0..<b.count, using: &rng); b[i] ^= 1 << UInt8.random(in: 0..<8, using: &rng)
            case 1 where !b.isEmpty:
                let i = Int.random(in: 0..<b.count, using: &rng); b[i] = UInt8.random(in: 0...255, using: &rng)
            case 2:
                let t = tokens.randomElement(using: &rng)!
                b.insert(contentsOf: t, at: Int.random(in: 0...b.count, using: &rng))
            case 3 where b.count > 1:
                let i = Int.random(in: 0..<b.count, using: &rng)
                b.removeSubrange(i..<min(b.count, i + Int.random(in: 1...8, using: &rng)))
            case 4 where !b.isEmpty:
                let i = Int.random(in: 0..<b.count, using: &rng)
                let chunk = b[i..<min(b.count, i + Int.random(in: 1...16, using: &rng))]
                b.insert(contentsOf: chunk, at: Int.random(in: 0...b.count, using: &rng))
            case 5:
                let other = seeds.randomElement(using: &rng)!
                let j = Int.random(in: 0...other.count, using: &rng)
                b = Array(b.prefix(Int.random(in: 0...b.count, using: &rng))) + other[j...]
            default:
                b = b.shuffled(using: &rng).prefix(Int.random(in: 0...max(0, b.count), using: &rng)).map { $0 }
            }
        }
        return Array(b.prefix(512))
    }

    @Test(.timeLimit(.minutes(10)))
    func parsersSurviveMutatedInputs() {
        let env = ProcessInfo.processInfo.environment
        let iterations = env["CTG_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 100_000
        let seed = env["CTG_FUZZ_SEED"].flatMap(UInt64.init) ?? 0xC7_6C_7A_11
        var rng = SplitMix64(state: seed)
        let extractor = TextDumpExtractor()
        var worst: (Double, [UInt8]) = (0, [])
        var outcomes: [String: Int] = [:]
        let start = Date()
        for _ in 0..<iterations {
            let input = Self.mutate(Self.seeds.randomElement(using: &rng)!, &rng)
            let t0 = Date()
            do {
                let doc = try extractor.extract(data: Data(input), source: "fuzz.txt")
                // Invariants: pages (a layout dump is cut at its form feeds), every line numbered with a line of the
                // source, in order (a dump's lines are source lines; HTML and layout dumps, pipe tables leave some out).
                if doc.pages.isEmpty { Issue.record("no page for \(input)") }
                let text = String(decoding: input, as: UTF8.self)
                let sourceLines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
                    .split(separator: "\n", omittingEmptySubsequences: false).count
                let numbers = doc.pages.flatMap(\.lines).map(\.number)
                if numbers.contains(where: { $0 < 1 || $0 > sourceLines }) || zip(numbers, numbers.dropFirst()).contains(where: { $0 > $1 }) {
                    Issue.record("line numbering \(numbers) for \(input)")
                }
                outcomes["ok", default: 0] += 1
            } catch {
                outcomes[error.code.rawValue, default: 0] += 1
            }
            let text = String(decoding: input, as: UTF8.self)
            let blocks = HTMLFragment.blocks(text)
            if blocks.contains(where: { $0.isEmpty }) { Issue.record("empty block for \(input)") }
            _ = try? TextDecoding.decode(Data(input))
            let dt = Date().timeIntervalSince(t0)
            if dt > worst.0 { worst = (dt, input) }
        }
        let total = Date().timeIntervalSince(start)
        print("fuzz: \(iterations) inputs in \(String(format: "%.1f", total)) s, slowest \(String(format: "%.1f", worst.0 * 1000)) ms, outcomes \(outcomes.sorted { $0.key < $1.key })")
        #expect(worst.0 < 1.0, "slowest input took \(worst.0) s: \(worst.1)")
    }
}
