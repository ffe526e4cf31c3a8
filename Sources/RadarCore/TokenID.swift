/// An EVM chain id (1 = Ethereum mainnet, 8453 = Base, ...), as EIP-155 numbers them.
public typealias ChainID = Int64

/// Identifies a token on the radar: a chain and the token contract's address.
///
/// The same contract address on two chains is two tokens, so the chain is always part of the key.
public struct TokenID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let chain: ChainID
    public let address: EVMAddress

    public init(chain: ChainID, address: EVMAddress) {
        self.chain = chain
        self.address = address
    }

    /// Validates `address` (`0x` + 40 hex, any case) and a positive chain id.
    public init(chain: ChainID, address: String, field: String = "token") throws(ValidationError) {
        guard chain > 0 else {
            throw ValidationError(field: "\(field).chain", value: String(chain), reason: "chain id must be positive")
        }
        self.chain = chain
        self.address = try EVMAddress(address, field: "\(field).address")
    }

    /// `chain:address`, e.g. `1:0xabc...`.
    public var description: String { "\(chain):\(address.hex)" }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.chain, lhs.address) < (rhs.chain, rhs.address)
    }
}
