import Foundation

/// One token's hour: advances its latent state, decides its fate, and writes the hour's
/// transactions, posts, market snapshot and truth row into the hour's buffer.
///
/// Its random stream is derived from (seed, token, hour), so the hour can be generated in any order
/// and on any thread with the same result.
struct TokenHour {
    let token: SimToken
    let world: SimWorldContext
    let hour: Int
    var random: SimRandom
    /// Orders this token's transactions against other tokens' inside a block.
    let orderKey: UInt64
    var sequence: Int32 = 0

    init(token: SimToken, world: SimWorldContext, hour: Int) {
        self.token = token
        self.world = world
        self.hour = hour
        random = SimRandom(seed: world.seed, 0x4855_0000, UInt64(token.index), UInt64(hour))
        orderKey = random.next()
    }

    var dynamics: SimDynamics { world.dynamics }
    var id: Int32 { Int32(token.index) }
    var hourStart: Int64 { world.chain.time(ofHour: hour).seconds }

    mutating func run(state slot: inout TokenState?, buffer: inout HourBuffer) {
        guard hour >= token.launchHour else { return }
        let firstTransaction = buffer.transactions.count
        defer { placeInBlocks(&buffer, from: firstTransaction) }
        if slot == nil {
            slot = launch(buffer: &buffer)
        } else {
            var state = slot!
            slot = nil  // hand the arrays over without a copy
            evolve(&state, buffer: &buffer)
            slot = state
        }
        record(slot!, buffer: &buffer)
    }

    /// One hourly step of the latent processes, then the hour's activity.
    mutating func evolve(_ state: inout TokenState, buffer: inout HourBuffer) {
        let d = dynamics
        state.quality += d.qReversion * (token.qualityMean - state.quality) + d.qVolatility * random.normal()
        var jump = 0.0
        if random.chance(d.hJumpRate) {
            jump = random.exponential(mean: d.hJumpMean) * (random.chance(0.8) ? 1 : -1)
        }
        state.hype = d.hPersistence * state.hype + d.hVolatility * random.normal() + jump
        state.trailingQuality += (state.quality - state.trailingQuality) / Double(d.royaltyLag)
        if token.fate == .honeypot {
            state.value += d.honeypotDrift + d.valueVolatility * random.normal()
        } else {
            state.value += d.qDrift * state.quality - d.bleed + d.valueVolatility * random.normal()
        }
        let slot = hour % 24
        state.volume[slot] = 0
        state.buys[slot] = 0
        state.sells[slot] = 0

        if let rugHour = token.rugHour, hour >= rugHour, state.status != .rugged {
            // A faded token's deployer still pulls what is left.
            pullLiquidity(&state, fraction: 1.0, buffer: &buffer)
            state.status = .rugged
        }
        if state.status == .alive {
            if token.fate != .honeypot,
                      random.chance(d.deathRate * Foundation.exp(-d.deathQuality * state.quality - d.deathHype * state.hype)) {
                pullLiquidity(&state, fraction: 0.95, buffer: &buffer)
                state.status = .dead
            }
        }
        if state.status == .alive {
            trade(&state, buffer: &buffer)
            manageLiquidity(&state, buffer: &buffer)
            moveTokens(&state, buffer: &buffer)
        }
        ipActivity(&state, buffer: &buffer)
        posts(state, buffer: &buffer)
    }

    /// The hour's market snapshot and truth row.
    func record(_ state: TokenState, buffer: inout HourBuffer) {
        let end = hourStart + 3600
        let (tokenReserve, wethReserve) = state.reserves(isToken0: token.isToken0)
        let ethUSD = world.ethUSD[hour]
        let tokenScale = Foundation.pow(10.0, Double(token.decimals))
        let priceNative = tokenReserve > 0 ? (wethReserve.approximate / 1e18) / (tokenReserve.approximate / tokenScale) : 0
        let priceUSD = priceNative * ethUSD
        var h6 = 0.0, h24 = 0.0
        var buys24: Int32 = 0, sells24: Int32 = 0
        for back in 0..<24 {
            let slot = ((hour - back) % 24 + 24) % 24
            let volume = state.volume[slot] / 1e18 * ethUSD
            if back < 6 { h6 += volume }
            h24 += volume
            buys24 += state.buys[slot]
            sells24 += state.sells[slot]
        }
        let slot = hour % 24
        buffer.snapshots.append(SimMarketSnapshot(
            token: id, time: end, priceUSD: priceUSD, priceNative: priceNative,
            liquidityUSD: 2 * wethReserve.approximate / 1e18 * ethUSD,
            volumeH1USD: state.volume[slot] / 1e18 * ethUSD, volumeH6USD: h6, volumeH24USD: h24,
            buysH1: state.buys[slot], sellsH1: state.sells[slot], buysH24: buys24, sellsH24: sells24,
            fdvUSD: priceUSD * token.totalSupply.approximate / tokenScale,
            pairCreatedAt: world.chain.time(ofHour: token.launchHour).seconds))
        buffer.latent.append(SimLatentRow(
            token: id, hour: Int32(hour), quality: state.quality, hype: state.hype, status: state.status,
            honeypot: token.fate == .honeypot, priceUSD: priceUSD,
            expectedReturn: world.oracle.expectedReturn(quality: state.quality, hype: state.hype, status: state.status, fate: token.fate)))
    }

    /// Opens a transaction; its block is chosen when the hour's transactions are all known.
    mutating func begin(_ buffer: inout HourBuffer, from: SimAddress, to: SimAddress, failed: Bool = false) {
        buffer.begin(token: id, blockOffset: 0, orderKey: orderKey, sequence: &sequence, from: from, to: to, failed: failed)
    }

    /// Spreads the token's transactions of this hour (from `firstTransaction` on) over the hour's
    /// blocks in ascending order, so that block order is the order in which they changed the pool
    /// and balances. A registration takes its block's time as its registration date.
    mutating func placeInBlocks(_ buffer: inout HourBuffer, from firstTransaction: Int) {
        let count = buffer.transactions.count - firstTransaction
        guard count > 0 else { return }
        let blocks = world.chain.blocksPerHour
        var offsets = (0..<count).map { _ in Int32(random.below(blocks)) }
        offsets.sort()
        for index in 0..<count {
            let position = firstTransaction + index
            buffer.transactions[position].blockOffset = offsets[index]
            let transaction = buffer.transactions[position]
            guard transaction.logCount > 0 else { continue }
            let logPosition = Int(transaction.firstLog)
            if case .ipRegistered(let ipID, let chainID, let tokenContract, let nftTokenID, _) = buffer.logs[logPosition].event {
                let time = hourStart + Int64(offsets[index]) * world.chain.blockSeconds
                buffer.logs[logPosition].event = .ipRegistered(ipID: ipID, chainID: chainID, tokenContract: tokenContract,
                                                               nftTokenID: nftTokenID, registrationDate: UInt64(time))
            }
        }
    }
}
