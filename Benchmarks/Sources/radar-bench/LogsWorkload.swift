import Foundation

/// The `eth_getLogs` response body the abi-decode benchmark reads: N logs as a node sends them
/// (compact JSON, geth's member order, lowercase hex), built once from a seed before any timing.
///
/// The mix is a DEX-heavy block range: 45% ERC-20 transfers, 20% Uniswap V2 swaps, 20% V2 syncs,
/// 15% Uniswap V3 swaps (half with a negative amount0), across 10,000 tokens, 2,000 pools and 50,000
/// holders; blocks of 100-400 logs, one to three logs per transaction; amounts of 10-96 bits.
struct LogsWorkload {
    static let firstBlock: Int64 = 21_000_000
    /// 2025-01-01T00:00:00Z; blocks are 12 s apart.
    static let firstBlockTime: Int64 = 1_735_689_600

    // The benchmark's body generator writes topic0 as text; the decoder computes its own from the
    // signatures, and the sanity check (every log decodes to a row) would catch any mismatch.
    static let transferTopic = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"
    static let v2SwapTopic = "0xd78ad95fa46c994b6551d0da85fc275fe613ce37657fb8d5e3d130840159d822"
    static let syncTopic = "0x1c411e9a96e071241c2f21f7726b17ae89e3cab4c78be50e062b03a9fffbbad1"
    static let v3SwapTopic = "0xc42079f94a6350d7e6235f29174924f928cc2ac818eb64fed8004e115fbcca67"

    let body: [UInt8]
    let logCount: Int
    let transfers: Int
    let swaps: Int
    let syncs: Int
    let lastBlock: Int64

    init(logs: Int, seed: UInt64 = 0xAB1D_EC0D) {
        var rng = SeededGenerator(seed: seed)
        func hex(_ digits: Int) -> String {
            var text = ""
            text.reserveCapacity(digits)
            while text.count < digits {
                let part = String(rng.next(), radix: 16)
                text += String(repeating: "0", count: 16 - part.count) + part
            }
            return String(text.prefix(digits))
        }
        let tokens = (0..<10_000).map { _ in hex(40) }
        let pools = (0..<2_000).map { _ in hex(40) }
        let holders = (0..<50_000).map { _ in hex(40) }
        let padding = String(repeating: "0", count: 24)
        /// A uint word of a random width between `bits.lowerBound` and `bits.upperBound`.
        func amount(_ bits: ClosedRange<Int>) -> String {
            let width = Int.random(in: bits, using: &rng)
            let high = width > 64 ? rng.next() >> UInt64(128 - width) : 0
            let low = width >= 64 ? rng.next() : rng.next() >> UInt64(64 - width)
            let highText = high == 0 ? "" : String(high, radix: 16)
            let lowText = String(low, radix: 16)
            let body = highText.isEmpty ? lowText : highText + String(repeating: "0", count: 16 - lowText.count) + lowText
            return String(repeating: "0", count: 64 - body.count) + body
        }
        /// A negative int256 word: two's complement of a small magnitude, written as ff... digits.
        func negative() -> String {
            let magnitude = UInt64.random(in: 1...(1 << 60), using: &rng)
            let low = String(~magnitude &+ 1, radix: 16)
            return String(repeating: "f", count: 48) + low
        }

        var text = #"{"jsonrpc":"2.0","id":1,"result":["#
        text.reserveCapacity(logs * 760)
        var counts = (transfers: 0, swaps: 0, syncs: 0)
        var block = Self.firstBlock
        var produced = 0
        while produced < logs {
            let blockHash = "0x" + hex(64)
            let inBlock = min(Int.random(in: 100...400, using: &rng), logs - produced)
            var logIndex = 0, transactionIndex = 0
            while logIndex < inBlock {
                let transactionHash = "0x" + hex(64)
                for _ in 0..<min(Int.random(in: 1...3, using: &rng), inBlock - logIndex) {
                    let address: String, topics: [String], data: String
                    let draw = Int.random(in: 0..<100, using: &rng)
                    if draw < 45 {
                        address = tokens[Int.random(in: 0..<(Int.random(in: 0...1, using: &rng) == 0 ? 100 : tokens.count), using: &rng)]
                        topics = [Self.transferTopic, "0x" + padding + holders.randomElement(using: &rng)!,
                                  "0x" + padding + holders.randomElement(using: &rng)!]
                        data = amount(40...96)
                        counts.transfers += 1
                    } else if draw < 65 {
                        address = pools.randomElement(using: &rng)!
                        let buy0 = Bool.random(using: &rng)
                        topics = [Self.v2SwapTopic, "0x" + padding + holders.randomElement(using: &rng)!,
                                  "0x" + padding + holders.randomElement(using: &rng)!]
                        let zero = String(repeating: "0", count: 64)
                        data = buy0 ? amount(40...90) + zero + zero + amount(40...90) : zero + amount(40...90) + amount(40...90) + zero
                        counts.swaps += 1
                    } else if draw < 85 {
                        address = pools.randomElement(using: &rng)!
                        topics = [Self.syncTopic]
                        data = amount(60...112) + amount(60...112)
                        counts.syncs += 1
                    } else {
                        address = pools.randomElement(using: &rng)!
                        topics = [Self.v3SwapTopic, "0x" + padding + holders.randomElement(using: &rng)!,
                                  "0x" + padding + holders.randomElement(using: &rng)!]
                        let negativeFirst = Bool.random(using: &rng)
                        let tick = Int32.random(in: -887_272...887_272, using: &rng)
                        let tickWord = tick < 0
                            ? String(repeating: "f", count: 56) + String(UInt32(bitPattern: tick), radix: 16)
                            : String(repeating: "0", count: 64 - String(tick, radix: 16).count) + String(tick, radix: 16)
                        data = (negativeFirst ? negative() + amount(40...90) : amount(40...90) + negative())
                            + amount(80...128) + amount(60...128) + tickWord
                        counts.swaps += 1
                    }
                    if produced > 0 { text += "," }
                    text += #"{"address":"0x\#(address)","topics":["\#(topics.joined(separator: "\",\""))"],"data":"0x\#(data)","#
                    text += #""blockNumber":"0x\#(String(block, radix: 16))","transactionHash":"\#(transactionHash)","#
                    text += #""transactionIndex":"0x\#(String(transactionIndex, radix: 16))","blockHash":"\#(blockHash)","#
                    text += #""logIndex":"0x\#(String(logIndex, radix: 16))","removed":false}"#
                    logIndex += 1
                    produced += 1
                }
                transactionIndex += 1
            }
            block += 1
        }
        text += "]}"
        body = Array(text.utf8)
        logCount = produced
        (transfers, swaps, syncs) = counts
        lastBlock = block - 1
    }
}
