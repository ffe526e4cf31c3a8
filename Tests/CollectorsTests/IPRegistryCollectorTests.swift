import Collectors
import EVMWire
import FeatureStore
import Foundation
import RadarCore
import Testing

/// The Story-Protocol-style declarations the tests configure, written as the events appear in
/// `Node/contracts/IPRegistry.vy`.
enum IPRegistryHarness {
    static let specs: [IPEventSpec] = [
        IPEventSpec(kind: .registered,
                    signature: "IPRegistered(address ipId, uint256 indexed chainId, address indexed tokenContract, uint256 indexed tokenId, "
                        + "string name, string uri, uint256 registrationDate)",
                    fields: ["ipId": "ipId", "token": "tokenContract", "tokenChain": "chainId"]),
        IPEventSpec(kind: .licenceMinted,
                    signature: "LicenseTokensMinted(address indexed caller, address indexed licensorIpId, address licenseTemplate, "
                        + "uint256 indexed licenseTermsId, uint256 amount, address receiver, uint256 startLicenseTokenId)",
                    fields: ["ipId": "licensorIpId", "amount": "amount", "counterparty": "receiver"]),
        IPEventSpec(kind: .derivativeRegistered,
                    signature: "event DerivativeRegistered(address indexed caller, address indexed childIpId, address parentIpId, "
                        + "uint256 licenseTermsId, address licenseTemplate);",
                    fields: ["ipId": "parentIpId", "counterparty": "childIpId"]),
        IPEventSpec(kind: .royaltyPaid,
                    signature: "RoyaltyPaid(address receiverIpId, address payerIpId, address sender, address token, uint256 amount)",
                    fields: ["ipId": "receiverIpId", "counterparty": "payerIpId", "amount": "amount", "token": "token"]),
    ]

    static func collector(_ node: EVMTestNode, name: String = "ip", maxBlockRange: Int = 4) throws -> IPRegistryCollector {
        let registry = try #require(node.manifest?.ipRegistry).address
        let options = IPRegistryOptions(chain: CollectorHarness.chain, contracts: [try EVMAddress(registry)], startBlock: 0,
                                        confirmations: 0, maxBlockRange: maxBlockRange, events: specs)
        let rpc = EVMRPCClient(http: node.client, url: SecretString(literal: node.url),
                               feed: HTTPFeed(name: name, timeout: .seconds(60), retry: .none))
        return try IPRegistryCollector(name: name, options: options, rpc: rpc)
    }

    /// What the store should hold for a manifest event, as the configured roles map it.
    static func expected(_ event: IPRegistryManifest.Event) throws -> IPEvent {
        let values = event.values
        let position = LogPosition(chain: CollectorHarness.chain, blockNumber: Int64(event.blockNumber), blockHash: try EVMHash(event.blockHash),
                                   logIndex: Int64(event.logIndex), transactionHash: try EVMHash(event.transactionHash))
        let time = Timestamp(seconds: 1_700_000_000 + 12 * Int64(event.blockNumber))
        func make(_ kind: IPEventKind, ip: String, token: TokenID? = nil, amount: String? = nil, counterparty: String? = nil) throws -> IPEvent {
            IPEvent(key: .onChain(position), kind: kind, ipID: ip, token: token, amount: try amount.map { try DecimalAmount($0) },
                    counterparty: counterparty, eventTime: time, observedAt: CollectorHarness.clock.now())
        }
        switch event.event {
        case "IPRegistered":
            return try make(.registered, ip: values["ipId"]!,
                             token: TokenID(chain: Int64(values["chainId"]!)!, address: try EVMAddress(values["tokenContract"]!)))
        case "LicenseTokensMinted":
            return try make(.licenceMinted, ip: values["licensorIpId"]!, amount: values["amount"], counterparty: values["receiver"])
        case "DerivativeRegistered":
            return try make(.derivativeRegistered, ip: values["parentIpId"]!, counterparty: values["childIpId"])
        default:
            return try make(.royaltyPaid, ip: values["receiverIpId"]!,
                             token: TokenID(chain: CollectorHarness.chain, address: try EVMAddress(values["token"]!)),
                             amount: values["amount"], counterparty: values["payerIpId"])
        }
    }

    static func stored(_ store: FeatureStore) throws -> [IPEvent] {
        try store.asOf(Timestamp(seconds: .max)).ipEvents(since: Timestamp(seconds: 0))
    }
}

@Suite(.serialized, .enabled(if: EVMTestNode.isAvailable, "needs eth-tester, py-evm and vyper in .venv: run scripts/setup.sh"))
struct IPRegistryCollectorNodeTests {
    /// A first pass stores exactly the registry's events with their roles (amounts beyond 64 bits
    /// exact, tokens on the chain the event names); a second pass stores nothing, and a pass from
    /// the start again finds every event a duplicate.
    @Test func storesExactlyTheRegistrysEventsThenNothingOnASecondPass() async throws {
        let node = try await EVMTestNode.start(scenario: ["--seed", "9", "--wallets", "4", "--blocks", "4", "--ip-events", "12"])
        defer { node.stop() }
        let manifest = try #require(node.manifest)
        let registry = try #require(manifest.ipRegistry)
        #expect(registry.events.count >= 20)
        #expect(registry.counts.values.allSatisfy { $0 > 0 }, "every kind occurs: \(registry.counts)")
        let store = try CollectorHarness.store()
        let collector = try IPRegistryHarness.collector(node)

        let first = await collector.collectPass(into: store, clock: CollectorHarness.clock)
        #expect(first.feed.errors == [])
        #expect(first.feed.fetched == registry.events.count)
        #expect(first.feed.inserted[.ipEvents] == registry.events.count)
        #expect(first.pages > 1, "maxBlockRange 4 pages the walk")
        let stored = try IPRegistryHarness.stored(store)
        let expected = try registry.events.map(IPRegistryHarness.expected)
        #expect(stored.count == expected.count)
        let byKey = Dictionary(uniqueKeysWithValues: stored.map { ($0.key, $0) })
        for event in expected {
            #expect(byKey[event.key] == event)
        }
        #expect(stored.contains { ($0.amount?.digits.count ?? 0) > 20 }, "royalty amounts beyond 64 bits are kept exact")
        #expect(Set(stored.compactMap(\.token?.chain)).count > 1, "IPRegistered links tokens on the chain it names")
        let cursor = try EVMCursor(parsing: try #require(try store.checkpoint(feed: "ip")).cursor, feed: "ip")
        #expect(cursor == EVMCursor(block: Int64(manifest.toBlock), hash: try EVMHash(manifest.latestBlockHash)))
        #expect(first.feed.line.hasPrefix("ip: fetched \(registry.events.count), new "))

        let second = await collector.collectPass(into: store, clock: CollectorHarness.clock)
        #expect(second.feed.errors == [])
        #expect(second.feed.newRows == 0)
        #expect(try store.checkpoint(feed: "ip")?.cursor == cursor.description)

        // From the start again: every event is already there.
        try store.saveCheckpoint(Checkpoint(feed: "ip", cursor: "-1", updatedAt: CollectorHarness.clock.now()))
        let again = await collector.collectPass(into: store, clock: CollectorHarness.clock)
        #expect(again.feed.errors == [])
        #expect(again.feed.inserted[.ipEvents, default: 0] == 0)
        #expect(again.feed.duplicates[.ipEvents] == registry.events.count)
        #expect(try store.stats().tables[.ipEvents] == registry.events.count)
    }

    /// A registry log whose topic0 says RoyaltyPaid but whose data is two words short: the events of the
    /// blocks before it land, the error names the feed, block, transaction, log index and field, the
    /// checkpoint stays below its block, and the events after it wait.
    @Test func anUndecodableEventIsReportedAndTheCheckpointHeldBelowIt() async throws {
        let node = try await EVMTestNode.start(scenario: ["--seed", "4", "--wallets", "2", "--blocks", "2", "--ip-events", "3"])
        defer { node.stop() }
        let registry = try #require(node.manifest?.ipRegistry)
        let store = try CollectorHarness.store()
        let collector = try IPRegistryHarness.collector(node, maxBlockRange: 100)
        let first = await collector.collectPass(into: store, clock: CollectorHarness.clock)
        #expect(first.feed.errors == [])
        #expect(try store.stats().tables[.ipEvents] == registry.events.count)

        _ = try await node.call("test_ipEvents", #"[{"blocks": 2}]"#)
        let royalty = try #require(registry.topics["RoyaltyPaid"])
        let badBlock = try #require(hexInt(try await node.call("test_emitRaw", #"[{"topic0": "\#(royalty)", "data": "0x\#(String(repeating: "00", count: 63))07"}]"#)))
        _ = try await node.call("test_ipEvents", #"[{"blocks": 2}]"#)
        let now = try #require(try await CollectorHarness.manifest(of: node).ipRegistry)
        let bad = try #require(now.malformed.first)
        #expect(bad.blockNumber == badBlock)
        let before = now.events.filter { $0.blockNumber < badBlock }

        let second = await collector.collectPass(into: store, clock: CollectorHarness.clock)
        #expect(second.decodeFailures.count == 1)
        let error = try #require(second.feed.errors.first)
        #expect(error.contains("feed 'ip'"))
        #expect(error.contains("RoyaltyPaid"))
        #expect(error.contains("block \(badBlock)"))
        #expect(error.contains(bad.transactionHash))
        #expect(error.contains("log index \(bad.logIndex)"))
        #expect(error.contains("data = 64 bytes"))
        #expect(error.contains("the checkpoint stays below block \(badBlock)"))
        #expect(try store.stats().tables[.ipEvents] == before.count)
        let held = try EVMCursor(parsing: try #require(try store.checkpoint(feed: "ip")).cursor, feed: "ip")
        #expect(held.block == Int64(badBlock - 1))

        let third = await collector.collectPass(into: store, clock: CollectorHarness.clock)
        #expect(third.feed.failed)
        #expect(third.feed.newRows == 0)
        #expect(try store.checkpoint(feed: "ip")?.cursor == held.description)
    }
}

/// Declarations the collector cannot honour fail when it is made, naming the feed, the signature and the fix.
struct IPRegistryCollectorSetupTests {
    static func make(_ specs: [IPEventSpec]) throws(CollectorSetupError) -> IPRegistryCollector {
        let http = try! HTTPClient(configuration: .init(maxThreads: 1))
        let rpc = EVMRPCClient(http: http, url: SecretString(literal: "http://127.0.0.1:9"), feed: HTTPFeed(name: "story"))
        return try IPRegistryCollector(name: "story", options: IPRegistryOptions(events: specs), rpc: rpc)
    }

    func setupError(_ specs: [IPEventSpec]) -> CollectorSetupError? {
        do {
            _ = try Self.make(specs)
            return nil
        } catch {
            return error
        }
    }

    @Test func theDeclaredEventsParseAndGiveTheirTopics() throws {
        let collector = try Self.make(IPRegistryHarness.specs)
        #expect(collector.decoder.topics.count == 4)
        #expect(collector.decoder.declarations[3].signature.canonical == "RoyaltyPaid(address,address,address,address,uint256)")
        #expect(collector.decoder.topics[3] == (try EventSignature("RoyaltyPaid(address,address,address,address,uint256)")).topic0)
    }

    @Test func aSignatureThatDoesNotParseNamesTheFeedTheTextAndTheColumn() throws {
        let error = try #require(setupError([IPEventSpec(kind: .royaltyPaid, signature: "RoyaltyPaid(address receiverIpId, uint257 amount)",
                                                         fields: ["ipId": "receiverIpId", "amount": "amount"])]))
        #expect(error.feed == "story")
        #expect(error.description.hasPrefix("feed 'story': events[0] (royalty-paid): event signature \"RoyaltyPaid(address receiverIpId, uint257 amount)\" at column 35"))
        #expect(error.description.contains("uint257"))
    }

    @Test func rolesMustFitTheirParameters() throws {
        let wrongType = try #require(setupError([IPEventSpec(kind: .royaltyPaid, signature: "RoyaltyPaid(address ip, string amount)",
                                                             fields: ["ipId": "ip", "amount": "amount"])]))
        #expect(wrongType.description.contains("role amount: parameter 'amount'"))
        #expect(wrongType.description.contains("an amount must be an integer"))

        let hashed = try #require(setupError([IPEventSpec(kind: .registered, signature: "IPRegistered(string indexed name)",
                                                          fields: ["ipId": "name"])]))
        #expect(hashed.description.contains("only its hash"))

        let missing = try #require(setupError([IPEventSpec(kind: .registered, signature: "IPRegistered(address ipId)",
                                                           fields: ["ipId": "ip"])]))
        #expect(missing.description.contains("has no parameter 'ip'; parameters: ipId"))

        let twice = try #require(setupError([
            IPEventSpec(kind: .registered, signature: "IPRegistered(address ipId)", fields: ["ipId": "ipId"]),
            IPEventSpec(kind: .derivativeRegistered, signature: "IPRegistered(address indexed child)", fields: ["ipId": "child"]),
        ]))
        #expect(twice.description.contains("events[1]"))
        #expect(twice.description.contains("declared twice"))
        #expect(setupError([]) != nil)
    }
}
