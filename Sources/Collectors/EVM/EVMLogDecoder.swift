import EVMWire
import RadarCore

/// Turns raw logs of the `TrackedEvent`s into the store's rows (`Transfer`, `Swap`, `ReserveUpdate`,
/// `LiquidityEvent`, `Pool`) on one chain. Logs carry no time, so the caller passes each block's
/// timestamp as the event time, and the moment it learned of the logs as `observedAt`.
///
/// Amounts go from ABI words straight to decimal text, exact for all 256 bits; every word's padding
/// is checked, so a log that is not what its topic0 claims fails with an error naming the field.
public struct EVMLogDecoder: Sendable {
    public let chain: ChainID

    public init(chain: ChainID) { self.chain = chain }

    /// Decodes one log. Removed logs, ERC-721 transfers and untracked events are `.skipped`.
    public func decode(_ log: RawLog, blockTime: Timestamp, observedAt: Timestamp) throws(LogDecodingError) -> DecodedLog {
        guard !log.removed else { return .skipped(.removed) }
        guard let topic0 = log.topics.first, let event = TrackedEvent(topic0: topic0) else { return .skipped(.untrackedEvent) }
        let read = LogReader(log: log, event: .named(event))
        let position = log.position(chain: chain)
        switch event {
        case .erc20Transfer:
            // ERC-721 shares the signature and topic0 but indexes the token id as a fourth topic.
            if log.topics.count == 4 { return .skipped(.nonFungibleTransfer) }
            try read.expectTopicCount(3)
            try read.expectDataCount(32)
            return .transfer(Transfer(
                position: position, token: log.address,
                from: try read.address(read.topic(1), field: "from (topic 1)"),
                to: try read.address(read.topic(2), field: "to (topic 2)"),
                amount: try read.unsigned(read.word(0), bits: 256, field: "value (data word 0)"),
                eventTime: blockTime, observedAt: observedAt))

        case .uniswapV2PairCreated:
            try read.expectTopicCount(3)
            try read.expectDataCount(64)
            return .pool(Pool(
                chain: chain, address: try read.address(read.word(0), field: "pair (data word 0)"), dex: .uniswapV2,
                factory: log.address,
                token0: try read.address(read.topic(1), field: "token0 (topic 1)"),
                token1: try read.address(read.topic(2), field: "token1 (topic 2)"),
                fee: nil, created: position, createdAt: blockTime, observedAt: observedAt))

        case .uniswapV2Swap:
            try read.expectTopicCount(3)
            try read.expectDataCount(128)
            return .swap(Swap(
                position: position, pool: log.address,
                sender: try read.address(read.topic(1), field: "sender (topic 1)"),
                recipient: try read.address(read.topic(2), field: "to (topic 2)"),
                amount0In: try read.unsigned(read.word(0), bits: 256, field: "amount0In (data word 0)"),
                amount1In: try read.unsigned(read.word(1), bits: 256, field: "amount1In (data word 1)"),
                amount0Out: try read.unsigned(read.word(2), bits: 256, field: "amount0Out (data word 2)"),
                amount1Out: try read.unsigned(read.word(3), bits: 256, field: "amount1Out (data word 3)"),
                eventTime: blockTime, observedAt: observedAt))

        case .uniswapV2Sync:
            try read.expectTopicCount(1)
            try read.expectDataCount(64)
            return .reserves(ReserveUpdate(
                position: position, pool: log.address,
                reserve0: try read.unsigned(read.word(0), bits: 112, field: "reserve0 (data word 0)"),
                reserve1: try read.unsigned(read.word(1), bits: 112, field: "reserve1 (data word 1)"),
                eventTime: blockTime, observedAt: observedAt))

        case .uniswapV2Mint, .uniswapV2Burn:
            let isMint = event == .uniswapV2Mint
            try read.expectTopicCount(isMint ? 2 : 3)
            try read.expectDataCount(64)
            if !isMint { _ = try read.address(read.topic(2), field: "to (topic 2)") }
            return .liquidity(LiquidityEvent(
                position: position, pool: log.address, change: isMint ? .mint : .burn,
                sender: try read.address(read.topic(1), field: "sender (topic 1)"),
                amount0: try read.unsigned(read.word(0), bits: 256, field: "amount0 (data word 0)"),
                amount1: try read.unsigned(read.word(1), bits: 256, field: "amount1 (data word 1)"),
                eventTime: blockTime, observedAt: observedAt))

        case .uniswapV3PoolCreated:
            try read.expectTopicCount(4)
            try read.expectDataCount(64)
            _ = try read.smallSigned(read.word(0), bits: 24, field: "tickSpacing (data word 0)")
            return .pool(Pool(
                chain: chain, address: try read.address(read.word(1), field: "pool (data word 1)"), dex: .uniswapV3,
                factory: log.address,
                token0: try read.address(read.topic(1), field: "token0 (topic 1)"),
                token1: try read.address(read.topic(2), field: "token1 (topic 2)"),
                fee: Int(try read.smallUnsigned(read.topic(3), bits: 24, field: "fee (topic 3)")),
                created: position, createdAt: blockTime, observedAt: observedAt))

        case .uniswapV3Swap:
            try read.expectTopicCount(3)
            try read.expectDataCount(160)
            // Signed deltas from the pool's side: positive flowed in, negative flowed out.
            let (amount0In, amount0Out) = split(try read.signed(read.word(0), bits: 256, field: "amount0 (data word 0)"))
            let (amount1In, amount1Out) = split(try read.signed(read.word(1), bits: 256, field: "amount1 (data word 1)"))
            return .swap(Swap(
                position: position, pool: log.address,
                sender: try read.address(read.topic(1), field: "sender (topic 1)"),
                recipient: try read.address(read.topic(2), field: "recipient (topic 2)"),
                amount0In: amount0In, amount1In: amount1In, amount0Out: amount0Out, amount1Out: amount1Out,
                sqrtPriceX96: try read.unsigned(read.word(2), bits: 160, field: "sqrtPriceX96 (data word 2)"),
                liquidity: try read.unsigned(read.word(3), bits: 128, field: "liquidity (data word 3)"),
                tick: try read.smallSigned(read.word(4), bits: 24, field: "tick (data word 4)"),
                eventTime: blockTime, observedAt: observedAt))
        }
    }

    /// Decodes a batch, collecting rows, skips and per-log failures. `blockTime` gives each block's
    /// timestamp; a log whose block has none fails (it is never stamped with a guessed time).
    public func decode(_ logs: [RawLog], observedAt: Timestamp, blockTime: (Int64) -> Timestamp?) -> DecodedLogs {
        var decoded = DecodedLogs()
        for log in logs {
            guard let time = blockTime(log.blockNumber) else {
                decoded.failures.append(LogDecodingError(
                    event: log.topics.first.flatMap { TrackedEvent(topic0: $0)?.label } ?? "log", field: "blockNumber",
                    value: String(log.blockNumber), reason: "no block timestamp was given for this block", log: log))
                continue
            }
            do {
                decoded.append(try decode(log, blockTime: time, observedAt: observedAt))
            } catch {
                decoded.failures.append(error)
            }
        }
        return decoded
    }

    /// A signed delta as (in, out): one of them is zero.
    private func split(_ delta: DecimalAmount) -> (in: DecimalAmount, out: DecimalAmount) {
        delta.isNegative ? (.zero, DecimalAmount(canonical: String(delta.digits.dropFirst()))) : (delta, .zero)
    }
}
