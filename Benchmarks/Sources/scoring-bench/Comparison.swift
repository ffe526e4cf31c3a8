import Foundation

/// Makes the data once, runs AlphaRadar and each peer in its own process on the same files and the
/// same thread count, and prints one table with ratios against LightGBM.
enum Comparison {
    static let benchmarks = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var python: String {
        let venv = benchmarks.deletingLastPathComponent().appendingPathComponent(".venv/bin/python").path
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : "/usr/bin/python3"
    }

    static func run(_ options: [String: String]) throws {
        let daily = options["daily"] != nil
        let trainRows = Int(options["train"] ?? "") ?? (daily ? 50_000 : 1_000_000)
        let testRows = Int(options["test"] ?? "") ?? (daily ? 20_000 : 200_000)
        let features = Int(options["features"] ?? "") ?? (daily ? 120 : 50)
        let trees = options["trees"] ?? (daily ? "300" : "200")
        let leaves = options["leaves"] ?? (daily ? "31" : "63")
        let threads = options["threads"] ?? String(ProcessInfo.processInfo.activeProcessorCount)
        let name = "cls-\(trainRows)-\(testRows)-\(features)"
        let data = benchmarks.appendingPathComponent(".data")
        let train = data.appendingPathComponent("\(name)-train.armx").path
        let test = data.appendingPathComponent("\(name)-test.armx").path
        if !FileManager.default.fileExists(atPath: test) {
            say("making \(name) with scikit-learn make_classification (once; cached in .data/)")
            _ = try runProcess(python, [benchmarks.appendingPathComponent("peers/make_scoring_data.py").path, data.path, "--train", String(trainRows),
                                        "--test", String(testRows), "--features", String(features), "--name", name])
        }
        say("data: \(trainRows) train + \(testRows) test rows x \(features) features; \(trees) trees, \(leaves) leaves, lr 0.1, 255 bins; \(threads) threads")
        let kind = options["logistic"] != nil ? "logistic" : "gbdt"
        let common = ["--train", train, "--test", test, "--trees", trees, "--leaves", leaves, "--threads", threads, "--kind", kind]
        var rows: [[String: Any]] = []
        let ours = try runProcess(CommandLine.arguments[0], ["run-ours"] + common)
        rows.append(ours)
        say("AlphaRadar: \(ours)")
        let peers = (options["peers"] ?? (kind == "logistic" ? "sklearn" : "lightgbm,xgboost,sklearn")).split(separator: ",").map(String.init)
        for peer in peers {
            do {
                let result = try runProcess(python, [benchmarks.appendingPathComponent("peers/scoring_peers.py").path, "--library", peer] + common)
                rows.append(result)
                say("\(peer): \(result)")
            } catch {
                say("\(peer): not run (\(error))")
            }
        }
        printTable(rows, kind: kind)
    }

    static func printTable(_ rows: [[String: Any]], kind: String) {
        let reference = rows.first { ($0["library"] as? String)?.hasPrefix(kind == "logistic" ? "scikit-learn" : "LightGBM") == true }
        func number(_ row: [String: Any], _ key: String) -> Double? { row[key] as? Double }
        let header = ["library", "train s", "test AUC", "predict s", "single row µs", "peak RSS MiB", "train ratio", "predict ratio"]
        var body: [[String]] = []
        for row in rows {
            let train = number(row, "trainSeconds") ?? .nan
            let trainRatio = reference.flatMap { number($0, "trainSeconds") }.map { train / $0 }
            let predictRatio = reference.flatMap { number($0, "predictSeconds") }.flatMap { peer in number(row, "predictSeconds").map { peer / $0 } }
            body.append([row["library"] as? String ?? "?", String(format: "%.2f", train), String(format: "%.5f", number(row, "testAUC") ?? .nan),
                         number(row, "predictSeconds").map { String(format: "%.3f", $0) } ?? "-",
                         number(row, "singleRowMicroseconds").map { String(format: "%.2f", $0) } ?? "-",
                         String(format: "%.0f", number(row, "peakRSSMiB") ?? .nan),
                         trainRatio.map { String(format: "%.2f", $0) } ?? "-", predictRatio.map { String(format: "%.2fx", $0) } ?? "-"])
        }
        let widths = header.indices.map { column in ([header] + body).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String { zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: " | ") }
        say("")
        say(line(header))
        say(widths.map { String(repeating: "-", count: $0) }.joined(separator: "-|-"))
        for cells in body { say(line(cells)) }
        say("train ratio = our time / \(kind == "logistic" ? "scikit-learn" : "LightGBM")'s (<= 1: as fast or faster); predict ratio = its batch time / ours (>= 2x is the target); one run, one machine.")
    }

    static func say(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Runs a child, passing its standard error through, and decodes the last line it prints as JSON.
    static func runProcess(_ executable: String, _ arguments: [String]) throws -> [String: Any] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NSError(domain: "scoring-bench", code: Int(process.terminationStatus),
                          userInfo: [NSLocalizedDescriptionKey: "\(executable) exited with \(process.terminationStatus)"])
        }
        let line = String(decoding: data, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? "{}"
        return (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]) ?? [:]
    }
}
