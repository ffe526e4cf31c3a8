import ArgumentParser
import Foundation
import SimWorld

/// `radar world`: the embedded default world (SimWorld): serve it on loopback, export its truth.
struct WorldCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "world",
        abstract: "Serve the embedded simulated world on loopback, or export its ground truth.",
        subcommands: [WorldServeCommand.self, WorldExportCommand.self])
}

/// The options that choose a world; one seed and size always give one world.
struct WorldOptions: ParsableArguments {
    @Option(name: .long, help: "The world's seed.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Number of IP-linked tokens.")
    var tokens: Int = 300

    @Option(name: .long, help: "Simulated days (hourly steps).")
    var days: Int = 120

    func world() throws -> SimWorld {
        do {
            return try SimWorld(config: SimWorldConfig(seed: seed, tokens: tokens, days: days))
        } catch {
            printError("radar world: \(error)")
            throw ExitCode.failure
        }
    }
}

/// `radar world serve`: the world as an EVM JSON-RPC node, a DexScreener-format market API and X/RSS feeds.
struct WorldServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the world on 127.0.0.1: JSON-RPC on --port, market API on --port+1, social feeds on --port+2.",
        discussion: """
            When all three listeners are bound it prints exactly one line on standard output,
              listening rpc=URL market=URL social=URL
            and serves until SIGINT or SIGTERM. The default ports (8545, 8546, 8547) are where Feeds/radar.yaml's \
            enabled feeds look. --port 0 picks three free ports.

            By default the whole simulated history is served at once (the head is the last simulated hour), so two \
            runs with one seed answer identically. With --live the history is revealed from the first hour on, \
            --speed simulated hours per real second, and the head grows.

            Endpoints: POST / (eth_chainId, eth_blockNumber, eth_getBlockByNumber, eth_getLogs, eth_call; single or \
            batch; more than --log-limit logs is error -32005), GET /latest/dex/tokens/{a,b,...} (up to 30), \
            GET /2/tweets/search/recent (since_id, next_token, max_results), GET /rss.
            """)

    @OptionGroup var world: WorldOptions

    @Option(name: .long, help: "Base port: JSON-RPC here, market +1, social +2 (0: free ports).")
    var port: Int = 8545

    @Flag(name: .long, help: "Reveal the history hour by hour instead of all at once.")
    var live = false

    @Option(name: .long, help: "With --live, simulated hours revealed per real second.")
    var speed: Double = 1

    @Option(name: .long, help: "Most logs one eth_getLogs answers.")
    var logLimit: Int = 10_000

    func validate() throws {
        guard port == 0 || (1...65533).contains(port) else { throw ArgumentParser.ValidationError("--port must be 0 or 1 to 65533") }
        guard speed > 0, speed.isFinite else { throw ArgumentParser.ValidationError("--speed must be a positive number") }
        guard logLimit >= 1 else { throw ArgumentParser.ValidationError("--log-limit must be at least 1") }
    }

    func run() async throws {
        let world = try world.world()
        let history = WorldHistory(world: world, threads: ProcessInfo.processInfo.activeProcessorCount)
        let head = WorldHead(hours: world.config.hours, speed: live ? speed : nil)
        let server = WorldServer(history: history, head: head, basePort: port, logLimit: logLimit)
        do {
            try await server.run(stopOnSignals: true) { urls in
                // One write of the whole line to the unbuffered descriptor: a script reading a pipe sees it at once.
                FileHandle.standardOutput.write(Data((urls.line + "\n").utf8))
            }
        } catch {
            printError("radar world serve: \(error)")
            throw ExitCode.failure
        }
    }
}

/// `radar world export --truth FILE`: the world's hidden state and oracle forward alpha as CSV.
struct WorldExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the world's ground truth (latent state, oracle and realised forward alpha) as CSV.")

    @OptionGroup var world: WorldOptions

    @Option(name: .long, help: ArgumentHelp("The CSV file to write.", valueName: "file"))
    var truth: String

    func run() async throws {
        let world = try world.world()
        do {
            try SimWorldTruth(world: world).write(csv: URL(fileURLWithPath: truth))
        } catch {
            printError("radar world export: \(error)")
            throw ExitCode.failure
        }
        print("radar world export: wrote \(truth)")
    }
}
