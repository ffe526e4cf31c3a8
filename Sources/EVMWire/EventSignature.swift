import RadarCore

/// One parameter of an event: its type, whether it is indexed (a topic) and its name when given.
public struct EventParameter: Hashable, Sendable {
    public var name: String?
    public var type: ABIType
    public var indexed: Bool

    public init(_ type: ABIType, indexed: Bool = false, name: String? = nil) {
        self.type = type
        self.indexed = indexed
        self.name = name
    }
}

/// An EVM event's signature: what decides its topic0 and which of its parameters sit in topics and
/// which in data. Feeds give signatures as text (the IP-registry feed reads them from config), so it
/// parses both the human form `Transfer(address indexed from, address indexed to, uint256 value)` and
/// the canonical `Transfer(address,address,uint256)`; its topic0 is always computed here with
/// `Keccak256` from the canonical text, never pasted.
///
/// The canonical form carries no `indexed` markers, so a signature parsed from it has none: enough to
/// match topic0, but decoding a log needs the human form.
public struct EventSignature: Hashable, Sendable, CustomStringConvertible {
    /// Non-anonymous events have topic0 plus at most three indexed parameters.
    public static let maximumIndexed = 3

    public let name: String
    public let parameters: [EventParameter]
    /// `Name(type1,type2,...)`: the text whose hash is topic0.
    public let canonical: String
    /// keccak256 of `canonical`.
    public let topic0: EVMHash

    /// Builds a signature from parts; the name and the number of indexed parameters are checked.
    public init(name: String, parameters: [EventParameter]) throws(EventSignatureError) {
        let text = "\(name)(\(parameters.map(Self.describe).joined(separator: ", ")))"
        guard Self.isIdentifier(name) else {
            throw EventSignatureError(signature: text, column: 1, reason: "the event name '\(name)' is not an identifier")
        }
        let indexed = parameters.count(where: \.indexed)
        guard indexed <= Self.maximumIndexed else {
            throw EventSignatureError(signature: text, column: nil,
                                      reason: "\(indexed) parameters are indexed; an event has at most \(Self.maximumIndexed) (anonymous events are not supported)")
        }
        self.name = name
        self.parameters = parameters
        canonical = "\(name)(\(parameters.map(\.type.description).joined(separator: ",")))"
        topic0 = EVMHash(bytes: Keccak256.hash(canonical))
    }

    /// Parses `Name(type [indexed] [name], ...)`, with an optional leading `event` and trailing `;`.
    /// Errors quote the text and the column where the problem starts.
    public init(_ text: String) throws(EventSignatureError) {
        func fail(_ column: Int?, _ reason: String) -> EventSignatureError {
            EventSignatureError(signature: text, column: column, reason: reason)
        }
        let bytes = Array(text.utf8)
        guard bytes.allSatisfy({ $0 < 0x80 }) else { throw fail(nil, "only ASCII characters may appear in a signature") }
        guard let open = bytes.firstIndex(of: UInt8(ascii: "(")) else {
            throw fail(nil, "expected Name(type, ...): there is no '('")
        }
        guard let close = bytes.lastIndex(of: UInt8(ascii: ")")), close > open else {
            throw fail(open + 1, "the parameter list is not closed with ')'")
        }
        var head = Self.trimmed(bytes, 0..<open)
        if bytes[head].starts(with: Array("event".utf8)), head.count > 5, Self.isSpace(bytes[head.lowerBound + 5]) {
            head = Self.trimmed(bytes, (head.lowerBound + 5)..<head.upperBound)
        }
        let name = String(decoding: bytes[head], as: UTF8.self)
        guard Self.isIdentifier(name) else {
            throw fail(head.lowerBound + 1, name.isEmpty ? "the event name is missing" : "the event name '\(name)' is not an identifier")
        }
        let tail = Self.trimmed(bytes, (close + 1)..<bytes.count)
        if !tail.isEmpty {
            let rest = String(decoding: bytes[tail], as: UTF8.self)
            if rest.hasPrefix("anonymous") { throw fail(tail.lowerBound + 1, "anonymous events have no topic0 and are not supported") }
            if rest != ";" { throw fail(tail.lowerBound + 1, "unexpected text '\(rest)' after the parameter list") }
        }
        if let nested = bytes[(open + 1)..<close].firstIndex(where: { $0 == UInt8(ascii: "(") || $0 == UInt8(ascii: ")") }) {
            throw fail(nested + 1, "tuple parameters are not supported")
        }

        var parameters: [EventParameter] = []
        let inner = (open + 1)..<close
        if !Self.trimmed(bytes, inner).isEmpty {
            var start = inner.lowerBound
            while start <= inner.upperBound {
                let end = bytes[start..<inner.upperBound].firstIndex(of: UInt8(ascii: ",")) ?? inner.upperBound
                parameters.append(try Self.parameter(bytes, start..<end, number: parameters.count + 1, fail: fail))
                start = end + 1
            }
        }
        do {
            try self.init(name: name, parameters: parameters)
        } catch {
            throw fail(error.column, error.reason)
        }
    }

    /// One `type [indexed] [name]` between commas.
    private static func parameter(_ bytes: [UInt8], _ range: Range<Int>, number: Int,
                                  fail: (Int?, String) -> EventSignatureError) throws(EventSignatureError) -> EventParameter {
        var words: [(text: String, column: Int)] = []
        var index = range.lowerBound
        while index < range.upperBound {
            if isSpace(bytes[index]) { index += 1; continue }
            let start = index
            while index < range.upperBound, !isSpace(bytes[index]) { index += 1 }
            words.append((String(decoding: bytes[start..<index], as: UTF8.self), start + 1))
        }
        guard let typeWord = words.first else {
            throw fail(range.lowerBound + 1, "parameter \(number) is empty")
        }
        let type: ABIType
        do {
            type = try ABIType(parsing: typeWord.text)
        } catch {
            throw fail(typeWord.column, "parameter \(number): \(error)")
        }
        var rest = words.dropFirst()
        let indexed = rest.first?.text == "indexed"
        if indexed { rest = rest.dropFirst() }
        let name = rest.first
        if let name, !isIdentifier(name.text) {
            throw fail(name.column, "parameter \(number): '\(name.text)' is not a parameter name")
        }
        if let extra = rest.dropFirst().first {
            throw fail(extra.column, "parameter \(number): unexpected '\(extra.text)' after the name; expected 'type [indexed] [name]'")
        }
        return EventParameter(type, indexed: indexed, name: name?.text)
    }

    /// The indexed parameters, in topic order (topic1, topic2, topic3).
    public var indexedParameters: [EventParameter] { parameters.filter(\.indexed) }

    /// The parameters ABI-encoded in the log's data, in order.
    public var dataParameters: [EventParameter] { parameters.filter { !$0.indexed } }

    /// The number of topics a log of this event has: topic0 and one per indexed parameter.
    public var topicCount: Int { 1 + parameters.count(where: \.indexed) }

    /// The human form, `Transfer(address indexed from, address indexed to, uint256 value)`.
    public var description: String { "\(name)(\(parameters.map(Self.describe).joined(separator: ", ")))" }

    private static func describe(_ parameter: EventParameter) -> String {
        [parameter.type.description, parameter.indexed ? "indexed" : nil, parameter.name].compactMap { $0 }.joined(separator: " ")
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private static func trimmed(_ bytes: [UInt8], _ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper, isSpace(bytes[lower]) { lower += 1 }
        while upper > lower, isSpace(bytes[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    package static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return false }
        return text.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$")
        }
    }
}

/// Why a signature text is not one this decoder can use: the text itself, where (1-based column,
/// when one place is to blame) and what is wrong, so that a feed's config error points at the fix.
public struct EventSignatureError: Error, Hashable, Sendable, CustomStringConvertible {
    public var signature: String
    public var column: Int?
    public var reason: String

    public var description: String {
        "event signature \"\(signature)\"" + (column.map { " at column \($0)" } ?? "") + ": \(reason)"
    }
}
