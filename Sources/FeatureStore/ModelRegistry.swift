import Foundation
import GRDB
import RadarCore

/// One trained model as the `models` table registers it: where its file is, what it was trained on
/// and how well it validated, so `radar score` can pick the latest model and a score can be traced.
public struct RegisteredModel: Sendable, Equatable {
    public var modelID: String
    /// What the file holds (`blend` for a bundle of GBDT + logistic with calibration and weights).
    public var kind: String
    /// The model file's path.
    public var path: String
    public var featureSet: String
    public var trainedFrom: Timestamp?
    public var trainedTo: Timestamp?
    /// Training parameters as JSON text.
    public var params: String
    /// Validation metrics as a JSON object of numbers.
    public var metrics: String
    public var createdAt: Timestamp

    public init(modelID: String, kind: String, path: String, featureSet: String, trainedFrom: Timestamp?, trainedTo: Timestamp?,
                params: String, metrics: String, createdAt: Timestamp) {
        self.modelID = modelID
        self.kind = kind
        self.path = path
        self.featureSet = featureSet
        self.trainedFrom = trainedFrom
        self.trainedTo = trainedTo
        self.params = params
        self.metrics = metrics
        self.createdAt = createdAt
    }
}

extension FeatureStore {
    /// Registers (or replaces) a model under its id.
    public func registerModel(_ model: RegisteredModel) throws(StoreError) {
        try write("register model \(model.modelID)") { db in
            try db.execute(sql: """
                INSERT OR REPLACE INTO models (model_id, kind, path, feature_set, trained_from, trained_to, params, metrics, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [model.modelID, model.kind, model.path, model.featureSet, model.trainedFrom?.seconds,
                                 model.trainedTo?.seconds, model.params, model.metrics, model.createdAt.seconds])
        }
    }

    /// Every registered model, newest first (by creation time, then id).
    public func registeredModels() throws(StoreError) -> [RegisteredModel] {
        try read("list models") { db in
            try Row.fetchAll(db, sql: """
                SELECT model_id, kind, path, feature_set, trained_from, trained_to, params, metrics, created_at
                FROM models ORDER BY created_at DESC, model_id DESC
                """).map { row in
                RegisteredModel(modelID: row[0], kind: row[1], path: row[2], featureSet: row[3],
                                trainedFrom: (row[4] as Int64?).map(Timestamp.init(seconds:)),
                                trainedTo: (row[5] as Int64?).map(Timestamp.init(seconds:)),
                                params: row[6], metrics: row[7], createdAt: Timestamp(seconds: row[8]))
            }
        }
    }

    /// The latest event time of any reserve update the store holds: how far its market data reaches.
    public func latestReserveTime() throws(StoreError) -> Timestamp? {
        try read("latest reserve time") { db in
            try Int64.fetchOne(db, sql: "SELECT max(event_time) FROM reserves").map(Timestamp.init(seconds:))
        }
    }

    /// The earliest event time of any reserve update: where the store's market history begins.
    public func earliestReserveTime() throws(StoreError) -> Timestamp? {
        try read("earliest reserve time") { db in
            try Int64.fetchOne(db, sql: "SELECT min(event_time) FROM reserves").map(Timestamp.init(seconds:))
        }
    }
}
