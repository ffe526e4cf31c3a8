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
        /// CPU seconds the process spent training: on a shared machine, a steadier measure of work.
        var trainCPUSeconds: Double?
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
            let cpuStart = processCPUSeconds()
            let model = try GBDTTrainer.fit(train, parameters: parameters, parallelism: parallelism)
            let trainSeconds = Date().timeIntervalSince(start)
            let trainCPUSeconds = processCPUSeconds() - cpuStart
            if let path = options["model-out"] {
                let training = TrainingMetadata(trainedAt: ISO8601DateFormatter().string(from: Date()), source: options["train"]!,
                                                rows: train.features.rowCount, labelName: "label")
                try ModelFile(gbdt: model, parameters: parameters, training: training).write(to: path)
            }
            let forest = Forest(model)
            let predictStart = Date()
            let scores = try forest.rawScores(test.features, parallelism: parallelism)
            let predictSeconds = Date().timeIntervalSince(predictStart)
            result = Result(library: "AlphaRadar", kind: "gbdt", trainSeconds: trainSeconds,
                            testAUC: try Metrics.auc(scores: scores, labels: labels), predictSeconds: predictSeconds,
                            singleRowMicroseconds: singleRowLatency(forest, test.features), peakRSSMiB: peakRSS(),
                            trees: model.trees.count, trainCPUSeconds: trainCPUSeconds)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        print(String(decoding: try encoder.encode(result), as: UTF8.self))
    }

    /// Times batch and single-row prediction of a saved model (`--model`) on `--test`, so predictor
    /// changes can be measured without training again.
    static func predict(_ options: [String: String]) throws {
        let test = try MatrixFile.read(path: options["test"]!)
        let threads = Int(options["threads"] ?? "") ?? ProcessInfo.processInfo.activeProcessorCount
        let model = try ModelFile.read(path: options["model"]!)
        let forest = Forest(model.gbdt!.model)
        if options["only"] == "single" {
            let cpuStart = threadCPUSeconds()
            let wall = singleRowLatency(forest, test.features)
            let cpu = (threadCPUSeconds() - cpuStart) / 21 / Double(min(2000, test.features.rowCount)) * 1e6
            print(String(format: "{\"singleRowMicroseconds\": %.3f, \"singleRowCPUMicroseconds\": %.3f}", wall, cpu))
            return
        }
        var batch: [Double] = []
        var auc = 0.0
        for _ in 0..<5 {
            let start = Date()
            let scores = try forest.rawScores(test.features, parallelism: Parallelism(threads: threads))
            batch.append(Date().timeIntervalSince(start))
            auc = try Metrics.auc(scores: scores, labels: test.labels!)
        }
        if options["only"] == "batch" {
            print(String(format: "{\"predictSecondsMedian\": %.4f, \"testAUC\": %.6f}", batch.sorted()[2], auc))
            return
        }
        let paths = forest.meanPathLength(test.features)
        print(String(format: "{\"predictSecondsMedian\": %.4f, \"singleRowMicroseconds\": %.3f, \"testAUC\": %.6f, \"meanPathLength\": %.2f, \"meanDepth\": %.2f}",
                     batch.sorted()[2], singleRowLatency(forest, test.features), auc, paths, forest.meanDepth))
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
        // 21 passes over 2,000 rows, the first a warm-up: the median of 20 steadies the figure on a
        // shared machine.
        for round in 0..<21 {
            let start = DispatchTime.now().uptimeNanoseconds
            for row in rows { sink += (try? forest.rawScore(row: row)) ?? 0 }
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1000 / Double(rows.count)
            if round > 0 { samples.append(elapsed) }
        }
        if sink.isNaN { print("") }
        return samples.sorted()[samples.count / 2]
    }

    /// CPU time of the calling thread: on a shared machine, what a piece of work cost, whoever else ran.
    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// CPU time of this process, every thread.
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// This process's peak resident memory.
    static func peakRSS() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}
