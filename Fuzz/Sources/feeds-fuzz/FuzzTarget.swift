import Collectors
import Foundation
import RadarCore

/// libFuzzer's entry point for the feed parsers: every input goes to the RSS/Atom reader and to the
/// DexScreener and X adapters. A crash, a hang, an error that names no feed or field, or a row the
/// store would refuse (a negative or infinite amount, an empty post id) is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let body = Data(bytes: start, count: count)
    let observedAt = Timestamp(seconds: 1_716_000_000)
    let ape = try! TokenID(chain: 1, address: "0x4d224452801aced8b2f0aebe155379bb5d594381")
    let matcher = MentionMatcher(tokens: [TrackedToken(id: ape, symbol: "APE", aliases: ["Bored Ape"])])

    func checkError(_ error: PayloadError, _ feed: String) {
        if error.feed != feed || error.field.isEmpty || error.reason.isEmpty { fatalError("error without feed or field: \(error)") }
        if let line = error.line, line < 1 { fatalError("error with a bad position: \(error)") }
    }

    do {
        let page = try SyndicationAdapter(feed: "rss").read(body, cursor: FeedCursor(since: "1700000000"), observedAt: observedAt)
        for post in page.posts where post.postID.isEmpty { fatalError("post without an id") }
        _ = matcher.mentions(in: page.posts)
        _ = try FeedCursor(checkpoint: page.cursor.checkpoint, feed: "rss")
    } catch {
        checkError(error, "rss")
    }

    do {
        let reading = try DexScreenerAdapter(feed: "dex", network: "ethereum", chain: 1)
            .read(body, selection: .tracked([ape]), observedAt: observedAt)
        for snapshot in reading.snapshots {
            for value in [snapshot.priceUSD, snapshot.liquidityUSD, snapshot.volume24hUSD, snapshot.fdvUSD].compactMap({ $0 })
            where !(value.isFinite && value >= 0) {
                fatalError("snapshot with an impossible amount: \(snapshot)")
            }
            if (snapshot.buys24h ?? 0) < 0 || (snapshot.sells24h ?? 0) < 0 { fatalError("negative counts: \(snapshot)") }
        }
    } catch {
        checkError(error, "dex")
    }

    do {
        let page = try XRecentSearchAdapter(feed: "x").read(body, cursor: FeedCursor(), observedAt: observedAt)
        _ = matcher.mentions(in: page.posts)
    } catch {
        checkError(error, "x")
    }
    return 0
}
