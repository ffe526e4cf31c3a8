import ArgumentParser
import FeatureStore
import Features
import Foundation
import Pipeline
import RadarCore

/// `radar score`: scores the universe as of a timestamp with a trained bundle, stores the scores and
/// prints the ranked watchlist.
struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score every token as of a timestamp, store the scores and print the ranked watchlist.",
        discussion: """
            Feature rows are built as of --asof (point-in-time: only rows observed by then). Each token gets the \
            blend's calibrated probability of a top-quantile alpha, its alpha score (100 x that probability), its \
            rank, its top drivers (feature, its level in the cross-section, contribution in log-odds) and risk \
            flags (liquidity drop, LP concentration, young pool, holder concentration, thin liquidity). Scores are \
            written to the store's scores table under the model's id. --model takes a bundle path or a registered \
            model id; the default is the latest registered model. Features start from the newest carried feature \
            state saved in the store (at most 7 days before --asof) and the state at --asof is saved for the next \
            score; a failure to do either is a warning, never a failed score.
            """)

    @OptionGroup var options: PipelineOptions

    @Option(help: ArgumentHelp("Score as of this time (default: the store's last reserve update, floored to the hour).", valueName: "time"))
    var asof: String?

    @Option(help: ArgumentHelp("A model bundle path or registered model id (default: the latest registered).", valueName: "id|path"))
    var model: String?

    @Option(help: "Watchlist rows to print (default: notifier.topK).")
    var top: Int?

    func run() throws {
        let config = try options.loadConfig()
        let store = try options.openStore(config)
        try reportingPipelineErrors("score") {
            let bundle = try loadBundle(config: config, store: store)
            let asOf: Timestamp
            if let asof {
                asOf = try Timestamp(parsing: asof, field: "--asof")
            } else {
                guard let latest = try store.latestReserveTime() else {
                    throw PipelineError.notEnoughData(stage: "score", reason: "the store \(store.path) holds no reserve updates; collect first")
                }
                asOf = Timestamp(seconds: latest.seconds - latest.seconds % 3600)
            }
            // The model decides which features are built: the set it was trained on, computed with the
            // config's feature settings.
            guard let featureSet = FeatureSet.named(bundle.featureSet) else {
                throw PipelineError.invalidSetting(name: "--model", value: bundle.id,
                                                   reason: "trained on feature set \(bundle.featureSet), which this build does not know "
                                                       + "(\(FeatureSet.known.map(\.id).joined(separator: ", ")))")
            }
            var builder = FeatureBuilder(store: store, featureSet: featureSet, config: try configuredFeatures(config).config)
            _ = builder.resumeWarning(command: "score", atOrBefore: asOf)
            let frame: FeatureFrame
            do throws(FeatureError) { frame = try builder.rows(asOf: asOf) } catch { throw PipelineError.features(error) }
            let watchlist = try AlphaScorer(bundle: bundle).watchlist(frame)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            func json(_ list: [String]) -> String { String(decoding: (try? encoder.encode(list)) ?? Data("[]".utf8), as: UTF8.self) }
            do throws(StoreError) {
                try store.saveScores(watchlist.map {
                    StoredScore(asOf: asOf, token: $0.token, modelID: bundle.id, probability: $0.probability, alphaScore: $0.alphaScore,
                                rank: $0.rank, drivers: json($0.drivers.map(\.text)), riskFlags: json($0.riskFlags))
                })
            } catch {
                throw PipelineError.store(error)
            }
            var symbols: [TokenID: String] = [:]
            if let tokens = try? store.asOf(asOf).tokens() { for token in tokens { symbols[token.id] = token.symbol } }
            print("watchlist as of \(asOf), model \(bundle.id): \(watchlist.count) tokens scored")
            let rows = watchlist.prefix(top ?? config.notifier.topK).map { entry in
                [String(entry.rank), symbols[entry.token] ?? "?", entry.token.description, String(format: "%.1f", entry.alphaScore),
                 entry.drivers.map(\.text).joined(separator: "; "), entry.riskFlags.joined(separator: "; ")]
            }
            print(columns([["rank", "symbol", "token", "alpha", "top drivers", "risk flags"]] + rows, rightAligned: [0, 3]))
            // After the watchlist is out (a 10,000-token state takes seconds to write): the next cold score starts here.
            builder.saveStateWarning(command: "score")
        }
    }

    func loadBundle(config: RadarConfig, store: FeatureStore) throws -> ModelBundle {
        if let model, FileManager.default.fileExists(atPath: model) { return try ModelBundle.read(path: model) }
        let registered: [RegisteredModel]
        do throws(StoreError) { registered = try store.registeredModels() } catch { throw PipelineError.store(error) }
        if let model {
            if let entry = registered.first(where: { $0.modelID == model }) { return try ModelBundle.read(path: entry.path) }
            let path = URL(fileURLWithPath: config.scoring.modelDir).appendingPathComponent("\(model).json").path
            if FileManager.default.fileExists(atPath: path) { return try ModelBundle.read(path: path) }
            throw PipelineError.invalidSetting(name: "--model", value: model,
                                               reason: "neither a file nor a registered model id nor \(path); see `radar train`")
        }
        guard let latest = registered.first(where: { $0.kind == ModelBundle.kind }) else {
            throw PipelineError.notEnoughData(stage: "score", reason: "no model registered in \(store.path); run `radar train` first or pass --model")
        }
        return try ModelBundle.read(path: latest.path)
    }
}
