import RadarCore

/// Word lists for the world's generated names: IP names, symbols, author handles, post texts.
enum SimNames {
    static let syllables = ["ka", "zor", "vi", "lu", "mo", "ne", "ra", "tan", "qui", "bel", "do", "fen",
                            "gri", "hal", "jo", "kem", "lir", "mar", "nox", "pi", "rin", "sol", "tev", "ur",
                            "vex", "wyn", "xa", "yor", "zu", "cal"]

    static let categorySuffix: [IPCategory: [String]] = [
        .entertainment: ["Studios", "Saga", "Chronicles", "Universe", "Pictures"],
        .music: ["Records", "Sound", "Beats", "Live", "Tapes"],
        .brand: ["Club", "Wear", "Co", "Labs", "House"],
        .gaming: ["Arena", "Quest", "Legends", "Raiders", "World"],
        .data: ["Data", "Index", "Oracle", "Feeds", "Graph"],
        .biotech: ["Bio", "Genomics", "Therapeutics", "Cells", "Health"],
        .other: ["Project", "Collective", "Foundation", "Works", "Network"],
    ]

    /// A proper name unique for indices below 27,000 (three syllables chosen by a permutation).
    static func properName(index: Int) -> String {
        let count = syllables.count
        let space = count * count * count
        let permuted = (index % space) * 7_919 % space
        let name = syllables[permuted / (count * count)] + syllables[(permuted / count) % count] + syllables[permuted % count]
        let round = index / space
        return name.prefix(1).uppercased() + name.dropFirst() + (round > 0 ? String(round + 1) : "")
    }

    static let positiveWords = ["bullish", "moon", "gem", "strong", "partnership", "launch", "growing", "undervalued",
                                "love", "huge", "licensed", "royalties", "adoption", "breakout"]
    static let negativeWords = ["rug", "scam", "dump", "dead", "exit", "honeypot", "avoid", "bleeding",
                                "sell", "rekt", "fake", "warning"]
    static let neutralWords = ["chart", "update", "watching", "volume", "holders", "news", "thread", "today",
                               "community", "ip", "token", "pool"]
    static let publications = ["IP Markets Daily", "Onchain Licensing Wire", "Token Culture Weekly",
                               "Creator Economy Review", "Degen Digest", "Royalty Report"]
}
