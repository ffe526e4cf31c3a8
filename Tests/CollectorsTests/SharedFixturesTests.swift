import Foundation
import RadarCore
import Testing
@testable import Collectors

/// Runs the adapters on real API bodies recorded by other projects (`../shared/fixtures`, next to the
/// repository, with their provenance in SOURCES.md). Nothing is copied from there; where the folder is
/// absent (a fresh clone) the test is skipped.
@Suite struct SharedFixturesTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/fixtures")
    static let present = FileManager.default.fileExists(atPath: directory.appendingPathComponent("SOURCES.md").path)

    /// The API body of a recorded file: its `response` member when the recording wraps it with `_source`.
    static func body(_ path: String) throws -> Data {
        let data = try Data(contentsOf: directory.appendingPathComponent(path))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any], let response = object["response"] else { return data }
        return try JSONSerialization.data(withJSONObject: response, options: [.fragmentsAllowed])
    }

    @Test(.enabled(if: present, "../shared/fixtures is not next to this checkout"))
    func realResponsesParse() throws {
        let at = Sample.observedAt

        // DexScreener on Injective: the shape decodes; no EVM chain, so no rows.
        let dex = DexScreenerAdapter(feed: "dexscreener", network: "ethereum", chain: 1)
        let pairs = try #require(try dex.decode(Self.body("dexscreener/search_babydojo_injective.json")).pairs)
        #expect(pairs.count == 2 && pairs[0].txns?.h24?.sells == 768 && pairs[0].liquidity?.usd == 879284.45)
        #expect(try dex.read(Self.body("dexscreener/search_babydojo_injective.json"), selection: .baseTokens, observedAt: at)
            == MarketReading(snapshots: [], ignoredPairs: 2))

        // GeckoTerminal Solana pools: decode fully; on `eth` every pool is another network's.
        let gecko = GeckoTerminalAdapter(feed: "geckoterminal", network: "eth", chain: 1)
        let pools = try gecko.decode(Self.body("geckoterminal/specs_new_pools_by_network.json"))
        #expect(!pools.data.isEmpty)
        #expect(try gecko.reading(pools, selection: .baseTokens, observedAt: at).ignoredPairs == pools.data.count)

        // GeckoTerminal OHLCV: every candle checks out.
        let ohlcv = GeckoTerminalOHLCV(feed: "geckoterminal-ohlcv")
        #expect(try ohlcv.candles(Self.body("geckoterminal/test_data_get_ohlcv.json")).count == 99)
        for file in ["specs_OHLCV_validation_test_hour.json", "specs_OHLCV_validation_test.json"] {
            let candles = try ohlcv.candles(Self.body("geckoterminal/\(file)"))
            #expect(!candles.isEmpty)
            #expect(zip(candles, candles.dropFirst()).allSatisfy { $0.time < $1.time })
        }

        // X v2 with default fields only: dated by snowflake, paged by next_token.
        let x = try XRecentSearchAdapter(feed: "x").read(Self.body("x_api_v2/test_client_search_recent_tweets_0.json"), cursor: FeedCursor(), observedAt: at)
        #expect(x.posts.count == 10)
        #expect(x.posts.first?.eventTime == Timestamp(seconds: 1_665_182_532))
        #expect(x.cursor == FeedCursor(page: "b26v89c19zqg8o3fpzbn1e0ffhxjiofzw6po136rvbnul", newest: "1578516068309794817"))
        for file in ["test_asyncclient_search_recent_tweets_0.json", "test_client_search_all_tweets_0.json"] {
            #expect(try !XRecentSearchAdapter(feed: "x").read(Self.body("x_api_v2/\(file)"), cursor: FeedCursor(), observedAt: at).posts.isEmpty)
        }

        // Reddit listings from 2016.
        let reddit = RedditListingAdapter(feed: "reddit")
        let new = try reddit.read(Self.body("reddit/TestSubredditListings.test_new_1.json"), cursor: FeedCursor(), observedAt: at)
        #expect(new.posts.count == 100)
        #expect(new.posts.first?.postID == "t3_48fbm9")
        #expect(new.posts.first?.eventTime == Timestamp(seconds: 1_456_821_458))
        #expect(new.cursor.page == "t3_48f6io")
        #expect(try reddit.read(Self.body("reddit/TestSubredditListings.test_hot_1.json"), cursor: FeedCursor(), observedAt: at).posts.count == 102)

        // Telegram private-chat updates: two texts, offset past the last update.
        let telegram = try TelegramUpdatesAdapter(feed: "telegram").read(Self.body("telegram/getUpdates_telemetree.json"), cursor: FeedCursor(), observedAt: at)
        #expect(telegram.posts.map(\.text) == ["/start", "I'm not even tracked fool"])
        #expect(telegram.cursor == FeedCursor(since: "633291234"))
    }
}
