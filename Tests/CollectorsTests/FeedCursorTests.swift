import Testing
@testable import Collectors

@Suite struct FeedCursorTests {
    @Test func checkpointsRoundTripWithEncodedValues() throws {
        let cursor = FeedCursor(since: "t3_1c9x4f", page: "a=b&c/d==", newest: "17")
        #expect(cursor.checkpoint == "since=t3_1c9x4f&page=a%3Db%26c%2Fd%3D%3D&newest=17")
        #expect(try FeedCursor(checkpoint: cursor.checkpoint, feed: "f") == cursor)
        #expect(try FeedCursor(checkpoint: "", feed: "f") == FeedCursor())
        #expect(FeedCursor().checkpoint == "")
        #expect(try FeedCursor(checkpoint: "since=5", feed: "f") == FeedCursor(since: "5"))
    }

    @Test func malformedCheckpointsNameTheFeed() {
        for text in ["since", "offset=3", "since=", "since=%zz"] {
            let error = payloadError { _ = try FeedCursor(checkpoint: text, feed: "tg") }
            #expect(error?.feed == "tg")
            #expect(error?.field == "checkpoint")
            #expect(error?.value == text)
        }
    }

    @Test func aPollKeepsItsSinceWhilePagingThenMovesItToTheNewestSeen() {
        var cursor = FeedCursor(since: "100")
        cursor = cursor.advanced(nextPage: "p2", pageNewest: "180", isNewer: PostOrder.decimal)
        #expect(cursor == FeedCursor(since: "100", page: "p2", newest: "180"))
        cursor = cursor.advanced(nextPage: "p3", pageNewest: "150", isNewer: PostOrder.decimal)
        #expect(cursor == FeedCursor(since: "100", page: "p3", newest: "180"))
        cursor = cursor.advanced(nextPage: nil, pageNewest: "120", isNewer: PostOrder.decimal)
        #expect(cursor == FeedCursor(since: "180"))
        #expect(cursor.advanced(nextPage: nil, pageNewest: nil, isNewer: PostOrder.decimal) == FeedCursor(since: "180"))
    }

    @Test func idsCompareByValueNotText() {
        #expect(FeedCursor.decimalIsNewer("1000", "999"))
        #expect(!FeedCursor.decimalIsNewer("0999", "1000"))
        #expect(PostOrder.base36("t3_1c9x4f", "t3_1c9x3b"))
        #expect(PostOrder.base36("t3_10000", "t3_zzzz"))
        #expect(PostOrder.unixTime("5", "-10"))
    }
}
