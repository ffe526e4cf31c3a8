// swift-tools-version: 6.2
// libFuzzer targets for the parsers of outside input (config files, universe files, JSON-RPC log
// responses, event signatures, ABI log data, market and social feed payloads).
// Kept out of the main package: they build only with `--sanitize fuzzer` (see README.md here).
import PackageDescription

let package = Package(
    name: "AlphaRadarFuzz",
    dependencies: [.package(name: "AlphaRadar", path: "..")],
    targets: [
        .executableTarget(
            name: "radar-fuzz",
            dependencies: [
                .product(name: "RadarCore", package: "AlphaRadar"),
                .product(name: "Collectors", package: "AlphaRadar"),
                .product(name: "EVMWire", package: "AlphaRadar"),
            ],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
        .executableTarget(
            name: "feeds-fuzz",
            dependencies: [
                .product(name: "Collectors", package: "AlphaRadar"),
                .product(name: "RadarCore", package: "AlphaRadar"),
            ],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
    ]
)
