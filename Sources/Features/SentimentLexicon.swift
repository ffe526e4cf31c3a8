/// A small list of positive and negative words; a post's sentiment is (positive - negative) hits
/// over all hits, whole lowercase words only.
public struct SentimentLexicon: Hashable, Sendable {
    public var positive: Set<String>
    public var negative: Set<String>

    public init(positive: Set<String>, negative: Set<String>) {
        self.positive = positive
        self.negative = negative
    }

    /// The default list: crypto-social words for enthusiasm and for alarm.
    public static let standard = SentimentLexicon(
        positive: ["bullish", "moon", "mooning", "pump", "pumping", "gem", "love", "great", "huge", "strong", "breakout",
                   "buy", "buying", "launch", "partnership", "win", "winning", "up", "growth", "amazing", "best", "good",
                   "hype", "rally", "ath", "undervalued", "solid", "legit"],
        negative: ["bearish", "dump", "dumping", "rug", "rugged", "scam", "sell", "selling", "dead", "down", "crash", "bad",
                   "worst", "fraud", "honeypot", "exit", "fear", "weak", "overvalued", "avoid", "warning", "fake", "rekt"])

    /// Positive and negative word hits in `text`.
    public func hits(in text: String) -> (positive: Int, negative: Int) {
        var positiveHits = 0, negativeHits = 0
        for word in text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }) {
            let word = String(word)
            if positive.contains(word) { positiveHits += 1 } else if negative.contains(word) { negativeHits += 1 }
        }
        return (positiveHits, negativeHits)
    }

    /// (positive - negative) / (positive + negative), 0 without hits.
    public func score(_ text: String) -> Double {
        let (positiveHits, negativeHits) = hits(in: text)
        let total = positiveHits + negativeHits
        return total == 0 ? 0 : Double(positiveHits - negativeHits) / Double(total)
    }
}
