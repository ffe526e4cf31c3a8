import FeatureStore
import Foundation
import GRDB
import RadarCore
import Testing

/// The directory holding the built products (the test runner, `radar`, `StoreCrashProbe`).
func productsDirectory() -> URL {
    let candidates = [Bundle.main.bundleURL, URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
    for base in candidates {
        for directory in [base, base.deletingLastPathComponent()] where FileManager.default.fileExists(atPath: directory.appendingPathComponent("StoreCrashProbe").path) {
            return directory
        }
    }
    return candidates[0]
}

@Suite struct CrashSafetyTests {
    /// Starts the probe, waits until it has committed `commits` batches, then kills it with SIGKILL
    /// while it is writing the next one.
    func ingestAndKill(storePath: String, firstBlock: Int64, commits: Int) throws {
        let probe = Process()
        probe.executableURL = productsDirectory().appendingPathComponent("StoreCrashProbe")
        probe.arguments = [storePath, String(firstBlock)]
        let output = Pipe()
        probe.standardOutput = output
        try probe.run()
        var seen = 0
        var buffer = Data()
        let handle = output.fileHandleForReading
        while seen < commits {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            seen = String(decoding: buffer, as: UTF8.self).split(separator: "\n").count
        }
        kill(probe.processIdentifier, SIGKILL)
        probe.waitUntilExit()
        #expect(probe.terminationReason == .uncaughtSignal, "the probe must die by the signal, mid-run")
        #expect(seen >= commits, "the probe committed \(seen) batches before it was killed")
    }

    @Test func aStoreKilledMidIngestReopensWithNoCheckpointAheadOfItsData() throws {
        let fixture = try TemporaryStore()
        defer { fixture.cleanUp() }
        var firstBlock: Int64 = 0
        for commits in [3, 7, 12] {
            try ingestAndKill(storePath: fixture.path, firstBlock: firstBlock, commits: commits)

            // The killed writer left a WAL and maybe a half-written transaction: reopening must recover.
            let reopened = try FeatureStore(path: fixture.path)
            let queue = try DatabaseQueue(path: fixture.path)
            let integrity = try queue.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
            #expect(integrity == ["ok"])

            let cursor = try #require(try reopened.checkpoint(feed: "probe")).cursor
            let lastBlock = try #require(Int64(cursor))
            let (rows, maxBlock, incompleteBlocks) = try queue.read { db in
                (try Int.fetchOne(db, sql: "SELECT count(*) FROM transfers")!,
                 try Int64.fetchOne(db, sql: "SELECT max(block_number) FROM transfers")!,
                 try Int.fetchOne(db, sql: "SELECT count(*) FROM (SELECT block_number FROM transfers GROUP BY block_number HAVING count(*) <> 1000)")!)
            }
            // Every batch is all-or-nothing, and the checkpoint names exactly the last batch that landed.
            #expect(maxBlock == lastBlock)
            #expect(rows == Int(lastBlock + 1) * 1000)
            #expect(incompleteBlocks == 0)
            try queue.close()
            firstBlock = lastBlock + 1
        }
    }
}
