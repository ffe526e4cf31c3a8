import Foundation
import Pipeline
import Testing

/// The test venv's Python (scripts/setup.sh), which holds alphalens-reloaded.
enum AlphalensPeer {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let python = repository.appendingPathComponent(".venv/bin/python")
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Peers/alphalens_parity.py")

    static var isAvailable: Bool {
        guard FileManager.default.isExecutableFile(atPath: python.path) else { return false }
        let process = Process()
        process.executableURL = python
        process.arguments = ["-c", "import alphalens"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}

/// Our IC, rank IC and quintile returns equal alphalens' on the same factor and forward returns.
@Suite(.enabled(if: AlphalensPeer.isAvailable, "needs alphalens-reloaded in .venv: run scripts/setup.sh"))
struct AlphalensParityTests {
    @Test func icRankICAndQuintileReturnsMatchAlphalens() throws {
        // A factor exported from the shared backtest: the blend's scores against realised alpha on the
        // days it was scored (01:00 each day), with a small seeded jitter so that no two scores
        // tie (alphalens' qcut refuses repeated edges).
        let result = PipelineWorld.backtest
        var generator = SplitMix(seed: 3)
        var csv = "date,asset,factor,forward_return\n"
        var ours: [String: (factor: [Double], alpha: [Double])] = [:]
        for item in result.scored where item.time.seconds % 86_400 == 3_600 {
            guard let scores = item.scores["blend"] else { continue }
            let date = String(item.time.description.prefix(10))
            for (offset, row) in item.rows.enumerated() where !result.history.alpha[row].isNaN {
                let factor = scores[offset] + generator.unit() * 1e-9
                let alpha = result.history.alpha[row]
                csv += "\(date),\(result.history.frame.tokens[row].address.hex),\(factor),\(alpha)\n"
                ours[date, default: ([], [])].factor.append(factor)
                ours[date, default: ([], [])].alpha.append(alpha)
            }
        }
        #expect(ours.count >= 5)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("radar-alphalens-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("factor.csv")
        try Data(csv.utf8).write(to: path)

        let process = Process()
        process.executableURL = AlphalensPeer.python
        process.arguments = [AlphalensPeer.script.path, path.path, "5"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let peer = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let rankIC = try #require(peer["rank_ic"] as? [String: Double])
        let ic = try #require(peer["ic"] as? [String: Double])
        let quantiles = try #require(peer["quantile_returns"] as? [Double])
        #expect(Set(rankIC.keys) == Set(ours.keys))
        var perDate: [[Double]] = []
        for (date, pairs) in ours.sorted(by: { $0.key < $1.key }) {
            let ourRank = FactorMetrics.rankIC(scores: pairs.factor, alpha: pairs.alpha)
            let ourIC = FactorMetrics.ic(scores: pairs.factor, alpha: pairs.alpha)
            #expect(abs(ourRank - (rankIC[date] ?? .nan)) < 1e-12, "\(date): rank IC \(ourRank) vs alphalens \(rankIC[date] ?? .nan)")
            #expect(abs(ourIC - (ic[date] ?? .nan)) < 1e-12, "\(date): IC \(ourIC) vs pandas \(ic[date] ?? .nan)")
            perDate.append(FactorMetrics.quantileMeans(scores: pairs.factor, alpha: pairs.alpha, quantiles: 5))
        }
        let ourQuantiles = FactorMetrics.meanOverTimestamps(perDate, quantiles: 5)
        #expect(quantiles.count == 5)
        for (q, (a, b)) in zip(ourQuantiles, quantiles).enumerated() {
            #expect(abs(a - b) < 1e-12, "quintile \(q + 1): \(a) vs alphalens \(b)")
        }
    }
}

/// A tiny seeded generator (SplitMix64) for reproducible jitter.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
