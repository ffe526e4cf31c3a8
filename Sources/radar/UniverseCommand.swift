import ArgumentParser
import FeatureStore
import Foundation
import RadarCore

/// `radar universe`: the tokens the radar watches and their IP links.
struct UniverseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "universe",
        abstract: "Manage the universe of IP-linked tokens.",
        subcommands: [Import.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import IP-linked tokens from a YAML or CSV file into the store.",
            discussion: """
                YAML: a `tokens:` list of mappings with chain, address, ip, category and optionally symbol, name, \
                registry, registryId, listedAt. CSV: a header naming the columns chain, address, ip, category and \
                optionally symbol, name, registry, registry_id, listed_at. Categories: \
                \(IPCategory.allCases.map(\.rawValue).joined(separator: ", ")).

                Bad rows are reported with their line and skipped; good rows land. Re-importing a file changes \
                nothing. listedAt/listed_at says since when a link was public: a backtest sees the link only from \
                then (default: the import time). Exits 1 when any row was skipped.
                """)

        @OptionGroup var options: GlobalOptions

        @Argument(help: ArgumentHelp("The universe file (.yaml, .yml or .csv).", valueName: "file"))
        var file: String

        func run() throws {
            let config = try options.loadConfig()
            let text: String
            do {
                text = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                printError("\(file): cannot read: \(error.localizedDescription)")
                throw ExitCode.failure
            }
            let parsed = UniverseFile.parse(text, file: file, format: UniverseFile.format(ofPath: file))
            for issue in parsed.issues { printError(issue.description) }

            let now = SystemClock().now()
            var batch = IngestBatch()
            for entry in parsed.entries {
                let seen = entry.listedAt ?? now
                batch.tokens.append(Token(id: entry.token, symbol: entry.symbol, name: entry.name, decimals: nil, totalSupply: nil,
                                          firstSeenAt: seen, observedAt: seen))
                batch.ipLinks.append(IPLink(token: entry.token, registry: entry.registry, registryID: entry.registryID,
                                            category: entry.category, ipName: entry.ip, source: .declared, observedAt: seen))
            }
            let store = try FeatureStore(path: config.store.path, busyTimeout: config.store.busyTimeout)
            let report = try store.ingest(batch)
            print("\(file): \(parsed.entries.count) tokens read, \(report.inserted[.tokens] ?? 0) new tokens, "
                  + "\(report.inserted[.ipLinks] ?? 0) new or changed IP links, \(parsed.issues.count) rows skipped")
            if !parsed.issues.isEmpty { throw ExitCode.failure }
        }
    }
}
