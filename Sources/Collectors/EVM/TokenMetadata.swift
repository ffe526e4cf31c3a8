import EVMWire
import Foundation
import RadarCore

/// A token's ERC-20 metadata as its contract answers `name()`, `symbol()`, `decimals()` and
/// `totalSupply()`. Each is nil when the call reverts, the method is missing or the answer does not
/// decode: many tokens implement only part of ERC-20, and they stay on the radar all the same.
public struct TokenMetadata: Hashable, Sendable {
    public var name: String?
    public var symbol: String?
    public var decimals: Int?
    public var totalSupply: DecimalAmount?

    public init(name: String? = nil, symbol: String? = nil, decimals: Int? = nil, totalSupply: DecimalAmount? = nil) {
        self.name = name
        self.symbol = symbol
        self.decimals = decimals
        self.totalSupply = totalSupply
    }

    /// True when no method answered.
    public var isEmpty: Bool { name == nil && symbol == nil && decimals == nil && totalSupply == nil }

    /// The store's row for the token, first seen on chain at `firstSeenAt`.
    public func token(_ id: TokenID, firstSeenAt: Timestamp, observedAt: Timestamp) -> Token {
        Token(id: id, symbol: symbol, name: name, decimals: decimals, totalSupply: totalSupply,
              firstSeenAt: firstSeenAt, observedAt: observedAt)
    }
}

/// The four ERC-20 view methods, their selectors (computed from the signatures) and how their
/// answers decode.
public enum ERC20Method: String, CaseIterable, Sendable {
    case name = "name()"
    case symbol = "symbol()"
    case decimals = "decimals()"
    case totalSupply = "totalSupply()"

    /// The first four bytes of keccak256 of the signature: the call data.
    public var selector: [UInt8] { Self.selectors[self]! }

    private static let selectors: [ERC20Method: [UInt8]] = Dictionary(uniqueKeysWithValues: allCases.map {
        ($0, Array(Keccak256.hash($0.rawValue).prefix(4)))
    })

    /// Longest name or symbol kept; longer answers are cut (some contracts return kilobytes).
    public static let maximumTextLength = 128

    /// Text from a `string` answer (offset, length, bytes) or a `bytes32` one (MKR-style, NUL-padded);
    /// nil for an empty or undecodable answer.
    public static func text(_ answer: [UInt8]) -> String? {
        var bytes: ArraySlice<UInt8>
        if answer.count == 32 {
            bytes = answer[...]
        } else if answer.count >= 64, let offset = smallWord(answer, at: 0), offset <= answer.count - 32,
                  let length = smallWord(answer, at: offset), length <= answer.count - offset - 32 {
            bytes = answer[(offset + 32)..<(offset + 32 + length)]
        } else {
            return nil
        }
        if let end = bytes.firstIndex(of: 0) { bytes = bytes[..<end] }
        guard !bytes.isEmpty else { return nil }
        var text = String(decoding: bytes.prefix(maximumTextLength * 4), as: UTF8.self)
        text = String(text.unicodeScalars.filter { !$0.properties.isDefaultIgnorableCodePoint && $0.value >= 0x20 && $0 != "\u{7F}" }
            .map(Character.init)).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : String(text.prefix(maximumTextLength))
    }

    /// `decimals()`: a word below 256 (some tokens declare uint256, all fit uint8).
    public static func decimals(_ answer: [UInt8]) -> Int? {
        guard answer.count == 32, let value = smallWord(answer, at: 0), value <= 255 else { return nil }
        return value
    }

    /// `totalSupply()`: a uint256 word as decimal text.
    public static func totalSupply(_ answer: [UInt8]) -> DecimalAmount? {
        guard answer.count == 32 else { return nil }
        return answer.withUnsafeBytes { DecimalAmount(canonical: ABIWord($0, at: 0).unsignedDecimal) }
    }

    /// The word at `offset` when it fits in 32 bits, else nil.
    private static func smallWord(_ bytes: [UInt8], at offset: Int) -> Int? {
        guard offset >= 0, offset + 32 <= bytes.count, bytes[offset..<(offset + 28)].allSatisfy({ $0 == 0 }) else { return nil }
        return bytes[(offset + 28)..<(offset + 32)].reduce(0) { $0 << 8 | Int($1) }
    }
}
