import Collectors
import EVMWire
import RadarCore

/// The signature the ABI-data part of the fuzz decodes against: static and dynamic types together.
private let registered = try! EventSignature("Registered(uint256 indexed id, string name, bytes blob, int24 tick, address owner)")

/// libFuzzer's entry point: every input is fed to the config checker, both universe readers, the
/// `eth_getLogs` response scanner, the event-signature parser and the ABI decoders. A crash, a hang, a
/// check that returns a config alongside errors, or an error that points outside the input is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    let text = String(decoding: bytes, as: UTF8.self)
    let check = ConfigLoader.check(yaml: text, file: "fuzz.yaml", environment: ["TOKEN": "t"])
    if check.config != nil && !check.errors.isEmpty { fatalError("a config was returned with errors") }
    for issue in check.issues where issue.line < 1 { fatalError("issue without a position: \(issue)") }
    _ = UniverseFile.parse(text, file: "fuzz.yaml", format: .yaml)
    _ = UniverseFile.parse(text, file: "fuzz.csv", format: .csv)

    do {
        let logs = try GetLogsResponse.parse(bytes)
        _ = EVMLogDecoder(chain: 1).decode(logs, observedAt: Timestamp(seconds: 0)) { Timestamp(seconds: $0) }
    } catch .malformed(let offset, _, _) {
        if offset < 0 || offset > count { fatalError("an error offset \(offset) outside the \(count)-byte body") }
    } catch {}

    _ = try? EventSignature(text)

    let data = Array(bytes)
    let log = RawLog(address: .zero, topics: [registered.topic0, .zero], data: data, blockNumber: 1, blockHash: .zero,
                     transactionHash: .zero, transactionIndex: 0, logIndex: 0)
    _ = try? ABIDecoder.decode(log, as: registered)
    for event in TrackedEvent.allCases {
        var tracked = log
        tracked.topics = [event.topic0] + Array(repeating: EVMHash.zero, count: event.signature.topicCount - 1)
        _ = try? EVMLogDecoder(chain: 1).decode(tracked, blockTime: Timestamp(seconds: 0), observedAt: Timestamp(seconds: 0))
    }
    return 0
}
