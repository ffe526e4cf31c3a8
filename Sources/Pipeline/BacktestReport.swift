import Foundation
import RadarCore

/// Writes a backtest's outputs into a directory: `report.html` (tables and inline SVG charts),
/// `summary.json` (see `BacktestSummary`), and CSVs: `ic.csv` (per-timestamp IC and rank IC per
/// model), `quantiles.csv` (mean alpha per score quantile per model), `equity.csv` (the top-k book per
/// rebalance per model) and `categories.csv` (rank IC per IP category per model).
public enum BacktestReport {
    /// The files written, relative to the directory.
    public static let files = ["report.html", "summary.json", "ic.csv", "quantiles.csv", "equity.csv", "categories.csv"]

    public static func write(_ result: BacktestResult, to directory: String, oracleColumn: String? = nil) throws(PipelineError) {
        let summary = BacktestSummary(result, oracleColumn: oracleColumn)
        let outputs: [(String, Data)] = [
            ("summary.json", try summary.encoded()),
            ("report.html", Data(html(result, summary: summary).utf8)),
            ("ic.csv", Data(icCSV(result).utf8)),
            ("quantiles.csv", Data(quantilesCSV(result).utf8)),
            ("equity.csv", Data(equityCSV(result).utf8)),
            ("categories.csv", Data(categoriesCSV(result).utf8)),
        ]
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .io(path: directory, reason: "cannot create the output directory: \(error.localizedDescription)")
        }
        for (name, data) in outputs {
            let path = URL(fileURLWithPath: directory).appendingPathComponent(name).path
            do {
                try data.write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw .io(path: path, reason: "cannot write: \(error.localizedDescription)")
            }
        }
    }

    static func cell(_ value: Double) -> String { value.isFinite ? "\(value)" : "" }

    static func icCSV(_ result: BacktestResult) -> String {
        var text = "time,model,ic,rank_ic,tokens\n"
        for evaluation in result.evaluations {
            for row in evaluation.ics {
                text += "\(row.time),\(evaluation.name),\(cell(row.ic)),\(cell(row.rankIC)),\(row.count)\n"
            }
        }
        return text
    }

    static func quantilesCSV(_ result: BacktestResult) -> String {
        var text = "model,quantile,mean_alpha\n"
        for evaluation in result.evaluations {
            for (index, value) in evaluation.quantileReturns.enumerated() { text += "\(evaluation.name),\(index + 1),\(cell(value))\n" }
        }
        return text
    }

    static func equityCSV(_ result: BacktestResult) -> String {
        var text = "time,model,gross_return,cost,net_return,benchmark_return,excess_return,turnover,equity,benchmark_equity,holdings\n"
        for evaluation in result.evaluations {
            for period in evaluation.periods {
                text += "\(period.time),\(evaluation.name),\(cell(period.grossReturn)),\(cell(period.cost)),\(cell(period.netReturn)),"
                text += "\(cell(period.benchmarkReturn)),\(cell(period.excessReturn)),\(cell(period.turnover)),\(cell(period.equity)),"
                text += "\(cell(period.benchmarkEquity)),\(period.holdings.map(\.description).joined(separator: " "))\n"
            }
        }
        return text
    }

    static func categoriesCSV(_ result: BacktestResult) -> String {
        var text = "model,category,rank_ic_mean,timestamps,rows\n"
        for evaluation in result.evaluations {
            for category in evaluation.categories {
                text += "\(evaluation.name),\(category.category),\(cell(category.rankICMean)),\(category.timestamps),\(category.rows)\n"
            }
        }
        return text
    }

    static func format(_ value: Double?, percent: Bool = false) -> String {
        guard let value, value.isFinite else { return "–" }
        return percent ? String(format: "%.2f%%", value * 100) : String(format: "%.4f", value)
    }

    static func html(_ result: BacktestResult, summary: BacktestSummary) -> String {
        let escape = SVGChart.escape
        let config = summary.config
        var rows = ""
        for evaluation in result.evaluations {
            guard let model = summary.models[evaluation.name] else { continue }
            rows += "<tr><td>\(escape(evaluation.name))</td><td>\(format(model.rankIcMean))</td><td>\(format(model.icMean))</td>"
            rows += "<td>\(format(model.icir))</td><td>\(format(model.hitRate, percent: true))</td>"
            rows += "<td>\(format(model.topkExcessReturn, percent: true))</td><td>\(format(model.topkExcessReturnTotal, percent: true))</td>"
            rows += "<td>\(format(model.maxDrawdown, percent: true))</td><td>\(format(model.turnover, percent: true))</td>"
            rows += "<td>\(format(model.quantileSpread, percent: true))</td><td>\(model.icTimestamps)</td><td>\(model.rebalances)</td></tr>\n"
        }
        let cumulative = result.evaluations.map { evaluation in
            var total = 0.0
            return SVGChart.Series(name: evaluation.name, values: evaluation.ics.map { total += $0.rankIC.isFinite ? $0.rankIC : 0; return total })
        }
        let first = result.scored.first?.time.description ?? "", last = result.scored.last?.time.description ?? ""
        let quantileChart = SVGChart.groupedBars("Mean alpha by score quintile (1 = lowest)",
                                                 groups: (1...result.config.quantiles).map { "Q\($0)" },
                                                 result.evaluations.map { SVGChart.Series(name: $0.name, values: $0.quantileReturns) })
        var equitySeries = result.evaluations.map { SVGChart.Series(name: $0.name, values: [1] + $0.periods.map(\.equity)) }
        if let benchmark = result.evaluation(.blend)?.periods ?? result.evaluations.first?.periods {
            equitySeries.append(SVGChart.Series(name: "benchmark", values: [1] + benchmark.map(\.benchmarkEquity)))
        }
        let importance = SVGChart.horizontalBars("GBDT feature importance (share of split gain, all retrains)",
                                                 result.importance.prefix(15).map { ($0.feature, $0.share) })
        var categories = ""
        let names = result.evaluations.map(\.name)
        let allCategories = Array(Set(result.evaluations.flatMap { $0.categories.map(\.category) })).sorted()
        for category in allCategories {
            categories += "<tr><td>\(escape(category))</td>"
            for name in names {
                let value = summary.models[name]?.categories[category]
                categories += "<td>\(format(value?.rankIcMean)) <small>(\(value?.timestamps ?? 0) t)</small></td>"
            }
            categories += "</tr>\n"
        }
        var retrains = ""
        for retrain in summary.retrains {
            retrains += "<tr><td>\(escape(retrain.time))</td><td>\(escape(retrain.labelCutoff))</td><td>\(escape(retrain.modelId ?? "–"))</td>"
            retrains += "<td>\(retrain.trainingRows.map(String.init) ?? "–")</td><td>\(retrain.gbdtTrees.map(String.init) ?? "–")</td>"
            retrains += "<td>\(format(retrain.validationAuc))</td><td>\(format(retrain.validationRankIc))</td><td>\(escape(retrain.skipped ?? ""))</td></tr>\n"
        }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>AlphaRadar backtest \(escape(config.from)) – \(escape(config.to))</title>
            <style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}table{border-collapse:collapse;margin:1em 0}
            td,th{border:1px solid #ddd;padding:4px 8px;text-align:right}td:first-child,th:first-child{text-align:left}
            svg{display:block;margin:1em 0}small{color:#777}</style></head><body>
            <h1>AlphaRadar walk-forward backtest</h1>
            <p>Scored \(escape(config.from)) to \(escape(config.to)) every \(escape(config.step)); retrained every \(escape(config.retrainEvery))
            on rows whose \(escape(config.horizon)) label window (after a \(escape(config.executionLag)) lag) ended at least
            \(escape(config.embargo)) before the retrain (purging and embargo). Data end \(escape(config.dataEnd)).
            Top-\(config.topK) equal-weight long book rebalanced every \(escape(config.rebalanceEvery)) (non-overlapping forward windows),
            fee \(config.feeBps) bps plus slippage = trade size / pool liquidity on a $\(Int(config.capitalUsd)) book.</p>
            <h2>Models side by side</h2>
            <table><tr><th>model</th><th>rank IC</th><th>IC</th><th>ICIR</th><th>hit rate</th><th>top-k excess / period</th>
            <th>top-k excess total</th><th>max drawdown</th><th>turnover</th><th>Q5 − Q1</th><th>IC timestamps</th><th>rebalances</th></tr>
            \(rows)</table>
            <p><small>IC = Pearson, rank IC = Spearman of score vs realised alpha per timestamp; ICIR = mean / sample std of rank IC
            (not annualised); hit rate = share of timestamps with rank IC &gt; 0; excess = book return after costs minus the universe
            median return; max drawdown of the book's equity after costs; turnover = half the summed weight changes per rebalance
            (the first, from cash, left out). The baseline scores by volume_growth_7d; the oracle (when a truth file is given) by the
            world's expected forward return.</small></p>
            \(SVGChart.lines("Cumulative rank IC", cumulative, xLabels: (first, last)))
            \(quantileChart)
            \(SVGChart.lines("Top-\(config.topK) book equity after costs vs benchmark", equitySeries))
            \(SVGChart.calibration("Calibration: predicted probability vs observed top-quantile rate", result.calibration))
            \(importance)
            <h2>Rank IC by IP category</h2>
            <table><tr><th>category</th>\(names.map { "<th>\(escape($0))</th>" }.joined())</tr>
            \(categories)</table>
            <h2>Retrains</h2>
            <table><tr><th>time</th><th>label cutoff</th><th>model</th><th>training rows</th><th>trees</th><th>validation AUC</th>
            <th>validation rank IC</th><th>skipped</th></tr>
            \(retrains)</table>
            </body></html>
            """
    }
}
