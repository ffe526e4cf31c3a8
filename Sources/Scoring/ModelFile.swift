import Foundation

/// The model families a model file can hold.
public enum ModelKind: String, Sendable, Codable, CaseIterable {
    case gbdt, logistic
}

/// Where and on what a model was trained, kept in its file so that a score can be traced to it.
public struct TrainingMetadata: Sendable, Codable, Equatable {
    /// ISO 8601 time of training.
    public var trainedAt: String
    /// The training data's file or description.
    public var source: String
    public var rows: Int
    public var labelName: String
    /// The training window (ISO 8601 or Unix seconds as the pipeline writes them), when there is one.
    public var windowStart: String?
    public var windowEnd: String?
    /// Where the model was imported from (`lightgbm`, `xgboost`), for imported models.
    public var importedFrom: String?

    public init(trainedAt: String, source: String, rows: Int, labelName: String, windowStart: String? = nil,
                windowEnd: String? = nil, importedFrom: String? = nil) {
        self.trainedAt = trainedAt
        self.source = source
        self.rows = rows
        self.labelName = labelName
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.importedFrom = importedFrom
    }
}

/// A model as the scorer loads it: JSON with a schema version, the kind, feature names, parameters,
/// training metadata, metrics and the model itself (trees as flat arrays, or logistic coefficients).
///
/// Numbers are written in their shortest exact form, so a model read back predicts bit-identically.
public struct ModelFile: Sendable, Codable, Equatable {
    /// The schema this radar writes and reads.
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int
    public var kind: ModelKind
    public var featureNames: [String]
    public var training: TrainingMetadata
    /// Evaluation figures by name (`validation_auc`, `validation_logloss`, ...).
    public var metrics: [String: Double]
    /// Maps raw scores to calibrated probabilities, when the model was calibrated.
    public var calibration: PlattCalibration?
    public var gbdt: GBDTSection?
    public var logistic: LogisticSection?

    /// The boosted trees and how they were trained.
    public struct GBDTSection: Sendable, Codable, Equatable {
        public var parameters: GBDTParameters
        public var model: GBDTModel
    }

    /// The logistic model and how it was trained.
    public struct LogisticSection: Sendable, Codable, Equatable {
        public var parameters: LogisticParameters
        public var model: LogisticModel
    }

    public init(gbdt model: GBDTModel, parameters: GBDTParameters, training: TrainingMetadata, metrics: [String: Double] = [:],
                calibration: PlattCalibration? = nil) {
        schemaVersion = Self.currentSchemaVersion
        kind = .gbdt
        featureNames = model.featureNames
        self.training = training
        self.metrics = metrics
        self.calibration = calibration
        gbdt = GBDTSection(parameters: parameters, model: model)
        logistic = nil
    }

    public init(logistic model: LogisticModel, parameters: LogisticParameters, training: TrainingMetadata,
                metrics: [String: Double] = [:], calibration: PlattCalibration? = nil) {
        schemaVersion = Self.currentSchemaVersion
        kind = .logistic
        featureNames = model.featureNames
        self.training = training
        self.metrics = metrics
        self.calibration = calibration
        gbdt = nil
        self.logistic = LogisticSection(parameters: parameters, model: model)
    }

    // MARK: Reading and writing

    private static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    private static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }

    public func encoded() throws(ScoringError) -> Data {
        do {
            return try Self.encoder().encode(self)
        } catch {
            throw .io(path: "model", reason: "cannot encode: \(error)")
        }
    }

    public func write(to path: String) throws(ScoringError) {
        let data = try encoded()
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .io(path: path, reason: "cannot write: \(error.localizedDescription)")
        }
    }

    public static func read(path: String) throws(ScoringError) -> ModelFile {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .io(path: path, reason: "cannot read: \(error.localizedDescription)")
        }
        return try decode(data, source: path)
    }

    /// Decodes a model file, checking its schema version before anything else.
    public static func decode(_ data: Data, source: String) throws(ScoringError) -> ModelFile {
        struct Header: Decodable { var schemaVersion: Int?; var kind: String? }
        let header: Header
        do {
            header = try decoder().decode(Header.self, from: data)
        } catch {
            throw .malformedFile(source: source, line: 0, reason: "not a model file: corrupt JSON (\(describe(error)))")
        }
        guard let version = header.schemaVersion else {
            throw .malformedFile(source: source, line: 0, reason: "missing field 'schemaVersion'; is this a radar model file?")
        }
        guard version == currentSchemaVersion else {
            throw .malformedFile(source: source, line: 0, reason: "model schema version \(version); this radar reads version \(currentSchemaVersion)")
        }
        let file: ModelFile
        do {
            file = try decoder().decode(ModelFile.self, from: data)
        } catch {
            throw .malformedFile(source: source, line: 0, reason: describe(error))
        }
        switch file.kind {
        case .gbdt where file.gbdt == nil, .logistic where file.logistic == nil:
            throw .malformedFile(source: source, line: 0, reason: "missing field '\(file.kind.rawValue)' for a \(file.kind.rawValue) model")
        default:
            return file
        }
    }

    /// A decoding error in words: which field, where, and what was wrong.
    private static func describe(_ error: any Error) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch error as? DecodingError {
        case .keyNotFound(let key, let context)?:
            let at = path(context.codingPath)
            return "missing field '\(key.stringValue)'" + (at.isEmpty ? "" : " in \(at)")
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?:
            return "wrong type at \(path(context.codingPath)): \(context.debugDescription)"
        case .dataCorrupted(let context)?:
            let at = path(context.codingPath)
            return (at.isEmpty ? "" : "at \(at): ") + context.debugDescription
        default:
            return String(describing: error)
        }
    }

    // MARK: Scoring

    /// Raw scores for every row; the matrix must have exactly the model's features, in order.
    public func rawScores(_ matrix: FeatureMatrix, parallelism: Parallelism = .allCores) throws(ScoringError) -> [Double] {
        try matrix.requireFeatures(featureNames)
        switch kind {
        case .gbdt: return try Forest(gbdt!.model).rawScores(matrix, parallelism: parallelism)
        case .logistic: return try logistic!.model.rawScores(matrix)
        }
    }

    /// Probabilities for every row (calibrated when the file has a calibration).
    public func probabilities(_ matrix: FeatureMatrix, parallelism: Parallelism = .allCores) throws(ScoringError) -> [Double] {
        let raw = try rawScores(matrix, parallelism: parallelism)
        if let calibration { return raw.map { calibration.probability(raw: $0) } }
        return raw.map { 1 / (1 + exp(-$0)) }
    }
}
