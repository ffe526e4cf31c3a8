import Collectors
import Foundation
import PropertyBased
import Testing

@Suite struct RetryAfterTests {
    private let now = Date(timeIntervalSince1970: 1_445_412_470)  // 10 s before 2015-10-21 07:28:00 GMT

    @Test func delaySecondsAreReadAsSeconds() async {
        await propertyCheck(input: Gen.int64(in: 0...1_000_000)) { seconds in
            #expect(RetryAfter.delay(" \(seconds) ", now: now) == .seconds(seconds))
        }
    }

    @Test func allThreeHTTPDateFormsAreRead() {
        #expect(RetryAfter.delay("Wed, 21 Oct 2015 07:28:00 GMT", now: now) == .seconds(10))
        #expect(RetryAfter.delay("Wednesday, 21-Oct-15 07:28:00 GMT", now: now) == .seconds(10))
        #expect(RetryAfter.delay("Wed Oct 21 07:28:00 2015", now: now) == .seconds(10))
    }

    @Test func aDateInThePastMeansNow() {
        #expect(RetryAfter.delay("Tue, 20 Oct 2015 07:28:00 GMT", now: now) == .zero)
    }

    @Test func garbageIsIgnored() {
        for value in ["", "soon", "-5", "1.5", "Wed, 32 Oct 2015 07:28:00 GMT", "Wed, 21 Oct 2015 25:28:00 GMT", "21 Oct 2015"] {
            #expect(RetryAfter.delay(value, now: now) == nil, "\(value)")
        }
    }
}
