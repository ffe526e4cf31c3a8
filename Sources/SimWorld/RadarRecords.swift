import RadarCore

/// A world log in the form the radar stores it: what the collectors should produce when they read
/// the served world, so that integration tests can compare the store with the simulator's own view.
public enum SimRadarRecord: Hashable, Sendable {
    case pool(Pool)
    case transfer(Transfer)
    case swap(Swap)
    case reserves(ReserveUpdate)
    case liquidity(LiquidityEvent)
    case ipEvent(IPEvent)
}

extension SimWorld {
    /// Where a log sits, as the store keys it.
    public func position(of log: SimLog) -> LogPosition {
        LogPosition(chain: config.chainID, blockNumber: log.blockNumber, blockHash: chain.hash(of: log.blockNumber).evm,
                    logIndex: Int64(log.logIndex), transactionHash: log.transactionHash.evm)
    }

    /// The token as the store's `tokens` table holds it, first seen at its launch hour.
    public func radarToken(_ token: SimToken) -> Token {
        let launched = chain.time(ofHour: token.launchHour)
        return Token(id: TokenID(chain: config.chainID, address: token.address.evm), symbol: token.symbol, name: token.name,
                     decimals: token.decimals, totalSupply: amount(token.totalSupply), firstSeenAt: launched, observedAt: launched)
    }

    /// The token's declared link to its IP in the Story-style registry.
    public func ipLink(_ token: SimToken) -> IPLink {
        IPLink(token: TokenID(chain: config.chainID, address: token.address.evm), registry: "story", registryID: token.ip.ipID.hex,
               category: token.ip.category, ipName: token.ip.name, source: .declared, observedAt: chain.time(ofHour: token.launchHour))
    }

    /// The store row a log becomes, observed at `observedAt` (default: its block's time); nil for a
    /// log the store does not keep (transfers of WETH and of LP tokens are kept as transfers too).
    public func radarRecord(_ log: SimLog, observedAt: Timestamp? = nil) -> SimRadarRecord {
        let position = position(of: log)
        let time = chain.time(of: log.blockNumber)
        let observed = observedAt ?? time
        let address = log.address.evm
        let token = log.token >= 0 ? TokenID(chain: config.chainID, address: tokens[Int(log.token)].address.evm) : nil
        switch log.event {
        case .pairCreated(let token0, let token1, let pair, _):
            return .pool(Pool(chain: config.chainID, address: pair.evm, dex: .uniswapV2, factory: address, token0: token0.evm,
                              token1: token1.evm, fee: nil, created: position, createdAt: time, observedAt: observed))
        case .transfer(let from, let to, let value):
            return .transfer(Transfer(position: position, token: address, from: from.evm, to: to.evm, amount: amount(value),
                                      eventTime: time, observedAt: observed))
        case .swap(let sender, let amount0In, let amount1In, let amount0Out, let amount1Out, let to):
            return .swap(Swap(position: position, pool: address, sender: sender.evm, recipient: to.evm,
                              amount0In: amount(amount0In), amount1In: amount(amount1In), amount0Out: amount(amount0Out),
                              amount1Out: amount(amount1Out), eventTime: time, observedAt: observed))
        case .sync(let reserve0, let reserve1):
            return .reserves(ReserveUpdate(position: position, pool: address, reserve0: amount(reserve0), reserve1: amount(reserve1),
                                           eventTime: time, observedAt: observed))
        case .mint(let sender, let amount0, let amount1):
            return .liquidity(LiquidityEvent(position: position, pool: address, change: .mint, sender: sender.evm,
                                             amount0: amount(amount0), amount1: amount(amount1), eventTime: time, observedAt: observed))
        case .burn(let sender, let amount0, let amount1, _):
            return .liquidity(LiquidityEvent(position: position, pool: address, change: .burn, sender: sender.evm,
                                             amount0: amount(amount0), amount1: amount(amount1), eventTime: time, observedAt: observed))
        case .ipRegistered(let ipID, _, _, _, _):
            return .ipEvent(IPEvent(key: .onChain(position), kind: .registered, ipID: ipID.hex, token: token, amount: nil,
                                    counterparty: nil, eventTime: time, observedAt: observed))
        case .licenseTokensMinted(_, let licensor, _, _, let count, let receiver, _):
            return .ipEvent(IPEvent(key: .onChain(position), kind: .licenceMinted, ipID: licensor.hex, token: token,
                                    amount: DecimalAmount(canonical: String(count)), counterparty: receiver.hex,
                                    eventTime: time, observedAt: observed))
        case .derivativeRegistered(_, let child, _, let parent, _, _):
            return .ipEvent(IPEvent(key: .onChain(position), kind: .derivativeRegistered, ipID: parent.hex, token: token,
                                    amount: nil, counterparty: child.hex, eventTime: time, observedAt: observed))
        case .royaltyPaid(let receiver, let payer, _, _, let paid, _):
            return .ipEvent(IPEvent(key: .onChain(position), kind: .royaltyPaid, ipID: receiver.hex, token: token,
                                    amount: amount(paid), counterparty: payer.hex, eventTime: time, observedAt: observed))
        }
    }

    /// The snapshot as a DexScreener collector stores it.
    public func marketSnapshot(_ snapshot: SimMarketSnapshot, observedAt: Timestamp? = nil) -> MarketSnapshot {
        let token = tokens[Int(snapshot.token)]
        let time = Timestamp(seconds: snapshot.time)
        return MarketSnapshot(source: "dexscreener", token: TokenID(chain: config.chainID, address: token.address.evm),
                              pool: token.pool.evm, priceUSD: snapshot.priceUSD, liquidityUSD: snapshot.liquidityUSD,
                              volume24hUSD: snapshot.volumeH24USD, buys24h: Int64(snapshot.buysH24), sells24h: Int64(snapshot.sellsH24),
                              fdvUSD: snapshot.fdvUSD, pairCreatedAt: Timestamp(seconds: snapshot.pairCreatedAt),
                              eventTime: time, observedAt: observedAt ?? time)
    }

    /// The post as a social collector stores it, with the mention linking it to its token.
    public func socialPost(_ post: SimPost, observedAt: Timestamp? = nil) -> (post: SocialPost, mention: Mention) {
        let time = Timestamp(seconds: post.createdAt)
        let observed = observedAt ?? time
        let social = SocialPost(source: post.source.rawValue, postID: post.id, authorID: post.authorID, authorName: post.authorName,
                                authorFollowers: post.source == .x ? post.authorFollowers : nil, text: post.text,
                                likes: post.likes, reposts: post.reposts, replies: post.replies, url: post.url,
                                eventTime: time, observedAt: observed)
        let match: MentionMatch = switch post.mention {
        case .cashtag: .cashtag
        case .address: .address
        case .alias: .alias
        }
        let mention = Mention(source: post.source.rawValue, postID: post.id,
                              token: TokenID(chain: config.chainID, address: tokens[Int(post.token)].address.evm),
                              matchedBy: match, eventTime: time, observedAt: observed)
        return (social, mention)
    }

    func amount(_ value: UInt128) -> DecimalAmount { DecimalAmount(canonical: String(value)) }
}
