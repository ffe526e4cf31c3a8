import FeatureStore
import Foundation
import RadarCore
import Testing

@Suite struct OutboxTests {
    @Test func aMessageIsQueuedOnceRetriedAndDelivered() throws {
        let fixture = try TemporaryStore()
        defer { fixture.cleanUp() }
        let store = fixture.store
        let message = OutboxMessage(idempotencyKey: "watchlist:2026-11-26T06:00Z:ops", channel: "ops", payload: "{\"top\":[]}",
                                    createdAt: Timestamp(seconds: 1000))
        #expect(try store.enqueue([message, message]) == 1)
        #expect(try store.enqueue([message]) == 0)
        #expect(try store.dueMessages(at: Timestamp(seconds: 999)).isEmpty)
        #expect(try store.dueMessages(at: Timestamp(seconds: 1000)).map(\.idempotencyKey) == [message.idempotencyKey])

        try store.markAttemptFailed(key: message.idempotencyKey, error: "HTTP 503", retryAt: Timestamp(seconds: 1060))
        #expect(try store.dueMessages(at: Timestamp(seconds: 1059)).isEmpty)
        let retried = try #require(try store.dueMessages(at: Timestamp(seconds: 1060)).first)
        #expect(retried.attempts == 1)
        #expect(retried.lastError == "HTTP 503")

        try store.markDelivered(key: message.idempotencyKey, at: Timestamp(seconds: 1061))
        let delivered = try #require(try store.outboxMessage(key: message.idempotencyKey))
        #expect(delivered.status == .delivered)
        #expect(delivered.attempts == 2)
        #expect(delivered.deliveredAt == Timestamp(seconds: 1061))
        #expect(try store.dueMessages(at: Timestamp(seconds: 5000)).isEmpty)
    }

    @Test func aMessageGivenUpOnIsFailedAndNoLongerDue() throws {
        let fixture = try TemporaryStore()
        defer { fixture.cleanUp() }
        try fixture.store.enqueue([OutboxMessage(idempotencyKey: "k", channel: "c", payload: "p", createdAt: Timestamp(seconds: 1))])
        try fixture.store.markAttemptFailed(key: "k", error: "HTTP 404 (webhook gone)", retryAt: nil)
        #expect(try fixture.store.outboxMessage(key: "k")?.status == .failed)
        #expect(try fixture.store.dueMessages(at: Timestamp(seconds: 100)).isEmpty)
    }
}
