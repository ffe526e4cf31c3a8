import Foundation
import RadarCore

/// Social features from posts that mention the token: counts, growth, authors, reach, engagement,
/// lexicon sentiment and share of voice across the universe; from `radar@2` also 6h and 7-day counts,
/// how much of the day's talk is one author's, and the shares of positive and negative posts.
enum SocialFeatures {
    static let names = ["mentions_1h", "mentions_24h", "mentions_growth_24h", "unique_authors_24h", "reach_24h",
                        "engagement_24h", "sentiment_24h", "share_of_voice_24h", "mentions_6h", "mentions_7d",
                        "author_concentration_24h", "positive_share_24h", "negative_share_24h"]

    static func compute(_ section: CrossSection) -> Columns {
        let members = section.universe.members
        var columns = Columns(count: members.count)
        columns.declare(names)
        let t = section.asOf
        let hourStart = t - .hours(1), sixHoursStart = t - .hours(6), dayStart = t - .hours(24), twoDaysStart = t - .hours(48)
        var day = [Int](repeating: 0, count: members.count)
        for position in members.indices {
            var hour = 0, sixHours = 0, previousDay = 0, positive = 0, negative = 0
            var authors: [String: Int] = [:]
            var reach = 0.0, engagement = 0.0, sentiment = 0.0
            let week = section.mentions[position]
            for mention in week where mention.mentionTime > twoDaysStart && mention.postTime > twoDaysStart {
                guard mention.mentionTime > dayStart else { previousDay += 1; continue }
                day[position] += 1
                if mention.mentionTime > hourStart { hour += 1 }
                if mention.mentionTime > sixHoursStart { sixHours += 1 }
                authors[mention.author, default: 0] += 1
                reach += mention.followers
                engagement += mention.engagement
                sentiment += mention.sentiment
                if mention.sentiment > 0 { positive += 1 } else if mention.sentiment < 0 { negative += 1 }
            }
            let count = day[position]
            columns.set("mentions_1h", position, Double(hour))
            columns.set("mentions_6h", position, Double(sixHours))
            columns.set("mentions_7d", position, Double(week.count))
            if count > 0 {
                columns.set("author_concentration_24h", position, Double(authors.values.max() ?? 0) / Double(count))
                columns.set("positive_share_24h", position, Double(positive) / Double(count))
                columns.set("negative_share_24h", position, Double(negative) / Double(count))
            }
            columns.set("mentions_24h", position, Double(count))
            columns.set("mentions_growth_24h", position, Foundation.log(Double(count + 1) / Double(previousDay + 1)))
            columns.set("unique_authors_24h", position, Double(authors.count))
            columns.set("reach_24h", position, Foundation.log1p(reach))
            columns.set("engagement_24h", position, Foundation.log1p(engagement))
            columns.set("sentiment_24h", position, count > 0 ? sentiment / Double(count) : .nan)
        }
        let total = day.reduce(0, +)
        for position in members.indices {
            columns.set("share_of_voice_24h", position, total > 0 ? Double(day[position]) / Double(total) : 0)
        }
        return columns
    }
}
