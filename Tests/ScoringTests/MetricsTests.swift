import Foundation
import Scoring
import Testing

@Suite struct MetricsTests {
    // MARK: - AUC

    @Test func aucOfSeparatedReversedAndAllTiedScores() throws {
        let labels: [Float] = [0, 0, 1, 1]
        #expect(try Metrics.auc(scores: [0.1, 0.2, 0.7, 0.9], labels: labels) == 1)
        #expect(try Metrics.auc(scores: [0.9, 0.7, 0.2, 0.1], labels: labels) == 0)
        #expect(try Metrics.auc(scores: [0.5, 0.5, 0.5, 0.5], labels: labels) == 0.5)
    }

    @Test func aucCountsATiedPairAsOneHalf() throws {
        // Positive 0.4 beats negative 0.1 and ties negative 0.4 (1 + 1/2); positive 0.8 beats both (2).
        #expect(try Metrics.auc(scores: [0.1, 0.4, 0.4, 0.8], labels: [0, 0, 1, 1]) == 3.5 / 4)
        // A group holding both classes: positive 3 beats both negatives (2); each positive 2 beats
        // negative 1 and ties negative 2 (1.5, twice): 5 of 6 pairs.
        #expect(try Metrics.auc(scores: [1, 2, 2, 2, 3], labels: [0, 0, 1, 1, 1]) == 5.0 / 6)
        // -0 and +0 are the same score.
        #expect(try Metrics.auc(scores: [-0.0, 0.0], labels: [0, 1]) == 0.5)
    }

    @Test func aucIsNaNWithoutBothClassesAndRefusesBadInput() throws {
        #expect(try Metrics.auc(scores: [0.1, 0.2], labels: [1, 1]).isNaN)
        #expect(try Metrics.auc(scores: [], labels: []).isNaN)
        #expect(throws: ScoringError.shapeMismatch("3 scores for 2 labels")) {
            try Metrics.auc(scores: [1, 2, 3], labels: [0, 1])
        }
        #expect(throws: ScoringError.invalidParameter(name: "labels", value: "2.0", reason: "row 1: a classification label is 0 or 1")) {
            try Metrics.auc(scores: [1, 2], labels: [0, 2])
        }
        #expect(throws: ScoringError.self) { try Metrics.auc(scores: [1, .nan], labels: [0, 1]) }
    }

    // MARK: - Log loss and Brier

    @Test func logLossIsTheMeanNegativeLogLikelihood() throws {
        let expected = -(log(0.9) + log(0.8)) / 2
        #expect(abs(try Metrics.logLoss(probabilities: [0.9, 0.2], labels: [1, 0]) - expected) <= 1e-15)
    }

    @Test func logLossClipsCertainMissesToMachineEpsilon() throws {
        #expect(try Metrics.logLoss(probabilities: [0], labels: [1]) == -log(Double.ulpOfOne))
        #expect(try Metrics.logLoss(probabilities: [1], labels: [0]) == -log(Double.ulpOfOne))
        // A certain hit costs -log(1 - ε) ≈ ε, not 0.
        #expect(abs(try Metrics.logLoss(probabilities: [1, 0], labels: [1, 0]) - Double.ulpOfOne) <= 1e-30)
        #expect(throws: ScoringError.self) { try Metrics.logLoss(probabilities: [1.5], labels: [1]) }
        #expect(throws: ScoringError.self) { try Metrics.logLoss(probabilities: [.nan], labels: [1]) }
        #expect(throws: ScoringError.self) { try Metrics.logLoss(probabilities: [0.5], labels: [0, 1]) }
        #expect(try Metrics.logLoss(probabilities: [], labels: []).isNaN)
    }

    @Test func brierIsTheMeanSquaredMiss() throws {
        // scikit-learn's documented example.
        let brier = try Metrics.brier(probabilities: [0.1, 0.9, 0.8, 0.3], labels: [0, 1, 1, 0])
        #expect(abs(brier - 0.0375) <= 1e-16)
        #expect(try Metrics.brier(probabilities: [1, 0], labels: [0, 1]) == 1)
        #expect(throws: ScoringError.self) { try Metrics.brier(probabilities: [-0.1], labels: [0]) }
    }

    // MARK: - Information coefficients

    @Test func pearsonOfLinearRelationsIsPlusOrMinusOne() throws {
        let x: [Double] = [1, 2, 3, 4, 5]
        #expect(try Metrics.pearson(x, x.map { 3 * $0 - 7 }) == 1)
        #expect(try Metrics.pearson(x, x.map { -0.5 * $0 + 1e9 }) == -1)
        // dx = (-1, 0, 1), dy = (-1, 1, 0): 1 / sqrt(2 * 2).
        #expect(try Metrics.pearson([1, 2, 3], [1, 3, 2]) == 0.5)
    }

    @Test func pearsonSurvivesALargeCommonOffset() throws {
        // One pass over raw sums would lose every digit here; centring first keeps them.
        let x: [Double] = [1e9 + 1, 1e9 + 2, 1e9 + 3]
        #expect(try Metrics.pearson(x, [1, 3, 2]) == 0.5)
    }

    @Test func pearsonIsNaNForAConstantSideOrTooFewValues() throws {
        #expect(try Metrics.pearson([0.1, 0.1, 0.1], [1, 2, 3]).isNaN)
        #expect(try Metrics.pearson([1, 2, 3], [7, 7, 7]).isNaN)
        #expect(try Metrics.pearson([1], [2]).isNaN)
        #expect(try Metrics.pearson([1, .nan, 3], [1, 2, 3]).isNaN)
        #expect(throws: ScoringError.shapeMismatch("2 x for 3 y")) { try Metrics.pearson([1, 2], [1, 2, 3]) }
    }

    @Test func ranksAverageTiesAndLeaveMissingValuesUnranked() {
        #expect(Metrics.ranks([10, 20, 20, 30]) == [1, 2.5, 2.5, 4])
        #expect(Metrics.ranks([3, 1, 2]) == [3, 1, 2])
        #expect(Metrics.ranks([5, 5, 5]) == [2, 2, 2])
        let withMissing = Metrics.ranks([0.3, .nan, 0.1, 0.3])
        #expect(withMissing[1].isNaN)
        #expect([withMissing[0], withMissing[2], withMissing[3]] == [2.5, 1, 2.5])
        #expect(Metrics.ranks([]) == [])
    }

    @Test func spearmanWithTiesMatchesAHandComputation() throws {
        // Ranks x = (1, 2.5, 2.5, 4), y = (1, 3, 2, 4); centred products 4.5, squares 4.5 and 5:
        // 4.5 / sqrt(4.5 * 5) = sqrt(0.9).
        let rho = try Metrics.spearman([1, 2, 2, 3], [1, 3, 2, 4])
        #expect(abs(rho - 0.9.squareRoot()) <= 2 * Double.ulpOfOne)
        // Any monotone relation has rank correlation 1.
        #expect(try Metrics.spearman([1, 2, 3, 4], [1, 8, 27, 1000]) == 1)
        #expect(try Metrics.spearman([1, .nan], [1, 2]).isNaN)
        #expect(try Metrics.spearman([4, 4, 4], [1, 2, 3]).isNaN)
    }

    // MARK: - Platt calibration

    @Test func plattProbabilitiesFollowPlattsSignConvention() throws {
        let calibration = PlattCalibration(a: -2, b: 1)
        #expect(calibration.probability(raw: 0.5) == 0.5)
        #expect(abs(calibration.probability(raw: 1) - 1 / (1 + exp(-1.0))) <= 1e-16)
        // Far tails saturate instead of overflowing to NaN.
        #expect(calibration.probabilities(raw: [1e6, -1e6]) == [1, 0])
        let decoded = try JSONDecoder().decode(PlattCalibration.self, from: JSONEncoder().encode(calibration))
        #expect(decoded == calibration)
    }

    @Test func plattFitSolvesTheSmoothedLikelihoodEquations() throws {
        var random = SeededGenerator(seed: 7)
        let scores = (0..<400).map { _ in random.normal() }
        let labels: [Float] = scores.map { random.uniform() < 1 / (1 + exp(-2 * $0)) ? 1 : 0 }
        let fit = try PlattCalibration.fit(rawScores: scores, labels: labels)
        #expect(fit.a < 0, "higher scores mean more positives")
        // At the optimum the residuals against the smoothed targets sum to zero, plain and score-weighted.
        let positives = Double(labels.count(where: { $0 == 1 })), negatives = Double(labels.count) - positives
        let targets = labels.map { $0 == 1 ? (positives + 1) / (positives + 2) : 1 / (negatives + 2) }
        let residuals = zip(targets, fit.probabilities(raw: scores)).map { $0 - $1 }
        #expect(abs(residuals.reduce(0, +)) <= 1e-10)
        #expect(abs(zip(residuals, scores).map { $0 * $1 }.reduce(0, +)) <= 1e-10)
    }

    @Test func plattFitIsFiniteOnSeparableDataAndMovesWithTheScores() throws {
        let scores: [Double] = [-3, -2, -1, 1, 2, 3]
        let labels: [Float] = [0, 0, 0, 1, 1, 1]
        let fit = try PlattCalibration.fit(rawScores: scores, labels: labels)
        #expect(fit.a.isFinite && fit.b.isFinite && fit.a < 0)
        // Shifting every score by 1000 leaves the fitted curve where it was: same a, b absorbs -a*1000.
        let shifted = try PlattCalibration.fit(rawScores: scores.map { $0 + 1000 }, labels: labels)
        #expect(abs(shifted.a - fit.a) <= 1e-9 * abs(fit.a))
        #expect(abs(shifted.b - (fit.b - fit.a * 1000)) <= 1e-9 * abs(fit.a * 1000))
        // One class only: the smoothed target is still a probability strictly inside (0, 1).
        let allPositive = try PlattCalibration.fit(rawScores: [1, 2, 3], labels: [1, 1, 1])
        #expect(allPositive.probability(raw: 2) > 0.5 && allPositive.probability(raw: 2) < 1)
    }

    @Test func plattFitRefusesBadInput() {
        #expect(throws: ScoringError.shapeMismatch("2 raw scores for 1 labels")) {
            try PlattCalibration.fit(rawScores: [1, 2], labels: [1])
        }
        #expect(throws: ScoringError.self) { try PlattCalibration.fit(rawScores: [], labels: []) }
        #expect(throws: ScoringError.self) { try PlattCalibration.fit(rawScores: [.infinity], labels: [1]) }
        #expect(throws: ScoringError.self) { try PlattCalibration.fit(rawScores: [1], labels: [0.5]) }
    }

    // MARK: - Peers: scikit-learn and scipy

    /// Every metric on the same deterministic data, in Swift and in scikit-learn/scipy.
    ///
    /// Tolerances, relative to the peer's value (measured differences in brackets):
    /// - AUC 1e-14 [≤ 1.6e-16]: the Swift value is the correctly rounded quotient of two exact
    ///   integers, while scikit-learn integrates the ROC curve by the trapezoid rule, rounding once
    ///   per threshold; a few ulps apart at most.
    /// - log loss, Brier, Pearson, Spearman 1e-12 [≤ 3.2e-16]: both sides sum n rounded terms, so
    ///   n·ε ≈ 4e-13 bounds the worst case for n = 2000.
    /// - ranks: equal, since average ranks are halves of integers.
    /// - Platt a, b against the peer's Newton-polished optimum 1e-9 [≤ 3.3e-13, the separable case]:
    ///   both converge to rounding level; the margin covers a worse-conditioned optimum.
    /// - Platt a, b against scikit-learn's `_sigmoid_calibration` 1e-5 [≤ 4.7e-7]: scikit-learn stops
    ///   L-BFGS at a projected gradient of 1e-6 (or a relative loss decrease of 64ε), which leaves its
    ///   parameters about H⁻¹·1e-6 short of the optimum.
    /// b is compared relative to max(|b|, 1), being an offset that can sit near zero; a scales with the
    /// scores and is compared relative to itself.
    @Test(.enabled(if: MetricsPeer.isAvailable, "needs .venv/bin/python with scikit-learn (scripts/setup.sh)"),
          arguments: MetricsPeerCase.all)
    func agreesWithScikitLearnAndScipy(_ peerCase: MetricsPeerCase) throws {
        let data = peerCase.generate()
        let peer = try MetricsPeer.run(data, name: peerCase.name)

        expectClose(try Metrics.auc(scores: data.scores, labels: data.labels), peer.number("roc_auc"), relative: 1e-14, "AUC", peerCase)
        expectClose(try Metrics.logLoss(probabilities: data.probabilities, labels: data.labels), peer.number("log_loss"), relative: 1e-12, "log loss", peerCase)
        expectClose(try Metrics.brier(probabilities: data.probabilities, labels: data.labels), peer.number("brier"), relative: 1e-12, "Brier", peerCase)
        expectClose(try Metrics.pearson(data.x, data.y), peer.number("pearson"), relative: 1e-12, "Pearson", peerCase)
        expectClose(try Metrics.spearman(data.x, data.y), peer.number("spearman"), relative: 1e-12, "Spearman", peerCase)
        #expect(Metrics.ranks(data.x) == peer.numbers("ranks_x"), "ranks (\(peerCase.name))")

        let fit = try PlattCalibration.fit(rawScores: data.scores, labels: data.labels)
        expectClose(fit.a, peer.number("polished_platt_a"), relative: 1e-9, "Platt a vs the polished optimum", peerCase)
        expectClose(fit.b, peer.number("polished_platt_b"), relative: 1e-9, floor: 1, "Platt b vs the polished optimum", peerCase)
        expectClose(fit.a, peer.number("platt_a"), relative: 1e-5, "Platt a vs scikit-learn", peerCase)
        expectClose(fit.b, peer.number("platt_b"), relative: 1e-5, floor: 1, "Platt b vs scikit-learn", peerCase)
    }

    /// Expects `|swift - peer| <= relative · max(|peer|, floor)`; a floor of 1 makes it absolute near zero.
    private func expectClose(_ swift: Double, _ peer: Double, relative: Double, floor: Double = 0, _ what: String,
                             _ peerCase: MetricsPeerCase, sourceLocation: SourceLocation = #_sourceLocation) {
        let difference = abs(swift - peer)
        #expect(difference <= relative * max(abs(peer), floor),
                "\(what) (\(peerCase.name)): Swift \(swift), peer \(peer), relative difference \(difference / abs(peer))",
                sourceLocation: sourceLocation)
    }
}

/// One data set for the peer test: scores and probabilities against 0/1 labels, and an x/y pair for
/// the correlations, with the ties and extremes that the metrics' definitions hinge on.
struct MetricsPeerCase: Sendable, CustomTestStringConvertible {
    let name: String
    let seed: UInt64
    let rows: Int
    /// Scores are rounded to this many decimals (nil: not rounded), which makes tie groups.
    let scoreDecimals: Int?
    /// Multiplies the scores: above 30 scikit-learn rescales before calibrating.
    let scoreScale: Double
    let scoreOffset: Double
    /// Labels are a coin flip with probability sigmoid(separation · latent); infinity separates them.
    let separation: Double
    let positiveShift: Double

    static let all: [MetricsPeerCase] = [
        MetricsPeerCase(name: "heavy ties", seed: 1, rows: 2000, scoreDecimals: 1, scoreScale: 1, scoreOffset: 0, separation: 2, positiveShift: 0),
        MetricsPeerCase(name: "continuous large scores", seed: 2, rows: 1500, scoreDecimals: nil, scoreScale: 40, scoreOffset: 15, separation: 1, positiveShift: 0),
        MetricsPeerCase(name: "rare positives, integer scores", seed: 3, rows: 300, scoreDecimals: 0, scoreScale: 2, scoreOffset: 0, separation: 1.5, positiveShift: -2.5),
        MetricsPeerCase(name: "separable", seed: 4, rows: 200, scoreDecimals: 2, scoreScale: 1, scoreOffset: -1, separation: .infinity, positiveShift: 0),
    ]

    var testDescription: String { name }

    func generate() -> MetricsPeerData {
        var random = SeededGenerator(seed: seed)
        var data = MetricsPeerData()
        for row in 0..<rows {
            let latent = random.normal()
            let chance = separation.isInfinite ? (latent > 0 ? 1 : 0) : 1 / (1 + exp(-(separation * latent + positiveShift)))
            let label: Float = random.uniform() < chance ? 1 : 0
            var score = latent * scoreScale + scoreOffset
            if let decimals = scoreDecimals {
                let power = pow(10, Double(decimals))
                score = (score * power).rounded() / power
            }
            var probability = (1 / (1 + exp(-2 * latent)) * 100).rounded() / 100
            // Certain hits and certain misses exercise log loss's clipping.
            if row % 97 == 0 { probability = Double(label) }
            if row % 101 == 0 { probability = 1 - Double(label) }
            let x = (random.normal() * 3).rounded()
            let y = ((0.6 * x + random.normal() * 2) * 10).rounded() / 10
            data.scores.append(score)
            data.labels.append(label)
            data.probabilities.append(probability)
            data.x.append(x)
            data.y.append(y)
        }
        return data
    }
}

struct MetricsPeerData: Sendable {
    var scores: [Double] = []
    var labels: [Float] = []
    var probabilities: [Double] = []
    var x: [Double] = []
    var y: [Double] = []

    /// Doubles print as their shortest round-tripping decimal, so Python reads the same values.
    var csv: String {
        var text = "score,label,probability,x,y\n"
        for row in scores.indices {
            text += "\(scores[row]),\(labels[row] == 1 ? 1 : 0),\(probabilities[row]),\(x[row]),\(y[row])\n"
        }
        return text
    }
}

/// Runs `Tests/ScoringTests/Peers/metrics_peer.py` in the repository's virtual environment.
enum MetricsPeer {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let python = repositoryRoot.appendingPathComponent(".venv/bin/python")
    static let script = repositoryRoot.appendingPathComponent("Tests/ScoringTests/Peers/metrics_peer.py")

    /// Whether the venv's Python can import scikit-learn and scipy; without it the peer test is skipped.
    static let isAvailable: Bool = {
        guard FileManager.default.isExecutableFile(atPath: python.path) else { return false }
        return (try? execute(["-c", "import sklearn, scipy"]))?.status == 0
    }()

    struct Result {
        let values: [String: PeerValue]

        func number(_ key: String) -> Double {
            guard case .number(let hex)? = values[key], let value = Double(hex) else {
                Issue.record("the peer printed no number \(key)")
                return .nan
            }
            return value
        }

        func numbers(_ key: String) -> [Double] {
            guard case .numbers(let hexes)? = values[key] else {
                Issue.record("the peer printed no list \(key)")
                return []
            }
            return hexes.map { Double($0) ?? .nan }
        }
    }

    /// The peer prints every number as `float.hex()`, which Swift's `Double(String)` reads exactly.
    enum PeerValue: Decodable {
        case number(String)
        case numbers([String])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let list = try? container.decode([String].self) {
                self = .numbers(list)
            } else {
                self = .number(try container.decode(String.self))
            }
        }
    }

    static func run(_ data: MetricsPeerData, name: String) throws -> Result {
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("metrics-peer-\(ProcessInfo.processInfo.processIdentifier)-\(name.filter(\.isLetter)).csv")
        try data.csv.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let (status, output, errors) = try execute([script.path, file.path])
        guard status == 0 else {
            throw PeerFailure(message: "metrics_peer.py exited with \(status): \(errors)")
        }
        return Result(values: try JSONDecoder().decode([String: PeerValue].self, from: output))
    }

    struct PeerFailure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    private static func execute(_ arguments: [String]) throws -> (status: Int32, output: Data, errors: String) {
        let process = Process()
        process.executableURL = python
        process.arguments = arguments
        let output = Pipe()
        // Errors go to a file: two pipes read one after the other can deadlock when the second fills.
        let errorFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("metrics-peer-\(ProcessInfo.processInfo.processIdentifier)-\(UInt64.random(in: 0...UInt64.max)).err")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let errorHandle = try FileHandle(forWritingTo: errorFile)
        defer { try? errorHandle.close() }
        process.standardOutput = output
        process.standardError = errorHandle
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errors = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
        return (process.terminationStatus, data, errors)
    }
}
