import ArgumentParser
import RadarCore

/// `radar`: the AlphaRadar command-line tool.
@main
struct Radar: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "radar",
        abstract: "Alpha-scoring radar for IP-linked crypto tokens.",
        discussion: """
            AlphaRadar collects on-chain and social data about tokens tied to intellectual property into a \
            SQLite feature store, and scores each token's chance to beat its universe over the next horizon.

            Every command reads its settings from a YAML config (--config, default \(RadarConfig.defaultPath)).
            """,
        version: "0.1.0",
        subcommands: [ConfigCommand.self, StoreCommand.self, UniverseCommand.self, CollectCommand.self, FeaturesCommand.self,
                      ModelCommand.self, TrainCommand.self, ScoreCommand.self, BacktestCommand.self, WorldCommand.self, DemoCommand.self])
}

/// Options every command shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The radar config file.", valueName: "file"))
    var config: String = RadarConfig.defaultPath

    /// Loads and checks the config, printing every problem and failing when there is one.
    func loadConfig() throws -> RadarConfig {
        // Warnings (secrets of disabled feeds, say) are shown by `radar config check`, not by every command.
        let check = ConfigLoader.check(path: config)
        guard let loaded = check.config else {
            for issue in check.errors { printError(issue.description) }
            printError("\(config): \(check.errors.count) error\(check.errors.count == 1 ? "" : "s"); run `radar config check \(config)` for details")
            throw ExitCode.failure
        }
        return loaded
    }
}
