import ArgumentParser
import FeatureStore
import Foundation
import RadarCore

/// `radar store`: creating and inspecting the SQLite feature store.
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Create and inspect the feature store (store.path in the config).",
        subcommands: [Initialise.self, Stats.self])

    struct Initialise: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Create the store, or bring an existing one up to the current schema.")

        @OptionGroup var options: GlobalOptions

        func run() throws {
            let config = try options.loadConfig()
            let store = try FeatureStore(path: config.store.path, busyTimeout: config.store.busyTimeout)
            let migrations = try store.appliedMigrations()
            print("\(store.path): ready, schema \(migrations.last ?? "empty") (\(migrations.count) migration\(migrations.count == 1 ? "" : "s"))")
        }
    }

    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show rows per table, file size and each feed's checkpoint.")

        @OptionGroup var options: GlobalOptions

        @Flag(name: .long, help: "Print one JSON object: {\"tables\": {...}, \"checkpoints\": {...}, \"sizeBytes\": N}.")
        var json = false

        func run() throws {
            let config = try options.loadConfig()
            let store = try FeatureStore(path: config.store.path, busyTimeout: config.store.busyTimeout)
            let stats = try store.stats()
            if json {
                let document = StatsDocument(
                    tables: Dictionary(uniqueKeysWithValues: stats.tables.map { ($0.key.rawValue, $0.value) }),
                    checkpoints: Dictionary(uniqueKeysWithValues: stats.checkpoints.map { ($0.feed, $0.cursor) }),
                    sizeBytes: stats.sizeBytes, path: store.path)
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(document), as: UTF8.self))
                return
            }
            print("\(store.path): \(byteCount(stats.sizeBytes))")
            let rows = StoreTable.allCases.map { [$0.rawValue, String(stats.tables[$0] ?? 0)] }
            print(columns([["table", "rows"]] + rows, rightAligned: [1]))
            if stats.checkpoints.isEmpty {
                print("checkpoints: none yet")
            } else {
                print("")
                print(columns([["feed", "checkpoint", "updated"]] + stats.checkpoints.map { [$0.feed, $0.cursor, $0.updatedAt.description] }))
            }
        }
    }

    /// The stable `--json` shape scripts read.
    struct StatsDocument: Encodable {
        var tables: [String: Int]
        var checkpoints: [String: String]
        var sizeBytes: Int64
        var path: String
    }
}
