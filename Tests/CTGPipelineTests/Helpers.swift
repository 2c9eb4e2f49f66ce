import CTGPipeline
import Foundation
import Testing

/// A fresh temporary folder, removed by `cleanup()`.
struct TempDir {
    let url: URL
    init(_ name: String = "ctg-test") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func path(_ p: String) -> URL { url.appendingPathComponent(p) }
    @discardableResult
    func write(_ p: String, _ data: Data) throws -> URL {
        let u = path(p)
        try FileManager.default.createDirectory(at: u.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: u)
        return u
    }
    @discardableResult
    func write(_ p: String, _ text: String) throws -> URL { try write(p, Data(text.utf8)) }
    func cleanup() {
        // Restore permissions changed by tests before removing.
        if let e = FileManager.default.enumerator(atPath: url.path) {
            while let rel = e.nextObject() as? String { chmod(url.appendingPathComponent(rel).path, 0o755) }
        }
        try? FileManager.default.removeItem(at: url)
    }
}

/// A text dump that the segmenter can read: a title and a few lines.
func sampleText(_ n: Int) -> String {
    """
    Convention Territoriale Globale n°\(n)
    Fiche action \(n) : accès aux droits
    Objectif : améliorer l'accueil des familles.
    Pilote : CAF\tPartenaires : commune, département
    """
}

/// Minimal PDFs written by hand, with a correct cross-reference table.
enum PDFBuilder {
    /// Objects are numbered from 1 in order; `trailerExtra` goes into the trailer dictionary.
    static func build(_ objects: [String], trailerExtra: String = "") -> Data {
        var out = Data("%PDF-1.4\n%\u{E2}\u{E3}\u{CF}\u{D3}\n".utf8)
        var offsets: [Int] = []
        for (i, o) in objects.enumerated() {
            offsets.append(out.count)
            out += Data("\(i + 1) 0 obj\n\(o)\nendobj\n".utf8)
        }
        let xref = out.count
        var x = "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for off in offsets { x += String(format: "%010d 00000 n \n", off) }
        x += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R \(trailerExtra) >>\nstartxref\n\(xref)\n%%EOF\n"
        out += Data(x.utf8)
        return out
    }

    static func stream(_ content: String) -> String { "<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream" }

    /// One page of text per string.
    static func text(_ pages: [String], mediaBox: String = "[0 0 595 842]") -> Data {
        var objs = ["<< /Type /Catalog /Pages 2 0 R >>", ""]
        var kids: [String] = []
        let font = 3
        objs.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
        for p in pages {
            let pageNum = objs.count + 1
            kids.append("\(pageNum) 0 R")
            objs.append("<< /Type /Page /Parent 2 0 R /MediaBox \(mediaBox) /Contents \(pageNum + 1) 0 R /Resources << /Font << /F1 \(font) 0 R >> >> >>")
            let lines = p.split(separator: "\n").enumerated().map { i, l in
                "BT /F1 12 Tf 72 \(760 - 16 * i) Td (\(l)) Tj ET"
            }.joined(separator: "\n")
            objs.append(stream(lines))
        }
        objs[1] = "<< /Type /Pages /Kids [\(kids.joined(separator: " "))] /Count \(pages.count) >>"
        return build(objs)
    }

    /// A page with drawing but no text (what a scan looks like to the text layer).
    static func imageOnly(mediaBox: String = "[0 0 595 842]", userUnit: String = "") -> Data {
        build([
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox \(mediaBox) \(userUnit) /Contents 4 0 R /Resources << >> >>",
            stream("0.5 g 50 50 400 400 re f"),
        ])
    }

    static func zeroPages() -> Data {
        build(["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>"])
    }

    /// A standard-security-handler /Encrypt dictionary whose /U does not match the empty password.
    static func encrypted() -> Data {
        let hex32 = String(repeating: "5A", count: 32)
        return build([
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            stream("BT ET"),
            "<< /Filter /Standard /V 1 /R 2 /O <\(hex32)> /U <\(String(repeating: "A7", count: 32))> /P -4 >>",
        ], trailerExtra: "/Encrypt 5 0 R /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>]")
    }
}

/// The built `ctg` executable: next to the test bundle in the build folder (.build/debug/ctg), or
/// CTG_BINARY from the environment.
func ctgBinary() -> URL? {
    let fm = FileManager.default
    if let env = ProcessInfo.processInfo.environment["CTG_BINARY"], fm.isExecutableFile(atPath: env) {
        return URL(fileURLWithPath: env)
    }
    var candidates: [URL] = []
    let arg0 = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    candidates.append(arg0.deletingLastPathComponent())
    for b in Bundle.allBundles { candidates.append(b.bundleURL.deletingLastPathComponent()) }
    // Fallback: <package>/.build/debug from this source file.
    let pkg = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    candidates.append(pkg.appendingPathComponent(".build/debug"))
    for dir in candidates {
        var d = dir
        for _ in 0..<4 {
            let c = d.appendingPathComponent("ctg")
            if fm.isExecutableFile(atPath: c.path), !isDirectory(c) { return c }
            d = d.deletingLastPathComponent()
        }
    }
    return nil
}

func isDirectory(_ u: URL) -> Bool {
    var d: ObjCBool = false
    return FileManager.default.fileExists(atPath: u.path, isDirectory: &d) && d.boolValue
}

struct ProcessResult { var status: Int32; var stdout: String; var stderr: String; var signalled: Bool }

/// Runs the ctg binary; optional environment additions.
@discardableResult
func runCTG(_ args: [String], env: [String: String] = [:], cwd: URL? = nil) throws -> ProcessResult {
    let p = try startCTG(args, env: env, cwd: cwd)
    return finish(p)
}

struct Running { let process: Process; let out: URL; let err: URL }

func startCTG(_ args: [String], env: [String: String] = [:], cwd: URL? = nil) throws -> Running {
    guard let bin = ctgBinary() else { throw CTGTestError.noBinary }
    let p = Process()
    p.executableURL = bin
    p.arguments = args
    var e = ProcessInfo.processInfo.environment
    for (k, v) in env { e[k] = v }
    p.environment = e
    if let cwd { p.currentDirectoryURL = cwd }
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("ctg-out-\(UUID().uuidString)")
    let err = FileManager.default.temporaryDirectory.appendingPathComponent("ctg-err-\(UUID().uuidString)")
    _ = FileManager.default.createFile(atPath: out.path, contents: nil)
    _ = FileManager.default.createFile(atPath: err.path, contents: nil)
    p.standardOutput = try FileHandle(forWritingTo: out)
    p.standardError = try FileHandle(forWritingTo: err)
    try p.run()
    return Running(process: p, out: out, err: err)
}

func finish(_ r: Running) -> ProcessResult {
    r.process.waitUntilExit()
    let o = (try? String(contentsOf: r.out, encoding: .utf8)) ?? ""
    let e = (try? String(contentsOf: r.err, encoding: .utf8)) ?? ""
    try? FileManager.default.removeItem(at: r.out)
    try? FileManager.default.removeItem(at: r.err)
    return ProcessResult(status: r.process.terminationStatus, stdout: o, stderr: e,
                         signalled: r.process.terminationReason == .uncaughtSignal)
}

enum CTGTestError: Error { case noBinary }

/// Every file of a folder (relative path -> bytes), ignoring the given names.
func snapshot(_ dir: URL, ignoring: Set<String> = []) -> [String: Data] {
    var out: [String: Data] = [:]
    guard let e = FileManager.default.enumerator(atPath: dir.path) else { return out }
    while let rel = e.nextObject() as? String {
        if ignoring.contains(where: { rel == $0 || rel.hasPrefix($0 + "/") }) { continue }
        let u = dir.appendingPathComponent(rel)
        if isDirectory(u) { continue }
        out[rel] = try? Data(contentsOf: u)
    }
    return out
}
