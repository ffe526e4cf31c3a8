import Foundation

/// Decodes a feed's JSON body into its wire-format types and turns Foundation's `DecodingError` into a
/// `PayloadError` that names the feed, the JSON path and the value found there.
enum JSONPayload {
    static func decode<T: Decodable>(_ type: T.Type, from body: Data, feed: String) throws(PayloadError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: body)
        } catch let error as DecodingError {
            throw payloadError(error, body: body, feed: feed)
        } catch {
            throw PayloadError(feed: feed, field: PayloadError.document, value: nil, reason: "not readable as JSON: \(error)")
        }
    }

    /// `pairs[2].priceUsd` for a coding path.
    static func path(_ keys: [any CodingKey]) -> String {
        var text = ""
        for key in keys {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return text.isEmpty ? PayloadError.document : text
    }

    static func payloadError(_ error: DecodingError, body: Data, feed: String) -> PayloadError {
        switch error {
        case .keyNotFound(let key, let context):
            return PayloadError(feed: feed, field: path(context.codingPath + [key]), value: nil,
                                reason: "required field is missing")
        case .valueNotFound(let type, let context):
            return PayloadError(feed: feed, field: path(context.codingPath), value: "null",
                                reason: "expected \(describe(type)), found null")
        case .typeMismatch(let type, let context):
            return PayloadError(feed: feed, field: path(context.codingPath), value: value(at: context.codingPath, in: body),
                                reason: "expected \(describe(type))")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                let detail = (context.underlyingError.map { "\($0)" } ?? context.debugDescription)
                return PayloadError(feed: feed, field: PayloadError.document, value: nil,
                                    reason: "not valid JSON (truncated or malformed): \(detail)")
            }
            return PayloadError(feed: feed, field: path(context.codingPath), value: value(at: context.codingPath, in: body),
                                reason: context.debugDescription)
        @unknown default:
            return PayloadError(feed: feed, field: PayloadError.document, value: nil, reason: "\(error)")
        }
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type: "an integer"
        case is Double.Type: "a number"
        case is Bool.Type: "true or false"
        default:
            "\(type)".contains("Array") ? "an array" : "an object (\(type))"
        }
    }

    /// The value at `keys` in `body`, written compactly, for the error message only (the slow path).
    static func value(at keys: [any CodingKey], in body: Data) -> String? {
        guard var node = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) else { return nil }
        for key in keys {
            if let index = key.intValue, let array = node as? [Any], array.indices.contains(index) {
                node = array[index]
            } else if let object = node as? [String: Any], let child = object[key.stringValue] {
                node = child
            } else {
                return nil
            }
        }
        switch node {
        case let text as String: return text
        case is NSNull: return "null"
        case let number as NSNumber: return number.description
        case let array as [Any]: return "[array of \(array.count)]"
        case let object as [String: Any]: return "{object with \(object.count) keys}"
        default: return "\(node)"
        }
    }
}
