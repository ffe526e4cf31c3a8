import Foundation

/// `scoring-bench`: AlphaRadar's GBDT and logistic regression next to LightGBM, XGBoost and
/// scikit-learn, on one data file both sides read (see Benchmarks/README.md).
@main
struct ScoringBench {
    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        let command = arguments.isEmpty ? "all" : arguments.removeFirst()
        var options: [String: String] = [:]
        var index = 0
        while index < arguments.count {
            let key = arguments[index].trimmingCharacters(in: CharacterSet(charactersIn: "-"))
            if index + 1 < arguments.count && !arguments[index + 1].hasPrefix("--") {
                options[key] = arguments[index + 1]
                index += 2
            } else {
                options[key] = "true"
                index += 1
            }
        }
        do {
            switch command {
            case "run-ours": try OursRun.run(options)
            case "read-csv": try OursRun.readCSV(options)
            case "predict-ours": try OursRun.predict(options)
            case "all": try Comparison.run(options)
            default:
                FileHandle.standardError.write(Data("""
                    usage: scoring-bench [all] [--train N] [--test N] [--features N] [--trees N] [--leaves N] [--threads N]
                                         [--peers lightgbm,xgboost,sklearn] [--logistic] [--daily]

                    """.utf8))
                exit(2)
            }
        } catch {
            FileHandle.standardError.write(Data("scoring-bench: \(error)\n".utf8))
            exit(1)
        }
    }
}
