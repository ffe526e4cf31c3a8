import Foundation
import RadarCore
import Testing
@testable import Collectors

/// The recorded API bodies under `Fixtures/`, written from each API's public documentation.
enum Fixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func data(_ path: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(path))
    }
}

/// Tokens the fixtures talk about.
enum Sample {
    static let ape = try! TokenID(chain: 1, address: "0x4d224452801ACEd8B2F0aebE155379bb5D594381")
    static let weth = try! TokenID(chain: 1, address: "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2")
    static let usdc = try! TokenID(chain: 1, address: "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48")
    static let pepe = try! TokenID(chain: 1, address: "0x6982508145454Ce325dDbE47a25d4ec3d2311933")
    static let observedAt = Timestamp(seconds: 1_716_000_000)
}

/// The error `body` throws, or a test failure when it throws none.
func payloadError(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> PayloadError? {
    do {
        try body()
        Issue.record("expected a PayloadError", sourceLocation: sourceLocation)
        return nil
    } catch let error as PayloadError {
        return error
    } catch {
        Issue.record("expected a PayloadError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}
