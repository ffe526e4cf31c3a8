import Foundation
import RadarCore
import SimWorld

/// Generates a whole SimWorld and reports time, event counts and peak memory: the scale check of the
/// simulator (issue 5 asks for 10,000 tokens x 120 days within 4 GiB).
///
///     sim-bench [--tokens N] [--days D] [--seed S] [--threads T] [--truth]
///
/// `--truth` also streams the ground truth (forward alpha needs a 169-hour window), which
/// generates the world a second time.
@main
struct SimBench {
    static func main() throws {
        var tokens = 10_000, days = 120, seed: UInt64 = 1, threads = ProcessInfo.processInfo.activeProcessorCount
        var truth = false
        var arguments = CommandLine.arguments.dropFirst().makeIterator()
        while let argument = arguments.next() {
            switch argument {
            case "--tokens": tokens = Int(arguments.next() ?? "") ?? tokens
            case "--days": days = Int(arguments.next() ?? "") ?? days
            case "--seed": seed = UInt64(arguments.next() ?? "") ?? seed
            case "--threads": threads = Int(arguments.next() ?? "") ?? threads
            case "--truth": truth = true
            default:
                print("usage: sim-bench [--tokens N] [--days D] [--seed S] [--threads T] [--truth]")
                exit(2)
            }
        }
        let clock = ContinuousClock()
        let started = clock.now
        let world = try SimWorld(config: SimWorldConfig(seed: seed, tokens: tokens, days: days))
        print("world: \(tokens) tokens x \(days) days, seed \(seed), \(threads) threads; catalogue in \(clock.now - started)")
        var logs = 0, failed = 0, posts = 0, snapshots = 0, swaps = 0, transfers = 0, maxLogsPerHour = 0
        let generation = clock.now
        for hour in world.hours(threads: threads) {
            logs += hour.logs.count
            maxLogsPerHour = max(maxLogsPerHour, hour.logs.count)
            failed += hour.failedTransactions.count
            posts += hour.posts.count
            snapshots += hour.snapshots.count
            for log in hour.logs {
                switch log.event {
                case .swap: swaps += 1
                case .transfer: transfers += 1
                default: break
                }
            }
            if hour.hour % (24 * 10) == 0 {
                print("  day \(hour.hour / 24): \(logs) logs so far, \(clock.now - generation), peak RSS \(peakRSS())")
            }
        }
        let elapsed = clock.now - generation
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        print("generated in \(elapsed): \(logs) logs (\(swaps) swaps, \(transfers) transfers; at most \(maxLogsPerHour) in an hour), "
              + "\(failed) reverted transactions, \(posts) posts, \(snapshots) market snapshots; "
              + "\(Int(Double(logs) / seconds)) logs/s; peak RSS \(peakRSS())")
        if truth {
            let truthStart = clock.now
            var rows = 0, withAlpha = 0
            try SimWorldTruth(world: world).forEachRow { row in
                rows += 1
                if row.forwardAlpha != nil { withAlpha += 1 }
            }
            print("truth in \(clock.now - truthStart): \(rows) rows, \(withAlpha) with forward alpha; peak RSS \(peakRSS())")
        }
    }

    /// The process's peak resident set (VmHWM) from /proc, or "n/a" off Linux.
    static func peakRSS() -> String {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return "n/a" }
        let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
        return String(format: "%.0f MiB", kilobytes / 1024)
    }
}
