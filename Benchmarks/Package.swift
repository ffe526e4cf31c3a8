// swift-tools-version: 6.2
// Benchmarks for AlphaRadar's FeatureStore, Collectors (ABI decoding) and Scoring core, kept as a separate package so that the
// main package's build and tests never pay for them. See README.md for how to run them and what they
// measure.
import PackageDescription

let package = Package(
    name: "AlphaRadarBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "AlphaRadar", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "radar-bench",
            dependencies: [
                .product(name: "FeatureStore", package: "AlphaRadar"),
                .product(name: "RadarCore", package: "AlphaRadar"),
                .product(name: "Collectors", package: "AlphaRadar"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]),
        .executableTarget(
            name: "sim-bench",
            dependencies: [
                .product(name: "SimWorld", package: "AlphaRadar"),
                .product(name: "RadarCore", package: "AlphaRadar"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]),
        .executableTarget(
            name: "serve-bench",
            dependencies: [
                .product(name: "SimWorld", package: "AlphaRadar"),
                .product(name: "Collectors", package: "AlphaRadar"),
                .product(name: "RadarCore", package: "AlphaRadar"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]),
        .executableTarget(
            name: "features-bench",
            dependencies: [
                .product(name: "Features", package: "AlphaRadar"),
                .product(name: "FeatureStore", package: "AlphaRadar"),
                .product(name: "SimWorld", package: "AlphaRadar"),
                .product(name: "RadarCore", package: "AlphaRadar"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]),
        .executableTarget(
            name: "scoring-bench",
            dependencies: [.product(name: "Scoring", package: "AlphaRadar")],
            swiftSettings: [.swiftLanguageMode(.v6)]),
    ]
)
