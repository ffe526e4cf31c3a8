import RadarCore

/// Finds which tracked tokens a post names, for the `mentions` table that links posts to tokens.
///
/// A post names a token by:
/// - cashtag: `$APE`, case-insensitive, the whole word after `$` (so `$APES` is not `APE`), with no
///   letter or digit right before the `$`; symbols that are not one word (`PEPE2.0`) are not matched;
/// - address: `0x` and 40 hex digits, any case, standing alone as a word, equal to a tracked address
///   (on every chain that tracks it);
/// - alias: the alias's words in order, case-insensitive, whole words, with any non-word characters
///   between them (`Pudgy Penguins` matches `pudgy-penguins` and `PUDGY  PENGUINS`), as X's keyword
///   tracking treats punctuation. Aliases shorter than `minimumAliasLength` letters are ignored.
///
/// Words are runs of letters, digits, combining marks and `_`. The store keeps one mention per post
/// and token, so a token named several ways is reported once, by its strongest match: address, then
/// cashtag, then alias. All lookups are dictionaries built once; a post is scanned once, whatever
/// the number of tracked tokens.
public struct MentionMatcher: Sendable {
    private struct AliasPattern: Sendable {
        var words: [String]
        var tokens: [TokenID]
    }

    private var symbols: [String: [TokenID]] = [:]
    /// Keyed by the 40 lowercase hex digits.
    private var addresses: [String: [TokenID]] = [:]
    /// Keyed by the alias's first word; longest aliases first.
    private var aliases: [String: [AliasPattern]] = [:]

    public let minimumAliasLength: Int

    public init(tokens: [TrackedToken], minimumAliasLength: Int = 3) {
        self.minimumAliasLength = minimumAliasLength
        var patterns: [[String]: [TokenID]] = [:]
        for token in tokens {
            addresses[String(token.id.address.hex.dropFirst(2)), default: []].append(token.id)
            if let symbol = token.symbol {
                let words = Self.words(in: symbol)
                if words.count == 1, symbol.unicodeScalars.allSatisfy({ Self.isWord($0) }) {
                    symbols[words[0].text, default: []].append(token.id)
                }
            }
            for alias in token.aliases {
                let words = Self.words(in: alias).map(\.text)
                guard !words.isEmpty, words.reduce(0, { $0 + $1.count }) >= minimumAliasLength else { continue }
                if !(patterns[words]?.contains(token.id) ?? false) { patterns[words, default: []].append(token.id) }
            }
        }
        for (words, ids) in patterns {
            aliases[words[0], default: []].append(AliasPattern(words: words, tokens: ids))
        }
        for key in aliases.keys { aliases[key]!.sort { $0.words.count > $1.words.count } }
        for key in symbols.keys { symbols[key] = Array(Set(symbols[key]!)).sorted() }
        for key in addresses.keys { addresses[key] = Array(Set(addresses[key]!)).sorted() }
    }

    /// The tokens `text` names and how, strongest match per token.
    public func matches(in text: String) -> [TokenID: MentionMatch] {
        var found: [TokenID: MentionMatch] = [:]
        func note(_ ids: [TokenID], _ match: MentionMatch) {
            for id in ids where Self.strength(match) > (found[id].map(Self.strength) ?? -1) { found[id] = match }
        }
        let words = Self.words(in: text)
        for (index, word) in words.enumerated() {
            if word.isCashtag, let ids = symbols[word.text] { note(ids, .cashtag) }
            if word.text.utf8.count == 42, word.text.hasPrefix("0x") {
                let hex = word.text.utf8.dropFirst(2)
                if hex.allSatisfy(Self.isHexDigit), let ids = addresses[String(word.text.dropFirst(2))] { note(ids, .address) }
            }
            guard let candidates = aliases[word.text] else { continue }
            for pattern in candidates where index + pattern.words.count <= words.count {
                var matched = true
                for offset in 1..<pattern.words.count where words[index + offset].text != pattern.words[offset] {
                    matched = false
                    break
                }
                if matched { note(pattern.tokens, .alias) }
            }
        }
        return found
    }

    /// The mentions in `post`, one per token, ordered by token.
    public func mentions(in post: SocialPost) -> [Mention] {
        matches(in: post.text).sorted { $0.key < $1.key }.map { token, match in
            Mention(source: post.source, postID: post.postID, token: token, matchedBy: match,
                    eventTime: post.eventTime, observedAt: post.observedAt)
        }
    }

    /// The mentions in every post, in post order.
    public func mentions(in posts: [SocialPost]) -> [Mention] {
        posts.flatMap { mentions(in: $0) }
    }

    // MARK: Words

    struct Word {
        /// Lowercased.
        var text: String
        /// Right after a `$` that itself follows no word character.
        var isCashtag: Bool
    }

    static func strength(_ match: MentionMatch) -> Int {
        switch match {
        case .address: 2
        case .cashtag: 1
        case .alias: 0
        }
    }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || (byte >= 97 && byte <= 102)
    }

    static func isWord(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 128 {
            return (value >= 48 && value <= 57) || (value >= 65 && value <= 90) || (value >= 97 && value <= 122) || value == 95
        }
        let properties = scalar.properties
        if properties.isAlphabetic || properties.numericType != nil { return true }
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// The words of `text`, lowercased, in order, each knowing whether it is a cashtag.
    static func words(in text: String) -> [Word] {
        var words: [Word] = []
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        // The two scalars before the current word's first: `$` and what precedes it.
        var previous: Unicode.Scalar?
        var beforePrevious: Unicode.Scalar?
        while index < scalars.endIndex {
            let scalar = scalars[index]
            guard isWord(scalar) else {
                beforePrevious = previous
                previous = scalar
                index = scalars.index(after: index)
                continue
            }
            let start = index
            var ascii = true
            var last = scalar
            while index < scalars.endIndex, isWord(scalars[index]) {
                last = scalars[index]
                if last.value >= 128 { ascii = false }
                index = scalars.index(after: index)
            }
            let raw = Substring(scalars[start..<index])
            let isCashtag = previous == "$" && (beforePrevious.map { !isWord($0) } ?? true)
            words.append(Word(text: ascii ? asciiLowercased(raw) : raw.lowercased(), isCashtag: isCashtag))
            beforePrevious = nil
            previous = last
        }
        return words
    }

    static func asciiLowercased(_ text: Substring) -> String {
        if !text.utf8.contains(where: { $0 >= 65 && $0 <= 90 }) { return String(text) }
        return String(decoding: text.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
    }
}
