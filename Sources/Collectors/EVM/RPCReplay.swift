import EVMWire
import Foundation

/// JSON-RPC answers recorded as files, so that an `evm-logs` feed can run from a directory instead of
/// a node: give the feed `url: file:///path/to/dir` and each call is read (through libcurl, like any
/// `file://` feed) from its own file there. A batch is replayed call by call.
///
/// A call's file is `<method>[-<hint>]-<key>.json`, where `hint` makes it findable by eye (the block
/// range of `eth_getLogs`, the block of `eth_getBlockByNumber`, the contract of `eth_call`) and `key`
/// is the first 16 hex digits of keccak256 of the call's params as the client writes them; calls
/// without params are just `<method>.json` (e.g. `eth_blockNumber.json`). The file holds the node's
/// answer as it came, a JSON-RPC response object (`{"jsonrpc":"2.0","id":1,"result":...}`; the id is
/// not checked). Missing files fail the call with `notRecorded` naming the file.
///
/// `EVMRPCClient(recordTo:)` writes these files while it talks to a live node, so a replay of a
/// recorded pass asks the same calls as long as the feed's config (start block, ranges,
/// confirmations, factories, tokens) is the same.
public enum RPCReplay {
    /// The file that holds the answer to `request`.
    public static func fileName(for request: JSONRPCRequest) -> String {
        guard request.params != "[]" else { return "\(request.method).json" }
        let key = Hex.encode(Keccak256.hash(request.params).prefix(8)).dropFirst(2)
        let hint = request.hint.map { "-\($0)" } ?? ""
        return "\(request.method)\(hint)-\(key).json"
    }

    /// A JSON-RPC response object whose result is `result` (JSON text), as a node would send it.
    public static func response(result: String) -> String {
        #"{"jsonrpc":"2.0","id":1,"result":\#(result)}"#
    }

    /// Writes `answer` (a response object) as the recorded answer to `request` in `directory`.
    public static func record(_ answer: [UInt8], for request: JSONRPCRequest, in directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(answer).write(to: directory.appendingPathComponent(fileName(for: request)), options: .atomic)
    }
}
