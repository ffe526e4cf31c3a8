import Foundation

/// Social posts about a token: how many (hype, some quality), by whom (credible, well-followed
/// authors lean to quality), how they name it (cashtag, contract address, IP alias), what they say
/// (sentiment words lean to quality and hype), and how much engagement they draw.
extension TokenHour {
    /// Authors in the world; the first tenth are the credible, well-followed ones.
    static let authors = 5000

    mutating func posts(_ state: TokenState, buffer: inout HourBuffer) {
        let d = dynamics
        let alive = state.status == .alive
        let mean = alive ? d.postRate * Foundation.exp(0.9 * state.hype + 0.2 * state.quality) : 0.03
        let count = min(60, random.poisson(mean: mean))
        for index in 0..<count {
            let rss = random.chance(0.15)
            let credible = random.chance(logistic(-1.5 + 0.8 * state.quality))
            let tone = alive ? 0.4 * state.quality + 0.6 * state.hype + 0.8 * random.normal() : -3.0
            let style: SimMentionStyle
            let styleDraw = random.uniform()
            style = styleDraw < 0.6 ? .cashtag : (styleDraw < 0.9 ? .alias : .address)
            let name: String
            switch style {
            case .cashtag: name = "$" + token.symbol
            case .alias: name = random.chance(0.5) ? token.ip.name : token.ip.aliases[0]
            case .address: name = token.address.hex
            }
            var words = [String]()
            for _ in 0..<(2 + random.below(3)) {
                if random.chance(0.35) {
                    words.append(random.pick(SimNames.neutralWords))
                } else {
                    words.append(random.chance(logistic(tone)) ? random.pick(SimNames.positiveWords) : random.pick(SimNames.negativeWords))
                }
            }
            let createdAt = hourStart + Int64(random.below(3600))
            let millisecond = Int64(random.below(1000))
            if rss {
                let publication = random.pick(SimNames.publications)
                let slug = "\(token.symbol.lowercased())-\(hour)-\(index)"
                buffer.posts.append(SimPost(
                    source: .rss, id: "sim-\(token.index)-\(hour)-\(index)", authorID: publication, authorName: publication,
                    authorFollowers: 0, text: "\(name): \(words.joined(separator: " ")) (\(token.ip.category.rawValue) IP)",
                    url: "https://news.sim.invalid/\(slug)", createdAt: createdAt, likes: 0, reposts: 0, replies: 0,
                    token: id, mention: style))
                continue
            }
            let author = credible ? random.below(Self.authors / 10) : random.below(Self.authors)
            let followers = world.followers(author: author)
            let engagement = Double(followers) * 0.002 * Foundation.exp(0.8 * state.hype + 0.3 * state.quality) * random.logNormal(mu: 0, sigma: 0.8)
            let likes = Int64(min(engagement, 1e9))
            let snowflake = ((createdAt * 1000 + millisecond - 1_288_834_974_657) << 22) | Int64((token.index << 6 | index) & 0x3F_FFFF)
            let text = random.chance(0.5)
                ? "\(name) \(words.joined(separator: " "))"
                : "\(words.joined(separator: " ")) \(name) #\(token.ip.category.rawValue)"
            buffer.posts.append(SimPost(
                source: .x, id: String(snowflake), authorID: String(1_000_000 + author), authorName: world.handle(author: author),
                authorFollowers: followers, text: text, url: nil, createdAt: createdAt, likes: likes,
                reposts: likes / 5, replies: likes / 10, token: id, mention: style))
        }
    }
}
