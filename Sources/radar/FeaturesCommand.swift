import ArgumentParser
import FeatureStore
import Features
import Foundation
import RadarCore

/// `radar features`: building point-in-time feature rows (and labels) into the store, and exporting
/// them for Python users.
///
/// Storage: rows go to the store's `feature_rows` and `labels` tables (schema v1), keyed by timestamp,
/// token and feature set (the config's `features.set`, `radar@1` by default); a build skips timestamps
/// that already have rows for the set, so re-running a range only builds what is missing.
struct FeaturesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "features",
        abstract: "Build point-in-time feature rows and labels, and export them.",
        subcommands: [Build.self, Export.self, List.self])

    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build feature rows for every token of the universe at each timestamp of a range.",
            discussion: """
                Timestamps run from --from to --to (inclusive) by --step. The feature set, quote tokens and whale \
                share come from the config's features section. Timestamps that already have rows for \
                the feature set are skipped unless --rebuild is given. With --labels, labels (forward return over \
                scoring.horizon from t + scoring.executionLag, alpha against the cross-sectional median, top \
                scoring.labelQuantile = 1) are written for timestamps whose window ends by --data-end. The first \
                timestamp starts from the newest carried feature state saved in the store (at most 7 days older), \
                and the last one's state is saved for the next run; a failure to do either is a warning.
                """)

        @OptionGroup var options: GlobalOptions

        @Option(help: ArgumentHelp("First timestamp (ISO 8601, a date or Unix seconds).", valueName: "time"))
        var from: String

        @Option(help: ArgumentHelp("Last timestamp, inclusive.", valueName: "time"))
        var to: String

        @Option(help: ArgumentHelp("Step between timestamps.", valueName: "duration"))
        var step: String = "1h"

        @Flag(help: "Also write labels (these look past each timestamp by design).")
        var labels = false

        @Option(name: .customLong("data-end"), help: ArgumentHelp("The store is complete up to here (default: now); later label windows are skipped.", valueName: "time"))
        var dataEnd: String?

        @Flag(help: "Rebuild timestamps that already have rows.")
        var rebuild = false

        func run() throws {
            let config = try options.loadConfig()
            let from = try Timestamp(parsing: self.from, field: "--from")
            let to = try Timestamp(parsing: self.to, field: "--to")
            let step = try RadarDuration(parsing: self.step, field: "--step")
            guard step.seconds > 0, from <= to else {
                printError("radar features build: need --from <= --to and a positive --step")
                throw ExitCode.failure
            }
            let set = try configuredSet(config)
            let store = try FeatureStore(path: config.store.path, busyTimeout: config.store.busyTimeout)
            var builder = FeatureBuilder(store: store, featureSet: set, config: FeatureConfig(config.features))
            let setID = builder.featureSet.id
            let done = rebuild ? [] : Set(try store.featureRowTimes(featureSet: setID, from: from, to: to))
            let times = FeatureBuilder.timestamps(from: from, to: to, step: step).filter { !done.contains($0) }
            var labelBuilder = LabelBuilder(store: store, config: LabelConfig(
                horizon: try config.scoring.horizonValue, topQuantile: config.scoring.labelQuantile,
                deadReturn: config.scoring.deadTokenReturn))
            let end = try dataEnd.map { try Timestamp(parsing: $0, field: "--data-end") } ?? Timestamp(flooring: Date())
            var rows = 0, labelled = 0
            // A saved carried state spares the first timestamp reading the whole history.
            if let first = times.first { _ = builder.resumeWarning(command: "features", atOrBefore: first) }
            for (number, time) in times.enumerated() {
                let frame = try builder.rows(asOf: time)
                try store.saveFeatureRows((0..<frame.rowCount).map {
                    StoredFeatureRow(asOf: time, token: frame.tokens[$0], featureSet: setID, values: Array(frame.row($0)))
                }, computedAt: Timestamp(flooring: Date()))
                rows += frame.rowCount
                if labels {
                    let result = try labelBuilder.labels(asOf: time, dataEnd: end, universe: builder.universe)
                    let known = result.tokens.indices.filter { !result.forwardReturn[$0].isNaN }
                    try store.saveLabels(known.map {
                        StoredLabel(asOf: time, token: result.tokens[$0], featureSet: setID,
                                    horizonSeconds: labelBuilder.config.horizon.length.seconds,
                                    forwardReturn: result.forwardReturn[$0], alpha: result.alpha[$0], label: result.label[$0])
                    }, computedAt: Timestamp(flooring: Date()))
                    labelled += known.count
                }
                if (number + 1) % 24 == 0 || number + 1 == times.count {
                    printError("features: \(number + 1)/\(times.count) timestamps (\(time))")
                }
            }
            if !times.isEmpty { builder.saveStateWarning(command: "features") }
            print("features \(setID): \(times.count) timestamps built (\(done.count) already stored), \(rows) rows"
                  + (labels ? ", \(labelled) labels" : ""))
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export stored feature rows (and labels) as CSV.",
            discussion: """
                Columns: asof (ISO 8601), chain, address, then the feature set's features in order, then with \
                --labels forward_return, alpha, label. Missing values are empty cells. Rows are ordered by asof, \
                chain, address.
                """)

        @OptionGroup var options: GlobalOptions

        @Option(help: ArgumentHelp("Output format (csv).", valueName: "format"))
        var format: String = "csv"

        @Option(help: ArgumentHelp("Write here instead of standard output.", valueName: "file"))
        var out: String?

        @Option(help: ArgumentHelp("First timestamp (default: all).", valueName: "time"))
        var from: String?

        @Option(help: ArgumentHelp("Last timestamp (default: all).", valueName: "time"))
        var to: String?

        @Flag(help: "Add forward_return, alpha and label columns.")
        var labels = false

        func run() throws {
            guard format == "csv" else {
                printError("radar features export: unknown format '\(format)'; the only format is csv")
                throw ExitCode.failure
            }
            let config = try options.loadConfig()
            let set = try configuredSet(config)
            let store = try FeatureStore(path: config.store.path, busyTimeout: config.store.busyTimeout)
            let from = try from.map { try Timestamp(parsing: $0, field: "--from") } ?? Timestamp(seconds: 0)
            let to = try to.map { try Timestamp(parsing: $0, field: "--to") } ?? Timestamp(seconds: Int64.max)
            let rows = try store.featureRows(featureSet: set.id, from: from, to: to)
            var labelByKey: [String: StoredLabel] = [:]
            if labels {
                for label in try store.labels(featureSet: set.id, from: from, to: to) {
                    labelByKey["\(label.asOf.seconds)/\(label.token)"] = label
                }
            }
            var text = (["asof", "chain", "address"] + set.names + (labels ? ["forward_return", "alpha", "label"] : []))
                .joined(separator: ",") + "\n"
            func cell(_ value: Double?) -> String { value.map { $0.isNaN ? "" : "\($0)" } ?? "" }
            for row in rows {
                text += "\(row.asOf),\(row.token.chain),\(row.token.address.hex)"
                for value in row.values { text += "," + (value.isNaN ? "" : "\(value)") }
                if labels {
                    let label = labelByKey["\(row.asOf.seconds)/\(row.token)"]
                    text += ",\(cell(label?.forwardReturn)),\(cell(label?.alpha)),\(label?.label.map(String.init) ?? "")"
                }
                text += "\n"
            }
            if let out {
                try Data(text.utf8).write(to: URL(fileURLWithPath: out))
                printError("features: \(rows.count) rows to \(out)")
            } else {
                print(text, terminator: "")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a feature set's features and their definitions.")

        @Option(help: ArgumentHelp("The feature set (name@version); default: the newest.", valueName: "id"))
        var set: String?

        func run() throws {
            let known = FeatureSet.known.map(\.id).joined(separator: ", ")
            let chosen: FeatureSet? = if let set { FeatureSet.named(set) } else { FeatureSet.known.last }
            guard let set = chosen else {
                printError("radar features list: unknown feature set '\(self.set ?? "")'; known: \(known)")
                throw ExitCode.failure
            }
            print("feature set \(set.id): \(set.definitions.count) features")
            print(columns([["name", "family", "window", "definition"]] + set.definitions.map {
                [$0.name, $0.family.rawValue, $0.window?.description ?? "-", $0.summary]
            }))
        }
    }
}

/// The feature set the config names, or a failure that names `features.set` and its value.
private func configuredSet(_ config: RadarConfig) throws -> FeatureSet {
    do {
        return try FeatureSet.configured(config.features)
    } catch {
        printError("radar features: \(error)")
        throw ExitCode.failure
    }
}
