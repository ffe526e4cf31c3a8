import GRDB
import RadarCore

// Rows come from the store's own tables, whose columns were validated and made canonical on the way
// in, so reads wrap them without validating again (point-in-time reads decode tens of thousands of
// rows; validating again took a third of their time).

extension EVMAddress {
    init(column value: String) { self.init(canonical: value) }
}

extension EVMHash {
    init(column value: String) { self.init(canonical: value) }
}

extension DecimalAmount {
    init(column value: String) { self.init(canonical: value) }
}

extension Timestamp {
    init(column value: Int64) { self.init(seconds: value) }
}

extension ObservedBlock {
    /// Columns: chain, number, hash, parent_hash, timestamp, observed_at.
    init(row: Row) {
        self.init(chain: row[0], number: row[1], hash: EVMHash(column: row[2]), parentHash: (row[3] as String?).map(EVMHash.init(column:)),
                  timestamp: Timestamp(column: row[4]), observedAt: Timestamp(column: row[5]))
    }
}

extension Checkpoint {
    /// Columns: feed, cursor, updated_at.
    init(row: Row) {
        self.init(feed: row[0], cursor: row[1], updatedAt: Timestamp(column: row[2]))
    }
}

extension LogPosition {
    /// Columns starting at `offset`: chain, block_number, block_hash, log_index, tx_hash.
    init(row: Row, offset: Int) {
        self.init(chain: row[offset], blockNumber: row[offset + 1], blockHash: EVMHash(column: row[offset + 2]),
                  logIndex: row[offset + 3], transactionHash: EVMHash(column: row[offset + 4]))
    }
}

extension Token {
    /// Columns: chain, address, symbol, name, decimals, total_supply, first_seen_at, observed_at.
    init(row: Row) {
        self.init(id: TokenID(chain: row[0], address: EVMAddress(column: row[1])), symbol: row[2], name: row[3], decimals: row[4],
                  totalSupply: (row[5] as String?).map(DecimalAmount.init(column:)), firstSeenAt: Timestamp(column: row[6]),
                  observedAt: Timestamp(column: row[7]))
    }
}

extension IPLink {
    /// Columns: chain, address, registry, registry_id, category, ip_name, source, observed_at.
    init(row: Row) {
        self.init(token: TokenID(chain: row[0], address: EVMAddress(column: row[1])), registry: row[2], registryID: row[3],
                  category: IPCategory(rawValue: row[4]) ?? .other, ipName: row[5], source: IPLinkSource(rawValue: row[6]) ?? .inferred,
                  observedAt: Timestamp(column: row[7]))
    }
}

extension Pool {
    /// Columns: `PointInTimeReader.poolColumns`.
    init(row: Row) {
        let chain: Int64 = row[0]
        self.init(chain: chain, address: EVMAddress(column: row[1]), dex: PoolProtocol(rawValue: row[2]) ?? .uniswapV2,
                  factory: EVMAddress(column: row[3]), token0: EVMAddress(column: row[4]), token1: EVMAddress(column: row[5]),
                  fee: row[6],
                  created: LogPosition(chain: chain, blockNumber: row[7], blockHash: EVMHash(column: row[8]), logIndex: row[9],
                                       transactionHash: EVMHash(column: row[10])),
                  createdAt: Timestamp(column: row[11]), observedAt: Timestamp(column: row[12]))
    }
}

extension Transfer {
    init(row: Row) {
        self.init(position: LogPosition(row: row, offset: 0), token: EVMAddress(column: row[5]), from: EVMAddress(column: row[6]),
                  to: EVMAddress(column: row[7]), amount: DecimalAmount(column: row[8]), eventTime: Timestamp(column: row[9]),
                  observedAt: Timestamp(column: row[10]))
    }
}

extension Swap {
    init(row: Row) {
        self.init(position: LogPosition(row: row, offset: 0), pool: EVMAddress(column: row[5]), sender: EVMAddress(column: row[6]),
                  recipient: EVMAddress(column: row[7]), amount0In: DecimalAmount(column: row[8]),
                  amount1In: DecimalAmount(column: row[9]), amount0Out: DecimalAmount(column: row[10]),
                  amount1Out: DecimalAmount(column: row[11]), sqrtPriceX96: (row[12] as String?).map(DecimalAmount.init(column:)),
                  liquidity: (row[13] as String?).map(DecimalAmount.init(column:)), tick: row[14],
                  eventTime: Timestamp(column: row[15]), observedAt: Timestamp(column: row[16]))
    }
}

extension ReserveUpdate {
    init(row: Row) {
        self.init(position: LogPosition(row: row, offset: 0), pool: EVMAddress(column: row[5]), reserve0: DecimalAmount(column: row[6]),
                  reserve1: DecimalAmount(column: row[7]), eventTime: Timestamp(column: row[8]), observedAt: Timestamp(column: row[9]))
    }
}

extension LiquidityEvent {
    init(row: Row) {
        self.init(position: LogPosition(row: row, offset: 0), pool: EVMAddress(column: row[5]),
                  change: LiquidityChange(rawValue: row[6]) ?? .mint, sender: EVMAddress(column: row[7]),
                  amount0: DecimalAmount(column: row[8]), amount1: DecimalAmount(column: row[9]),
                  eventTime: Timestamp(column: row[10]), observedAt: Timestamp(column: row[11]))
    }
}

extension MarketSnapshot {
    init(row: Row) {
        self.init(source: row[0], token: TokenID(chain: row[1], address: EVMAddress(column: row[2])),
                  pool: (row[5] as String?).map(EVMAddress.init(column:)), priceUSD: row[6], liquidityUSD: row[7],
                  volume24hUSD: row[8], buys24h: row[9], sells24h: row[10], fdvUSD: row[11],
                  pairCreatedAt: (row[12] as Int64?).map(Timestamp.init(column:)),
                  eventTime: Timestamp(column: row[4]), observedAt: Timestamp(column: row[3]))
    }
}

extension SocialPost {
    init(row: Row) {
        self.init(source: row[0], postID: row[1], authorID: row[2], authorName: row[3], authorFollowers: row[4], text: row[5],
                  likes: row[6], reposts: row[7], replies: row[8], url: row[9], eventTime: Timestamp(column: row[10]),
                  observedAt: Timestamp(column: row[11]))
    }

    /// From the mentions join: mention columns 0–6, then the post's author_id … observed_at.
    init(mentionRow row: Row) {
        self.init(source: row[0], postID: row[1], authorID: row[7], authorName: row[8], authorFollowers: row[9], text: row[10],
                  likes: row[11], reposts: row[12], replies: row[13], url: row[14], eventTime: Timestamp(column: row[15]),
                  observedAt: Timestamp(column: row[16]))
    }
}

extension Mention {
    init(row: Row) {
        self.init(source: row[0], postID: row[1], token: TokenID(chain: row[2], address: EVMAddress(column: row[3])),
                  matchedBy: MentionMatch(rawValue: row[4]) ?? .alias, eventTime: Timestamp(column: row[5]),
                  observedAt: Timestamp(column: row[6]))
    }
}

extension IPEvent {
    /// Columns: source, source_id, chain, block_number, block_hash, log_index, tx_hash, kind, ip_id, token_chain,
    /// token_address, amount, counterparty, event_time, observed_at.
    init(row: Row) {
        let key: IPEventKey
        if let blockHash = row[4] as String? {
            key = .onChain(LogPosition(chain: row[2], blockNumber: row[3], blockHash: EVMHash(column: blockHash), logIndex: row[5],
                                       transactionHash: EVMHash(column: row[6] ?? "")))
        } else {
            key = .offChain(source: row[0] ?? "", id: row[1] ?? "")
        }
        var token: TokenID?
        if let chain = row[9] as Int64?, let address = row[10] as String? {
            token = TokenID(chain: chain, address: EVMAddress(column: address))
        }
        self.init(key: key, kind: IPEventKind(rawValue: row[7]) ?? .registered, ipID: row[8], token: token,
                  amount: (row[11] as String?).map(DecimalAmount.init(column:)), counterparty: row[12],
                  eventTime: Timestamp(column: row[13]), observedAt: Timestamp(column: row[14]))
    }
}
