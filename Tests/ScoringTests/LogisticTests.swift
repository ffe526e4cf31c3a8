import Foundation
import Scoring
import Testing

@Suite struct LogisticTests {
    // MARK: Standardisation

    @Test func standardisationIgnoresMissingValuesAndLeavesConstantFeaturesAtScaleOne() throws {
        let matrix = try FeatureMatrix(
            featureNames: ["volume_24h", "decimals", "mentions"],
            rows: [[1, 18, .nan], [2, 18, .nan], [.nan, 18, .nan], [3, 18, .nan]])
        let standardisation = try Standardisation(fitting: matrix)
        #expect(standardisation.means == [2, 18, 0])
        #expect(Swift.abs(standardisation.scales[0] - (2.0 / 3).squareRoot()) < 1e-15)
        #expect(standardisation.scales[1] == 1)
        #expect(standardisation.scales[2] == 1)

        let values = try standardisation.standardisedColumnMajor(matrix)
        let scale = standardisation.scales[0]
        #expect(values[0..<4] == [-1 / scale, 0, 0, 1 / scale])  // the missing volume is imputed with the mean
        #expect(values[4..<12].allSatisfy { $0 == 0 })
        #expect(try standardisation.standardise(row: [3, 18, .nan]) == [1 / scale, 0, 0])
        #expect(throws: ScoringError.shapeMismatch("a row of 2 values for 3 features")) {
            try standardisation.standardise(row: [3, 18])
        }
    }

    @Test func standardisationRefusesInfiniteValuesAndBadScales() throws {
        let matrix = try FeatureMatrix(featureNames: ["holders"], rows: [[1], [.infinity]])
        #expect(throws: ScoringError.invalidParameter(name: "holders", value: "inf", reason: "row 1 is infinite; write a missing value as NaN")) {
            try Standardisation(fitting: matrix)
        }
        #expect(throws: ScoringError.self) { try Standardisation(means: [0], scales: [0]) }
        #expect(throws: ScoringError.self) { try Standardisation(means: [0, 1], scales: [1]) }
    }

    // MARK: Model behaviour

    @Test func contributionsSumWithTheInterceptToTheRawScore() throws {
        let data = try SyntheticTokens.make(rows: 400, seed: 7)
        let model = try LogisticTrainer.fit(data, parameters: LogisticParameters(c: 0.5))
        let scores = try model.rawScores(data.features)
        for row in [0, 1, 17, 233, 399] {
            let values = data.features.row(row)
            let contributions = try model.contributions(row: values)
            #expect(contributions.count == model.featureNames.count)
            // The single-row score is defined as this very sum, so equality is exact.
            #expect(contributions.reduce(model.intercept, +) == (try model.rawScore(row: values)))
            // The BLAS path sums in another order: equal to rounding.
            #expect(Swift.abs(scores[row] - (try model.rawScore(row: values))) <= 1e-12 * max(1, Swift.abs(scores[row])))
            for (feature, value) in values.enumerated() where value.isNaN {
                #expect(contributions[feature] == 0, "a missing value is imputed with the training mean")
            }
        }
        let probabilities = try model.probabilities(data.features)
        for row in 0..<20 {
            #expect(Swift.abs(probabilities[row] - 1 / (1 + exp(-scores[row]))) < 1e-15)
        }
        #expect(Swift.abs((try model.probability(row: data.features.row(3))) - probabilities[3]) < 1e-15)
    }

    @Test func aNearlySeparableProblemLearnsTheRightSigns() throws {
        // Buyers push a token up, sellers push it down, the third feature is noise.
        var generator = SeededGenerator(seed: 11)
        var rows: [[Float]] = []
        var labels: [Float] = []
        for _ in 0..<300 {
            let buyers = generator.normal(), sellers = generator.normal(), noise = generator.normal()
            let margin = 4 * buyers - 3 * sellers + 0.3 * generator.normal()
            rows.append([Float(100 + 20 * buyers), Float(sellers), Float(noise)])
            labels.append(margin > 0 ? 1 : 0)
        }
        let data = try LabeledMatrix(features: FeatureMatrix(featureNames: ["buyers", "sellers", "noise"], rows: rows), labels: labels)
        let fit = try LogisticTrainer.fitReporting(data, parameters: LogisticParameters(c: 10))
        #expect(fit.stop.converged)
        let coefficients = fit.model.coefficients
        #expect(coefficients[0] > 2)
        #expect(coefficients[1] < -2)
        #expect(Swift.abs(coefficients[2]) < 0.5 * min(coefficients[0], -coefficients[1]))
        let probabilities = try fit.model.probabilities(data.features)
        let correct = zip(probabilities, labels).filter { ($0 > 0.5) == ($1 == 1) }.count
        #expect(correct >= 280)
    }

    @Test func withoutAnInterceptTheInterceptIsZero() throws {
        let data = try SyntheticTokens.make(rows: 300, seed: 3)
        let model = try LogisticTrainer.fit(data, parameters: LogisticParameters(fitIntercept: false))
        #expect(model.intercept == 0)
        #expect(model.coefficients.contains { $0 != 0 })
    }

    @Test func balancedWeightsAreTheExplicitInverseClassFrequencies() throws {
        let data = try SyntheticTokens.make(rows: 500, seed: 5)
        let positives = Double(data.labels.filter { $0 == 1 }.count), rows = Double(data.labels.count)
        let balanced = try LogisticTrainer.fit(data, parameters: LogisticParameters(classWeights: .balanced, tolerance: 1e-10))
        let explicit = try LogisticTrainer.fit(data, parameters: LogisticParameters(
            classWeights: .explicit(class0: rows / (2 * (rows - positives)), class1: rows / (2 * positives)), tolerance: 1e-10))
        for (a, b) in zip(balanced.coefficients + [balanced.intercept], explicit.coefficients + [explicit.intercept]) {
            #expect(Swift.abs(a - b) < 1e-9)
        }
        // Up-weighting the rarer positives raises the intercept.
        let unweighted = try LogisticTrainer.fit(data)
        #expect(positives < rows / 2)
        #expect(balanced.intercept > unweighted.intercept)
    }

    @Test func parametersAndLabelsAreValidated() throws {
        let data = try SyntheticTokens.make(rows: 50, seed: 1)
        let invalid: [(LogisticParameters, String)] = [
            (LogisticParameters(c: 0), "c"),
            (LogisticParameters(c: -1), "c"),
            (LogisticParameters(c: .nan), "c"),
            (LogisticParameters(c: .infinity), "c"),
            (LogisticParameters(maxIterations: 0), "maxIterations"),
            (LogisticParameters(tolerance: -1e-6), "tolerance"),
            (LogisticParameters(classWeights: .explicit(class0: 1, class1: 0)), "classWeights.class1"),
            (LogisticParameters(classWeights: .explicit(class0: .nan, class1: 1)), "classWeights.class0"),
        ]
        for (parameters, name) in invalid {
            do {
                _ = try LogisticTrainer.fit(data, parameters: parameters)
                Issue.record("\(parameters) must be refused")
            } catch {
                guard case .invalidParameter(let reported, _, _) = error else {
                    Issue.record("unexpected \(error)"); continue
                }
                #expect(reported == name)
            }
        }

        var labels = data.labels
        labels[3] = 2
        let badLabel = try LabeledMatrix(features: data.features, labels: labels, labelName: "pumped_7d")
        #expect(throws: ScoringError.invalidParameter(name: "pumped_7d", value: "2.0", reason: "row 3: logistic regression needs labels 0 or 1")) {
            try LogisticTrainer.fit(badLabel, parameters: LogisticParameters())
        }
        let oneClass = try LabeledMatrix(features: data.features, labels: [Float](repeating: 0, count: 50))
        #expect(throws: ScoringError.invalidParameter(name: "label", value: "all 0", reason: "training needs rows of both classes, 0 and 1")) {
            try LogisticTrainer.fit(oneClass, parameters: LogisticParameters())
        }
        let empty = try LabeledMatrix(features: FeatureMatrix(featureNames: ["a"], rows: []), labels: [])
        #expect(throws: ScoringError.shapeMismatch("no rows to train on")) { try LogisticTrainer.fit(empty) }
    }

    @Test func scoringRefusesOtherFeatures() throws {
        let data = try SyntheticTokens.make(rows: 200, seed: 2)
        let model = try LogisticTrainer.fit(data)
        var names = data.features.featureNames
        names.swapAt(0, 1)
        let reordered = try FeatureMatrix(featureNames: names, rowCount: data.features.rowCount, columnMajor: data.features.values)
        #expect(throws: ScoringError.featureMismatch(expected: data.features.featureNames, found: names)) {
            try model.rawScores(reordered)
        }
        #expect(throws: ScoringError.self) { try model.contributions(row: [1, 2]) }
    }

    @Test func aCodableRoundTripScoresIdentically() throws {
        let data = try SyntheticTokens.make(rows: 300, seed: 9)
        let model = try LogisticTrainer.fit(data, parameters: LogisticParameters(classWeights: .balanced))
        let encoded = try JSONEncoder().encode(model)
        let decoded = try JSONDecoder().decode(LogisticModel.self, from: encoded)
        #expect(decoded == model)
        #expect(try decoded.rawScores(data.features) == model.rawScores(data.features))

        let parameters = LogisticParameters(c: 0.05, classWeights: .explicit(class0: 1, class1: 3.5), maxIterations: 50)
        #expect(try JSONDecoder().decode(LogisticParameters.self, from: JSONEncoder().encode(parameters)) == parameters)

        // A damaged file (a coefficient too few) is refused on load, not scored wrongly.
        var object = try #require(JSONSerialization.jsonObject(with: encoded) as? [String: Any])
        object["coefficients"] = Array(model.coefficients.dropLast())
        let damaged = try JSONSerialization.data(withJSONObject: object)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(LogisticModel.self, from: damaged) }
    }

    // MARK: Optimiser

    @Test func lbfgsFindsTheRosenbrockMinimum() {
        let result = LBFGS.minimise(from: [-1.2, 1], options: LBFGS.Options(gradientTolerance: 1e-10)) { x in
            let a = 1 - x[0], b = x[1] - x[0] * x[0]
            return (a * a + 100 * b * b, [-2 * a - 400 * x[0] * b, 200 * b])
        }
        #expect(result.stop.converged)
        #expect(Swift.abs(result.x[0] - 1) < 1e-6)
        #expect(Swift.abs(result.x[1] - 1) < 1e-6)
        #expect(result.iterations < 100)
    }

    @Test func lbfgsStopsAtItsIterationLimit() {
        let result = LBFGS.minimise(from: [-1.2, 1], options: LBFGS.Options(maxIterations: 3)) { x in
            let a = 1 - x[0], b = x[1] - x[0] * x[0]
            return (a * a + 100 * b * b, [-2 * a - 400 * x[0] * b, 200 * b])
        }
        #expect(result.stop == .iterationLimit)
        #expect(result.iterations == 3)
    }

    // MARK: Parity with scikit-learn

    /// Our coefficients against scikit-learn's `LogisticRegression(solver="lbfgs")` on the very same
    /// standardised numbers (written to CSV with round-trip precision).
    @Test(.enabled(if: SklearnPeer.available, "needs <repo>/.venv with scikit-learn (scripts/setup.sh)"), arguments: LogisticParityCase.all)
    func coefficientsMatchScikitLearn(_ parityCase: LogisticParityCase) throws {
        let fixture = try SklearnPeer.fixture.get()
        let peer = try #require(fixture.peer.first { $0.C == parityCase.c && $0.class_weight == parityCase.peerClassWeight })
        // Far tighter than the 1e-4 we assert, so that the comparison measures the optimum and not
        // where either optimiser happened to stop.
        let fit = try LogisticTrainer.fitReporting(
            fixture.data, parameters: LogisticParameters(c: parityCase.c, classWeights: parityCase.classWeights, maxIterations: 100_000, tolerance: 1e-10))
        #expect(fit.stop.converged, "stopped by \(fit.stop) after \(fit.iterations) iterations")
        #expect(fit.model.standardisation == fixture.standardisation)

        // Relative difference per coefficient, except that the denominator never falls below 1e-3
        // of the largest coefficient: a coefficient whose optimum is near 0 has no meaningful
        // relative error, and its absolute error is judged on the scale of the model instead.
        let largest = peer.coef.map { Swift.abs($0) }.max() ?? 1
        func difference(_ ours: Double, _ theirs: Double) -> Double {
            Swift.abs(ours - theirs) / max(Swift.abs(theirs), 1e-3 * largest)
        }
        let differences = zip(fit.model.coefficients, peer.coef).map(difference) + [difference(fit.model.intercept, peer.intercept)]
        let worst = differences.max() ?? 0
        print("parity C=\(parityCase.c) weights=\(parityCase.peerClassWeight): max relative difference \(worst) "
            + "(ours \(fit.iterations) iterations, stopped by \(fit.stop) at gradient \(fit.gradientMaxNorm); scikit-learn \(peer.n_iter))")
        #expect(worst < 1e-4, "ours \(fit.model.coefficients) + \(fit.model.intercept), scikit-learn \(peer.coef) + \(peer.intercept)")
    }
}

// MARK: - Fixtures

/// One configuration compared with scikit-learn.
struct LogisticParityCase: Sendable, CustomTestStringConvertible {
    let c: Double
    let balanced: Bool

    var classWeights: LogisticParameters.ClassWeights { balanced ? .balanced : .uniform }
    var peerClassWeight: String { balanced ? "balanced" : "none" }
    var testDescription: String { "C=\(c), class_weight=\(peerClassWeight)" }

    static let all = [LogisticParityCase(c: 1, balanced: false), LogisticParityCase(c: 1, balanced: true),
                      LogisticParityCase(c: 0.05, balanced: false), LogisticParityCase(c: 0.05, balanced: true)]
}

/// scikit-learn run once on the shared parity data set, for every `LogisticParityCase`.
private enum SklearnPeer {
    struct PeerFit: Decodable, Sendable {
        let C: Double
        let class_weight: String
        let coef: [Double]
        let intercept: Double
        let n_iter: Int
    }

    struct Fixture: Sendable {
        let data: LabeledMatrix
        let standardisation: Standardisation
        let peer: [PeerFit]
    }

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let python = repositoryRoot.appendingPathComponent(".venv/bin/python")
    static let script = repositoryRoot.appendingPathComponent("Tests/ScoringTests/Peers/sklearn_logistic.py")

    /// Whether the venv's Python can import scikit-learn; without it the parity tests are skipped.
    static let available: Bool = {
        guard FileManager.default.isExecutableFile(atPath: python.path) else { return false }
        return (try? run([python.path, "-c", "import sklearn"]))?.status == 0
    }()

    static let fixture: Result<Fixture, PeerError> = {
        do {
            let data = try SyntheticTokens.make(rows: 3000, seed: 20_240_601)
            let standardisation = try Standardisation(fitting: data.features)
            let standardised = try standardisation.standardisedColumnMajor(data.features)
            let rows = data.features.rowCount, width = data.features.featureCount
            var csv = (data.features.featureNames + ["label"]).joined(separator: ",") + "\n"
            for row in 0..<rows {
                // Double's description is the shortest text that reads back as the same Double.
                csv += (0..<width).map { "\(standardised[$0 * rows + row])" }.joined(separator: ",")
                csv += ",\(Int(data.labels[row]))\n"
            }
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("logistic-parity-\(UUID().uuidString).csv")
            try csv.write(to: file, atomically: true, encoding: .utf8)
            // KEEP_PARITY_CSV=1 keeps the file, to rerun the peer by hand when the comparison fails.
            defer {
                if ProcessInfo.processInfo.environment["KEEP_PARITY_CSV"] == nil {
                    try? FileManager.default.removeItem(at: file)
                } else {
                    print("parity data kept at \(file.path)")
                }
            }
            let fits = LogisticParityCase.all.map { "\($0.c):\($0.peerClassWeight)" }
            let output = try run([python.path, script.path, file.path] + fits)
            guard output.status == 0 else { return .failure(PeerError(message: "peer failed: \(output.error)")) }
            let peer = try JSONDecoder().decode([PeerFit].self, from: Data(output.output.utf8))
            return .success(Fixture(data: data, standardisation: standardisation, peer: peer))
        } catch {
            return .failure(PeerError(message: "\(error)"))
        }
    }()

    struct PeerError: Error, Sendable { let message: String }

    private static func run(_ command: [String]) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
    }
}

/// Deterministic token-like data: eight correlated features on very different scales driven by
/// two latent factors, a known logistic signal (fewer pumps than not), and about 3% missing values.
private enum SyntheticTokens {
    static let featureNames = ["volume_24h", "holders", "mentions", "liquidity", "buy_ratio", "whale_share", "age_days", "ip_news"]
    /// Offset and spread of each feature in its raw units, so standardisation has real work to do.
    static let units: [(offset: Double, spread: Double)] = [
        (5e4, 2e4), (1200, 300), (40, 15), (2e5, 9e4), (0.5, 0.08), (0.3, 0.1), (90, 60), (3, 2),
    ]
    /// Loadings on the two latent factors (the correlation) and the true log-odds coefficients.
    static let loadings: [(Double, Double)] = [(0.8, 0.2), (0.7, -0.3), (0.2, 0.9), (0.6, 0.6), (-0.5, 0.4), (0.0, -0.7), (0.3, 0.3), (0.0, 0.0)]
    static let signal: [Double] = [1.1, -0.6, 0.5, 0.0, 0.8, -0.9, 0.25, 0.0]

    static func make(rows: Int, seed: UInt64) throws -> LabeledMatrix {
        var generator = SeededGenerator(seed: seed)
        let width = featureNames.count
        var values = [Float](repeating: 0, count: rows * width)
        var labels = [Float](repeating: 0, count: rows)
        for row in 0..<rows {
            let first = generator.normal(), second = generator.normal()
            var logOdds = -0.8
            for feature in 0..<width {
                let (a, b) = loadings[feature]
                let noise = (1 - 0.5 * (a * a + b * b)).squareRoot()
                let standard = a * first + b * second + noise * generator.normal()
                logOdds += signal[feature] * standard
                let missing = generator.uniform() < 0.03
                values[feature * rows + row] = missing ? .nan : Float(units[feature].offset + units[feature].spread * standard)
            }
            labels[row] = generator.uniform() < 1 / (1 + exp(-logOdds)) ? 1 : 0
        }
        let features = try FeatureMatrix(featureNames: featureNames, rowCount: rows, columnMajor: values)
        return try LabeledMatrix(features: features, labels: labels)
    }
}
