import EVMWire
import Foundation
import RadarCore

/// Reads an `eth_getLogs` response body (`{"jsonrpc":"2.0","id":1,"result":[...]}`) into raw logs.
///
/// Log queries return hundreds of thousands of entries and `JSONDecoder` on Linux spends most of the
/// collector's time there, so this is a purpose-built scanner for this one shape: a single pass over
/// the bytes that validates every field it keeps (hex digits, lengths, quantities) and skips unknown
/// members. Anything else is rejected with the byte offset and the field. `decodeWithJSONDecoder` is
/// the reference path the tests compare it with.
public enum GetLogsResponse {
    /// The logs of a response body; the node's `error` member becomes `.remote`.
    public static func parse(_ body: [UInt8]) throws(JSONRPCResponseError) -> [RawLog] {
        try body.withUnsafeBytes { buffer in Result { () throws(JSONRPCResponseError) in try parse(buffer) } }.get()
    }

    /// The logs of a response body; the node's `error` member becomes `.remote`.
    public static func parse(_ body: Data) throws(JSONRPCResponseError) -> [RawLog] {
        try body.withUnsafeBytes { buffer in Result { () throws(JSONRPCResponseError) in try parse(buffer) } }.get()
    }

    /// The logs of a response body; the node's `error` member becomes `.remote`.
    public static func parse(_ body: UnsafeRawBufferPointer) throws(JSONRPCResponseError) -> [RawLog] {
        var scanner = LogsScanner(body.bindMemory(to: UInt8.self))
        let logs = try scanner.response()
        if logs == nil {
            // The error path is rare and not hot: let JSONDecoder read the error object's string escapes.
            if let envelope = try? JSONDecoder().decode(JSONRPCResponse<[JSONRPCLog]>.self, from: Data(body)), let error = envelope.error {
                throw .remote(code: error.code, message: error.message)
            }
            throw .malformed(offset: 0, field: "error", reason: "the error member is not {\"code\": integer, \"message\": string}")
        }
        return logs!
    }

    /// The same logs through `JSONDecoder` and `JSONRPCLog`: the slow reference path.
    public static func decodeWithJSONDecoder(_ body: Data) throws(JSONRPCResponseError) -> [RawLog] {
        let envelope: JSONRPCResponse<[JSONRPCLog]>
        do {
            envelope = try JSONDecoder().decode(JSONRPCResponse<[JSONRPCLog]>.self, from: body)
        } catch {
            throw .malformed(offset: 0, field: "body", reason: "JSONDecoder: \(error)")
        }
        if let error = envelope.error { throw .remote(code: error.code, message: error.message) }
        guard let result = envelope.result else {
            throw .malformed(offset: 0, field: "result", reason: "the response has neither result nor error")
        }
        var logs: [RawLog] = []
        logs.reserveCapacity(result.count)
        for log in result { logs.append(try log.rawLog()) }
        return logs
    }
}

/// The single-pass reader behind `GetLogsResponse`. Offsets in errors are byte offsets into the body.
struct LogsScanner {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private let nibbles: UnsafeBufferPointer<UInt8>
    private let digits: UnsafeBufferPointer<UInt8>

    /// Nested arrays and objects in skipped members deeper than this are rejected, not recursed into.
    static let maximumDepth = 64

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        // Both tables live as long as the process (static lets), so their buffers stay valid.
        nibbles = Hex.nibbles.withUnsafeBufferPointer { $0 }
        digits = Hex.digits.withUnsafeBufferPointer { $0 }
    }

    private func failure(_ field: FieldPath, _ reason: String, at offset: Int? = nil) -> JSONRPCResponseError {
        .malformed(offset: offset ?? index, field: field.description, reason: reason)
    }

    /// The envelope: the logs of `result`, or nil when the body carries an `error` member instead.
    mutating func response() throws(JSONRPCResponseError) -> [RawLog]? {
        try expect(UInt8(ascii: "{"), .text("response"), "expected a JSON object")
        var logs: [RawLog]?
        var sawError = false
        try members(.text("response")) { scanner, key throws(JSONRPCResponseError) in
            if scanner.keyIs(key, "result") {
                logs = try scanner.logsArray()
            } else {
                if scanner.keyIs(key, "error") {
                    scanner.skipSpace()
                    sawError = scanner.peek() != UInt8(ascii: "n")
                }
                try scanner.skipValue(.text("response.\(scanner.text(key))"), depth: 1)
            }
        }
        skipSpace()
        guard index == bytes.count else { throw failure(.text("response"), "unexpected text after the response object") }
        if sawError { return nil }
        guard let logs else { throw failure(.text("result"), "the response has neither result nor error", at: 0) }
        return logs
    }

    private mutating func logsArray() throws(JSONRPCResponseError) -> [RawLog] {
        try expect(UInt8(ascii: "["), .text("result"), "expected an array of logs")
        var logs: [RawLog] = []
        logs.reserveCapacity(max(16, (bytes.count - index) / 900))
        skipSpace()
        if peek() == UInt8(ascii: "]") { index += 1; return logs }
        while true {
            logs.append(try log(number: logs.count))
            skipSpace()
            switch peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"): index += 1; return logs
            default: throw failure(.text("result"), "expected ',' or ']' after log \(logs.count - 1)")
            }
        }
    }

    private mutating func log(number: Int) throws(JSONRPCResponseError) -> RawLog {
        let start = index
        let path = FieldPath.log(number)
        try expect(UInt8(ascii: "{"), path, "expected a log object")
        var address: EVMAddress?, blockHash: EVMHash?, transactionHash: EVMHash?
        var topics: [EVMHash]?, data: [UInt8]?
        var blockNumber: Int64?, transactionIndex: Int64?, logIndex: Int64?
        var removed = false
        try members(path) { scanner, key throws(JSONRPCResponseError) in
            switch key.count {
            case 4 where scanner.keyIs(key, "data"): data = try scanner.hexData(.field(number, "data"))
            case 6 where scanner.keyIs(key, "topics"): topics = try scanner.topics(log: number)
            case 7 where scanner.keyIs(key, "address"): address = EVMAddress(canonical: try scanner.hexString(digits: 40, .field(number, "address")))
            case 7 where scanner.keyIs(key, "removed"): removed = try scanner.bool(.field(number, "removed"))
            case 8 where scanner.keyIs(key, "logIndex"): logIndex = try scanner.quantity(.field(number, "logIndex"))
            case 9 where scanner.keyIs(key, "blockHash"): blockHash = EVMHash(canonical: try scanner.hexString(digits: 64, .field(number, "blockHash")))
            case 11 where scanner.keyIs(key, "blockNumber"): blockNumber = try scanner.quantity(.field(number, "blockNumber"))
            case 15 where scanner.keyIs(key, "transactionHash"):
                transactionHash = EVMHash(canonical: try scanner.hexString(digits: 64, .field(number, "transactionHash")))
            case 16 where scanner.keyIs(key, "transactionIndex"): transactionIndex = try scanner.quantity(.field(number, "transactionIndex"))
            default: try scanner.skipValue(.text("result[\(number)].\(scanner.text(key))"), depth: 2)
            }
        }
        func missing(_ name: String) -> JSONRPCResponseError {
            .malformed(offset: start, field: "result[\(number)].\(name)", reason: "the log has no \(name)")
        }
        guard let address else { throw missing("address") }
        guard let topics else { throw missing("topics") }
        guard let data else { throw missing("data") }
        guard let blockNumber else { throw missing("blockNumber") }
        guard let blockHash else { throw missing("blockHash") }
        guard let transactionHash else { throw missing("transactionHash") }
        guard let transactionIndex else { throw missing("transactionIndex") }
        guard let logIndex else { throw missing("logIndex") }
        return RawLog(address: address, topics: topics, data: data, blockNumber: blockNumber, blockHash: blockHash,
                      transactionHash: transactionHash, transactionIndex: transactionIndex, logIndex: logIndex, removed: removed)
    }

    /// Walks an object's members after its `{`, handing each key (the range of its text) to `body`,
    /// which must consume the value. Ends after the closing `}`.
    private mutating func members(_ path: FieldPath,
                                  _ body: (inout LogsScanner, Range<Int>) throws(JSONRPCResponseError) -> Void) throws(JSONRPCResponseError) {
        skipSpace()
        if peek() == UInt8(ascii: "}") { index += 1; return }
        while true {
            skipSpace()
            guard peek() == UInt8(ascii: "\"") else { throw failure(path, "expected a member name in quotes") }
            let key = try rawString(path)
            skipSpace()
            guard peek() == UInt8(ascii: ":") else { throw failure(path, "expected ':' after the member name \"\(text(key))\"") }
            index += 1
            skipSpace()
            try body(&self, key)
            skipSpace()
            switch peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"): index += 1; return
            default: throw failure(path, "expected ',' or '}' after the member \"\(text(key))\"")
            }
        }
    }

    private mutating func topics(log: Int) throws(JSONRPCResponseError) -> [EVMHash] {
        let path = FieldPath.field(log, "topics")
        try expect(UInt8(ascii: "["), path, "expected an array of topic hashes")
        var topics: [EVMHash] = []
        topics.reserveCapacity(4)
        skipSpace()
        if peek() == UInt8(ascii: "]") { index += 1; return topics }
        while true {
            skipSpace()
            topics.append(EVMHash(canonical: try hexString(digits: 64, .item(log, "topics", topics.count))))
            skipSpace()
            switch peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"): index += 1; return topics
            default: throw failure(path, "expected ',' or ']' after topic \(topics.count - 1)")
            }
        }
    }

    /// A quoted `0x` + exactly `digits` hex digits, returned lowercased.
    private mutating func hexString(digits count: Int, _ path: FieldPath) throws(JSONRPCResponseError) -> String {
        let start = index
        let contents = try hexContents(path)
        guard contents.count == count else {
            throw failure(path, "expected 0x followed by \(count) hex digits, found \(contents.count) digits", at: start)
        }
        let nibbles = self.nibbles, digits = self.digits, bytes = self.bytes
        var bad: Int?
        let text = String(unsafeUninitializedCapacity: count + 2) { out in
            out[0] = UInt8(ascii: "0")
            out[1] = UInt8(ascii: "x")
            var position = 2
            for offset in contents {
                let nibble = nibbles[Int(bytes[offset])]
                if nibble == 0xFF { bad = offset; break }
                out[position] = digits[Int(nibble)]
                position += 1
            }
            return position
        }
        if let bad { throw failure(path, "'\(Character(Unicode.Scalar(bytes[bad])))' is not a hex digit", at: bad) }
        return text
    }

    /// A quoted `0x` + an even number of hex digits, as bytes.
    private mutating func hexData(_ path: FieldPath) throws(JSONRPCResponseError) -> [UInt8] {
        let start = index
        let contents = try hexContents(path)
        guard contents.count % 2 == 0 else { throw failure(path, "odd number of hex digits (\(contents.count))", at: start) }
        let nibbles = self.nibbles, bytes = self.bytes
        var bad: Int?
        let data = [UInt8](unsafeUninitializedCapacity: contents.count / 2) { out, initialized in
            var offset = contents.lowerBound
            var position = 0
            while offset < contents.upperBound {
                let high = nibbles[Int(bytes[offset])], low = nibbles[Int(bytes[offset + 1])]
                if high | low == 0xFF || high == 0xFF || low == 0xFF {
                    bad = high == 0xFF ? offset : offset + 1
                    break
                }
                out[position] = high << 4 | low
                position += 1
                offset += 2
            }
            initialized = position
        }
        if let bad { throw failure(path, "'\(Character(Unicode.Scalar(bytes[bad])))' is not a hex digit", at: bad) }
        return data
    }

    /// A quoted `0x` + 1 to 16 hex digits that fit Int64.
    private mutating func quantity(_ path: FieldPath) throws(JSONRPCResponseError) -> Int64 {
        let start = index
        if peek() == UInt8(ascii: "n") { throw failure(path, "null: pending logs (without a block) are not accepted") }
        let contents = try hexContents(path)
        guard (1...16).contains(contents.count) else {
            throw failure(path, "expected a hex quantity of 1 to 16 digits, found \(contents.count)", at: start)
        }
        var value: UInt64 = 0
        for offset in contents {
            let nibble = nibbles[Int(bytes[offset])]
            guard nibble != 0xFF else { throw failure(path, "'\(Character(Unicode.Scalar(bytes[offset])))' is not a hex digit", at: offset) }
            value = value << 4 | UInt64(nibble)
        }
        guard value <= UInt64(Int64.max) else { throw failure(path, "the quantity does not fit 63 bits", at: start) }
        return Int64(value)
    }

    /// The digits of a quoted `0x...` string (the range after `0x`), not yet validated as hex.
    private mutating func hexContents(_ path: FieldPath) throws(JSONRPCResponseError) -> Range<Int> {
        if peek() == UInt8(ascii: "n") { throw failure(path, "null where a hex string is required (a pending log?)") }
        guard peek() == UInt8(ascii: "\"") else { throw failure(path, "expected a quoted hex string") }
        let open = index
        index += 1
        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "0"), bytes[index + 1] | 0x20 == UInt8(ascii: "x") else {
            throw failure(path, "expected the hex string to start with 0x", at: open)
        }
        index += 2
        let start = index
        // No escapes in hex: a backslash before the closing quote fails later as a non-hex digit.
        guard let quote = memchr(bytes.baseAddress! + start, Int32(UInt8(ascii: "\"")), bytes.count - start) else {
            throw failure(path, "unterminated string", at: open)
        }
        index = UnsafeRawPointer(quote).assumingMemoryBound(to: UInt8.self) - bytes.baseAddress! + 1
        return start..<(index - 1)
    }

    private mutating func bool(_ path: FieldPath) throws(JSONRPCResponseError) -> Bool {
        if literal("true") { return true }
        if literal("false") { return false }
        throw failure(path, "expected true or false")
    }

    /// A string's raw contents (escapes left as they are), for member names and skipped values.
    private mutating func rawString(_ path: FieldPath) throws(JSONRPCResponseError) -> Range<Int> {
        let open = index
        index += 1
        let start = index
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\""):
                index += 1
                return start..<(index - 1)
            case UInt8(ascii: "\\"):
                index += 2
            case 0..<0x20:
                throw failure(path, "control character in a string")
            default:
                index += 1
            }
        }
        throw failure(path, "unterminated string", at: open)
    }

    /// Skips any JSON value, checking its syntax, up to `maximumDepth` levels of nesting.
    private mutating func skipValue(_ path: FieldPath, depth: Int) throws(JSONRPCResponseError) {
        guard depth <= Self.maximumDepth else { throw failure(path, "nested deeper than \(Self.maximumDepth) levels") }
        skipSpace()
        switch peek() {
        case UInt8(ascii: "\""):
            _ = try rawString(path)
        case UInt8(ascii: "{"):
            index += 1
            try members(path) { scanner, _ throws(JSONRPCResponseError) in try scanner.skipValue(path, depth: depth + 1) }
        case UInt8(ascii: "["):
            index += 1
            skipSpace()
            if peek() == UInt8(ascii: "]") { index += 1; return }
            while true {
                try skipValue(path, depth: depth + 1)
                skipSpace()
                switch peek() {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "]"): index += 1; return
                default: throw failure(path, "expected ',' or ']' in an array")
                }
            }
        case .some(UInt8(ascii: "-")), .some(UInt8(ascii: "0")...UInt8(ascii: "9")):
            let start = index
            while let byte = peek(), byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".")
                    || byte | 0x20 == UInt8(ascii: "e") || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) {
                index += 1
            }
            guard Double(text(start..<index)) != nil else { throw failure(path, "malformed number", at: start) }
        default:
            guard literal("true") || literal("false") || literal("null") else { throw failure(path, "expected a JSON value") }
        }
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { return false }
        index += count
        return true
    }

    private mutating func expect(_ byte: UInt8, _ path: FieldPath, _ reason: String) throws(JSONRPCResponseError) {
        skipSpace()
        guard peek() == byte else {
            throw failure(path, peek() == nil ? "\(reason), found the end of the body" : reason)
        }
        index += 1
    }

    private func keyIs(_ key: Range<Int>, _ name: StaticString) -> Bool {
        guard key.count == name.utf8CodeUnitCount else { return false }
        for offset in 0..<key.count where bytes[key.lowerBound + offset] != name.utf8Start[offset] { return false }
        return true
    }

    private func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

    @inline(__always) private func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    @inline(__always) private mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }
}

/// Where a value sits in the body, spelled out only when an error needs it (never on the hot path).
enum FieldPath: CustomStringConvertible {
    case text(String)
    case log(Int)
    case field(Int, StaticString)
    case item(Int, StaticString, Int)

    var description: String {
        switch self {
        case .text(let text): text
        case .log(let log): "result[\(log)]"
        case .field(let log, let name): "result[\(log)].\(name)"
        case .item(let log, let name, let item): "result[\(log)].\(name)[\(item)]"
        }
    }
}
