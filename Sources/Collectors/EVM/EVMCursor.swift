import Foundation
import RadarCore

/// An `evm-logs` feed's checkpoint: the last block whose logs are all in the store, and its hash, so
/// that the next pass can tell whether the chain it read still stands.
///
/// Stored as JSON, `{"block":19000000,"hash":"0x…"}`. A bare block number (`"19000000"`) is also
/// read, for an operator who sets a checkpoint by hand; the next pass then trusts that block. Block -1
/// means nothing read yet from a start block of 0.
public struct EVMCursor: Hashable, Sendable, CustomStringConvertible {
    public var block: Int64
    public var hash: EVMHash?

    public init(block: Int64, hash: EVMHash?) {
        self.block = block
        self.hash = hash
    }

    /// Reads a stored cursor; the error names the feed and the value.
    public init(parsing text: String, feed: String) throws(ValidationError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let number = Int64(trimmed), number >= -1 {
            self.init(block: number, hash: nil)
            return
        }
        struct Wire: Decodable { var block: Int64; var hash: String? }
        guard let wire = try? JSONDecoder().decode(Wire.self, from: Data(trimmed.utf8)), wire.block >= -1 else {
            throw ValidationError(field: "checkpoint of feed '\(feed)'", value: text,
                                  reason: #"expected {"block": N, "hash": "0x…"} or a block number"#)
        }
        self.init(block: wire.block, hash: try wire.hash.map { text throws(ValidationError) in
            try EVMHash(text, field: "checkpoint of feed '\(feed)'.hash")
        })
    }

    /// The stored text.
    public var description: String {
        hash.map { #"{"block":\#(block),"hash":"\#($0.hex)"}"# } ?? #"{"block":\#(block)}"#
    }
}
