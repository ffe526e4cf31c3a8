import ArgumentParser
import Collectors
import Dispatch
import FeatureStore
import Foundation
import RadarCore
import Synchronization

/// `radar collect`: runs the configured feeds into the store.
struct CollectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Run the enabled feeds into the store (store.path in the config).",
        discussion: """
            Every enabled feed runs concurrently through one shared HTTP client; a feed that fails never stops \
            the others. Each pass prints one line per feed on standard output:
              <feed>: fetched N, new N, duplicates N, errors N, checkpoint C
            and each of its errors (feed name, redacted URL, status, what was wrong) on standard error.

            With --once each selected feed reads until it has caught up, then the command exits: 0 when every \
            feed succeeded, 1 when any failed. Without --once each feed runs again after its interval until \
            SIGINT or SIGTERM; a pass in flight finishes first (a second signal exits at once).
            """)

    @OptionGroup var options: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("Run only this feed.", valueName: "name"))
    var feed: String?

    @Flag(name: .long, help: "Run each selected feed until it has caught up, then exit.")
    var once = false

    @Option(name: .long, help: ArgumentHelp(
        "Backfill: stamp collected rows as observed at their own time plus this latency (e.g. 5m), so a backtest of the "
            + "period they cover can see them. For building history only, never for live collection.", valueName: "duration"))
    var backfill: String?

    func run() async throws {
        let config = try options.loadConfig()
        var selected = config
        if let feed {
            guard let match = config.feeds.first(where: { $0.name == feed }) else {
                let names = config.feeds.map { $0.name + ($0.enabled ? "" : " (disabled)") }
                printError("radar collect: no feed named '\(feed)' in \(options.config); "
                           + (names.isEmpty ? "it configures no feeds" : "configured feeds: \(names.joined(separator: ", "))"))
                throw ExitCode.failure
            }
            guard match.enabled else {
                printError("radar collect: feed '\(feed)' is disabled in \(options.config); set enabled: true to run it")
                throw ExitCode.failure
            }
            selected.feeds = [match]
        }
        let feeds = selected.feeds.filter(\.enabled)
        guard !feeds.isEmpty else {
            print("radar collect: \(options.config) has no enabled feeds; nothing to do")
            return
        }

        let latency = try backfill.map { try RadarDuration(parsing: $0, field: "--backfill") }
        let store = try FeatureStore(path: config.store.path, busyTimeout: config.store.busyTimeout, backfillLatency: latency)
        let client = try HTTPClient()
        let aliases = config.universe.aliases
        let set = FeedCollectors.make(config: selected, client: client) { feed, client throws(CollectorSetupError) in
            switch feed.kind {
            case .evmLogs:
                do {
                    return try EVMLogCollector(config: feed, http: client, aliases: aliases)
                } catch {
                    throw CollectorSetupError(feed: feed.name, reason: "\(error)")
                }
            case .ipRegistry:
                return try IPRegistryCollector(config: feed, http: client)
            default:
                return nil
            }
        }
        let output = FeedOutput(feeds: feeds)
        let unbuilt = set.unbuilt
        if !once {
            for report in unbuilt { output.report(report) }
        }

        let collectors = set.collectors
        let intervals = Dictionary(feeds.map { ($0.name, $0.interval.duration) }, uniquingKeysWith: { first, _ in first })
        let once = once
        let work = Task {
            // Chain feeds discover the tokens (pools from factories) that market and social feeds look
            // up and match mentions against, so their first pass runs before the others' first pass.
            let discovery = collectors.filter { $0 is EVMLogCollector }
            var firstPasses: [String: FeedReport] = [:]
            await withTaskGroup(of: FeedReport.self) { group in
                for collector in discovery {
                    group.addTask { await collector.collect(into: store, clock: SystemClock(), pageLimit: nil) }
                }
                for await report in group { firstPasses[report.feed] = report }
            }
            let discovered = firstPasses
            await withTaskGroup(of: FeedReport.self) { group in
                for collector in collectors {
                    group.addTask {
                        var report: FeedReport
                        if let first = discovered[collector.feedName] {
                            report = first
                        } else {
                            report = await collector.collect(into: store, clock: SystemClock(), pageLimit: nil)
                        }
                        while !once {
                            output.report(report)
                            do {
                                try await Task.sleep(for: intervals[collector.feedName] ?? .seconds(60))
                            } catch {
                                break  // cancelled by a signal
                            }
                            report = await collector.collect(into: store, clock: SystemClock(), pageLimit: nil)
                        }
                        return report
                    }
                }
                // With --once, lines come in config order once every feed has caught up.
                var reports = unbuilt
                for await report in group { reports.append(report) }
                if once {
                    let order = Dictionary(feeds.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
                    for report in reports.sorted(by: { order[$0.feed, default: .max] < order[$1.feed, default: .max] }) {
                        output.report(report)
                    }
                }
            }
        }
        let signals = SignalWatch([SIGINT, SIGTERM]) { work.cancel() }
        await work.value
        signals.stop()
        if output.anyFailed { throw ExitCode.failure }
    }
}

/// Prints feed lines (standard output) and their errors (standard error), whole lines at a time, every
/// error scrubbed of the secret values its feed's URL and headers carry; remembers whether the latest
/// pass of any feed failed.
final class FeedOutput: Sendable {
    private let redactors: [String: Redactor]
    private let latest = Mutex<[String: Bool]>([:])

    init(feeds: [FeedConfig]) {
        redactors = Dictionary(feeds.map { ($0.name, Redactor(url: $0.url, headers: $0.headers.map(HTTPHeader.init))) },
                               uniquingKeysWith: { first, _ in first })
    }

    func report(_ report: FeedReport) {
        let redactor = redactors[report.feed]
        latest.withLock { failed in
            failed[report.feed] = report.failed
            FileHandle.standardOutput.write(Data((report.line + "\n").utf8))
            for error in report.errors where !error.isEmpty {
                printError(redactor?.scrub(error) ?? error)
            }
        }
    }

    var anyFailed: Bool { latest.withLock { $0.values.contains(true) } }
}

/// Calls `handler` on the first of `signals`; a second one exits the process at once (130).
final class SignalWatch: @unchecked Sendable {
    // Dispatch sources are thread-safe; they are only made here and cancelled in `stop`.
    private let sources: [any DispatchSourceSignal]
    private let signals: [Int32]

    private final class Seen: Sendable {
        let value = Mutex(false)
    }

    init(_ signals: [Int32], handler: @escaping @Sendable () -> Void) {
        let seen = Seen()
        self.signals = signals
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                let again = seen.value.withLock { seen in
                    let before = seen
                    seen = true
                    return before
                }
                if again { exit(130) }
                printError("radar collect: stopping after the passes in flight (signal \(number); again to stop now)")
                handler()
            }
            source.resume()
            return source
        }
    }

    /// Stops watching and gives the signals their default action back (a later step, such as the
    /// demo's backtest, stops on Ctrl-C again).
    func stop() {
        for source in sources { source.cancel() }
        for number in signals { signal(number, SIG_DFL) }
    }
}
