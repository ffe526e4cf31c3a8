@testable import Collectors
import Testing

@Suite struct HostConcurrencyLimiterTests {
    @Test func hostsAreKeyedBySchemeHostAndPort() {
        #expect(HTTPClient.hostKey("https://user:pw@API.example.com/v1?x=1") == "https://api.example.com:443")
        #expect(HTTPClient.hostKey("http://127.0.0.1:8545") == "http://127.0.0.1:8545")
        #expect(HTTPClient.hostKey("http://[::1]/rpc") == "http://[::1]:80")
        #expect(HTTPClient.hostKey("http://[::1]:9000/rpc") == "http://[::1]:9000")
    }

    @Test func aCancelledWaiterLeavesTheQueueAndThePermitPassesOn() async throws {
        let limiter = HostConcurrencyLimiter(limit: 1)
        try await limiter.acquire("h")
        let waiter = Task { try await limiter.acquire("h") }
        try await Task.sleep(for: .milliseconds(20))
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(limiter.inFlight(for: "h") == 1)

        let next = Task { try await limiter.acquire("h") }
        try await Task.sleep(for: .milliseconds(20))
        limiter.release("h")  // handed straight to `next`
        try await next.value
        #expect(limiter.inFlight(for: "h") == 1)
        limiter.release("h")
        #expect(limiter.inFlight(for: "h") == 0)
    }
}
