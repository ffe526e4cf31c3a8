// swift-tools-version: 6.2
// AlphaRadar: an alpha-scoring radar for IP-linked crypto tokens.
// Module map and data flow: see ARCHITECTURE in the shared notes and README.md.
import PackageDescription

let package = Package(
    name: "AlphaRadar",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "radar", targets: ["radar"]),
        .library(name: "RadarCore", targets: ["RadarCore"]),
        .library(name: "FeatureStore", targets: ["FeatureStore"]),
        .library(name: "Scoring", targets: ["Scoring"]),
        .library(name: "EVMWire", targets: ["EVMWire"]),
        .library(name: "Collectors", targets: ["Collectors"]),
        .library(name: "SimWorld", targets: ["SimWorld"]),
        .library(name: "Features", targets: ["Features"]),
        .library(name: "Pipeline", targets: ["Pipeline"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/attaswift/BigInt", from: "6.0.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // System-library shims.
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(
            name: "CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]),

        // Domain value types, config and its validation, clock.
        .target(
            name: "RadarCore",
            dependencies: [.product(name: "Yams", package: "Yams")]),

        // SQLite feature store (GRDB, WAL).
        .target(
            name: "FeatureStore",
            dependencies: [
                "RadarCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]),

        // The performance core: matrices, binning, GBDT, logistic regression, metrics, model files.
        // It knows matrices, not tokens, and depends on CBLAS only, so it builds fast in release.
        .target(
            name: "Scoring",
            dependencies: ["CBLAS"]),

        // The EVM wire format both sides speak: Keccak-256, hex, ABI types, event signatures, ABI
        // encoding and decoding of logs. Collectors read it; SimWorld writes it.
        .target(
            name: "EVMWire",
            dependencies: ["RadarCore", .product(name: "BigInt", package: "BigInt")]),

        // Feeds to store rows: libcurl HTTP client, EVM JSON-RPC and ABI decoding, market, social and
        // IP-registry adapters.
        .target(
            name: "Collectors",
            dependencies: [
                "RadarCore", "FeatureStore", "CCurl", "EVMWire",
                .product(name: "BigInt", package: "BigInt"),
            ]),

        // The embedded default world: a seeded market of IP-linked tokens with planted alpha and its
        // ground truth, served on loopback (Hummingbird) in the wire formats the collectors read.
        .target(
            name: "SimWorld",
            dependencies: [
                "RadarCore", "EVMWire",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]),

        // Point-in-time feature rows over windows, the feature registry, forward-return labels.
        .target(
            name: "Features",
            dependencies: ["RadarCore", "FeatureStore"]),

        // Train, score, rank, walk-forward backtest, reports (HTML + SVG).
        .target(
            name: "Pipeline",
            dependencies: ["RadarCore", "FeatureStore", "Features", "Scoring"]),

        // The CLI.
        .executableTarget(
            name: "radar",
            dependencies: [
                "RadarCore", "FeatureStore", "Scoring", "Collectors", "EVMWire", "SimWorld", "Features", "Pipeline",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
            ]),

        // A child process the crash-safety test kills with SIGKILL mid-ingest.
        .executableTarget(
            name: "StoreCrashProbe",
            dependencies: ["RadarCore", "FeatureStore"],
            path: "Tests/StoreCrashProbe"),

        // What several test targets share: a SimWorld ingested into a temporary store, the built `radar`
        // run as a child process, and a scripted loopback HTTP server. Not a product: tests only.
        .target(
            name: "RadarTestSupport",
            dependencies: ["RadarCore", "FeatureStore", "SimWorld"],
            path: "Tests/RadarTestSupport"),

        .testTarget(name: "SystemLibraryTests", dependencies: ["CCurl", "CBLAS"]),
        .testTarget(
            name: "RadarCoreTests",
            dependencies: ["RadarCore", .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(
            name: "FeatureStoreTests",
            dependencies: ["FeatureStore", "RadarCore", "StoreCrashProbe", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(
            name: "CollectorsTests",
            dependencies: [
                "Collectors", "EVMWire", "RadarCore", "FeatureStore", "RadarTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            // Recorded API bodies (read through #filePath rather than bundled as resources) and the
            // Python EVM node the collector tests run.
            exclude: ["Fixtures", "Node"]),
        .testTarget(
            name: "EVMWireTests",
            dependencies: ["EVMWire", "RadarCore", .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(name: "SimWorldTests", dependencies: ["SimWorld", "RadarCore"]),
        // The served world read by the real collectors into a temporary store.
        .testTarget(
            name: "WorldServeTests",
            dependencies: ["SimWorld", "Collectors", "FeatureStore", "RadarCore", "EVMWire"]),
        .testTarget(name: "FeaturesTests", dependencies: ["Features", "FeatureStore", "RadarCore", "SimWorld", "RadarTestSupport"]),
        // Training, scoring and the walk-forward backtest on a small SimWorld store, and the radar
        // train/score/backtest commands on it; the alphalens parity script runs with the test venv's Python.
        .testTarget(
            name: "PipelineTests",
            dependencies: ["Pipeline", "Features", "FeatureStore", "Scoring", "RadarCore", "SimWorld", "radar", "RadarTestSupport"],
            exclude: ["Peers"]),
        .testTarget(name: "ScoringTests", dependencies: ["Scoring"], exclude: ["Peers"]),
        .testTarget(name: "radarTests", dependencies: ["radar", "RadarTestSupport"], exclude: ["Peers"]),
    ]
)
