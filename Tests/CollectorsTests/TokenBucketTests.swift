import Collectors
import RadarCore
import Testing

@Suite struct TokenBucketTests {
    @Test func aBurstThenOneTokenPerInterval() async throws {
        let time = SteppedTime()
        let bucket = TokenBucket(limit: try RateLimit(parsing: "3/s"), environment: time.environment)
        for _ in 0..<6 { try await bucket.acquire() }
        // Three free, then one every third of a second (rounded to whole milliseconds, staying on the grid).
        #expect(time.sleeps.count == 3)
        #expect(time.sleeps.allSatisfy { $0 >= .milliseconds(333) && $0 <= .milliseconds(334) })
        #expect(time.sleeps.reduce(.zero, +) >= .milliseconds(1000))
    }

    @Test func anIdleBucketRefillsOnlyToItsCapacity() async throws {
        let time = SteppedTime()
        let environment = time.environment
        let bucket = TokenBucket(limit: try RateLimit(parsing: "2/10s"), environment: environment)
        try await bucket.acquire()
        try await bucket.acquire()
        try await environment.sleep(.seconds(3600))  // idle for an hour
        try await bucket.acquire()
        try await bucket.acquire()
        try await bucket.acquire()
        #expect(time.sleeps == [.seconds(3600), .seconds(5)])
    }

    @Test func concurrentCallersAreSpacedNotBunched() async throws {
        let time = SteppedTime(advancesOnSleep: false)
        let bucket = TokenBucket(limit: try RateLimit(parsing: "1/s"), environment: time.environment)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 { group.addTask { try await bucket.acquire() } }
            try await group.waitForAll()
        }
        // Each waiter reserved its own slot: now, then 1, 2 and 3 seconds out (all arrive at the same
        // instant, since this clock does not move).
        #expect(time.sleeps.sorted() == [.seconds(1), .seconds(2), .seconds(3)])
    }
}
