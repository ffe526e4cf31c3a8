import ArgumentParser
import Foundation
import RadarCore
import Yams

/// `radar config`: checking and showing the radar's configuration.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check or show the radar's configuration.",
        subcommands: [Check.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a config file and report every problem in it.",
            discussion: """
                Reports every error at once, each with its file, line and column, the key path, the bad value \
                and a hint. Unknown keys are errors, so a typo cannot pass silently. ${NAME} references are \
                resolved from the environment; a missing variable is an error where the value is needed \
                (a warning in a disabled feed or channel). Exits 0 when the file is usable, 1 otherwise.
                """)

        @OptionGroup var options: GlobalOptions

        @Argument(help: ArgumentHelp("The file to check (default: --config).", valueName: "file"))
        var file: String?

        @Flag(name: .long, help: "Print the resolved config, with every secret shown as its ${NAME} reference.")
        var print = false

        func run() throws {
            let path = file ?? options.config
            let check = ConfigLoader.check(path: path)
            for issue in check.issues { printError(issue.description) }
            guard let config = check.config else {
                let count = check.errors.count
                printError("\(path): \(count) error\(count == 1 ? "" : "s")\(check.warnings.isEmpty ? "" : ", \(check.warnings.count) warning\(check.warnings.count == 1 ? "" : "s")")")
                throw ExitCode.failure
            }
            if print {
                Swift.print(try YAMLEncoder().encode(config), terminator: "")
                return
            }
            let enabled = config.feeds.filter(\.enabled).count
            let channels = config.notifier.channels.filter(\.enabled).count
            Swift.print("\(path): OK: store \(config.store.path), \(config.feeds.count) feeds (\(enabled) enabled), "
                        + "\(config.notifier.channels.count) channels (\(channels) enabled)"
                        + (check.warnings.isEmpty ? "" : ", \(check.warnings.count) warning\(check.warnings.count == 1 ? "" : "s")"))
        }
    }
}
