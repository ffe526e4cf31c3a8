import Foundation
import RadarTestSupport
import Testing

/// `radar collect` against real counterparts: the collectors' EVM test node (evm-logs and ip-registry
/// feeds), an RSS feed and a feed answering 500 on a loopback server.
@Suite(.serialized, .enabled(if: TestEVMNode.isAvailable, "needs eth-tester, py-evm and vyper in .venv: run scripts/setup.sh"))
struct CollectCLITests {
    static let rss = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0"><channel><title>IP news</title><link>https://news.example.org/</link><description>d</description>
        <item><title>Pudgy Penguins licence a toy line</title><link>https://news.example.org/1</link><guid>news-1</guid>
        <pubDate>Fri, 12 Apr 2024 14:30:00 +0000</pubDate><description>Plush penguins.</description></item>
        <item><title>Story registers a film IP</title><link>https://news.example.org/2</link><guid>news-2</guid>
        <pubDate>Sat, 13 Apr 2024 10:00:00 +0000</pubDate><description>Royalties on chain.</description></item>
        </channel></rss>
        """

    /// A workspace whose config points an evm-logs and an ip-registry feed at `node`, an rss feed and a
    /// broken one (its URL carries a secret) at `server`, and names a disabled feed.
    static func workspace(node: TestEVMNode, server: LoopbackHTTPServer, interval: String = "1m") throws -> Workspace {
        let manifest = node.manifest
        let factory = try #require((manifest["contracts"] as? [String: String])?["factory"])
        let tokens = try #require(manifest["tokens"] as? [String: [String: Any]]).values.compactMap { $0["address"] as? String }.sorted()
        let registry = try #require((manifest["ipRegistry"] as? [String: Any])?["address"] as? String)
        return try Workspace(config: """
            store:
              path: data/radar.sqlite
            feeds:
              - name: chain
                kind: evm-logs
                url: \(node.url)
                interval: \(interval)
                chain: 1337
                factories: ["\(factory)"]
                tokens: [\(tokens.map { "\"\($0)\"" }.joined(separator: ", "))]
                confirmations: 0
                maxBlockRange: 50
              - name: registry
                kind: ip-registry
                url: \(node.url)
                interval: \(interval)
                chain: 1337
                contracts: ["\(registry)"]
                confirmations: 0
                events:
                  - kind: ip-registered
                    signature: "IPRegistered(address ipId, uint256 indexed chainId, address indexed tokenContract, uint256 indexed tokenId, string name, string uri, uint256 registrationDate)"
                    fields: { ipId: ipId, token: tokenContract, tokenChain: chainId }
                  - kind: licence-minted
                    signature: "LicenseTokensMinted(address indexed caller, address indexed licensorIpId, address licenseTemplate, uint256 indexed licenseTermsId, uint256 amount, address receiver, uint256 startLicenseTokenId)"
                    fields: { ipId: licensorIpId, amount: amount, counterparty: receiver }
                  - kind: derivative-registered
                    signature: "DerivativeRegistered(address indexed caller, address indexed childIpId, address parentIpId, uint256 licenseTermsId, address licenseTemplate)"
                    fields: { ipId: parentIpId, counterparty: childIpId }
                  - kind: royalty-paid
                    signature: "RoyaltyPaid(address receiverIpId, address payerIpId, address sender, address token, uint256 amount)"
                    fields: { ipId: receiverIpId, counterparty: payerIpId, amount: amount }
              - name: news
                kind: rss
                url: \(server.url("/rss"))
                interval: \(interval)
              - name: broken
                kind: rss
                url: \(server.url("/broken"))?api_key=${BROKEN_KEY}
                interval: \(interval)
                retries: 0
              - name: later
                kind: rss
                enabled: false
                url: \(server.url("/later"))
            """)
    }

    static func server() throws -> LoopbackHTTPServer {
        let server = try LoopbackHTTPServer()
        server.route("/rss", .rss)
        server.route("/broken", .text("upstream exploded", status: 500))
        return server
    }

    static func tables(_ workspace: Workspace) throws -> (tables: [String: Int], checkpoints: [String: String]) {
        let stats = try radar(["store", "stats", "--json", "--config", "radar.yaml"], in: workspace.directory, environment: environment)
        #expect(stats.status == 0, "stderr: \(stats.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        return (try #require(object["tables"] as? [String: Int]), try #require(object["checkpoints"] as? [String: String]))
    }

    static let environment = ["BROKEN_KEY": "sekrit-key-123"]

    /// A failing feed makes the exit status 1 and is named with its error, while the other feeds land
    /// exactly what their sources have; a second run adds nothing.
    @Test func collectOnceLandsEveryWorkingFeedAndReportsTheBrokenOne() throws {
        let node = try TestEVMNode(scenario: ["--seed", "2", "--wallets", "3", "--blocks", "3", "--ip-events", "4"])
        defer { node.stop() }
        let server = try Self.server()
        defer { server.stop() }
        let workspace = try Self.workspace(node: node, server: server)
        defer { workspace.cleanUp() }

        let first = try radar(["collect", "--once", "--config", "radar.yaml"], in: workspace.directory, environment: Self.environment)
        #expect(first.status == 1, "stdout: \(first.stdout)\nstderr: \(first.stderr)")
        let lines = first.stdout.split(separator: "\n").map(String.init)
        #expect(lines.map { $0.prefix { $0 != ":" } } == ["chain", "registry", "news", "broken"], "config order: \(lines)")
        let counts = try #require(node.manifest["logCounts"] as? [String: Int])
        let ipEvents = try #require((node.manifest["ipRegistry"] as? [String: Any])?["events"] as? [Any]).count
        #expect(lines[1].hasPrefix("registry: fetched \(ipEvents), new "))
        #expect(lines[1].contains(", errors 0, checkpoint {\"block\":"))
        #expect(lines[2] == "news: fetched 2, new 2, duplicates 0, errors 0, checkpoint " + lines[2].components(separatedBy: "checkpoint ").last!)
        #expect(lines[3] == "broken: fetched 0, new 0, duplicates 0, errors 1, checkpoint -")
        #expect(first.stderr.contains("feed 'broken'"))
        #expect(first.stderr.contains("HTTP 500"))
        #expect(first.stderr.contains("api_key=***") || first.stderr.contains("${BROKEN_KEY}"))
        #expect(!first.stderr.contains("sekrit-key-123") && !first.stdout.contains("sekrit-key-123"))
        #expect(server.requests(to: "/later").isEmpty)

        let (tables, checkpoints) = try Self.tables(workspace)
        #expect(tables["transfers"] == counts["Transfer"])
        #expect(tables["swaps"] == counts["Swap"])
        #expect(tables["reserves"] == counts["Sync"])
        #expect(tables["pools"] == counts["PairCreated"])
        #expect(tables["ip_events"] == ipEvents)
        #expect(tables["social_posts"] == 2)
        #expect(Set(checkpoints.keys) == ["chain", "registry", "news"])

        let second = try radar(["collect", "--once", "--config", "radar.yaml"], in: workspace.directory, environment: Self.environment)
        #expect(second.status == 1)
        for line in second.stdout.split(separator: "\n") where !line.hasPrefix("broken:") {
            #expect(line.contains(", new 0, "), "\(line)")
            #expect(line.contains("errors 0"), "\(line)")
        }
        #expect(try Self.tables(workspace).tables == tables)

        // One feed alone: only it runs, and it succeeds.
        let one = try radar(["collect", "--once", "--feed", "news", "--config", "radar.yaml"], in: workspace.directory,
                            environment: Self.environment)
        #expect(one.status == 0, "stderr: \(one.stderr)")
        #expect(one.stdout.split(separator: "\n").count == 1)
        #expect(one.stdout.hasPrefix("news: fetched "))
        #expect(one.stdout.contains(", new 0, ") && one.stdout.contains(", errors 0, "))

        let unknown = try radar(["collect", "--once", "--feed", "nope", "--config", "radar.yaml"], in: workspace.directory,
                                environment: Self.environment)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no feed named 'nope'"))
        #expect(unknown.stderr.contains("configured feeds: chain, registry, news, broken, later (disabled)"))
    }

    /// Without --once each feed polls on its interval until SIGINT, which ends the run cleanly.
    @Test func collectPollsUntilInterrupted() throws {
        let node = try TestEVMNode(scenario: ["--seed", "3", "--wallets", "2", "--blocks", "2", "--ip-events", "1"])
        defer { node.stop() }
        let server = try Self.server()
        defer { server.stop() }
        let workspace = try Self.workspace(node: node, server: server, interval: "1s")
        defer { workspace.cleanUp() }

        let process = try radarProcess(["collect", "--config", "radar.yaml"], in: workspace.directory, environment: Self.environment)
        let deadline = Date().addingTimeInterval(60)
        while server.requests(to: "/rss").count < 3 && Date() < deadline { usleep(100_000) }
        #expect(server.requests(to: "/rss").count >= 3, "the rss feed is polled again after its interval")
        process.process.interrupt()
        let exited = Date().addingTimeInterval(30)
        while process.process.isRunning && Date() < exited { usleep(50_000) }
        #expect(!process.process.isRunning, "SIGINT stops the loop")
        if process.process.isRunning { process.process.terminate() }
        let run = process.finish()
        #expect(run.status == 1, "the broken feed's last pass failed")
        #expect(run.stdout.contains("news: fetched 2, new 2"))
        let news = run.stdout.split(separator: "\n").filter { $0.hasPrefix("news: ") }
        #expect(news.count >= 3)
        #expect(news.dropFirst().allSatisfy { $0.contains(", new 0, ") && $0.contains(", errors 0, ") }, "\(news)")
        #expect(run.stderr.contains("stopping"))
    }
}

/// Feeds that pass `config check` but cannot be set up are reported in config order with the others.
struct CollectSetupCLITests {
    @Test func anIPRegistryFeedWhoseSignatureDoesNotParseFailsAloneNamingTheSignature() throws {
        let server = try LoopbackHTTPServer()
        server.route("/rss", .rss)
        defer { server.stop() }
        let workspace = try Workspace(config: """
            store:
              path: data/radar.sqlite
            feeds:
              - name: story
                kind: ip-registry
                url: http://127.0.0.1:9
                contracts: ["0x77319B4031e6eF1250907aa00018B8B1c67a244b"]
                events:
                  - kind: royalty-paid
                    signature: "RoyaltyPaid(address receiverIpId, uint257 amount)"
                    fields: { ipId: receiverIpId, amount: amount }
              - name: news
                kind: rss
                url: \(server.url("/rss"))
            """)
        defer { workspace.cleanUp() }
        let run = try radar(["collect", "--once", "--config", "radar.yaml"], in: workspace.directory)
        #expect(run.status == 1)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "story: fetched 0, new 0, duplicates 0, errors 1, checkpoint -")
        #expect(lines.last?.hasPrefix("news: fetched 2, new 2, ") == true)
        #expect(run.stderr.contains(#"feed 'story': events[0] (royalty-paid): event signature "RoyaltyPaid(address receiverIpId, uint257 amount)" at column 35"#))

        let help = try radar(["collect", "--help"])
        #expect(help.stdout.contains("--once"))
        #expect(help.stdout.contains("--feed <name>"))
    }
}

private extension LoopbackHTTPServer.Reply {
    /// `CollectCLITests.rss` as an RSS feed serves it.
    static let rss = LoopbackHTTPServer.Reply(headers: [("Content-Type", "application/rss+xml")], body: Array(CollectCLITests.rss.utf8))
}
