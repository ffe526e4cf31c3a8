import Foundation
import RadarCore
import Scoring

/// Trains a `ModelBundle` on labelled rows: a time-ordered split into training and validation with
/// purging, GBDT early-stopped on validation, logistic regression, Platt calibration of each on
/// validation, and the blend.
///
/// Purging: a training row at t is kept only when `t + H <= v0`, the first validation timestamp, so no
/// training label window `[t + lag, t + lag + H]` overlaps a validation one. Without it, hourly rows
/// share most of their forward window and validation would grade the model on answers it has seen.
public enum ModelTrainer {
    /// Trains on `rows` of `history` (rows whose labels the caller may use: see
    /// `LabelledHistory.labelKnownBy`). `id` names the bundle.
    public static func train(_ history: LabelledHistory, rows: [Int], id: String, config: TrainingConfig = TrainingConfig(),
                             trainedAt: Date = Date()) throws(PipelineError) -> ModelBundle {
        try config.validate()
        var rows = rows
        if let spacing = config.rowSpacing?.seconds, let first = history.frame.timestamps.first {
            rows = rows.filter { (history.frame.timestamps[$0].seconds - first.seconds) % spacing == 0 }
        }
        let split = try split(history, rows: rows, validationFraction: config.validationFraction, id: id)
        let trainRows = split.training, validationRows = split.validation
        guard trainRows.count >= config.minimumTrainingRows else {
            throw .notEnoughData(stage: "train \(id)", reason: "\(trainRows.count) training rows after purging (timestamps up to "
                                 + "\(split.purgedAfter)); need \(config.minimumTrainingRows): widen the window or shorten the horizon")
        }
        let trainLabels = trainRows.map { history.label[$0] }
        let validationLabels = validationRows.map { history.label[$0] }
        for (name, labels) in [("training", trainLabels), ("validation", validationLabels)] where Set(labels).count < 2 {
            throw .notEnoughData(stage: "train \(id)", reason: "the \(name) rows hold one class only")
        }

        func stage<T>(_ name: String, _ body: () throws(ScoringError) -> T) throws(PipelineError) -> T {
            do { return try body() } catch { throw .scoring(stage: "train \(id): \(name)", error) }
        }
        let train = try stage("training matrix") { () throws(ScoringError) in
            try LabeledMatrix(features: ModelInput.matrix(history.ranked, rows: trainRows), labels: trainLabels)
        }
        let validation = try stage("validation matrix") { () throws(ScoringError) in
            try LabeledMatrix(features: ModelInput.matrix(history.ranked, rows: validationRows), labels: validationLabels)
        }
        let gbdtModel = try stage("GBDT fit") { () throws(ScoringError) in
            try GBDTTrainer.fit(train, validation: validation, parameters: config.gbdt)
        }
        let logisticModel = try stage("logistic fit") { () throws(ScoringError) in
            try LogisticTrainer.fit(train, parameters: config.logistic)
        }
        let gbdtRaw = try stage("GBDT validation scores") { () throws(ScoringError) in
            try Forest(gbdtModel).rawScores(validation.features)
        }
        let logisticRaw = try stage("logistic validation scores") { () throws(ScoringError) in
            try logisticModel.rawScores(validation.features)
        }
        let gbdtCalibration = try stage("GBDT calibration") { () throws(ScoringError) in
            try monotone(PlattCalibration.fit(rawScores: gbdtRaw, labels: validationLabels), labels: validationLabels)
        }
        let logisticCalibration = try stage("logistic calibration") { () throws(ScoringError) in
            try monotone(PlattCalibration.fit(rawScores: logisticRaw, labels: validationLabels), labels: validationLabels)
        }
        let gbdtProbability = gbdtCalibration.probabilities(raw: gbdtRaw)
        let logisticProbability = logisticCalibration.probabilities(raw: logisticRaw)
        let blended = zip(gbdtProbability, logisticProbability).map { config.blend.blend(gbdt: $0, logistic: $1) }

        // Validation figures: AUC per model and of the blend, and the blend's mean per-timestamp rank IC.
        var metrics: [String: Double] = [:]
        try stage("validation metrics") { () throws(ScoringError) in
            metrics["validation_auc_gbdt"] = try Metrics.auc(scores: gbdtProbability, labels: validationLabels)
            metrics["validation_auc_logistic"] = try Metrics.auc(scores: logisticProbability, labels: validationLabels)
            metrics["validation_auc"] = try Metrics.auc(scores: blended, labels: validationLabels)
            metrics["validation_logloss"] = try Metrics.logLoss(probabilities: blended, labels: validationLabels)
            metrics["validation_brier"] = try Metrics.brier(probabilities: blended, labels: validationLabels)
        }
        var ics: [Double] = []
        var byTime: [Timestamp: [(score: Double, alpha: Double)]] = [:]
        for (position, row) in validationRows.enumerated() {
            byTime[history.frame.timestamps[row], default: []].append((blended[position], history.alpha[row]))
        }
        // In time order, so the mean is the same number on every run (dictionary order is seeded per process).
        for time in byTime.keys.sorted() {
            let pairs = byTime[time]!
            let ic = FactorMetrics.rankIC(scores: pairs.map(\.score), alpha: pairs.map(\.alpha))
            if !ic.isNaN { ics.append(ic) }
        }
        metrics["validation_rank_ic"] = FactorMetrics.mean(ics)
        metrics["training_rows"] = Double(trainRows.count)
        metrics["validation_rows"] = Double(validationRows.count)
        metrics["gbdt_trees"] = Double(gbdtModel.trees.count)
        metrics["platt_a_gbdt"] = gbdtCalibration.a
        metrics["platt_a_logistic"] = logisticCalibration.a

        let windowStart = split.times[0], windowEnd = split.times[split.times.count - 1]
        let training = TrainingMetadata(trainedAt: trainedAt.formatted(.iso8601), source: "feature store, \(history.frame.featureSetID)",
                                        rows: trainRows.count, labelName: "top \(history.horizon) alpha quantile",
                                        windowStart: windowStart.description, windowEnd: windowEnd.description)
        let gbdtFile = ModelFile(gbdt: gbdtModel, parameters: config.gbdt, training: training,
                                 metrics: ["validation_auc": metrics["validation_auc_gbdt"] ?? .nan], calibration: gbdtCalibration)
        let logisticFile = ModelFile(logistic: logisticModel, parameters: config.logistic, training: training,
                                     metrics: ["validation_auc": metrics["validation_auc_logistic"] ?? .nan],
                                     calibration: logisticCalibration)
        return ModelBundle(id: id, featureSet: history.frame.featureSetID, featureNames: history.frame.names,
                           windowStart: windowStart, windowEnd: windowEnd, horizon: history.horizon,
                           trainedAt: trainedAt.formatted(.iso8601), blend: config.blend, gbdt: gbdtFile, logistic: logisticFile,
                           metrics: metrics)
    }

    /// The time-ordered split of the labelled `rows`: the last `validationFraction` of their timestamps
    /// validate, and training keeps the rows at or before `purgedAfter` = first validation timestamp - H,
    /// so no training label window overlaps a validation one.
    public static func split(_ history: LabelledHistory, rows: [Int], validationFraction: Double, id: String = "model")
        throws(PipelineError) -> (training: [Int], validation: [Int], purgedAfter: Timestamp, times: [Timestamp]) {
        let labelled = rows.filter { !history.label[$0].isNaN }
        let times = Array(Set(labelled.map { history.frame.timestamps[$0] })).sorted()
        guard times.count >= 2 else {
            throw .notEnoughData(stage: "train \(id)", reason: "\(times.count) labelled timestamp(s); need at least 2")
        }
        let validationCount = max(1, Int((validationFraction * Double(times.count)).rounded(.up)))
        let validationStart = times[times.count - validationCount]
        let purgedAfter = validationStart - history.horizon.length
        return (labelled.filter { history.frame.timestamps[$0] <= purgedAfter },
                labelled.filter { history.frame.timestamps[$0] >= validationStart }, purgedAfter, times)
    }

    /// A calibration that keeps the model's order. Platt's slope is negative for a score that ranks
    /// positives higher; a slope of 0 or above means the model ranked validation rows no better than
    /// chance (or backwards), and turning its ranking upside down would be worse than ignoring it, so
    /// the model then gets the flat validation base rate and the blend ranks by the other model.
    static func monotone(_ calibration: PlattCalibration, labels: [Float]) -> PlattCalibration {
        guard calibration.a >= 0 else { return calibration }
        let rate = (Double(labels.count(where: { $0 == 1 })) + 1) / (Double(labels.count) + 2)
        return PlattCalibration(a: 0, b: log((1 - rate) / rate))
    }

    /// A bundle id from the end of its training window: `blend-20260301T000000Z`.
    public static func bundleID(trainedTo: Timestamp) -> String {
        "blend-" + trainedTo.description.replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
    }
}
