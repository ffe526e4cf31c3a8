/// An `eth_getLogs` filter resolved against the world: a block range, addresses and positional
/// topics, where a nil position matches anything and a list matches any of its values.
struct LogQuery: Sendable {
    var fromBlock: Int64
    var toBlock: Int64
    /// Empty: every address.
    var addresses: Set<SimAddress>
    var topics: [Set<SimHash>?]

    func matches(address: SimAddress) -> Bool { addresses.isEmpty || addresses.contains(address) }

    func matches(topics logTopics: [SimHash]) -> Bool {
        guard topics.count <= logTopics.count || topics.dropFirst(logTopics.count).allSatisfy({ $0 == nil }) else { return false }
        for (position, wanted) in topics.enumerated() {
            guard let wanted else { continue }
            guard position < logTopics.count, wanted.contains(logTopics[position]) else { return false }
        }
        return true
    }

    /// The topic0s the query can match, or nil for any (a cheap first test before encoding a log).
    var topic0s: Set<SimHash>? { topics.first ?? nil }
}

/// Why a JSON-RPC request was refused: the error object's code and message.
struct RPCFailure: Error, Sendable {
    var code: Int
    var message: String

    static func invalidParams(_ message: String) -> RPCFailure { RPCFailure(code: -32602, message: message) }
}

/// Hex text of the wire formats read into world values.
enum WireText {
    static func quantity(_ text: String) -> Int64? {
        guard text.hasPrefix("0x") || text.hasPrefix("0X") else { return nil }
        let digits = text.dropFirst(2)
        guard !digits.isEmpty, digits.count <= 16 else { return nil }
        return UInt64(digits, radix: 16).flatMap { Int64(exactly: $0) }
    }

    static func bytes(_ text: String) -> [UInt8]? {
        guard text.hasPrefix("0x") || text.hasPrefix("0X") else { return nil }
        let digits = Array(text.utf8.dropFirst(2))
        guard digits.count % 2 == 0 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    static func address(_ text: String) -> SimAddress? {
        guard let bytes = bytes(text), bytes.count == 20 else { return nil }
        func limb(_ range: Range<Int>) -> UInt64 { bytes[range].reduce(0) { $0 << 8 | UInt64($1) } }
        return SimAddress(high: limb(0..<8), middle: limb(8..<16), low: UInt32(limb(16..<20)))
    }

    static func hash(_ text: String) -> SimHash? {
        guard let bytes = bytes(text), bytes.count == 32 else { return nil }
        return SimHash(word: bytes)
    }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
