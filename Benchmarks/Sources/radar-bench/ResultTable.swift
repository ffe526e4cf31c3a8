import Foundation

/// One benchmark's outcome, ready for the final table: our median, the peer's, their ratio and
/// whether the target is met. The project's rule is that every benchmark names its peer and
/// prints the ratio from one run on one machine; this is where that happens.
struct ResultRow {
    let benchmark: String
    let ours: Summary
    let peer: Summary?
    /// Renders a time in seconds in the benchmark's unit (rows/s, or seconds with a count).
    let describe: (Double) -> String
    let target: String
    let met: Bool

    /// Peer time / our time: above 1 means FeatureStore is faster.
    var ratio: Double? { peer.map { $0.median / ours.median } }

    /// The medians with their spread, printed right after the repetitions.
    func printSpread(unit: (Double) -> String) {
        Console.say("  AlphaRadar: median \(describe(ours.median)); min \(Format.seconds(ours.min)), max \(Format.seconds(ours.max))"
                    + " (\(unit(ours.max)) … \(unit(ours.min)))")
        if let peer {
            Console.say("  peer:       median \(describe(peer.median)); min \(Format.seconds(peer.min)), max \(Format.seconds(peer.max))"
                        + " (\(unit(peer.max)) … \(unit(peer.min)))")
        }
    }
}

/// The table printed at the end of a run.
enum ResultTable {
    static func print(_ rows: [ResultRow], peerName: String) {
        let header = ["benchmark", "AlphaRadar median", "peer median (\(peerName))", "ratio peer/ours", "target", "met"]
        let body = rows.map { row in
            [row.benchmark, row.describe(row.ours.median), row.peer.map { row.describe($0.median) } ?? "not run",
             row.ratio.map(Format.ratio) ?? "-", row.target, row.met ? "yes" : "no"]
        }
        let widths = header.indices.map { column in ([header] + body).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: " | ")
        }
        Console.say("")
        Console.say(line(header))
        Console.say(widths.map { String(repeating: "-", count: $0) }.joined(separator: "-|-"))
        for cells in body { Console.say(line(cells)) }
        Console.say("ratio = peer median time / AlphaRadar median time (> 1: AlphaRadar is faster); one run, one machine.")
    }
}
