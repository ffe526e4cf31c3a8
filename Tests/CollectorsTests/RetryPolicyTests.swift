import Collectors
import PropertyBased
import Testing

@Suite struct RetryPolicyTests {
    @Test func theBackoffCapDoublesUpToTheMaximum() {
        let policy = RetryPolicy(baseDelay: .milliseconds(500), maxDelay: .seconds(3))
        #expect((1...5).map { policy.backoffCap(afterAttempt: $0) }
            == [.milliseconds(500), .seconds(1), .seconds(2), .seconds(3), .seconds(3)])
        #expect(policy.backoffCap(afterAttempt: 500) == .seconds(3))
    }

    @Test func fullJitterStaysWithinZeroAndTheCap() async {
        let policy = RetryPolicy(baseDelay: .milliseconds(250), maxDelay: .seconds(10))
        await propertyCheck(input: Gen.int(in: 1...40), Gen.double(in: 0..<1)) { attempt, unit in
            let delay = policy.delay(afterAttempt: attempt, retryAfter: nil, unit: unit)
            #expect(delay >= .zero)
            #expect(delay <= policy.backoffCap(afterAttempt: attempt))
        }
    }

    @Test func retryAfterReplacesTheDrawUpToItsCap() {
        let policy = RetryPolicy(maxRetryAfter: .seconds(30))
        #expect(policy.delay(afterAttempt: 1, retryAfter: .seconds(7), unit: 0.9) == .seconds(7))
        #expect(policy.delay(afterAttempt: 1, retryAfter: .seconds(700), unit: 0.9) == .seconds(30))
    }

    @Test func aSeedGivesTheSameJitterEveryTime() {
        let first = SeededJitter(seed: 42), second = SeededJitter(seed: 42)
        let a = (0..<8).map { _ in first.next() }, b = (0..<8).map { _ in second.next() }
        #expect(a == b)
        #expect(a.allSatisfy { $0 >= 0 && $0 < 1 })
        #expect(Set(a).count == 8)
    }
}
