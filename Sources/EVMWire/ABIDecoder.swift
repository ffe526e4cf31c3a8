import RadarCore

/// Decodes a raw log against an event signature given at run time (the IP-registry feed's signatures
/// come from config): indexed parameters from topics, the rest from the ABI-encoded data, every word's
/// padding checked, so that a log that is not what the signature says fails loudly instead of
/// yielding wrong numbers.
public enum ABIDecoder {
    /// The log's parameters as values, in the signature's order.
    public static func decode(_ log: RawLog, as signature: EventSignature) throws(LogDecodingError) -> DecodedEvent {
        let reader = LogReader(log: log, event: .signature(signature))
        try reader.expectTopic0(signature.topic0, named: signature.canonical)
        try reader.expectTopicCount(signature.topicCount)
        let dataParameters = signature.dataParameters
        let headBytes = 32 * dataParameters.count
        if dataParameters.contains(where: \.type.isDynamic) {
            guard log.data.count >= headBytes else {
                throw reader.failure(field: "data", value: "\(log.data.count) bytes",
                                     reason: "expected at least \(headBytes) bytes (\(dataParameters.count) head words)")
            }
        } else {
            try reader.expectDataCount(headBytes)
        }

        var values: [ABIValue] = []
        values.reserveCapacity(signature.parameters.count)
        var topic = 1, word = 0
        for (index, parameter) in signature.parameters.enumerated() {
            let name = parameter.name ?? "parameter \(index + 1)"
            if parameter.indexed {
                let field = "\(name) (topic \(topic))"
                values.append(parameter.type.isDynamic
                    ? .indexedHash(log.topics[topic])
                    : try reader.value(reader.topic(topic), parameter.type, field: field))
                topic += 1
            } else {
                let field = "\(name) (data word \(word))"
                values.append(parameter.type.isDynamic
                    ? try reader.dynamicValue(atHeadWord: word, parameter.type, field: field)
                    : try reader.value(reader.word(word), parameter.type, field: field))
                word += 1
            }
        }
        return DecodedEvent(signature: signature, values: values)
    }
}

/// Reads one log's topics and data words for a decoder and raises errors that say which event, which
/// field, what value and which log. Callers check the shape first; reads after that are in bounds.
package struct LogReader {
    /// The event a log is read as; named in errors only, so never spelled out on the hot path.
    package enum Event {
        /// An event a decoder in another module knows by its own type (a fixed-size value, so no allocation).
        case named(any LogEventNaming)
        case signature(EventSignature)

        var name: String {
            switch self {
            case .named(let event): event.logEventName
            case .signature(let signature): signature.description
            }
        }
    }

    package let log: RawLog
    package let event: Event

    package init(log: RawLog, event: Event) {
        self.log = log
        self.event = event
    }

    package func failure(field: String, value: String, reason: String) -> LogDecodingError {
        LogDecodingError(event: event.name, field: field, value: value, reason: reason, log: log)
    }

    package func expectTopic0(_ topic0: EVMHash, named canonical: String) throws(LogDecodingError) {
        guard let first = log.topics.first else {
            throw failure(field: "topics", value: "[]", reason: "the log has no topic0")
        }
        guard first == topic0 else {
            throw failure(field: "topic0", value: first.hex, reason: "not keccak256(\"\(canonical)\") = \(topic0.hex)")
        }
    }

    package func expectTopicCount(_ count: Int) throws(LogDecodingError) {
        guard log.topics.count == count else {
            throw failure(field: "topics", value: "\(log.topics.count) topics",
                          reason: "expected \(count) (topic0 and \(count - 1) indexed parameters)")
        }
    }

    package func expectDataCount(_ count: Int) throws(LogDecodingError) {
        guard log.data.count == count else {
            throw failure(field: "data", value: "\(log.data.count) bytes", reason: "expected \(count) bytes (\(count / 32) words)")
        }
    }

    package func topic(_ index: Int) -> ABIWord { ABIWord(hashHex: log.topics[index].hex) }

    package func word(_ index: Int) -> ABIWord {
        log.data.withUnsafeBytes { ABIWord($0, at: 32 * index) }
    }

    package func address(_ word: ABIWord, field: String) throws(LogDecodingError) -> EVMAddress {
        guard word.fitsUnsigned(bits: 160) else {
            throw failure(field: field, value: Hex.encode(word.bytes), reason: "not an address: the upper 12 bytes must be zero")
        }
        return EVMAddress(canonical: word.addressHex)
    }

    package func unsigned(_ word: ABIWord, bits: Int, field: String) throws(LogDecodingError) -> DecimalAmount {
        guard word.fitsUnsigned(bits: bits) else {
            throw failure(field: field, value: Hex.encode(word.bytes), reason: "does not fit uint\(bits): bad padding")
        }
        return DecimalAmount(canonical: word.unsignedDecimal)
    }

    package func signed(_ word: ABIWord, bits: Int, field: String) throws(LogDecodingError) -> DecimalAmount {
        guard word.fitsSigned(bits: bits) else {
            throw failure(field: field, value: Hex.encode(word.bytes), reason: "does not fit int\(bits): bad sign extension")
        }
        return DecimalAmount(canonical: word.signedDecimal)
    }

    /// A signed value of at most 64 bits (ticks, tick spacings).
    package func smallSigned(_ word: ABIWord, bits: Int, field: String) throws(LogDecodingError) -> Int64 {
        precondition(bits <= 64)
        guard word.fitsSigned(bits: bits) else {
            throw failure(field: field, value: Hex.encode(word.bytes), reason: "does not fit int\(bits): bad sign extension")
        }
        return Int64(bitPattern: word.low)
    }

    /// An unsigned value of at most 63 bits (fee tiers, small counters).
    package func smallUnsigned(_ word: ABIWord, bits: Int, field: String) throws(LogDecodingError) -> Int64 {
        precondition(bits < 64)
        guard word.fitsUnsigned(bits: bits) else {
            throw failure(field: field, value: Hex.encode(word.bytes), reason: "does not fit uint\(bits): bad padding")
        }
        return Int64(word.low)
    }

    /// A static value of `type` from one word.
    package func value(_ word: ABIWord, _ type: ABIType, field: String) throws(LogDecodingError) -> ABIValue {
        switch type {
        case .address:
            return .address(try address(word, field: field))
        case .bool:
            guard word.fitsUnsigned(bits: 1) else {
                throw failure(field: field, value: Hex.encode(word.bytes), reason: "not a bool: expected 0 or 1")
            }
            return .bool(word.low == 1)
        case .uint(let bits):
            guard word.fitsUnsigned(bits: bits) else {
                throw failure(field: field, value: Hex.encode(word.bytes), reason: "does not fit uint\(bits): bad padding")
            }
            return .uint(word.bigUInt)
        case .int(let bits):
            guard word.fitsSigned(bits: bits) else {
                throw failure(field: field, value: Hex.encode(word.bytes), reason: "does not fit int\(bits): bad sign extension")
            }
            return .int(word.bigInt)
        case .fixedBytes(let count):
            let bytes = word.bytes
            guard bytes[count...].allSatisfy({ $0 == 0 }) else {
                throw failure(field: field, value: Hex.encode(bytes), reason: "not a bytes\(count): the last \(32 - count) bytes must be zero")
            }
            return .fixedBytes(Array(bytes[..<count]))
        case .bytes, .string:
            preconditionFailure("dynamic types are read through dynamicValue")
        }
    }

    /// A `bytes` or `string` whose head word at `index` holds the offset of its length and contents.
    package func dynamicValue(atHeadWord index: Int, _ type: ABIType, field: String) throws(LogDecodingError) -> ABIValue {
        let count = log.data.count
        let offsetWord = word(index)
        guard offsetWord.fitsUnsigned(bits: 62), Int(offsetWord.low) % 32 == 0, Int(offsetWord.low) + 32 <= count else {
            throw failure(field: field, value: Hex.encode(offsetWord.bytes),
                          reason: "the offset is not a word boundary inside the \(count) data bytes: truncated or malformed dynamic data")
        }
        let offset = Int(offsetWord.low)
        let lengthWord = word(offset / 32)
        guard lengthWord.fitsUnsigned(bits: 62), offset + 32 + Int(lengthWord.low) <= count else {
            throw failure(field: field, value: Hex.encode(lengthWord.bytes),
                          reason: "the length runs past the end of the \(count) data bytes (from offset \(offset)): truncated dynamic data")
        }
        let start = offset + 32
        let contents = Array(log.data[start..<(start + Int(lengthWord.low))])
        // Invalid UTF-8 (Solidity does not check it) becomes U+FFFD rather than failing the whole log.
        return type == .string ? .string(String(decoding: contents, as: UTF8.self)) : .bytes(contents)
    }
}

extension ABIWord {
    /// The low 20 bytes as a canonical address (lowercase `0x` + 40 hex digits).
    package var addressHex: String {
        String(unsafeUninitializedCapacity: 42) { out in
            out[0] = UInt8(ascii: "0")
            out[1] = UInt8(ascii: "x")
            Hex.digits.withUnsafeBufferPointer { digits in
                func put(_ limb: UInt64, nibbles: Int, at start: Int) {
                    for index in 0..<nibbles {
                        out[start + index] = digits[Int((limb >> UInt64(4 * (nibbles - 1 - index))) & 0xF)]
                    }
                }
                put(upper, nibbles: 8, at: 2)
                put(lower, nibbles: 16, at: 10)
                put(low, nibbles: 16, at: 26)
            }
            return 42
        }
    }
}

/// An event a `LogReader` names in its errors, computed only when an error is raised.
package protocol LogEventNaming: Sendable {
    var logEventName: String { get }
}
