// swift-tools-version:6.0
import PackageDescription

// One target per pipeline stage, a thin CLI on top. The library product `CTGKit`
// can be used without the CLI. C libraries come in through pkg-config.
let package = Package(
    name: "ctg",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "CTGKit", targets: ["CTGModel", "CTGExtract", "CTGNormalise", "CTGSegment", "CTGEmit", "CTGPipeline"]),
        .executable(name: "ctg", targets: ["ctg"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
    ],
    targets: [
        // System libraries (Debian: libpoppler-glib-dev libcairo2-dev libxml2-dev libtesseract-dev libhunspell-dev).
        .systemLibrary(name: "CPoppler", pkgConfig: "poppler-glib", providers: [.apt(["libpoppler-glib-dev", "libcairo2-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CHunspell", pkgConfig: "hunspell", providers: [.apt(["libhunspell-dev"])]),

        // glibc malloc tuning for the CLI (mallopt is not in the Glibc module).
        .target(name: "CMalloc"),
        // Tesseract and Leptonica loaded with dlopen on the first OCR'd page (headers only at build time:
        // libtesseract-dev, libleptonica-dev).
        .target(name: "CTesseract", linkerSettings: [.linkedLibrary("dl")]),

        // Data model shared by every stage: pages of lines with provenance, fiches, edits.
        .target(name: "CTGModel"),
        // Stage 1: text dumps, HTML fragments, PDFs (poppler-glib), OCR (Tesseract).
        .target(name: "CTGExtract", dependencies: ["CTGModel", "CPoppler", "CLibXML2", "CTesseract"]),
        // Stage 2: accents, mojibake, OCR damage, markup; every change logged.
        .target(name: "CTGNormalise", dependencies: ["CTGModel", "CHunspell", "CLibXML2"], resources: [.copy("Data")]),
        // Stage 3: sections and fiches-actions with evidence and confidence.
        .target(name: "CTGSegment", dependencies: ["CTGModel"]),
        // Stage 4: versioned JSON documents, corpus.jsonl.
        .target(name: "CTGEmit", dependencies: ["CTGModel"]),
        // Composition of the stages, batch runs, state store.
        .target(name: "CTGPipeline", dependencies: [
            "CTGModel", "CTGExtract", "CTGNormalise", "CTGSegment", "CTGEmit",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .executableTarget(name: "ctg", dependencies: [
            "CMalloc", "CTGModel", "CTGExtract", "CTGNormalise", "CTGSegment", "CTGPipeline",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        .testTarget(name: "CTGModelTests", dependencies: ["CTGModel"]),
        .testTarget(name: "CTGExtractTests", dependencies: ["CTGExtract"], resources: [.copy("Fixtures")]),
        .testTarget(name: "CTGNormaliseTests", dependencies: ["CTGNormalise"], resources: [.copy("Fixtures")]),
        .testTarget(name: "CTGSegmentTests", dependencies: ["CTGSegment", "CTGExtract"], resources: [.copy("Fixtures")]),
        .testTarget(name: "CTGEmitTests", dependencies: ["CTGEmit"]),
        .testTarget(name: "CTGPipelineTests", dependencies: ["CTGPipeline", "CTGExtract", "CTGModel", "CTGEmit"]),
        // Whole pipeline on Corpus/: Output/ reproducible, schema-valid, gold scores not regressing.
        .testTarget(name: "EndToEndTests", dependencies: ["CTGPipeline"], resources: [.copy("Fixtures")]),
    ]
)
