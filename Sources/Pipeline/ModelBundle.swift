import Foundation
import RadarCore
import Scoring

/// A trained radar model: the GBDT and the logistic model (each a plain `ModelFile` with its Platt
/// calibration), the blend weights, the feature set and input transform, the label horizon and the
/// training window. One JSON file, `Models/<id>.json`, is everything `radar score` needs.
public struct ModelBundle: Sendable, Codable, Equatable {
    /// The bundle schema this radar writes and reads.
    public static let currentSchemaVersion = 1
    /// The `kind` of a bundle, as the `models` table records it.
    public static let kind = "blend"
    /// The input transform every bundle of this schema uses (see `ModelInput`).
    public static let percentileRank = "percentile_rank"

    public var schemaVersion: Int
    public var kind: String
    public var id: String
    /// The feature set the raw rows come from (`radar@1`).
    public var featureSet: String
    /// The raw feature names, in order; the models read their `_rank` columns.
    public var featureNames: [String]
    /// How raw rows become model input (`percentile_rank`).
    public var input: String
    /// First and last timestamp of the labelled rows the models learnt from (training and validation).
    public var windowStart: Timestamp
    public var windowEnd: Timestamp
    public var horizon: Horizon
    /// ISO 8601 time of training.
    public var trainedAt: String
    public var blend: BlendWeights
    public var gbdt: ModelFile
    public var logistic: ModelFile
    /// Validation figures: `validation_auc`, `validation_rank_ic`, per-model AUCs, row counts.
    public var metrics: [String: Double]

    public init(id: String, featureSet: String, featureNames: [String], windowStart: Timestamp, windowEnd: Timestamp,
                horizon: Horizon, trainedAt: String, blend: BlendWeights, gbdt: ModelFile, logistic: ModelFile,
                metrics: [String: Double]) {
        schemaVersion = Self.currentSchemaVersion
        kind = Self.kind
        input = Self.percentileRank
        self.id = id
        self.featureSet = featureSet
        self.featureNames = featureNames
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.horizon = horizon
        self.trainedAt = trainedAt
        self.blend = blend
        self.gbdt = gbdt
        self.logistic = logistic
        self.metrics = metrics
    }

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }

    /// Writes the bundle as JSON (atomically).
    public func write(to path: String) throws(PipelineError) {
        do {
            let data = try Self.encoder().encode(self)
            try FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(),
                                                    withIntermediateDirectories: true)
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .io(path: path, reason: "cannot write the model bundle: \(error)")
        }
    }

    /// Reads a bundle, checking its schema version and kind first.
    public static func read(path: String) throws(PipelineError) -> ModelBundle {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .io(path: path, reason: "cannot read: \(error.localizedDescription)")
        }
        struct Header: Decodable { var schemaVersion: Int?; var kind: String? }
        guard let header = try? decoder().decode(Header.self, from: data) else {
            throw .malformedFile(source: path, line: 0, field: "(document)", value: "", reason: "not JSON; is this a radar model bundle?")
        }
        guard let version = header.schemaVersion else {
            throw .malformedFile(source: path, line: 0, field: "schemaVersion", value: "(missing)", reason: "not a radar model bundle")
        }
        guard version == currentSchemaVersion else {
            throw .malformedFile(source: path, line: 0, field: "schemaVersion", value: "\(version)",
                                 reason: "this radar reads bundle schema \(currentSchemaVersion)")
        }
        guard header.kind == Self.kind else {
            throw .malformedFile(source: path, line: 0, field: "kind", value: header.kind ?? "(missing)",
                                 reason: "expected '\(Self.kind)'; single-model files are imported with `radar model`")
        }
        do {
            let bundle = try decoder().decode(ModelBundle.self, from: data)
            guard bundle.input == Self.percentileRank else {
                throw PipelineError.malformedFile(source: path, line: 0, field: "input", value: bundle.input,
                                                  reason: "the only input transform is \(Self.percentileRank)")
            }
            return bundle
        } catch let error as PipelineError {
            throw error
        } catch {
            throw .malformedFile(source: path, line: 0, field: "(document)", value: "", reason: "\(error)")
        }
    }
}
