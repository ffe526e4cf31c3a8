import BigInt
import RadarCore

/// Encodes event parameters the way a contract emits them: the decoder's inverse. It builds logs for
/// tests, fixtures and benchmarks, and the round-trip property tests hold the decoder to it.
public enum ABIEncoder {
    /// topic0, one topic per indexed value (an indexed `bytes`/`string` as its keccak-256), and the
    /// data words of the other values with their dynamic tails, for `values` in `signature`'s order.
    public static func encodeLog(_ signature: EventSignature, _ values: [ABIValue]) throws(ABIEncodingError) -> (topics: [EVMHash], data: [UInt8]) {
        guard values.count == signature.parameters.count else {
            throw ABIEncodingError(parameter: signature.description,
                                   reason: "\(values.count) values for \(signature.parameters.count) parameters")
        }
        var topics = [signature.topic0]
        var head: [UInt8] = [], tail: [UInt8] = []
        let headBytes = 32 * signature.dataParameters.count
        for (index, (parameter, value)) in zip(signature.parameters, values).enumerated() {
            let name = parameter.name ?? "parameter \(index + 1)"
            if parameter.indexed {
                if parameter.type.isDynamic {
                    switch value {
                    case .indexedHash(let hash): topics.append(hash)
                    case .bytes(let bytes): topics.append(EVMHash(bytes: Keccak256.hash(bytes)))
                    case .string(let text): topics.append(EVMHash(bytes: Keccak256.hash(text)))
                    default: throw ABIEncodingError(parameter: name, reason: "\(value) is not a \(parameter.type)")
                    }
                } else {
                    topics.append(EVMHash(bytes: try word(value, parameter.type, name: name)))
                }
            } else if parameter.type.isDynamic {
                let contents: [UInt8]
                switch value {
                case .bytes(let bytes) where parameter.type == .bytes: contents = bytes
                case .string(let text) where parameter.type == .string: contents = Array(text.utf8)
                default: throw ABIEncodingError(parameter: name, reason: "\(value) is not a \(parameter.type)")
                }
                head += ABIWord(low: UInt64(headBytes + tail.count)).bytes
                tail += ABIWord(low: UInt64(contents.count)).bytes
                tail += contents
                tail += [UInt8](repeating: 0, count: (32 - contents.count % 32) % 32)
            } else {
                head += try word(value, parameter.type, name: name)
            }
        }
        return (topics, head + tail)
    }

    /// One static value as its 32-byte word, checked against the type's range.
    public static func word(_ value: ABIValue, _ type: ABIType, name: String) throws(ABIEncodingError) -> [UInt8] {
        switch (type, value) {
        case (.address, .address(let address)):
            return [UInt8](repeating: 0, count: 12) + address.bytes
        case (.bool, .bool(let flag)):
            return ABIWord(low: flag ? 1 : 0).bytes
        case (.uint(let bits), .uint(let number)):
            guard number.bitWidth <= bits else {  // BigUInt's bitWidth is its significant bits
                throw ABIEncodingError(parameter: name, reason: "\(number) does not fit uint\(bits)")
            }
            return ABIWord(number).bytes
        case (.int(let bits), .int(let number)):
            let limit = BigInt(1) << (bits - 1)
            guard number >= -limit, number < limit else {
                throw ABIEncodingError(parameter: name, reason: "\(number) does not fit int\(bits)")
            }
            return ABIWord(number).bytes
        case (.fixedBytes(let count), .fixedBytes(let bytes)):
            guard bytes.count == count else {
                throw ABIEncodingError(parameter: name, reason: "\(bytes.count) bytes for a bytes\(count)")
            }
            return bytes + [UInt8](repeating: 0, count: 32 - count)
        default:
            throw ABIEncodingError(parameter: name, reason: "\(value) is not a \(type)")
        }
    }
}

/// Why values cannot be encoded for a signature: which parameter and what does not fit.
public struct ABIEncodingError: Error, Hashable, Sendable, CustomStringConvertible {
    public var parameter: String
    public var reason: String

    public var description: String { "cannot encode \(parameter): \(reason)" }
}
