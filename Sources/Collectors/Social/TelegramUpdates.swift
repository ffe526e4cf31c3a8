import Foundation
import RadarCore

/// The body of Telegram Bot API `getUpdates`: `ok` and the updates, or `ok: false` with a description.
public struct TelegramUpdatesResponse: Codable, Sendable, Equatable {
    public var ok: Bool
    public var result: [TelegramUpdate]?
    public var description: String?
    public var errorCode: Int?

    enum CodingKeys: String, CodingKey {
        case ok, result, description
        case errorCode = "error_code"
    }
}

/// One update. Only new messages and channel posts become posts; edits and other kinds (inline
/// queries, callbacks) only move the offset.
public struct TelegramUpdate: Codable, Sendable, Equatable {
    public var updateID: Int64
    public var message: TelegramMessage?
    public var channelPost: TelegramMessage?
    public var editedMessage: TelegramMessage?
    public var editedChannelPost: TelegramMessage?

    enum CodingKeys: String, CodingKey {
        case message
        case updateID = "update_id"
        case channelPost = "channel_post"
        case editedMessage = "edited_message"
        case editedChannelPost = "edited_channel_post"
    }
}

/// A message or channel post.
public struct TelegramMessage: Codable, Sendable, Equatable {
    /// Unique within its chat only.
    public var messageID: Int64
    /// Unix seconds.
    public var date: Int64
    public var text: String?
    /// The text of a photo, video or document message.
    public var caption: String?
    public var chat: TelegramChat
    public var from: TelegramUser?
    public var senderChat: TelegramChat?
    /// Channel post views, where the API gives them.
    public var views: Int64?

    enum CodingKeys: String, CodingKey {
        case date, text, caption, chat, from, views
        case messageID = "message_id"
        case senderChat = "sender_chat"
    }
}

/// A chat: a channel, group or private chat.
public struct TelegramChat: Codable, Sendable, Equatable {
    public var id: Int64
    public var type: String?
    public var title: String?
    public var username: String?
}

/// A message's sender.
public struct TelegramUser: Codable, Sendable, Equatable {
    public var id: Int64
    public var isBot: Bool?
    public var firstName: String?
    public var username: String?

    enum CodingKeys: String, CodingKey {
        case id, username
        case isBot = "is_bot"
        case firstName = "first_name"
    }
}

/// Turns `getUpdates` answers into posts from source `telegram`.
///
/// Cursor: `since` is the next `offset`, the last `update_id` + 1, counting every update (also those
/// that yield no post) so Telegram forgets them; there are no pages. A post id is `{chat id}/{message
/// id}`, as message ids repeat across chats. Messages without text or caption are skipped. `ok:
/// false` is an error carrying Telegram's description.
public struct TelegramUpdatesAdapter: Sendable {
    public static let source = "telegram"

    public var feed: String

    public init(feed: String) { self.feed = feed }

    /// The query of the next request: `offset`, `limit`, long-poll `timeout` and the update kinds read.
    public static func queryItems(cursor: FeedCursor, limit: Int = 100, timeout: Int = 0) -> [URLQueryItem] {
        var items = [
            URLQueryItem(name: "limit", value: String(min(max(limit, 1), 100))),
            URLQueryItem(name: "timeout", value: String(max(timeout, 0))),
            URLQueryItem(name: "allowed_updates", value: #"["message","channel_post"]"#),
        ]
        if let offset = cursor.since { items.insert(URLQueryItem(name: "offset", value: offset), at: 0) }
        return items
    }

    public func decode(_ body: Data) throws(PayloadError) -> TelegramUpdatesResponse {
        try JSONPayload.decode(TelegramUpdatesResponse.self, from: body, feed: feed)
    }

    public func read(_ body: Data, cursor: FeedCursor, observedAt: Timestamp) throws(PayloadError) -> SocialPage {
        try page(decode(body), cursor: cursor, observedAt: observedAt)
    }

    public func page(_ response: TelegramUpdatesResponse, cursor: FeedCursor, observedAt: Timestamp) throws(PayloadError) -> SocialPage {
        guard response.ok else {
            throw PayloadError(feed: feed, field: "description", value: response.description,
                               reason: "Telegram answered ok: false" + (response.errorCode.map { " (error_code \($0))" } ?? ""))
        }
        guard let updates = response.result else {
            throw PayloadError(feed: feed, field: "result", value: nil, reason: "required when ok is true")
        }
        var posts: [SocialPost] = []
        var lastUpdate: Int64?
        for (index, update) in updates.enumerated() {
            guard update.updateID >= 0, update.updateID < .max else {
                throw PayloadError(feed: feed, field: "result[\(index)].update_id", value: String(update.updateID), reason: "expected a non-negative id")
            }
            lastUpdate = max(lastUpdate ?? update.updateID, update.updateID)
            let kind = update.channelPost != nil ? "channel_post" : "message"
            guard let message = update.channelPost ?? update.message else { continue }
            guard message.date >= 0 else {
                throw PayloadError(feed: feed, field: "result[\(index)].\(kind).date", value: String(message.date), reason: "expected Unix seconds")
            }
            guard let text = message.text ?? message.caption, !text.isEmpty else { continue }
            let chat = message.chat
            posts.append(SocialPost(
                source: Self.source, postID: "\(chat.id)/\(message.messageID)",
                authorID: String(message.from?.id ?? message.senderChat?.id ?? chat.id),
                authorName: message.from?.username ?? message.senderChat?.username ?? chat.username ?? chat.title,
                authorFollowers: nil, text: text,
                url: chat.username.map { "https://t.me/\($0)/\(message.messageID)" },
                eventTime: Timestamp(seconds: message.date), observedAt: observedAt))
        }
        let offset = lastUpdate.map { String($0 + 1) }
        return SocialPage(posts: posts, cursor: cursor.advanced(nextPage: nil, pageNewest: offset, isNewer: PostOrder.decimal))
    }
}
