import Testing
@testable import Collectors

@Suite struct FeedTimeTests {
    @Test(arguments: [
        ("2024-05-15T18:04:11.000Z", 1_715_796_251), ("2024-05-02T12:00:00.250+02:00", 1_714_644_000),
        ("2022-03-16T01:00:00Z", 1_647_392_400), ("1970-01-01T00:00:00Z", 0), ("2024-02-29t23:59:59z", 1_709_251_199),
        ("2024-05-02 10:00:00-05:30", 1_714_663_800),
    ])
    func rfc3339(text: String, seconds: Int64) {
        #expect(FeedTime.rfc3339(text)?.seconds == seconds)
    }

    @Test(arguments: ["2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-05-02T24:00:00Z", "2024-05-02T10:00:00",
                      "2024-05-02", "2024-05-02T10:00:00.Z", "2024-05-02T10:00:00Zjunk", "", "2024-05-02T10:00:00+2:00"])
    func rfc3339Refuses(text: String) {
        #expect(FeedTime.rfc3339(text) == nil)
    }

    @Test(arguments: [
        ("Fri, 12 Apr 2024 14:30:00 +0000", 1_712_932_200), ("Thu, 11 Apr 2024 09:00:00 GMT", 1_712_826_000),
        ("11 Apr 2024 04:00:00 EST", 1_712_826_000), ("Thu, 11 Apr 24 09:00 UT", 1_712_826_000),
        ("Thu,11 Apr 2024 11:00:00 +0200", 1_712_826_000), ("Thursday, 11 April 2024 09:00:00 Z", 1_712_826_000),
    ])
    func rfc822(text: String, seconds: Int64) {
        #expect(FeedTime.rfc822(text)?.seconds == seconds)
    }

    @Test(arguments: ["Fri, 31 Apr 2024 14:30:00 +0000", "12 Foo 2024 14:30:00 GMT", "12 Apr 2024 14:30:00 XYZ", "12 Apr 2024", "yesterday"])
    func rfc822Refuses(text: String) {
        #expect(FeedTime.rfc822(text) == nil)
    }

    @Test func anyFormatTakesEitherAndTrimsBlanks() {
        #expect(FeedTime.anyFormat("\n  2024-04-30T08:15:00Z ")?.seconds == 1_714_464_900)
        #expect(FeedTime.anyFormat(" Thu, 11 Apr 2024 09:00:00 GMT\n")?.seconds == 1_712_826_000)
    }
}
