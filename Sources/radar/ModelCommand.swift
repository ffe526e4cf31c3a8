import ArgumentParser
import Foundation
import Scoring
import Yams

/// `radar model`: training, applying and inspecting scoring models outside the pipeline, on files.
struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Train, apply and inspect scoring models on data files.",
        discussion: """
            Data files are CSV (a header of column names; missing values written as empty, nan, NaN or NA) or \
            the compact binary matrix format (.armx). Model files are versioned JSON.
            """,
        subcommands: [Train.self, Predict.self, Import.self, Inspect.self])
}

/// Reads a data file by its extension: `.armx` binary matrices, anything else CSV.
func readTable(_ path: String, label: String?, threads: Int?) throws -> MatrixTable {
    if path.hasSuffix(".armx") {
        return try MatrixFile.read(path: path)
    }
    return try CSVMatrixReader.read(path: path, label: label, parallelism: threads.map(Parallelism.init(threads:)) ?? .allCores)
}

extension ModelCommand {
    struct Train: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train a GBDT or logistic model on a data file and write its model file.",
            discussion: """
                Parameters come from flags, or from a YAML file (--params) whose keys are the flag names without \
                dashes' prefix (trees, leaves, learning-rate, ...); flags win over the file. With --validation, \
                training reports validation AUC, log-loss and Brier score, early-stops GBDT when \
                --early-stopping is set, and --calibrate fits Platt scaling on the validation scores.
                """)

        @Option(help: "Training data (.csv or .armx).") var data: String
        @Option(help: "The label column (0/1 for binary models).") var label: String
        @Option(help: "gbdt or logistic.") var kind: Scoring.ModelKind = .gbdt
        @Option(help: "Where to write the model file.") var out: String
        @Option(help: "Validation data with the same columns.") var validation: String?
        @Option(help: "A YAML file of parameters.") var params: String?
        @Option(help: "binary or regression (GBDT).") var objective: Objective?
        @Option(help: "Boosting rounds (GBDT, default 100).") var trees: Int?
        @Option(help: "Leaves per tree (GBDT, default 31).") var leaves: Int?
        @Option(name: .customLong("learning-rate"), help: "Shrinkage per tree (GBDT, default 0.1).") var learningRate: Double?
        @Option(name: .customLong("max-bins"), help: "Bins per feature, 2...255 (GBDT, default 255).") var maxBins: Int?
        @Option(name: .customLong("max-depth"), help: "Deepest leaf; 0 or less: no limit (GBDT).") var maxDepth: Int?
        @Option(name: .customLong("min-data-in-leaf"), help: "Fewest rows per leaf (GBDT, default 20).") var minDataInLeaf: Int?
        @Option(name: .customLong("min-sum-hessian"), help: "Smallest hessian sum per leaf (GBDT, default 1e-3).") var minSumHessian: Double?
        @Option(name: .customLong("lambda-l2"), help: "L2 penalty on leaf values (GBDT, default 0).") var lambdaL2: Double?
        @Option(name: .customLong("min-gain"), help: "Smallest gain worth a split (GBDT, default 0).") var minGain: Double?
        @Option(name: .customLong("feature-fraction"), help: "Features each tree may use (GBDT, default 1).") var featureFraction: Double?
        @Option(name: .customLong("bagging-fraction"), help: "Rows each tree is grown on (GBDT, default 1).") var baggingFraction: Double?
        @Option(name: .customLong("bagging-freq"), help: "Redraw the bag every N trees; 0: off (GBDT).") var baggingFrequency: Int?
        @Option(name: .customLong("early-stopping"), help: "Stop after N rounds without validation gain (GBDT).") var earlyStopping: Int?
        @Option(help: "Inverse L2 strength, as scikit-learn's C (logistic, default 1).") var c: Double?
        @Option(name: .customLong("class-weight"), help: "none or balanced (logistic).") var classWeight: String?
        @Option(help: "Threads (default: all cores). Results are the same for any count.") var threads: Int?
        @Option(help: "Seed for sampling (default 0).") var seed: UInt64?
        @Flag(help: "Fit Platt calibration on the validation scores.") var calibrate = false

        func run() throws {
            let file = try params.map(ParameterFile.init(path:)) ?? ParameterFile()
            let parallelism = try (threads ?? file.int("threads")).map(Parallelism.init(threads:)) ?? .allCores
            let table = try readTable(data, label: label, threads: threads)
            let training = try table.labeled(source: data)
            let validationSet = try validation.map { path throws -> LabeledMatrix in
                try readTable(path, label: label, threads: threads).labeled(source: path)
            }
            let metadata = TrainingMetadata(trainedAt: Date().formatted(.iso8601), source: data, rows: training.features.rowCount,
                                            labelName: label)
            let started = Date()
            var model: ModelFile
            switch kind {
            case .gbdt:
                var parameters = GBDTParameters()
                parameters.objective = try objective ?? file.choice("objective") ?? parameters.objective
                parameters.trees = try trees ?? file.int("trees") ?? parameters.trees
                parameters.numLeaves = try leaves ?? file.int("leaves") ?? parameters.numLeaves
                parameters.learningRate = try learningRate ?? file.double("learning-rate") ?? parameters.learningRate
                parameters.binning.maxBins = try maxBins ?? file.int("max-bins") ?? parameters.binning.maxBins
                parameters.maxDepth = try maxDepth ?? file.int("max-depth") ?? parameters.maxDepth
                parameters.minDataInLeaf = try minDataInLeaf ?? file.int("min-data-in-leaf") ?? parameters.minDataInLeaf
                parameters.minSumHessianInLeaf = try minSumHessian ?? file.double("min-sum-hessian") ?? parameters.minSumHessianInLeaf
                parameters.lambdaL2 = try lambdaL2 ?? file.double("lambda-l2") ?? parameters.lambdaL2
                parameters.minGainToSplit = try minGain ?? file.double("min-gain") ?? parameters.minGainToSplit
                parameters.featureFraction = try featureFraction ?? file.double("feature-fraction") ?? parameters.featureFraction
                parameters.baggingFraction = try baggingFraction ?? file.double("bagging-fraction") ?? parameters.baggingFraction
                parameters.baggingFrequency = try baggingFrequency ?? file.int("bagging-freq") ?? parameters.baggingFrequency
                parameters.earlyStoppingRounds = try earlyStopping ?? file.int("early-stopping") ?? parameters.earlyStoppingRounds
                parameters.seed = try seed ?? file.int("seed").map(UInt64.init) ?? parameters.seed
                try file.rejectUnknown(Self.gbdtKeys)
                let trained = try GBDTTrainer.fit(training, validation: validationSet, parameters: parameters, parallelism: parallelism)
                model = ModelFile(gbdt: trained, parameters: parameters, training: metadata)
            case .logistic:
                var parameters = LogisticParameters()
                parameters.c = try c ?? file.double("c") ?? parameters.c
                switch classWeight ?? file.string("class-weight") {
                case nil, "none": parameters.classWeights = .uniform
                case "balanced": parameters.classWeights = .balanced
                case let other?: throw ValidationError("--class-weight must be none or balanced, not '\(other)'")
                }
                try file.rejectUnknown(Self.logisticKeys)
                let trained = try LogisticTrainer.fit(training, parameters: parameters)
                model = ModelFile(logistic: trained, parameters: parameters, training: metadata)
            }
            let seconds = Date().timeIntervalSince(started)
            model.metrics["training_seconds"] = seconds
            if let validationSet {
                let raw = try model.rawScores(validationSet.features, parallelism: parallelism)
                if calibrate { model.calibration = try PlattCalibration.fit(rawScores: raw, labels: validationSet.labels) }
                let probabilities = try model.probabilities(validationSet.features, parallelism: parallelism)
                model.metrics["validation_auc"] = try Metrics.auc(scores: raw, labels: validationSet.labels)
                model.metrics["validation_logloss"] = try Metrics.logLoss(probabilities: probabilities, labels: validationSet.labels)
                model.metrics["validation_brier"] = try Metrics.brier(probabilities: probabilities, labels: validationSet.labels)
            }
            try model.write(to: out)
            let summary = model.metrics.keys.sorted().filter { $0 != "training_seconds" }
                .map { "\($0) \(String(format: "%.5f", model.metrics[$0]!))" }.joined(separator: ", ")
            print("\(out): \(kind.rawValue) model on \(training.features.rowCount) rows x \(training.features.featureCount) features"
                  + " in \(String(format: "%.2f", seconds)) s" + (summary.isEmpty ? "" : "; \(summary)"))
        }

        static let gbdtKeys: Set<String> = ["objective", "trees", "leaves", "learning-rate", "max-bins", "max-depth", "min-data-in-leaf",
                                            "min-sum-hessian", "lambda-l2", "min-gain", "feature-fraction", "bagging-fraction",
                                            "bagging-freq", "early-stopping", "seed", "threads"]
        static let logisticKeys: Set<String> = ["c", "class-weight", "threads"]
    }

    struct Predict: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score a data file with a model file.",
            discussion: """
                Writes a header `raw,probability` and one row per input row, in order. The model's features are \
                taken from the file by name, so other columns (a label, say) are ignored; a missing feature is \
                an error naming it. For a regression model both columns hold the prediction.
                """)

        @Option(help: "The model file.") var model: String
        @Option(help: "Data to score (.csv or .armx).") var data: String
        @Option(help: "Where to write the predictions (CSV).") var out: String
        @Option(help: "Threads (default: all cores).") var threads: Int?

        func run() throws {
            let file = try ModelFile.read(path: model)
            let table = try readTable(data, label: nil, threads: threads)
            let matrix = try select(file.featureNames, from: table.features, source: data)
            let parallelism = threads.map(Parallelism.init(threads:)) ?? .allCores
            let raw = try file.rawScores(matrix, parallelism: parallelism)
            let regression = file.gbdt?.model.objective == .regression
            let probabilities = regression ? raw : try file.probabilities(matrix, parallelism: parallelism)
            var text = "raw,probability\n"
            text.reserveCapacity(raw.count * 40)
            for (score, probability) in zip(raw, probabilities) { text += "\(score),\(probability)\n" }
            do {
                try text.write(toFile: out, atomically: true, encoding: .utf8)
            } catch {
                throw ValidationError("\(out): cannot write: \(error.localizedDescription)")
            }
            print("\(out): \(raw.count) predictions from \(model)")
        }

        /// The model's features, in the model's order, picked from the file's columns by name.
        func select(_ names: [String], from matrix: FeatureMatrix, source: String) throws -> FeatureMatrix {
            if matrix.featureNames == names { return matrix }
            let missing = names.filter { !matrix.featureNames.contains($0) }
            guard missing.isEmpty else {
                throw ValidationError("\(source): no column for the model's feature\(missing.count == 1 ? "" : "s") "
                                      + "\(missing.joined(separator: ", ")); its columns are \(matrix.featureNames.joined(separator: ", "))")
            }
            var values: [Float] = []
            values.reserveCapacity(names.count * matrix.rowCount)
            for name in names { values += matrix.column(matrix.featureNames.firstIndex(of: name)!) }
            return try FeatureMatrix(featureNames: names, rowCount: matrix.rowCount, columnMajor: values)
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Convert a LightGBM text model or an XGBoost JSON model into a radar model file.",
            discussion: """
                Models trained elsewhere (on Spark, Dask or a workstation) are scored by the same predictor:                 a LightGBM model saved with Booster.save_model, or an XGBoost model saved with                 save_model("m.json"). Raw scores match the library's own to 1e-5.
                """)

        enum Source: String, ExpressibleByArgument, CaseIterable { case lightgbm, xgboost }

        @Option(help: "lightgbm or xgboost.") var from: Source
        @Argument(help: "The model file to import.") var file: String
        @Option(help: "Where to write the radar model file.") var out: String

        func run() throws {
            let model: GBDTModel
            switch from {
            case .lightgbm: model = try LightGBMModel.read(path: file)
            case .xgboost: model = try XGBoostModel.read(path: file)
            }
            var parameters = GBDTParameters()
            parameters.objective = model.objective
            parameters.trees = max(1, model.trees.count)
            let training = TrainingMetadata(trainedAt: Date().formatted(.iso8601), source: file, rows: 0, labelName: "",
                                            importedFrom: from.rawValue)
            try ModelFile(gbdt: model, parameters: parameters, training: training).write(to: out)
            print("\(out): \(model.trees.count) trees over \(model.featureNames.count) features imported from \(from.rawValue) (\(file))")
        }
    }

    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a model file's parameters, metrics and top features.")

        @Argument(help: "The model file.") var model: String
        @Option(help: "How many top features to list.") var top = 10

        func run() throws {
            let file = try ModelFile.read(path: model)
            print("\(model): \(file.kind.rawValue) model, schema \(file.schemaVersion), \(file.featureNames.count) features")
            print("trained \(file.training.trainedAt) on \(file.training.rows) rows of \(file.training.source) (label \(file.training.labelName))"
                  + (file.training.importedFrom.map { ", imported from \($0)" } ?? ""))
            var ranking: [(String, Double)]
            switch file.kind {
            case .gbdt:
                let section = file.gbdt!
                let p = section.parameters
                print("parameters: objective \(section.model.objective.rawValue), trees \(section.model.trees.count) (of \(p.trees)), leaves \(p.numLeaves), "
                      + "learning rate \(p.learningRate), max bins \(p.binning.maxBins), min data in leaf \(p.minDataInLeaf), lambda L2 \(p.lambdaL2), "
                      + "feature fraction \(p.featureFraction), bagging \(p.baggingFraction)/\(p.baggingFrequency), seed \(p.seed)")
                ranking = zip(file.featureNames, section.model.importance.gain).map { ($0, $1) }
                print("top features by split gain:")
            case .logistic:
                let section = file.logistic!
                print("parameters: C \(section.parameters.c), class weights \(section.parameters.classWeights), intercept \(section.model.intercept)")
                ranking = zip(file.featureNames, section.model.coefficients).map { ($0, abs($1)) }
                print("top features by |coefficient| (standardised):")
            }
            for (name, value) in ranking.sorted(by: { $0.1 > $1.1 }).prefix(top) {
                print("  \(name)  \(String(format: "%.6g", value))")
            }
            if !file.metrics.isEmpty {
                print("metrics: " + file.metrics.keys.sorted().map { "\($0) \(String(format: "%.6g", file.metrics[$0]!))" }.joined(separator: ", "))
            }
            if let calibration = file.calibration { print("calibration: Platt a \(calibration.a), b \(calibration.b)") }
        }
    }
}

extension Scoring.ModelKind: ExpressibleByArgument {}
extension Objective: ExpressibleByArgument {}

/// Parameters from a YAML file: a flat mapping of flag names (without dashes) to values.
struct ParameterFile {
    private var values: [String: String] = [:]
    private var path = ""

    init() {}

    init(path: String) throws {
        self.path = path
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ValidationError("\(path): cannot read: \(error.localizedDescription)")
        }
        guard case .mapping(let mapping)? = try Yams.compose(yaml: text) else {
            throw ValidationError("\(path): expected a mapping of parameter names to values, e.g. trees: 200")
        }
        for (key, value) in mapping {
            guard let name = key.string, let scalar = value.string else {
                throw ValidationError("\(path):\(key.mark?.line ?? 0): each parameter must be a name and a single value")
            }
            values[name] = scalar
        }
    }

    func string(_ key: String) -> String? { values[key] }

    func int(_ key: String) throws -> Int? {
        guard let text = values[key] else { return nil }
        guard let value = Int(text) else { throw ValidationError("\(path): \(key): '\(text)' is not a whole number") }
        return value
    }

    func double(_ key: String) throws -> Double? {
        guard let text = values[key] else { return nil }
        guard let value = Double(text) else { throw ValidationError("\(path): \(key): '\(text)' is not a number") }
        return value
    }

    func choice<T: RawRepresentable>(_ key: String) throws -> T? where T.RawValue == String {
        guard let text = values[key] else { return nil }
        guard let value = T(rawValue: text) else { throw ValidationError("\(path): \(key): unknown value '\(text)'") }
        return value
    }

    /// Fails on keys this kind of model does not take (a typo must not fall back to a default silently).
    func rejectUnknown(_ known: Set<String>) throws {
        if let unknown = values.keys.sorted().first(where: { !known.contains($0) }) {
            throw ValidationError("\(path): unknown parameter '\(unknown)'; known: \(known.sorted().joined(separator: ", "))")
        }
    }
}
