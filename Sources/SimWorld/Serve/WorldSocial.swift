/// The world's posts as an X-API-v2 recent search (`/2/tweets/search/recent`) and an RSS 2.0 feed
/// (`/rss`). Like X's recent search, both cover the seven days up to the end of the head hour; every
/// query is answered with all of the window's posts (the world's posts are all about its tokens).
public struct WorldSocial: Sendable {
    public let history: WorldHistory
    public let head: WorldHead
    /// Hours of posts the endpoints cover, ending with the head hour.
    public static let windowHours = 7 * 24

    public init(history: WorldHistory, head: WorldHead) {
        self.history = history
        self.head = head
    }

    /// The window's posts from `source`, newest first (X: by id; RSS: by time, then guid).
    func posts(_ source: SimPostSource) -> [SimPost] {
        let last = head.hour
        var out: [SimPost] = []
        for hour in max(0, last - Self.windowHours + 1)...last {
            out.append(contentsOf: history.day(hour / 24).posts[hour % 24].lazy.filter { $0.source == source })
        }
        switch source {
        case .x: out.sort { Self.newer($0.id, $1.id) }
        case .rss: out.sort { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
        }
        return out
    }

    /// Decimal ids compared as numbers.
    static func newer(_ a: String, _ b: String) -> Bool { a.count != b.count ? a.count > b.count : a > b }

    /// An X search page for the query `parameters` (`since_id`, `next_token`, `max_results`).
    public func search(_ parameters: [String: String]) -> [UInt8] {
        let maxResults = min(100, max(10, parameters["max_results"].flatMap { Int($0) } ?? 10))
        var posts = self.posts(.x)
        if let since = parameters["since_id"] { posts.removeAll { !Self.newer($0.id, since) } }
        if let token = parameters["next_token"] { posts.removeAll { !Self.newer(token, $0.id) } }
        let page = posts.prefix(maxResults)
        var out = JSONBytes(capacity: 512 * max(1, page.count))
        guard let newest = page.first, let oldest = page.last else {
            out.raw("{\"meta\":{\"result_count\":0}}")
            return out.bytes
        }
        out.raw("{\"data\":[")
        for (index, post) in page.enumerated() {
            if index > 0 { out.byte(",") }
            out.raw("{\"id\":")
            out.string(post.id)
            out.raw(",\"text\":")
            out.string(post.text)
            out.raw(",\"author_id\":")
            out.string(post.authorID)
            out.raw(",\"created_at\":")
            out.string(Self.rfc3339(post.createdAt))
            out.raw(",\"public_metrics\":{\"retweet_count\":")
            out.number(post.reposts)
            out.raw(",\"reply_count\":")
            out.number(post.replies)
            out.raw(",\"like_count\":")
            out.number(post.likes)
            out.raw(",\"quote_count\":0}}")
        }
        out.raw("],\"includes\":{\"users\":[")
        var seen = Set<String>()
        for post in page where seen.insert(post.authorID).inserted {
            if seen.count > 1 { out.byte(",") }
            out.raw("{\"id\":")
            out.string(post.authorID)
            out.raw(",\"username\":")
            out.string(post.authorName)
            out.raw(",\"name\":")
            out.string(post.authorName)
            out.raw(",\"public_metrics\":{\"followers_count\":")
            out.number(post.authorFollowers)
            out.raw("}}")
        }
        out.raw("]},\"meta\":{\"newest_id\":")
        out.string(newest.id)
        out.raw(",\"oldest_id\":")
        out.string(oldest.id)
        out.raw(",\"result_count\":")
        out.number(Int64(page.count))
        if posts.count > page.count {
            out.raw(",\"next_token\":")
            out.string(oldest.id)
        }
        out.raw("}}")
        return out.bytes
    }

    /// The RSS 2.0 feed of the window's items.
    public func rss() -> [UInt8] {
        var out = JSONBytes(capacity: 64 * 1024)
        out.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n")
        out.raw("<title>SimWorld news</title>\n<link>http://127.0.0.1/</link>\n<description>News about the simulated world's IP-linked tokens</description>\n")
        for post in posts(.rss) {
            out.raw("<item><guid isPermaLink=\"false\">")
            Self.xml(post.id, into: &out)
            out.raw("</guid>")
            if let url = post.url {
                out.raw("<link>")
                Self.xml(url, into: &out)
                out.raw("</link>")
            }
            out.raw("<description>")
            Self.xml(post.text, into: &out)
            out.raw("</description><dc:creator>")
            Self.xml(post.authorName, into: &out)
            out.raw("</dc:creator><pubDate>")
            out.raw(Self.rfc822(post.createdAt))
            out.raw("</pubDate></item>\n")
        }
        out.raw("</channel>\n</rss>\n")
        return out.bytes
    }

    static func xml(_ text: String, into out: inout JSONBytes) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): out.raw("&amp;")
            case UInt8(ascii: "<"): out.raw("&lt;")
            case UInt8(ascii: ">"): out.raw("&gt;")
            case UInt8(ascii: "\""): out.raw("&quot;")
            default: out.bytes.append(byte)
            }
        }
    }

    static func rfc3339(_ seconds: Int64) -> String {
        let (date, time) = civil(seconds)
        return "\(pad(date.year, 4))-\(pad(date.month))-\(pad(date.day))T\(pad(time.hour)):\(pad(time.minute)):\(pad(time.second)).000Z"
    }

    static func rfc822(_ seconds: Int64) -> String {
        let (date, time) = civil(seconds)
        let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let weekday = weekdays[Int(((seconds / 86400) % 7 + 7) % 7)]
        return "\(weekday), \(pad(date.day)) \(months[date.month - 1]) \(pad(date.year, 4)) "
            + "\(pad(time.hour)):\(pad(time.minute)):\(pad(time.second)) +0000"
    }

    private static func pad(_ value: Int, _ width: Int = 2) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    /// Unix seconds to a proleptic Gregorian date and time of day (UTC), by Howard Hinnant's algorithm.
    static func civil(_ seconds: Int64) -> (date: (year: Int, month: Int, day: Int), time: (hour: Int, minute: Int, second: Int)) {
        let days = Int(seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400)
        let rest = Int(seconds - Int64(days) * 86400)
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return ((year, month, day), (rest / 3600, rest % 3600 / 60, rest % 60))
    }
}
