import FeatureStore
import Foundation
import RadarCore

/// Collects a `dex-market` feed: a snapshot of price, liquidity, volume and buys/sells for every
/// tracked token of the feed's chain, from a DexScreener- or GeckoTerminal-format API.
///
/// A pass reads the tokens the store knows on the chain and sweeps all of them: DexScreener takes up to
/// `batchSize` (at most 30) addresses per request, GeckoTerminal one token's pools per request. Each
/// response's snapshots land in one ingest; a failed request is reported and the sweep goes on with the
/// other batches, so one bad batch does not starve the rest.
///
/// Checkpoint: the cursor is the sweep's collection time in Unix seconds (`1716000000`), written in
/// the same transaction as the sweep's last page, and only when every page of the sweep landed; a
/// sweep with a failed page, or cut short by `pageLimit`, lands what it read and leaves the checkpoint.
/// Snapshots are keyed by collection time, so re-delivery at the same instant stores nothing new.
///
/// A `file://` URL is a recorded response: one request per pass, read for every tracked token.
public struct DexMarketCollector: Collector {
    public let feedName: String
    public let format: DexMarketOptions.Format
    /// The EVM chain whose tokens the feed covers (from the options' `network`).
    public let chain: ChainID
    private let url: SecretString
    private let headers: [HTTPHeader]
    private let batchSize: Int
    private let network: String
    private let http: HTTPFeed
    private let client: HTTPClient

    /// - Throws: `CollectorSetupError` when the feed is not `dex-market` or its network has no known EVM chain.
    public init(config: FeedConfig, client: HTTPClient, retry: RetryPolicy = RetryPolicy()) throws(CollectorSetupError) {
        guard case .dexMarket(let options) = config.options else {
            throw CollectorSetupError(feed: config.name, reason: "a \(config.kind.rawValue) feed is not a dex-market feed")
        }
        do {
            chain = try MarketNetwork.chain(of: options.network, format: options.format, feed: config.name)
        } catch {
            throw CollectorSetupError(feed: config.name, reason: "network '\(options.network)': \(error.reason)")
        }
        feedName = config.name
        format = options.format
        network = options.network
        batchSize = min(max(options.batchSize, 1), DexScreenerRequest.maxAddresses)
        url = config.url
        headers = config.headers.map(HTTPHeader.init)
        http = HTTPFeed(config, retry: retry)
        self.client = client
    }

    /// One request of a sweep and the tokens whose snapshots it may yield.
    struct Page {
        var request: HTTPRequest
        var tokens: Set<TokenID>
    }

    /// The requests of one sweep over `tokens` (the chain's tracked tokens, in store order).
    func pages(for tokens: [TokenID]) -> [Page] {
        if FeedURL.isReplay(url) {
            return [Page(request: .get(url, headers: headers, feed: http), tokens: Set(tokens))]
        }
        switch format {
        case .dexscreener:
            return DexScreenerRequest.batches(of: tokens.map(\.address), size: batchSize).map { batch in
                let target = FeedURL.replacingPath(of: url) { base in
                    // tokenURLs adds `/latest/dex/tokens` unless the base already ends with it.
                    DexScreenerRequest.tokenURLs(base: base, tokens: batch, batchSize: batch.count)[0]
                }
                return Page(request: .get(target, headers: headers, feed: http),
                            tokens: Set(batch.map { TokenID(chain: chain, address: $0) }))
            }
        case .geckoterminal:
            return tokens.map { token in
                let target = FeedURL.replacingPath(of: url) { base in
                    GeckoTerminalRequest.tokenPoolsURL(base: base, network: network, token: token.address)
                }
                return Page(request: .get(target, headers: headers, feed: http), tokens: [token])
            }
        }
    }

    public func collect(into store: FeatureStore, clock: any RadarClock, pageLimit: Int? = nil) async -> FeedReport {
        var report = FeedReport(feed: feedName)
        let start = clock.now()
        let tokens: [TokenID]
        do {
            report.checkpoint = try store.checkpoint(feed: feedName)?.cursor
            tokens = try store.asOf(start).tokens().map(\.id).filter { $0.chain == chain }
        } catch {
            report.errors.append("feed '\(feedName)': could not read the tracked tokens from the store: \(error)")
            return report
        }
        var pages = pages(for: tokens)
        var complete = true
        if let pageLimit, pages.count > max(pageLimit, 0) {
            pages = Array(pages.prefix(max(pageLimit, 0)))
            complete = false
        }
        for (index, page) in pages.enumerated() {
            let failure = FeedFailure(feed: feedName, request: page.request)
            let response: HTTPResponse
            do {
                response = try await client.send(page.request)
            } catch {
                report.errors.append(failure.http(error))
                complete = false
                continue
            }
            let observedAt = clock.now()
            let read: (pairs: Int, reading: MarketReading)
            do {
                read = try self.read(response.data, tokens: page.tokens, observedAt: observedAt)
            } catch {
                report.errors.append(failure.payload(error, status: response.status, bytes: response.body.count))
                complete = false
                continue
            }
            report.fetched += read.pairs
            // The sweep's last page carries the checkpoint, when nothing before it failed.
            let closes = complete && index == pages.count - 1
            let checkpoint = closes ? Checkpoint(feed: feedName, cursor: String(start.seconds), updatedAt: observedAt) : nil
            do {
                report.add(try store.ingest(IngestBatch(marketSnapshots: read.reading.snapshots), checkpoint: checkpoint))
                if let checkpoint { report.checkpoint = checkpoint.cursor }
            } catch {
                report.errors.append(failure.store(error))
                complete = false
            }
        }
        return report
    }

    /// The pairs a body holds and the snapshots of `tokens` they make.
    private func read(_ body: Data, tokens: Set<TokenID>, observedAt: Timestamp) throws(PayloadError) -> (pairs: Int, reading: MarketReading) {
        switch format {
        case .dexscreener:
            let adapter = DexScreenerAdapter(feed: feedName, network: network, chain: chain)
            let response = try adapter.decode(body)
            return (response.pairs?.count ?? 0, try adapter.reading(response, selection: .tracked(tokens), observedAt: observedAt))
        case .geckoterminal:
            let adapter = GeckoTerminalAdapter(feed: feedName, network: network, chain: chain)
            let response = try adapter.decode(body)
            return (response.data.count, try adapter.reading(response, selection: .tracked(tokens), observedAt: observedAt))
        }
    }
}
