import Foundation
import RadarCore

/// One token at one hour with everything the world hides: latent state, fate, the oracle's expected
/// return, and the realised forward return and alpha over the horizon.
public struct SimTruthRow: Hashable, Sendable {
    public var token: Int32
    public var hour: Int32
    /// The hour's end, when the state holds and a score could be made.
    public var time: Timestamp
    public var quality: Double
    public var hype: Double
    public var status: SimStatus
    public var honeypot: Bool
    public var priceUSD: Double
    /// The oracle's expected forward return (see `SimOracle`).
    public var expectedReturn: Double
    /// Realised return from `t + lag` to `t + lag + H`; -100% for a token unsellable, dead or rugged by
    /// the window's end. Nil when the token is not in the universe at t (not alive) or the window
    /// passes the world's end.
    public var forwardReturn: Double?
    /// `forwardReturn` minus the cross-sectional median of the universe at t.
    public var forwardAlpha: Double?
}

/// The world's ground truth, streamed hour by hour: exportable as CSV for `radar world export --truth`,
/// and the yardstick the oracle check and backtests hold models to.
///
/// Universe at t: tokens launched and alive at t (a token that dies later is in it; one already dead
/// or rugged is not tradable and is out). Only the last `lag + H + 1` hours are held in memory.
public struct SimWorldTruth: Sendable {
    public let world: SimWorld

    public init(world: SimWorld) { self.world = world }

    /// Calls `body` with every launched token's row, hour by hour in token order.
    public func forEachRow(_ body: (SimTruthRow) throws -> Void) rethrows {
        try forEachHour { rows in
            for row in rows { try body(row) }
        }
    }

    /// All rows in memory: for small worlds (tests, notebooks).
    public func rows() -> [SimTruthRow] {
        var out = [SimTruthRow]()
        forEachRow { out.append($0) }
        return out
    }

    /// Calls `body` once per hour with that hour's rows, forward fields filled, in hour order.
    public func forEachHour(_ body: ([SimTruthRow]) throws -> Void) rethrows {
        let horizon = world.config.horizon
        let lag = Int(horizon.executionLag.seconds / 3600)
        let bars = horizon.bars
        let span = lag + bars
        let tokenCount = world.tokens.count
        // Ring of the last span + 1 hours: each hour's rows, and price and status by token.
        var ringRows = [[SimLatentRow]](repeating: [], count: span + 1)
        var ringPrice = [[Double]](repeating: [], count: span + 1)
        var ringAlive = [[Bool]](repeating: [], count: span + 1)
        var hoursSeen = 0

        func finish(hour t: Int, end: Int?) throws {
            let rows = ringRows[t % (span + 1)]
            var forward = [Double?](repeating: nil, count: rows.count)
            if let end {
                let entry = ringPrice[(t + lag) % (span + 1)]
                let exit = ringPrice[end % (span + 1)]
                let aliveAtEnd = ringAlive[end % (span + 1)]
                for (position, row) in rows.enumerated() where row.status == .alive {
                    let token = Int(row.token)
                    if row.honeypot || !aliveAtEnd[token] || !(entry[token] > 0) {
                        forward[position] = -1
                    } else {
                        forward[position] = exit[token] / entry[token] - 1
                    }
                }
            }
            let median = medianOf(forward.compactMap { $0 })
            let time = world.chain.time(ofHour: t + 1)
            try body(rows.enumerated().map { position, row in
                SimTruthRow(token: row.token, hour: row.hour, time: time, quality: row.quality, hype: row.hype,
                            status: row.status, honeypot: row.honeypot, priceUSD: row.priceUSD,
                            expectedReturn: row.expectedReturn, forwardReturn: forward[position],
                            forwardAlpha: forward[position].map { $0 - (median ?? 0) })
            })
        }

        for hour in world.hours() {
            let slot = hour.hour % (span + 1)
            var prices = [Double](repeating: 0, count: tokenCount)
            var alive = [Bool](repeating: false, count: tokenCount)
            for row in hour.latent {
                prices[Int(row.token)] = row.priceUSD
                alive[Int(row.token)] = row.status == .alive
            }
            ringRows[slot] = hour.latent
            ringPrice[slot] = prices
            ringAlive[slot] = alive
            hoursSeen = hour.hour + 1
            let due = hour.hour - span
            if due >= 0 { try finish(hour: due, end: hour.hour) }
        }
        for t in max(0, hoursSeen - span)..<hoursSeen { try finish(hour: t, end: nil) }
    }

    /// Writes the truth as CSV: a header, then one line per launched token and hour.
    ///
    /// Columns: hour, time (ISO 8601), chain, address, symbol, quality, hype, status, honeypot,
    /// price_usd, expected_return, forward_return, forward_alpha (empty where undefined).
    public func write(csv url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw SimWorldError.cannotWrite(path: url.path)
        }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var chunk = "hour,time,chain,address,symbol,quality,hype,status,honeypot,price_usd,expected_return,forward_return,forward_alpha\n"
        let addresses = world.tokens.map(\.address.hex)
        let chain = String(world.config.chainID)
        try forEachHour { rows in
            guard let first = rows.first else { return }
            let time = world.chain.time(ofHour: Int(first.hour) + 1).description
            for row in rows {
                let token = Int(row.token)
                chunk += "\(row.hour),\(time),\(chain),\(addresses[token]),\(world.tokens[token].symbol),"
                chunk += "\(row.quality),\(row.hype),\(row.status.rawValue),\(row.honeypot ? 1 : 0),\(row.priceUSD),"
                chunk += "\(row.expectedReturn),\(row.forwardReturn.map { "\($0)" } ?? ""),\(row.forwardAlpha.map { "\($0)" } ?? "")\n"
            }
            if chunk.utf8.count > 1 << 20 {
                try handle.write(contentsOf: Data(chunk.utf8))
                chunk = ""
            }
        }
        try handle.write(contentsOf: Data(chunk.utf8))
    }
}

/// The median of `values` (mean of the middle two for an even count), nil when empty.
func medianOf(_ values: [Double]) -> Double? {
    guard !values.isEmpty else { return nil }
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
