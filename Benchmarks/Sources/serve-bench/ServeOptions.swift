import Foundation

/// `serve-bench`'s command line.
struct ServeOptions {
    var tokens = 10_000
    var days = 120
    var seed: UInt64 = 1
    /// Days walked cold (generated on demand as the walk reaches them), from `firstDay` on.
    var coldDays = 6
    /// Days re-walked warm (the last of the cold ones, still in the day cache), and how often.
    var warmDays = 3
    var warmPasses = 3
    /// First day walked; by default the middle of the world, where every token has launched.
    var firstDay: Int?
    var clients = 1
    var maxBlockRange = 2_000
    var logLimit = 10_000
    var peer = true
    var peerPasses = 5
    var peerBlocks = 500
    /// The peer's widest range: half its default chain, so its answers stay under the limit (about 8,900
    /// logs) instead of three refusals a pass on a chain of 504 blocks.
    var peerMaxBlockRange = 252
    var python: String?
    /// An evm_node.py already listening (started with the same scenario), instead of starting one.
    var peerURL: String?

    static let usage = """
        usage: serve-bench [--tokens N] [--days D] [--seed S] [--first-day F] [--cold-days C] [--warm-days W] [--warm-passes P]
                           [--clients K] [--max-block-range B] [--log-limit L]
                           [--no-peer] [--peer-blocks B] [--peer-passes P] [--peer-max-block-range B]
                           [--python PATH] [--peer-url URL]
        """

    init(_ arguments: [String]) throws {
        var iterator = arguments.makeIterator()
        func number(_ name: String) throws -> Int {
            guard let text = iterator.next(), let value = Int(text), value >= 0 else { throw BenchError("\(name) needs a number\n\(Self.usage)") }
            return value
        }
        while let argument = iterator.next() {
            switch argument {
            case "--tokens": tokens = try number(argument)
            case "--days": days = try number(argument)
            case "--seed": seed = try UInt64(number(argument))
            case "--first-day": firstDay = try number(argument)
            case "--cold-days": coldDays = try number(argument)
            case "--warm-days": warmDays = try number(argument)
            case "--warm-passes": warmPasses = try number(argument)
            case "--clients": clients = try max(1, number(argument))
            case "--max-block-range": maxBlockRange = try max(1, number(argument))
            case "--log-limit": logLimit = try max(1, number(argument))
            case "--no-peer": peer = false
            case "--peer-blocks": peerBlocks = try max(1, number(argument))
            case "--peer-passes": peerPasses = try max(1, number(argument))
            case "--peer-max-block-range": peerMaxBlockRange = try max(1, number(argument))
            case "--python": python = iterator.next()
            case "--peer-url": peerURL = iterator.next()
            default: throw BenchError(Self.usage)
            }
        }
    }
}
