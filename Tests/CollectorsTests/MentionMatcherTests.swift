import Foundation
import PropertyBased
import RadarCore
import Testing
@testable import Collectors

@Suite struct MentionMatcherTests {
    static let bayc = try! TokenID(chain: 1, address: "0x1111111111111111111111111111111111111111")
    static let ipToken = try! TokenID(chain: 1514, address: "0x1514000000000000000000000000000000000000")
    static let apeOnBase = try! TokenID(chain: 8453, address: "0x4d224452801ACEd8B2F0aebE155379bb5D594381")

    let matcher = MentionMatcher(tokens: [
        TrackedToken(id: Sample.ape, symbol: "APE", aliases: ["ApeCoin", "Bored Ape"]),
        TrackedToken(id: apeOnBase, symbol: "APE"),
        TrackedToken(id: bayc, symbol: "BAYC", aliases: ["Bored Ape Yacht Club", "Yuga"]),
        TrackedToken(id: ipToken, symbol: "IP", aliases: ["Story Protocol", "ip"]),
        TrackedToken(id: Sample.pepe, symbol: "PEPE2.0", aliases: ["Pudgy Penguins"]),
    ])

    @Test func cashtagsAreWholeWordsInAnyCase() {
        #expect(matcher.matches(in: "buying $ape today") == [Sample.ape: .cashtag, Self.apeOnBase: .cashtag])
        #expect(matcher.matches(in: "$APE.") == [Sample.ape: .cashtag, Self.apeOnBase: .cashtag])
        #expect(matcher.matches(in: "($Ape)🚀") == [Sample.ape: .cashtag, Self.apeOnBase: .cashtag])
        #expect(matcher.matches(in: "$APES are not apes").isEmpty)
        #expect(matcher.matches(in: "US$APE and $APE_X and $APEé").isEmpty)
        #expect(matcher.matches(in: "$IP").keys.contains(Self.ipToken))
        // A symbol that is not one word is never a cashtag.
        #expect(matcher.matches(in: "$PEPE2.0 $PEPE2").isEmpty)
    }

    @Test func addressesMatchOnEveryChainThatTracksThem() {
        let text = "CA: 0x4D224452801ACED8B2F0AEBE155379BB5D594381, not 0x4d224452801aced8b2f0aebe155379bb5d5943812"
        #expect(matcher.matches(in: text) == [Sample.ape: .address, Self.apeOnBase: .address])
        #expect(matcher.matches(in: "0x4d224452801aced8b2f0aebe155379bb5d59438").isEmpty)
        #expect(matcher.matches(in: "x0x4d224452801aced8b2f0aebe155379bb5d594381").isEmpty)
    }

    @Test func aliasesAreWordSequences() {
        #expect(matcher.matches(in: "the bored-ape yacht  CLUB floor") == [Sample.ape: .alias, Self.bayc: .alias])
        #expect(matcher.matches(in: "Bored Apes everywhere").isEmpty)
        #expect(matcher.matches(in: "yuga labs") == [Self.bayc: .alias])
        #expect(matcher.matches(in: "yugalabs").isEmpty)
        #expect(matcher.matches(in: "PUDGY\nPENGUINS") == [Sample.pepe: .alias])
        // Aliases shorter than three letters are ignored: "ip" alone is not a mention.
        #expect(matcher.matches(in: "an ip address").isEmpty)
        #expect(matcher.matches(in: "Story Protocol's launch") == [Self.ipToken: .alias])
    }

    @Test func theStrongestMatchIsKeptOncePerToken() throws {
        let post = SocialPost(source: "x", postID: "1", authorID: nil, authorName: nil, authorFollowers: nil,
                              text: "ApeCoin $APE 0x4d224452801aced8b2f0aebe155379bb5d594381 $BAYC",
                              eventTime: Timestamp(seconds: 10), observedAt: Timestamp(seconds: 20))
        let mentions = matcher.mentions(in: post)
        #expect(mentions.map(\.token) == [Sample.ape, Self.bayc, Self.apeOnBase].sorted())
        #expect(mentions.first { $0.token == Sample.ape }?.matchedBy == .address)
        #expect(mentions.first { $0.token == Self.apeOnBase }?.matchedBy == .address)
        #expect(mentions.first { $0.token == Self.bayc }?.matchedBy == .cashtag)
        #expect(mentions.allSatisfy { $0.source == "x" && $0.postID == "1" && $0.eventTime.seconds == 10 && $0.observedAt.seconds == 20 })
        #expect(matcher.mentions(in: [post, post]).count == 6)
    }

    @Test func fixturePostsMentionTheirTokens() throws {
        let page = try XRecentSearchAdapter(feed: "x").read(Fixture.data("x/search_recent.json"), cursor: FeedCursor(), observedAt: Sample.observedAt)
        let mentions = matcher.mentions(in: page.posts)
        #expect(mentions.filter { $0.postID == "1790805389211054203" }.map(\.matchedBy) == [.address, .address])
        #expect(mentions.filter { $0.postID == "1790804156085489741" }.map(\.token) == [Sample.pepe])
        #expect(mentions.filter { $0.postID == "1790803044594634757" }.isEmpty)
    }

    @Test func universeEntriesGiveSymbolsAndIPAliases() {
        let csv = """
        chain,address,symbol,ip,category
        1,0x4d224452801ACEd8B2F0aebE155379bb5D594381,APE,Bored Ape Yacht Club,brand
        1,0x4d224452801ACEd8B2F0aebE155379bb5D594381,,Otherside,gaming
        """
        let entries = UniverseFile.parse(csv, file: "u.csv", format: .csv).entries
        #expect(entries.count == 2)
        let tokens = TrackedToken.universe(entries, aliasRules: [AliasRule(ip: "bored ape yacht club", category: .brand, keywords: ["BAYC", "Bored Ape"])])
        #expect(tokens == [TrackedToken(id: Sample.ape, symbol: "APE", aliases: ["Bored Ape Yacht Club", "BAYC", "Bored Ape", "Otherside"])])
        let matcher = MentionMatcher(tokens: tokens)
        #expect(matcher.matches(in: "otherside land") == [Sample.ape: MentionMatch.alias])
    }

    @Test func largeBatchesScanInOnePassPerPost() {
        let tokens = (0..<2000).map { index in
            TrackedToken(id: try! TokenID(chain: 1, address: "0x" + String(format: "%040x", index + 1)), symbol: "TK\(index)", aliases: ["brand \(index) world"])
        }
        let matcher = MentionMatcher(tokens: tokens)
        let posts = (0..<2000).map { index in
            SocialPost(source: "x", postID: String(index), authorID: nil, authorName: nil, authorFollowers: nil,
                       text: "gm frens, $TK\(index) is the brand \(index * 7 % 2000) world play 0x\(String(format: "%040x", index + 1))",
                       eventTime: Timestamp(seconds: 1), observedAt: Timestamp(seconds: 1))
        }
        let clock = ContinuousClock()
        var mentions: [Mention] = []
        let elapsed = clock.measure { mentions = matcher.mentions(in: posts) }
        #expect(mentions.count == 2000 + posts.indices.filter { $0 * 7 % 2000 != $0 }.count)
        // Generous even for a debug build on a shared machine: a regex per token per post would take minutes.
        #expect(elapsed < .seconds(20))
    }
}

/// Invariants of mention matching on generated text.
@Suite struct MentionMatcherPropertyTests {
    static let symbolLetter = Gen.uppercaseLetter
    static let filler = Gen.element(of: Array("abc xyz 123 ,.;!?()\n\t-🚀é$#@")).compactMap { $0 }.string(of: 0...30)
    static let separator = Gen.element(of: [" ", "  ", "-", ", ", "\n", " / ", ".", "!"]).compactMap { $0 }

    /// Letters and blanks in front of a cashtag never touch it, so it stays a word.
    static func bounded(_ filler: String) -> String { filler + " " }

    @Test func aCashtagEmbeddedInRandomTextIsFound() async {
        await propertyCheck(input: Self.symbolLetter.string(of: 2...6), Self.filler, Self.filler, Gen.bool) { symbol, before, after, lower in
            let token = Sample.ape
            let matcher = MentionMatcher(tokens: [TrackedToken(id: token, symbol: symbol)])
            let tag = "$" + (lower ? symbol.lowercased() : symbol)
            let text = Self.bounded(before) + tag + " " + after
            #expect(matcher.matches(in: text)[token] == .cashtag, "\(text)")
        }
    }

    @Test func aLongerWordAfterTheDollarIsNotTheSymbol() async {
        await propertyCheck(input: Self.symbolLetter.string(of: 2...6), Gen.letterOrNumber.string(of: 1...4), Self.filler) { symbol, suffix, after in
            let matcher = MentionMatcher(tokens: [TrackedToken(id: Sample.ape, symbol: symbol)])
            let text = "$" + symbol + suffix + " " + after.replacingOccurrences(of: "$", with: "")
            #expect(matcher.matches(in: text).isEmpty, "\(text)")
        }
    }

    @Test func anAddressInAnyCaseIsFound() async {
        let hex = Gen.element(of: Array("0123456789abcdefABCDEF")).compactMap { $0 }.string(of: 40)
        await propertyCheck(input: hex, Self.filler, Self.filler) { body, before, after in
            let token = try! TokenID(chain: 1, address: "0x" + body.lowercased())
            let matcher = MentionMatcher(tokens: [TrackedToken(id: token, symbol: nil)])
            let text = Self.bounded(before) + "0x" + body + " " + after
            #expect(matcher.matches(in: text)[token] == .address, "\(text)")
        }
    }

    @Test func aMultiWordAliasIsFoundWhateverItsSeparatorsAndCase() async {
        let word = Gen.lowercaseLetter.string(of: 3...8)
        await propertyCheck(input: word.array(of: 1...4), Self.separator.array(of: 3), Self.filler, Gen.bool) { words, separators, before, upper in
            let matcher = MentionMatcher(tokens: [TrackedToken(id: Sample.ape, symbol: nil, aliases: [words.joined(separator: " ")])])
            var phrase = words[0]
            for (index, next) in words.dropFirst().enumerated() { phrase += separators[index % separators.count] + next }
            let text = Self.bounded(before) + (upper ? phrase.uppercased() : phrase) + " end"
            #expect(matcher.matches(in: text)[Sample.ape] == .alias, "\(text)")
        }
    }

    @Test func matchingIgnoresCase() async {
        let matcher = MentionMatcher(tokens: [
            TrackedToken(id: Sample.ape, symbol: "APE", aliases: ["bored ape"]),
            TrackedToken(id: Sample.pepe, symbol: "PEPE", aliases: ["frog"]),
        ])
        let pieces = Gen.element(of: ["$ape", "$PEPE", "Bored", "ape", "FROG", "$apes", "0x4d224452801ACEd8B2F0aebE155379bb5D594381", " ", "-", "x"])
            .compactMap { $0 }.array(of: 0...12)
        await propertyCheck(input: pieces) { pieces in
            let text = pieces.joined(separator: " ")
            #expect(matcher.matches(in: text) == matcher.matches(in: text.uppercased()))
            #expect(matcher.matches(in: text) == matcher.matches(in: text.lowercased()))
        }
    }
}
