import CTGPipeline
import Foundation
import Testing

/// Output/ is exactly what `ctg ingest Corpus --out Output` produces from this code.
@Test func outputIsReproducedByteForByte() throws {
    let fresh = CorpusRun.output
    let committed = repoRoot.appendingPathComponent("Output")
    let fm = FileManager.default
    let names = try fm.contentsOfDirectory(atPath: committed.appendingPathComponent("documents").path).filter { $0.hasSuffix(".json") }.sorted()
    let freshNames = try fm.contentsOfDirectory(atPath: fresh.appendingPathComponent("documents").path).filter { $0.hasSuffix(".json") }.sorted()
    #expect(names == freshNames, "Output/documents lists other files than a fresh run: regenerate Output/ with README's first command")
    for n in names where freshNames.contains(n) {
        let a = try Data(contentsOf: committed.appendingPathComponent("documents/\(n)"))
        let b = try Data(contentsOf: fresh.appendingPathComponent("documents/\(n)"))
        #expect(a == b, "Output/documents/\(n) differs from a fresh run: regenerate Output/")
    }
    let a = try Data(contentsOf: committed.appendingPathComponent("corpus.jsonl"))
    let b = try Data(contentsOf: fresh.appendingPathComponent("corpus.jsonl"))
    #expect(a == b, "Output/corpus.jsonl differs from a fresh run")
}

/// The same inputs give the same bytes twice (no timestamps, no absolute paths, stable order).
@Test func documentsAreDeterministic() throws {
    let first = CorpusRun.output
    let second = FileManager.default.temporaryDirectory.appendingPathComponent("ctg-e2e-second-\(ProcessInfo.processInfo.processIdentifier)")
    try? FileManager.default.removeItem(at: second)
    defer { try? FileManager.default.removeItem(at: second) }
    let cwd = FileManager.default.currentDirectoryPath
    // A different working directory and absolute input path must not change a byte.
    FileManager.default.changeCurrentDirectoryPath("/")
    defer { FileManager.default.changeCurrentDirectoryPath(cwd) }
    _ = try Batch(outputDirectory: second).run([repoRoot.appendingPathComponent("Corpus").path])
    let a = try Data(contentsOf: first.appendingPathComponent("corpus.jsonl"))
    let b = try Data(contentsOf: second.appendingPathComponent("corpus.jsonl"))
    #expect(a == b)
    #expect(!String(decoding: a, as: UTF8.self).contains(repoRoot.path), "an absolute path leaked into the corpus")
}

/// Every emitted document validates against Schema/document.schema.json (Python jsonschema, installed by scripts/bootstrap).
@Test func documentsValidateAgainstSchema() throws {
    let script = """
    import json, sys, glob, jsonschema
    schema = json.load(open(sys.argv[1], encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    v = jsonschema.Draft202012Validator(schema)
    bad = 0
    files = sorted(glob.glob(sys.argv[2] + "/documents/*.json"))
    for f in files:
        for e in v.iter_errors(json.load(open(f, encoding="utf-8"))):
            bad += 1
            print(f"{f}: {'/'.join(map(str, e.absolute_path))}: {e.message[:200]}")
    for line in open(sys.argv[2] + "/corpus.jsonl", encoding="utf-8"):
        for e in v.iter_errors(json.loads(line)):
            bad += 1
            print(f"corpus.jsonl: {e.message[:200]}")
    print(f"{len(files)} documents, {bad} errors")
    sys.exit(1 if bad or not files else 0)
    """
    let r = try run("python3", ["-c", script, repoRoot.appendingPathComponent("Schema/document.schema.json").path, CorpusRun.output.path])
    #expect(r.status == 0, "schema validation failed:\n\(r.stdout)\(r.stderr)")
}
