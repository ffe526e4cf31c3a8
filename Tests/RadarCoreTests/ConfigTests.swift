import Foundation
import RadarCore
import Testing

/// The repository root, found from this file's path so tests do not depend on the working directory.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

private func check(_ yaml: String, environment: [String: String] = [:]) -> ConfigCheck {
    ConfigLoader.check(yaml: yaml, file: "test.yaml", environment: environment)
}

/// The only error of a check, which must exist.
private func onlyError(_ check: ConfigCheck, sourceLocation: SourceLocation = #_sourceLocation) throws -> ConfigIssue {
    #expect(check.config == nil, sourceLocation: sourceLocation)
    #expect(check.errors.count == 1, "errors: \(check.errors)", sourceLocation: sourceLocation)
    return try #require(check.errors.first, sourceLocation: sourceLocation)
}

private let minimal = """
    store:
      path: radar.sqlite
    feeds: []
    """

@Suite struct ConfigTests {
    @Test func theDefaultConfigIsValidWithoutAnySecretSet() throws {
        let check = ConfigLoader.check(path: repositoryRoot.appendingPathComponent("Feeds/radar.yaml").path, environment: [:])
        #expect(check.errors == [])
        let config = try #require(check.config)
        #expect(config.store.path == "var/radar.sqlite")
        #expect(config.feeds.filter(\.enabled).map(\.name) == ["world-chain", "world-market", "world-social", "world-news", "world-ip-registry"])
        // Secrets of disabled feeds are warnings, each naming its variable.
        #expect(check.warnings.contains { $0.message == "environment variable X_BEARER_TOKEN is not set" })
        guard case .evmLogs(let options) = config.feeds[0].options else {
            Issue.record("world-chain must be an evm-logs feed")
            return
        }
        #expect(options.confirmations == 12)
        #expect(options.factories.first?.address.hex == "0x5c69bee701ef814a2b6a3edd4b1652cb9cc5aa6f")
        #expect(config.scoring.blend[.gbdt] == 0.6)
        #expect(try config.scoring.horizonValue.bars == 168)
    }

    @Test func aFileWithOnlyStoreAndFeedsGetsEveryDefault() throws {
        let config = try #require(check(minimal).config)
        #expect(config.feeds.isEmpty)
        #expect(config.store.busyTimeout == .seconds(10))
        #expect(config.universe.file == "Feeds/universe.yaml")
        #expect(config.scoring.horizon == .days(7))
        #expect(config.scoring.executionLag == .hours(1))
        #expect(config.scoring.labelQuantile == 0.2)
        #expect(config.scoring.models == [.gbdt, .logistic])
        #expect(config.notifier.topK == 10)
        #expect(config.server.port == 8080)
    }

    @Test func aTypoedKeyIsAnErrorAtItsLineWithASuggestion() throws {
        let issue = try onlyError(check("""
            store:
              path: radar.sqlite
            feeds:
              - name: chain
                kind: rss
                url: http://127.0.0.1:8547/rss
                intervl: 5m
            """))
        #expect(issue.line == 7)
        #expect(issue.column == 5)
        #expect(issue.keyPath == "feeds[0].intervl")
        #expect(issue.message == "unknown key 'intervl'")
        #expect(issue.hint == "did you mean 'interval'?")
        #expect(issue.description == "test.yaml:7:5: error: feeds[0].intervl: unknown key 'intervl'; hint: did you mean 'interval'?")
    }

    @Test func anUnknownKeyFarFromAnyKnownOneListsTheKnownKeys() throws {
        let issue = try onlyError(check(minimal + "\nserver:\n  colour: blue\n"))
        #expect(issue.line == 5)
        #expect(issue.hint == "known keys here: host, port, metrics")
    }

    @Test func aMissingEnvironmentVariableIsAnErrorNamingIt() throws {
        let yaml = """
            store:
              path: radar.sqlite
            feeds:
              - name: x
                kind: x-search
                url: https://api.twitter.com/2/tweets/search/recent
                query: "$PENGU"
                headers:
                  Authorization: Bearer ${X_BEARER_TOKEN}
            """
        let issue = try onlyError(check(yaml))
        #expect(issue.line == 9)
        #expect(issue.keyPath == "feeds[0].headers.Authorization")
        #expect(issue.message == "environment variable X_BEARER_TOKEN is not set")
        #expect(issue.value == "Bearer ${X_BEARER_TOKEN}")

        let resolved = try #require(check(yaml, environment: ["X_BEARER_TOKEN": "s3cr3t-token"]).config)
        let header = try #require(resolved.feeds[0].headers.first)
        #expect(header.value.resolved == "Bearer s3cr3t-token")
        #expect(header.value.isSecret)
        #expect(header.value.description == "Bearer ${X_BEARER_TOKEN}")
        #expect(!"\(resolved.feeds[0])".contains("s3cr3t-token"))
    }

    @Test func aDisabledFeedsMissingSecretIsOnlyAWarning() throws {
        let result = check("""
            store:
              path: radar.sqlite
            feeds:
              - name: telegram
                kind: telegram
                enabled: false
                url: https://api.telegram.org/bot${TELEGRAM_BOT_TOKEN}/getUpdates
            """)
        #expect(result.errors == [])
        #expect(result.warnings.map(\.line) == [7])
        #expect(result.config?.feeds.first?.enabled == false)
    }

    @Test func everyErrorInAFileIsReportedEachAtItsLine() throws {
        let result = check("""
            store:
              path: radar.sqlite
            feeds:
              - name: chain
                kind: evm-logs
                url: http://127.0.0.1:8545
                confirmations: lots
                factories: ["0x1234"]
              - name: news
                kind: rss
                url: ftp://example.org/feed
                interval: 5 minutes
              - name: news
                kind: rss
                url: http://127.0.0.1/rss
              - name: bad
                kind: rsss
                url: http://127.0.0.1/rss
              - kind: reddit
                url: http://127.0.0.1/r/nft
            scoring:
              horizon: 90m
              labelQuantile: 2
              blend: {gbdt: 1, lgbm: 2}
            notifier:
              channels:
                - name: tg
                  kind: telegram
                  url: https://api.telegram.org/bot${TG}
            notifer:
              topK: 3
            """, environment: ["TG": "123:abc"])
        #expect(result.config == nil)
        let found = result.errors.map { "\($0.line) \($0.keyPath): \($0.message)" }
        #expect(found == [
            "7 feeds[0].confirmations: expected a whole number",
            "8 feeds[0].factories[0]: expected 0x followed by 40 hex digits",
            "11 feeds[1].url: a URL must start with http://, https:// or file://",
            "12 feeds[1].interval: expected a duration such as 30s, 5m, 1h or 7d",
            "13 feeds[2].name: duplicate feed name (also feeds[1])",
            "17 feeds[3].kind: must be one of evm-logs, dex-market, ip-registry, rss, x-search, reddit, telegram, farcaster",
            "19 feeds[4].name: missing required key 'name'",
            "22 scoring.horizon: must be a positive whole number of hours (scores use hourly bars)",
            "23 scoring.labelQuantile: must be between 0.01 and 0.5",
            "24 scoring.blend.lgbm: not a model kind",
            "27 notifier.channels[0].chatId: a telegram channel needs chatId",
            "30 notifer: unknown key 'notifer'",
        ])
        #expect(result.errors.first { $0.keyPath == "feeds[3].kind" }?.hint == "did you mean 'rss'?")
        #expect(result.errors.last?.hint == "did you mean 'notifier'?")
    }

    @Test func missingRequiredSectionsAreNamed() throws {
        let result = check("server:\n  port: 9000\n")
        #expect(result.errors.map(\.message) == ["missing required key 'store'", "missing required key 'feeds'"])
        #expect(result.errors.allSatisfy { $0.line == 1 })
    }

    @Test func aYAMLSyntaxErrorGivesItsLine() throws {
        let issue = try onlyError(check("store:\n  path: radar.sqlite\nfeeds:\n  - name: [unclosed\n"))
        #expect(issue.line >= 4)
        #expect(issue.message.hasPrefix("YAML syntax:"))
    }

    @Test func aDuplicateKeyIsNamedAtItsMapping() throws {
        let issue = try onlyError(check("store:\n  path: a.sqlite\nfeeds:\n  - name: a\n    kind: rss\n    url: http://h/rss\n    kind: rss\n"))
        #expect(issue.message == "key 'kind' is written more than once in this mapping")
        #expect(issue.line == 5)
    }

    @Test func wrongShapesAreNamed() throws {
        let issue = try onlyError(check("store: radar.sqlite\nfeeds: []\n"))
        #expect(issue.keyPath == "store")
        #expect(issue.message == "expected a mapping of keys to values")
        #expect(issue.value == "radar.sqlite")
        #expect(issue.line == 1)
        #expect(issue.column == 8)
    }

    @Test func environmentReferencesOutsideSecretKeysAreRefused() throws {
        let issue = try onlyError(check("store:\n  path: ${HOME}/radar.sqlite\nfeeds: []\n"))
        #expect(issue.keyPath == "store.path")
        #expect(issue.message == "environment references are read only in url, headers and channel secrets")
    }

    @Test func malformedReferencesAreRefused() throws {
        let unclosed = try onlyError(check(minimal.replacingOccurrences(of: "feeds: []", with: """
            feeds:
              - {name: a, kind: rss, url: "http://h/${TOKEN"}
            """)))
        #expect(unclosed.message == "'${' is not closed")
        let badName = try onlyError(check(minimal.replacingOccurrences(of: "feeds: []", with: """
            feeds:
              - {name: a, kind: rss, url: "http://h/${1TOKEN}"}
            """)))
        #expect(badName.message == "'1TOKEN' is not an environment variable name")
    }

    @Test func ipRegistryEventsAreCheckedAgainstTheirSignature() throws {
        let result = check("""
            store:
              path: radar.sqlite
            feeds:
              - name: story
                kind: ip-registry
                url: http://127.0.0.1:8545
                events:
                  - kind: royalty-paid
                    signature: "RoyaltyPaid(address receiverIpId, address payerIpId, uint256 amount)"
                    fields: { ipId: receiverIpId, amount: amnt }
                  - kind: ip-registered
                    signature: "IPRegistered address ipId"
                    fields: { ipId: ipId }
            """)
        #expect(result.errors.map { "\($0.line) \($0.message)" } == [
            "10 the signature has no parameter of this name",
            "12 not a Solidity event signature",
        ])
        #expect(result.errors.first?.hint == "parameters: receiverIpId, payerIpId, amount")
    }

    @Test func thePrintedConfigShowsReferencesNeverSecrets() throws {
        let config = try #require(ConfigLoader.check(path: repositoryRoot.appendingPathComponent("Feeds/radar.yaml").path,
                                                     environment: ["X_BEARER_TOKEN": "AAAA-very-secret", "TELEGRAM_BOT_TOKEN": "999:xyz"]).config)
        let data = try JSONEncoder().encode(config)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("Bearer ${X_BEARER_TOKEN}"))
        #expect(!text.contains("AAAA-very-secret"))
        #expect(!text.contains("999:xyz"))
    }
}
