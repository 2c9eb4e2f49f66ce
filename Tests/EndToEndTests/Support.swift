import CTGPipeline
import Foundation

/// The repository root (three levels above this file).
let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Corpus/ ingested once per test run into a temporary folder, shared by the tests.
enum CorpusRun {
    static let output: URL = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ctg-e2e-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.removeItem(at: dir)
        // Same relative input path as README's command (`ctg ingest Corpus --out Output`).
        let cwd = FileManager.default.currentDirectoryPath
        FileManager.default.changeCurrentDirectoryPath(repoRoot.path)
        defer { FileManager.default.changeCurrentDirectoryPath(cwd) }
        _ = try! Batch(outputDirectory: dir).run(["Corpus"])
        return dir
    }()
}

/// Runs a command, returning its exit status and standard output.
func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = [executable] + arguments
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
}

let goldDirectory = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/gold")
