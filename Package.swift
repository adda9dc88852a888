// swift-tools-version:6.0
import PackageDescription

// Reference data and migrations are compiled into the binary (`embedInCode`), so an installed
// `aidledger` never needs a resource bundle. Every file listed here is also checked byte for byte
// against its source by the drift tests (Tests/*/EmbeddedDataTests.swift).
let seedFiles = [
    "currencies.tsv",   // currency symbols, codes and names -> ISO 4217
    "numbers.tsv",      // number words, scale words, hedges
    "parties.tsv",      // gazetteer: countries and institutions, aliases, demonyms, metonyms
    "lexicon.tsv",      // attribution cues: status, category, flow / non-flow vocabulary
    "mechanisms.tsv",   // named instruments and mechanism head nouns
    "weights.tsv",      // learned attribution decisions (`make train`)
    "roles.tsv",        // parties' usual roles in aid news (features of the party rankings)
]
let migrationFiles = [
    "0001_initial.sql",
    "0002_parts_index.sql",
    "0003_flows_checks.sql",
    "0004_totals_rollup.sql",
    "0005_flow_sources.sql",
    "0006_sentences.sql",
    "0007_match_index.sql",
    "0008_match_parties.sql",
]

let package = Package(
    name: "aidledger",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "aidledger", targets: ["aidledger"]),
        // libFuzzer targets (`make fuzz`): replayers in a plain build, fuzzers with -DFUZZING.
        .executable(name: "FuzzMoney", targets: ["FuzzMoney"]),
        .executable(name: "FuzzExtractor", targets: ["FuzzExtractor"]),
        .executable(name: "FuzzArticle", targets: ["FuzzArticle"]),
        .executable(name: "FuzzRates", targets: ["FuzzRates"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            path: "Sources/CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // libxml2's HTML and XML parsers (Debian: libxml2-dev), through a module map like SQLite's.
        .systemLibrary(
            name: "CLibXML2",
            path: "Sources/CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // Input formats: HTML pages (main text, metadata, charset), RSS/Atom and JSON Lines feeds,
        // turned into article texts. The only code that calls libxml2; AidExtraction stays pure.
        .target(name: "AidInput", dependencies: ["CLibXML2", "AidExtraction"]),
        // Pure extraction: text in, money expressions and attributed figures out. No SQLite, no files.
        .target(
            name: "AidExtraction",
            resources: seedFiles.map { .embedInCode("../../seeds/\($0)") }
        ),
        // The ledger: the only code that calls sqlite3_*; migrations, ingest, every query.
        .target(
            name: "AidLedger",
            dependencies: ["CSQLite", "AidExtraction"],
            resources: migrationFiles.map { .embedInCode("../../migrations/\($0)") }
        ),
        // Process tuning the CLI needs from C: glibc's malloc options (a header, nothing to link).
        .systemLibrary(name: "CPlatform", path: "Sources/CPlatform"),
        // Thin CLI: parses arguments, reads files, prints.
        .executableTarget(
            name: "aidledger",
            dependencies: [
                "AidExtraction", "AidLedger", "CPlatform",
                "AidInput",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // `make bench`: corpus generator and benchmark harness (never part of `swift test`).
        .executableTarget(
            name: "aidledger-bench",
            dependencies: ["AidExtraction", "AidLedger", "CPlatform"]
        ),
        // `make fuzz`: libFuzzer targets (Sources/Fuzz*/main.swift, seeds in fuzz/corpus/). Built
        // with -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING they are fuzzers; built
        // normally they replay files. None depends on ArgumentParser.
        .systemLibrary(name: "FuzzDriver", path: "Sources/FuzzDriver"),
        .target(name: "FuzzSupport", dependencies: ["FuzzDriver"]),
        .executableTarget(name: "FuzzMoney", dependencies: ["AidExtraction", "FuzzSupport"]),
        .executableTarget(name: "FuzzExtractor", dependencies: ["AidExtraction", "FuzzSupport"]),
        .executableTarget(name: "FuzzArticle", dependencies: ["AidExtraction", "FuzzSupport"]),
        .executableTarget(name: "FuzzRates", dependencies: ["AidLedger", "FuzzSupport"]),
        .testTarget(name: "AidExtractionTests", dependencies: ["AidExtraction"]),
        .testTarget(name: "AidLedgerTests", dependencies: ["AidLedger", "AidExtraction"]),
        .testTarget(name: "CLITests", dependencies: ["aidledger", "AidLedger"]),
        .testTarget(name: "AidInputTests", dependencies: ["AidInput", "AidExtraction"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
