import ArgumentParser
import FeatureStore
import Features
import Foundation
import Pipeline
import RadarCore

/// `radar train`: fits the GBDT and logistic models on a window of the store, calibrates and blends
/// them, writes the bundle to `<out-dir>/<id>.json` and registers it in the `models` table.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the GBDT + logistic blend on a time window of the store and register it.",
        discussion: """
            Feature rows are built point-in-time at every --step from --from to --to and labelled (forward return \
            over scoring.horizon after scoring.executionLag, alpha against the cross-sectional median, top \
            scoring.labelQuantile = 1). Only rows whose label window ended by --to (and by the store's data end) \
            are used, so the model knows nothing observed after --to. The last --validation-fraction of the labelled \
            timestamps validate: training rows are purged so no label window overlaps a validation one; GBDT \
            early-stops on validation; each model is Platt-calibrated on validation; probabilities are blended with \
            scoring.blend. The bundle (both models, calibrations, blend weights, feature set, window, metrics) is \
            written to <out-dir>/<id>.json and registered in the store's models table.
            """)

    @OptionGroup var options: PipelineOptions

    @Option(help: ArgumentHelp("First training timestamp (ISO 8601, a date or Unix seconds).", valueName: "time"))
    var from: String

    @Option(help: ArgumentHelp("Training time: no data observed after it is used.", valueName: "time"))
    var to: String

    @Option(help: ArgumentHelp("Step between training timestamps.", valueName: "duration"))
    var step: String = "1h"

    @Option(help: ArgumentHelp("Label window (default: scoring.horizon); the lag is scoring.executionLag.", valueName: "duration"))
    var horizon: String?

    @Option(name: .customLong("out-dir"), help: ArgumentHelp("Where to write the model bundle (default: scoring.modelDir).", valueName: "dir"))
    var outDir: String?

    @Option(name: .customLong("validation-fraction"), help: "Last fraction of labelled timestamps used for validation.")
    var validationFraction: Double = 0.25

    func run() throws {
        let config = try options.loadConfig()
        let from = try Timestamp(parsing: self.from, field: "--from")
        let to = try Timestamp(parsing: self.to, field: "--to")
        let step = try RadarDuration(parsing: self.step, field: "--step")
        guard step.seconds > 0, from < to else {
            printError("radar train: need --from < --to (got \(from) .. \(to)) and a positive --step (got \(step))")
            throw ExitCode.failure
        }
        let store = try options.openStore(config)
        let horizon = try Horizon(length: try self.horizon.map { try RadarDuration(parsing: $0, field: "--horizon") } ?? config.scoring.horizon,
                                  executionLag: config.scoring.executionLag)
        try reportingPipelineErrors("train") {
            let dataEnd = min(to, try store.latestReserveTime() ?? to)
            let features = try configuredFeatures(config)
            var bar = ProgressBar("train")
            let history = try LabelledHistory.build(
                store: store, times: FeatureBuilder.timestamps(from: from, to: to, step: step),
                labels: LabelConfig(horizon: horizon, topQuantile: config.scoring.labelQuantile, deadReturn: config.scoring.deadTokenReturn),
                dataEnd: dataEnd, featureSet: features.set, featureConfig: features.config) { bar.update(stage: "features", done: $0, total: $1) }
            let training = TrainingConfig(validationFraction: validationFraction, blend: config.blendWeights)
            let id = ModelTrainer.bundleID(trainedTo: to)
            let bundle = try ModelTrainer.train(history, rows: history.labelKnownBy(dataEnd), id: id, config: training)
            let directory = outDir ?? config.scoring.modelDir
            let path = URL(fileURLWithPath: directory).appendingPathComponent("\(id).json").path
            try bundle.write(to: path)
            let metrics = String(decoding: try JSONSerialization.data(
                withJSONObject: bundle.metrics.filter { $0.value.isFinite }, options: [.sortedKeys]), as: UTF8.self)
            let params = String(decoding: try JSONEncoder().encode(training), as: UTF8.self)
            do throws(StoreError) {
                try store.registerModel(RegisteredModel(
                    modelID: id, kind: ModelBundle.kind, path: path, featureSet: bundle.featureSet, trainedFrom: bundle.windowStart,
                    trainedTo: bundle.windowEnd, params: params, metrics: metrics, createdAt: Timestamp(flooring: Date())))
            } catch {
                throw PipelineError.store(error)
            }
            print("model \(id): \(path)")
            print(columns(bundle.metrics.sorted { $0.key < $1.key }.map { [$0.key, String(format: "%.4f", $0.value)] }, rightAligned: [1]))
        }
    }
}
