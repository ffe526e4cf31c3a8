import Features
import ArgumentParser
import FeatureStore
import Foundation
import Pipeline
import RadarCore

/// Options `train`, `score` and `backtest` share: the config, and a store path that overrides it.
struct PipelineOptions: ParsableArguments {
    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The feature store (default: the config's store.path).", valueName: "path"))
    var store: String?

    /// The config, or the defaults when `--store` is given and the config file is absent.
    func loadConfig() throws -> RadarConfig {
        if store != nil && !FileManager.default.fileExists(atPath: global.config) {
            return RadarConfig(store: StoreConfig(path: store!), feeds: [])
        }
        return try global.loadConfig()
    }

    func openStore(_ config: RadarConfig) throws -> FeatureStore {
        try FeatureStore(path: store ?? config.store.path, busyTimeout: config.store.busyTimeout)
    }
}

extension RadarConfig {
    /// The blend weights of `scoring.blend` as the pipeline reads them.
    var blendWeights: BlendWeights {
        BlendWeights(gbdt: scoring.blend[.gbdt] ?? 0, logistic: scoring.blend[.logistic] ?? 0)
    }
}

/// Runs a pipeline step, printing its error (which names the source, field and value) and failing.
/// The config's `features` section as the pipeline uses it: the feature set to build and how.
func configuredFeatures(_ config: RadarConfig) throws(PipelineError) -> (set: FeatureSet, config: FeatureConfig) {
    do {
        return (try FeatureSet.configured(config.features), FeatureConfig(config.features))
    } catch {
        throw .invalidSetting(name: error.field, value: error.value, reason: error.reason)
    }
}

func reportingPipelineErrors<T>(_ command: String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as PipelineError {
        printError("radar \(command): \(error)")
        throw ExitCode.failure
    }
}

/// A one-line progress bar on standard error, redrawn in place on a terminal and printed every tenth
/// of the way otherwise (logs stay short).
struct ProgressBar {
    let label: String
    private let terminal = isatty(STDERR_FILENO) != 0
    private var lastTenth = -1

    init(_ label: String) { self.label = label }

    mutating func update(stage: String, done: Int, total: Int) {
        guard total > 0 else { return }
        let fraction = Double(done) / Double(total)
        if terminal {
            let width = 30
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
            FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(stage) \(done)/\(total)   ".utf8))
            if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
        } else {
            let tenth = Int(fraction * 10)
            if tenth != lastTenth || done == total {
                lastTenth = tenth
                printError("\(label): \(stage) \(done)/\(total)")
            }
        }
    }
}
