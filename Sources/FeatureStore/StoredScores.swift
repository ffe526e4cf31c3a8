import Foundation
import GRDB
import RadarCore

/// One token's alpha score at one timestamp by one model, as the `scores` table keeps it: what the
/// notifier, the API and later audits read instead of rescoring.
public struct StoredScore: Sendable, Equatable {
    public var asOf: Timestamp
    public var token: TokenID
    public var modelID: String
    /// Calibrated probability of the top-quantile label.
    public var probability: Double
    /// 100 x the calibrated probability.
    public var alphaScore: Double
    /// 1 for the best score of the timestamp.
    public var rank: Int
    /// Readable top drivers, JSON array of strings.
    public var drivers: String
    /// Risk flags, JSON array of strings.
    public var riskFlags: String

    public init(asOf: Timestamp, token: TokenID, modelID: String, probability: Double, alphaScore: Double, rank: Int,
                drivers: String, riskFlags: String) {
        self.asOf = asOf
        self.token = token
        self.modelID = modelID
        self.probability = probability
        self.alphaScore = alphaScore
        self.rank = rank
        self.drivers = drivers
        self.riskFlags = riskFlags
    }
}

extension FeatureStore {
    /// Writes scores (replacing same timestamp, token and model) in one transaction.
    public func saveScores(_ scores: [StoredScore]) throws(StoreError) {
        try write("save \(scores.count) scores") { db in
            let statement = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO scores (asof, chain, address, model_id, probability, alpha_score, rank, drivers, risk_flags)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for score in scores {
                try statement.execute(arguments: [score.asOf.seconds, score.token.chain, score.token.address.hex, score.modelID,
                                                  score.probability, score.alphaScore, score.rank, score.drivers, score.riskFlags])
            }
        }
    }

    /// The scores of `modelID` at `asOf`, best rank first.
    public func scores(asOf: Timestamp, modelID: String) throws(StoreError) -> [StoredScore] {
        try read("read scores") { db in
            try Row.fetchAll(db, sql: """
                SELECT asof, chain, address, model_id, probability, alpha_score, rank, drivers, risk_flags FROM scores
                WHERE asof = ? AND model_id = ? ORDER BY rank
                """, arguments: [asOf.seconds, modelID]).map { row in
                StoredScore(asOf: Timestamp(seconds: row[0]), token: TokenID(chain: row[1], address: EVMAddress(column: row[2])),
                            modelID: row[3], probability: row[4], alphaScore: row[5], rank: row[6], drivers: row[7],
                            riskFlags: row[8])
            }
        }
    }
}
