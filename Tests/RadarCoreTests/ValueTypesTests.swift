import Foundation
import RadarCore
import Testing

@Suite struct ValueTypesTests {
    @Test func addressesAreValidatedAndStoredLowercase() throws {
        let address = try EVMAddress("0x5C69bEe701ef814a2B6a3EDD4B1652CB9cc5aA6f")
        #expect(address.hex == "0x5c69bee701ef814a2b6a3edd4b1652cb9cc5aa6f")
        #expect(address == (try EVMAddress("0x5c69bee701ef814a2b6a3edd4b1652cb9cc5aa6f")))
        let token = try TokenID(chain: 1, address: "0x5C69bEe701ef814a2B6a3EDD4B1652CB9cc5aA6f")
        #expect(token.description == "1:0x5c69bee701ef814a2b6a3edd4b1652cb9cc5aa6f")
    }

    @Test(arguments: [
        ("5C69bEe701ef814a2B6a3EDD4B1652CB9cc5aA6f", "expected 0x followed by 40 hex digits"),
        ("0x5C69bEe701ef814a2B6a3EDD4B1652CB9cc5aA6", "expected 0x followed by 40 hex digits"),
        ("0x5C69bEe701ef814a2B6a3EDD4B1652CB9cc5aA6g", "character 42 is not a hex digit"),
        ("", "expected 0x followed by 40 hex digits"),
    ])
    func aBadAddressNamesFieldValueAndReason(text: String, reason: String) {
        do {
            _ = try TokenID(chain: 1, address: text, field: "universe.token")
            Issue.record("\(text) must be refused")
        } catch {
            #expect(error.field == "universe.token.address")
            #expect(error.value == text)
            #expect(error.reason == reason)
        }
    }

    @Test func aNonPositiveChainIsRefused() {
        #expect(throws: ValidationError(field: "token.chain", value: "0", reason: "chain id must be positive")) {
            try TokenID(chain: 0, address: "0x5c69bee701ef814a2b6a3edd4b1652cb9cc5aa6f")
        }
    }

    @Test func hashesAreSixtyFourHexDigits() throws {
        let hash = try EVMHash("0xABCDEF0000000000000000000000000000000000000000000000000000000001")
        #expect(hash.hex == "0xabcdef0000000000000000000000000000000000000000000000000000000001")
        #expect(throws: ValidationError.self) { try EVMHash("0xabc") }
    }

    @Test func amountsAreCanonicalDecimalStringsBeyondSixtyFourBits() throws {
        let max = "115792089237316195423570985008687907853269984665640564039457584007913129639935"
        #expect(try DecimalAmount(max).digits == max)
        #expect(try DecimalAmount("000123").digits == "123")
        #expect(try DecimalAmount("-0").digits == "0")
        #expect(try DecimalAmount("-0042").digits == "-42")
        #expect(try DecimalAmount("0").isNegative == false)
        #expect(throws: ValidationError.self) { try DecimalAmount("1e18") }
        #expect(throws: ValidationError.self) { try DecimalAmount("0x10") }
        #expect(throws: ValidationError.self) { try DecimalAmount("-") }
        #expect(try DecimalAmount("1500000000000000000").approximateValue == 1.5e18)
    }

    @Test(arguments: [("30s", 30), ("5m", 300), ("1h", 3600), ("7d", 604_800), ("0s", 0)])
    func durationsParseAndPrintInOperatorsUnits(text: String, seconds: Int64) throws {
        let duration = try RadarDuration(parsing: text)
        #expect(duration.seconds == seconds)
        #expect(duration.description == text)
    }

    @Test(arguments: ["5", "5 minutes", "m", "-5m", "1.5h", "3w", ""])
    func badDurationsAreRefused(text: String) {
        #expect(throws: ValidationError.self) { try RadarDuration(parsing: text) }
    }

    @Test func aDurationPrintsItsLargestExactUnit() {
        #expect(RadarDuration.minutes(90).description == "90m")
        #expect(RadarDuration.hours(48).description == "2d")
        #expect(RadarDuration.seconds(61).description == "61s")
    }

    @Test func theHorizonWindowStartsAfterTheExecutionLag() throws {
        let horizon = try Horizon(length: .days(7), executionLag: .hours(1))
        let window = horizon.window(after: Timestamp(seconds: 1_000_000))
        #expect(window.lowerBound == Timestamp(seconds: 1_003_600))
        #expect(window.upperBound == Timestamp(seconds: 1_003_600 + 604_800))
        #expect(horizon.bars == 168)
        #expect(throws: ValidationError.self) { try Horizon(length: .minutes(90)) }
        #expect(throws: ValidationError.self) { try Horizon(length: .days(1), executionLag: .minutes(30)) }
    }

    @Test func timestampsParseISODatesAndUnixSeconds() throws {
        #expect(try Timestamp(parsing: "2026-11-26T06:00:00Z").seconds == 1_795_672_800)
        #expect(try Timestamp(parsing: "2026-11-26").seconds == 1_795_651_200)
        #expect(try Timestamp(parsing: "1795672800").seconds == 1_795_672_800)
        #expect(Timestamp(seconds: 1_795_672_800).description == "2026-11-26T06:00:00Z")
        #expect(throws: ValidationError.self) { try Timestamp(parsing: "26/11/2026") }
    }

    @Test func observationsRoundUpSoTheyAreNeverSeenEarly() {
        let instant = Date(timeIntervalSince1970: 100.2)
        #expect(Timestamp(ceiling: instant).seconds == 101)
        #expect(Timestamp(flooring: instant).seconds == 100)
    }

    @Test func aManualClockMovesOnlyForwardAndOnlyWhenTold() throws {
        let clock = ManualClock(Timestamp(seconds: 1000))
        #expect(clock.now() == Timestamp(seconds: 1000))
        clock.advance(by: .hours(1))
        #expect(clock.now() == Timestamp(seconds: 4600))
        try clock.set(to: Timestamp(seconds: 5000))
        #expect(throws: ValidationError.self) { try clock.set(to: Timestamp(seconds: 10)) }
        #expect(clock.now() == Timestamp(seconds: 5000))
    }

    @Test func rateLimitsParseRequestsPerPeriod() throws {
        #expect(try RateLimit(parsing: "5/s") == RateLimit(requests: 5, period: .seconds(1)))
        #expect(try RateLimit(parsing: "450/15m") == RateLimit(requests: 450, period: .minutes(15)))
        #expect(try RateLimit(parsing: "100/m").description == "100/1m")
        #expect(throws: ValidationError.self) { try RateLimit(parsing: "fast") }
        #expect(throws: ValidationError.self) { try RateLimit(parsing: "0/s") }
        #expect(throws: ValidationError.self) { try RateLimit(parsing: "5/0s") }
    }
}
