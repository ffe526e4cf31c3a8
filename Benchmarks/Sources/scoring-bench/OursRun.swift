import Foundation
import Scoring

/// One measured run of AlphaRadar's scoring core, in its own process so that its peak memory is its own.
/// Prints one line of JSON with the same fields the Python peers print.
enum OursRun {
    struct Result: Codable {
        var library: String
        var kind: String
        var trainSeconds: Double
        var testAUC: Double
        var predictSeconds: Double?
        var singleRowMicroseconds: Double?
        var peakRSSMiB: Double
        var trees: Int?
    }

    static func run(_ options: [String: String]) throws {
        let train = try MatrixFile.read(path: options["train"]!).labeled(source: options["train"]!)
        let test = try MatrixFile.read(path: options["test"]!)
        let threads = Int(options["threads"] ?? "") ?? ProcessInfo.processInfo.activeProcessorCount
        let parallelism = Parallelism(threads: threads)
        let labels = test.labels!
        var result: Result
        if options["kind"] == "logistic" {
            let start = Date()
            let model = try LogisticTrainer.fit(train, parameters: LogisticParameters(c: 1, maxIterations: 100, tolerance: 1e-4))  // scikit-learn's defaults
            let trainSeconds = Date().timeIntervalSince(start)
            let scores = try model.rawScores(test.features)
            result = Result(library: "AlphaRadar", kind: "logistic", trainSeconds: trainSeconds,
                            testAUC: try Metrics.auc(scores: scores, labels: labels), peakRSSMiB: peakRSS())
        } else {
            var parameters = GBDTParameters()
            parameters.trees = Int(options["trees"] ?? "") ?? 200
            parameters.numLeaves = Int(options["leaves"] ?? "") ?? 63
            parameters.learningRate = 0.1
            parameters.binning.maxBins = 255
            let start = Date()
            let model = try GBDTTrainer.fit(train, parameters: parameters, parallelism: parallelism)
            let trainSeconds = Date().timeIntervalSince(start)
            let forest = Forest(model)
            let predictStart = Date()
            let scores = try forest.rawScores(test.features, parallelism: parallelism)
            let predictSeconds = Date().timeIntervalSince(predictStart)
            result = Result(library: "AlphaRadar", kind: "gbdt", trainSeconds: trainSeconds,
                            testAUC: try Metrics.auc(scores: scores, labels: labels), predictSeconds: predictSeconds,
                            singleRowMicroseconds: singleRowLatency(forest, test.features), peakRSSMiB: peakRSS(),
                            trees: model.trees.count)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        print(String(decoding: try encoder.encode(result), as: UTF8.self))
    }

    /// Times reading a CSV file (`--csv`, label column `--label`), for the rule that reading must not
    /// dominate training.
    static func readCSV(_ options: [String: String]) throws {
        let threads = Int(options["threads"] ?? "") ?? ProcessInfo.processInfo.activeProcessorCount
        let start = Date()
        let table = try CSVMatrixReader.read(path: options["csv"]!, label: options["label"] ?? "label", parallelism: Parallelism(threads: threads))
        let seconds = Date().timeIntervalSince(start)
        print("{\"csvSeconds\": \(seconds), \"rows\": \(table.features.rowCount), \"features\": \(table.features.featureCount)}")
    }

    /// Median time of one `rawScore(row:)` call over rows taken in turn, in microseconds.
    static func singleRowLatency(_ forest: Forest, _ matrix: FeatureMatrix) -> Double {
        let rows = (0..<min(2000, matrix.rowCount)).map { matrix.row($0) }
        var samples: [Double] = []
        var sink = 0.0
        for round in 0..<5 {
            let start = DispatchTime.now().uptimeNanoseconds
            for row in rows { sink += (try? forest.rawScore(row: row)) ?? 0 }
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1000 / Double(rows.count)
            if round > 0 { samples.append(elapsed) }
        }
        if sink.isNaN { print("") }
        return samples.sorted()[samples.count / 2]
    }

    /// This process's peak resident memory.
    static func peakRSS() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}
