import Foundation
import RadarTestSupport
import Testing

/// A scratch directory with a config whose store lives inside it.
struct Workspace {
    let directory: URL

    init(config: String? = nil) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("radar-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try write("radar.yaml", config ?? "store:\n  path: data/radar.sqlite\nfeeds: []\n")
    }

    func write(_ name: String, _ text: String) throws {
        try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    func cleanUp() { try? FileManager.default.removeItem(at: directory) }
}

@Suite struct CLITests {
    @Test func theDefaultConfigChecksClean() throws {
        let run = try radar(["config", "check", "Feeds/radar.yaml"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.hasPrefix("Feeds/radar.yaml: OK: store var/radar.sqlite, 11 feeds (5 enabled)"))
    }

    @Test func aTypoAndAMissingVariableFailNamingBothWithLines() throws {
        let workspace = try Workspace(config: """
            store:
              path: data/radar.sqlite
            feeds:
              - name: x-ip
                kind: x-search
                url: https://api.twitter.com/2/tweets/search/recent
                query: pudgy
                intervall: 5m
                headers:
                  Authorization: Bearer ${X_BEARER_TOKEN}
            """)
        defer { workspace.cleanUp() }
        let run = try radar(["config", "check", "radar.yaml"], in: workspace.directory)
        #expect(run.status == 1)
        let lines = run.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains("radar.yaml:8:5: error: feeds[0].intervall: unknown key 'intervall'; hint: did you mean 'interval'?"))
        #expect(lines.contains { $0.hasPrefix("radar.yaml:10:22: error: feeds[0].headers.Authorization: environment variable X_BEARER_TOKEN is not set") })
        #expect(lines.last == "radar.yaml: 2 errors")
        // Every other command refuses the same config.
        let stats = try radar(["store", "stats", "--config", "radar.yaml"], in: workspace.directory)
        #expect(stats.status == 1)
        #expect(stats.stderr.contains("radar.yaml:8:5: error"))
    }

    @Test func printShowsTheResolvedConfigWithSecretsRedacted() throws {
        let run = try radar(["config", "check", "--print", "Feeds/radar.yaml"],
                            environment: ["X_BEARER_TOKEN": "AAAAsecretBBBB", "SLACK_WEBHOOK_URL": "https://hooks.slack.com/services/T0/B0/XYZ"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.contains("Authorization: Bearer ${X_BEARER_TOKEN}"))
        #expect(run.stdout.contains("url: ${SLACK_WEBHOOK_URL}"))
        #expect(!run.stdout.contains("AAAAsecretBBBB"))
        #expect(!run.stdout.contains("hooks.slack.com"))
        #expect(!run.stderr.contains("AAAAsecretBBBB"))
    }

    @Test func universeImportLandsGoodRowsSkipsBadOnesAndIsIdempotent() throws {
        let workspace = try Workspace()
        defer { workspace.cleanUp() }
        try workspace.write("universe.csv", """
            chain,address,symbol,ip,category
            1,0x4d224452801ACEd8B2F0aebE155379bb5D594381,APE,Bored Ape Yacht Club,brand
            1,0xnot-an-address,BAD,Nothing,brand
            1,0x967da4048cD07aB37855c090aAF366e4ce1b9F48,OCEAN,Ocean datatokens,data
            """)
        #expect(try radar(["store", "init", "--config", "radar.yaml"], in: workspace.directory).status == 0)

        let first = try radar(["universe", "import", "--config", "radar.yaml", "universe.csv"], in: workspace.directory)
        #expect(first.status == 1)
        #expect(first.stderr.contains("universe.csv:3: address: expected 0x followed by 40 hex digits (value: '0xnot-an-address'); row skipped"))
        #expect(first.stdout.contains("2 tokens read, 2 new tokens, 2 new or changed IP links, 1 rows skipped"))

        let second = try radar(["universe", "import", "--config", "radar.yaml", "universe.csv"], in: workspace.directory)
        #expect(second.stdout.contains("2 tokens read, 0 new tokens, 0 new or changed IP links, 1 rows skipped"))

        let stats = try radar(["store", "stats", "--json", "--config", "radar.yaml"], in: workspace.directory)
        #expect(stats.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        let tables = try #require(object["tables"] as? [String: Int])
        #expect(tables["tokens"] == 2)
        #expect(tables["ip_links"] == 2)
        #expect(tables["swaps"] == 0)
        #expect(tables.count == 18)
        #expect((object["checkpoints"] as? [String: String]) == [:])
    }

    @Test func statsShowsATableAndHelpReadsLikeAFinishedTool() throws {
        let workspace = try Workspace()
        defer { workspace.cleanUp() }
        let stats = try radar(["store", "stats", "--config", "radar.yaml"], in: workspace.directory)
        #expect(stats.status == 0)
        let transfers = stats.stdout.split(separator: "\n").first { $0.hasPrefix("transfers ") }
        #expect(transfers?.split(separator: " ") == ["transfers", "0"])
        #expect(stats.stdout.contains("checkpoints: none yet"))

        let help = try radar(["--help"])
        #expect(help.status == 0)
        for command in ["config", "store", "universe"] { #expect(help.stdout.contains("  \(command) ")) }
        let storeHelp = try radar(["store", "--help"])
        #expect(storeHelp.stdout.contains("init"))
        #expect(storeHelp.stdout.contains("stats"))
    }
}
