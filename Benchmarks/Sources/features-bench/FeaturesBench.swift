import FeatureStore
import Features
import Foundation
import RadarCore
import SimWorld

/// Feature rows for a whole universe as of one timestamp (issue 6: 10,000 tokens x 60 features in under 2 s).
///
///     features-bench [--tokens N] [--days D] [--repetitions R] [--set radar@2] [--dump FILE]
///
/// The store is built once from SimWorld (seed 1, every row observed at its event time) and cached as
/// `Benchmarks/.data/features-<N>x<D>.sqlite`; delete it to rebuild. The timestamp is the world's end.
/// Three figures: the step a range build pays per timestamp (carried state already at t - 1h), a cold
/// build (ledger summed from every transfer since genesis, a week of swaps, reserves and mentions),
/// and a resumed build: the cold builder saves its state at t - 1h in the store, and a new builder
/// loads it and builds t (what `radar score` pays when a state is saved); its load is also given alone.
@main
struct FeaturesBench {
    static func main() throws {
        var tokens = 10_000, days = 8, repetitions = 3
        var dump: String?
        var set = FeatureSet.radarV2
        var arguments = CommandLine.arguments.dropFirst().makeIterator()
        while let argument = arguments.next() {
            switch argument {
            case "--tokens": tokens = Int(arguments.next() ?? "") ?? tokens
            case "--days": days = Int(arguments.next() ?? "") ?? days
            case "--repetitions": repetitions = Int(arguments.next() ?? "") ?? repetitions
            case "--dump": dump = arguments.next()
            case "--set":
                let id = arguments.next() ?? ""
                guard let named = FeatureSet.named(id) else {
                    print("unknown feature set '\(id)'; known: \(FeatureSet.known.map(\.id).joined(separator: ", "))")
                    exit(2)
                }
                set = named
            default:
                print("usage: features-bench [--tokens N] [--days D] [--repetitions R] [--set radar@2] [--dump FILE]")
                exit(2)
            }
        }
        let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".data", isDirectory: true)
        let path = data.appendingPathComponent("features-\(tokens)x\(days).sqlite").path
        let world = try SimWorld(config: SimWorldConfig(seed: 1, tokens: tokens, days: days))
        let clock = ContinuousClock()
        if !FileManager.default.fileExists(atPath: path) {
            let started = clock.now
            let partial = path + ".partial"
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: partial + suffix) }
            let store = try FeatureStore(path: partial)
            var rows = 0
            for hour in world.hours(threads: ProcessInfo.processInfo.activeProcessorCount) {
                var batch = IngestBatch()
                for token in world.tokens where token.launchHour == hour.hour {
                    batch.tokens.append(world.radarToken(token))
                    batch.ipLinks.append(world.ipLink(token))
                }
                for log in hour.logs {
                    switch world.radarRecord(log) {
                    case .pool(let pool): batch.pools.append(pool)
                    case .transfer(let transfer): batch.transfers.append(transfer)
                    case .swap(let swap): batch.swaps.append(swap)
                    case .reserves(let update): batch.reserves.append(update)
                    case .liquidity(let event): batch.liquidityEvents.append(event)
                    case .ipEvent(let event): batch.ipEvents.append(event)
                    }
                }
                batch.marketSnapshots = hour.snapshots.map { world.marketSnapshot($0) }
                for post in hour.posts {
                    let (social, mention) = world.socialPost(post)
                    batch.socialPosts.append(social)
                    batch.mentions.append(mention)
                }
                rows += batch.count
                try store.ingest(batch)
            }
            for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: partial + suffix) }
            _ = store
            try FileManager.default.moveItem(atPath: partial, toPath: path)
            print("built \(path): \(rows) rows in \(clock.now - started)")
        }
        let store = try FeatureStore(path: path)
        let t = world.chain.time(ofHour: world.config.hours)
        print("store \(path), as of \(t), feature set \(set.id)")
        for repetition in 1...repetitions {
            var builder = FeatureBuilder(store: store, featureSet: set)
            let coldStart = clock.now
            let coldFrame = try builder.rows(asOf: t - .hours(1))
            let cold = clock.now - coldStart
            let coldStages = builder.timings.stages
            let saveStart = clock.now
            let saved = try builder.saveState()
            let save = clock.now - saveStart
            guard saved == .saved else { throw BenchError.stateNotSaved("\(saved)") }
            let stepStart = clock.now
            let frame = try builder.rows(asOf: t)
            let step = clock.now - stepStart
            let stepStages = builder.timings.stages
            var resuming = FeatureBuilder(store: store, featureSet: set)
            let resumeStart = clock.now
            let resumedAt = try resuming.resume(atOrBefore: t)
            let load = clock.now - resumeStart
            let loadStages = resuming.timings.stages
            let resumedFrame = try resuming.rows(asOf: t)
            let resumed = clock.now - resumeStart
            let resumedStages = resuming.timings.stages
            guard resumedAt == t - .hours(1) else { throw BenchError.stateNotSaved("resumed at \(String(describing: resumedAt))") }
            let present = frame.values.filter { !$0.isNaN }.count
            if repetition == 1, let dump {
                // Names, tokens and the values' bit patterns of both frames: compared across versions of the code.
                for (suffix, written) in [("", frame), (".cold", coldFrame), (".resumed", resumedFrame)] {
                    var text = written.names.joined(separator: ",") + "\n"
                    for row in 0..<written.rowCount {
                        text += "\(written.tokens[row])," + written.row(row).map { String($0.bitPattern, radix: 16) }.joined(separator: ",") + "\n"
                    }
                    try Data(text.utf8).write(to: URL(fileURLWithPath: dump + suffix))
                }
            }
            print("run \(repetition): \(frame.rowCount) tokens x \(frame.columnCount) features (\(present) values present): "
                  + "step \(step), cold \(cold), resumed \(resumed) (load \(load)); "
                  + "resumed rows bit-identical to the step's: \(resumedFrame.isBitIdentical(to: frame) ? "yes" : "NO")")
            func megabytes(_ bytes: Int) -> String { (Double(bytes) / 1e6).formatted(.number.precision(.fractionLength(1))) }
            let loaded = resuming.resumedState
            print("  state: \(megabytes(loaded?.payloadBytes ?? 0)) MB ("
                  + (loaded?.parts ?? []).map { "\($0.part) \(megabytes($0.bytes))" }.joined(separator: ", ") + "), saved in \(save)")
            func profile(_ stages: [(name: String, duration: Duration)]) -> String {
                stages.map { "\($0.name) \(($0.duration / .milliseconds(1)).formatted(.number.precision(.fractionLength(0))))" }
                    .joined(separator: ", ")
            }
            print("  step ms: " + profile(stepStages))
            print("  cold ms: " + profile(coldStages))
            print("  resumed ms: " + profile(loadStages + resumedStages))
        }
    }
}

enum BenchError: Error {
    case stateNotSaved(String)
}
