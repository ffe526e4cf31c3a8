import FeatureStore

/// Why a carried-state payload could not be read: where in the bytes, and what was wrong there.
struct CarriedStateDecodingError: Error, Sendable, CustomStringConvertible {
    var reason: String
    var offset: Int

    var description: String { "\(reason) at byte \(offset)" }
}

/// Appends a carried state's values as little-endian bytes: fixed-width integers and Doubles (bit
/// patterns, so values come back bit-identical), LEB128 varints for counts, indexes and deltas.
struct PayloadWriter {
    var bytes: [UInt8] = []

    mutating func fixed64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func fixed32(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func fixed16(_ value: UInt16) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func int64(_ value: Int64) { fixed64(UInt64(bitPattern: value)) }

    mutating func double(_ value: Double) { fixed64(value.bitPattern) }

    /// Low word, then high word.
    mutating func int128(_ value: Int128) {
        fixed64(UInt64(truncatingIfNeeded: value))
        fixed64(UInt64(truncatingIfNeeded: value >> 64))
    }

    mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    mutating func count(_ value: Int) { varint(UInt64(value)) }

    /// A signed value zigzag-encoded, so small negative deltas stay short.
    mutating func signed(_ value: Int64) { varint(UInt64(bitPattern: (value << 1) ^ (value >> 63))) }

    mutating func append(_ other: PayloadWriter) { bytes.append(contentsOf: other.bytes) }
}

/// Reads what `PayloadWriter` wrote, checking every read against the end of its section.
struct PayloadReader {
    private let base: UnsafeRawBufferPointer
    private(set) var offset: Int
    private let end: Int

    init(_ base: UnsafeRawBufferPointer, from start: Int, to end: Int) {
        self.base = base
        offset = start
        self.end = end
    }

    var isAtEnd: Bool { offset == end }

    private mutating func take(_ count: Int, _ what: @autoclosure () -> String) throws(CarriedStateDecodingError) -> Int {
        guard count <= end - offset else {
            throw CarriedStateDecodingError(reason: "\(what()) runs past the end of its section (\(end - offset) bytes left)", offset: offset)
        }
        defer { offset += count }
        return offset
    }

    mutating func fixed64(_ what: @autoclosure () -> String) throws(CarriedStateDecodingError) -> UInt64 {
        UInt64(littleEndian: base.loadUnaligned(fromByteOffset: try take(8, what()), as: UInt64.self))
    }

    mutating func fixed32(_ what: @autoclosure () -> String) throws(CarriedStateDecodingError) -> UInt32 {
        UInt32(littleEndian: base.loadUnaligned(fromByteOffset: try take(4, what()), as: UInt32.self))
    }

    mutating func fixed16(_ what: @autoclosure () -> String) throws(CarriedStateDecodingError) -> UInt16 {
        UInt16(littleEndian: base.loadUnaligned(fromByteOffset: try take(2, what()), as: UInt16.self))
    }

    mutating func byte(_ what: @autoclosure () -> String) throws(CarriedStateDecodingError) -> UInt8 {
        base[try take(1, what())]
    }

    mutating func int64(_ what: @autoclosure () -> String) throws(CarriedStateDecodingError) -> Int64 {
        Int64(bitPattern: try fixed64(what()))
    }

    mutating func double(_ what: @autoclosure () -> String) throws(CarriedStateDecodingError) -> Double {
        Double(bitPattern: try fixed64(what()))
    }

    mutating func int128(_ what: @autoclosure () -> String) throws(CarriedStateDecodingError) -> Int128 {
        let low = try fixed64(what()), high = try fixed64(what())
        return Int128(Int64(bitPattern: high)) << 64 | Int128(low)
    }

    mutating func varint(_ what: @autoclosure () -> String) throws(CarriedStateDecodingError) -> UInt64 {
        var value: UInt64 = 0, shift: UInt64 = 0
        while true {
            guard offset < end else {
                throw CarriedStateDecodingError(reason: "\(what()) runs past the end of its section", offset: offset)
            }
            let byte = base[offset]
            offset += 1
            guard shift < 64, shift < 63 || byte <= 1 else {
                throw CarriedStateDecodingError(reason: "\(what()) is a varint longer than 64 bits", offset: offset - 1)
            }
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    /// A count of entries of at least `minimumSize` bytes each: more than the section can hold is an error.
    mutating func count(_ what: @autoclosure () -> String, minimumSize: Int = 1) throws(CarriedStateDecodingError) -> Int {
        let start = offset
        let value = try varint(what())
        guard value <= UInt64((end - offset) / max(minimumSize, 1)) else {
            throw CarriedStateDecodingError(reason: "\(what()) \(value) is more than the \(end - offset) bytes left can hold", offset: start)
        }
        return Int(value)
    }

    mutating func signed(_ what: @autoclosure () -> String) throws(CarriedStateDecodingError) -> Int64 {
        let raw = try varint(what())
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    /// An index into a table of `limit` entries.
    mutating func index(_ what: @autoclosure () -> String, below limit: Int) throws(CarriedStateDecodingError) -> Int {
        let start = offset
        let value = try varint(what())
        guard value < UInt64(limit) else {
            throw CarriedStateDecodingError(reason: "\(what()) \(value) is past its table of \(limit)", offset: start)
        }
        return Int(value)
    }

    mutating func bytes(_ count: Int, _ what: @autoclosure () -> String) throws(CarriedStateDecodingError) -> UnsafeRawBufferPointer {
        let start = try take(count, what())
        return UnsafeRawBufferPointer(rebasing: base[start..<start + count])
    }
}

/// Addresses and strings written once and referred to by index: holders, recipients and authors
/// recur across tokens and rows, and an index is one to three bytes against twenty.
struct PayloadTables {
    private(set) var addresses: [PackedAddress] = []
    private(set) var strings: [String] = []
    private var addressIndex: [PackedAddress: Int] = [:]
    private var stringIndex: [String: Int] = [:]

    mutating func address(_ address: PackedAddress) -> Int {
        if let index = addressIndex[address] { return index }
        addresses.append(address)
        addressIndex[address] = addresses.count - 1
        return addresses.count - 1
    }

    mutating func string(_ string: String) -> Int {
        if let index = stringIndex[string] { return index }
        strings.append(string)
        stringIndex[string] = strings.count - 1
        return strings.count - 1
    }

    /// The address table: a count, then three words per address.
    func writeAddresses(into writer: inout PayloadWriter) {
        writer.count(addresses.count)
        for address in addresses {
            let words = address.words
            writer.fixed64(words.high)
            writer.fixed64(words.middle)
            writer.fixed32(words.low)
        }
    }

    /// The string table: a count, then each string's UTF-8 length and bytes.
    func writeStrings(into writer: inout PayloadWriter) {
        writer.count(strings.count)
        for string in strings {
            writer.count(string.utf8.count)
            writer.bytes.append(contentsOf: string.utf8)
        }
    }

    static func readAddresses(_ reader: inout PayloadReader) throws(CarriedStateDecodingError) -> [PackedAddress] {
        let addressCount = try reader.count("address count", minimumSize: 20)
        var addresses: [PackedAddress] = []
        addresses.reserveCapacity(addressCount)
        for _ in 0..<addressCount {
            let high = try reader.fixed64("address"), middle = try reader.fixed64("address"), low = try reader.fixed32("address")
            addresses.append(PackedAddress(high: high, middle: middle, low: low))
        }
        return addresses
    }

    static func readStrings(_ reader: inout PayloadReader) throws(CarriedStateDecodingError) -> [String] {
        let stringCount = try reader.count("string count")
        var strings: [String] = []
        strings.reserveCapacity(stringCount)
        for _ in 0..<stringCount {
            let length = try reader.count("string length")
            let start = reader.offset
            let utf8 = try reader.bytes(length, "string")
            guard let string = String(validating: utf8, as: UTF8.self) else {
                throw CarriedStateDecodingError(reason: "string is not valid UTF-8", offset: start)
            }
            strings.append(string)
        }
        return strings
    }
}
