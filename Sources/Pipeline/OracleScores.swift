import Foundation
import RadarCore

/// A score per (timestamp, token) known from outside the store, such as a simulated world's ground
/// truth: the yardstick the backtest holds its models to.
///
/// Read from the CSV `radar world export --truth FILE` writes (columns `time`, `chain`, `address` and a
/// score column, by header name). The default column is `expected_return`, the world's oracle
/// expected forward return: it ranks tokens as the oracle's expected alpha does (alpha subtracts one
/// number per timestamp). The realised `forward_alpha` would be perfect foresight, not a yardstick.
public struct OracleScores: Sendable {
    public var scores: [Timestamp: [TokenID: Double]]
    /// The column the scores were read from.
    public var column: String

    public init(scores: [Timestamp: [TokenID: Double]], column: String) {
        self.scores = scores
        self.column = column
    }

    /// The oracle's score of `token` at `time`; NaN when the truth has none.
    public func score(_ token: TokenID, at time: Timestamp) -> Double { scores[time]?[token] ?? .nan }

    /// Parses a truth CSV; empty cells are skipped, anything else that does not read is an error naming
    /// the line, the field and the value.
    public static func read(csv path: String, column: String = "expected_return") throws(PipelineError) -> OracleScores {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .io(path: path, reason: "cannot read the truth file: \(error.localizedDescription)")
        }
        return try parse(text, source: path, column: column)
    }

    public static func parse(_ text: String, source: String, column: String = "expected_return") throws(PipelineError) -> OracleScores {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).makeIterator()
        guard let header = lines.next()?.split(separator: ",", omittingEmptySubsequences: false).map(String.init) else {
            throw .malformedFile(source: source, line: 1, field: "(header)", value: "", reason: "empty file")
        }
        func index(_ name: String) throws(PipelineError) -> Int {
            guard let position = header.firstIndex(of: name) else {
                throw .malformedFile(source: source, line: 1, field: name, value: header.joined(separator: ","),
                                     reason: "the header has no '\(name)' column; is this `radar world export --truth` output?")
            }
            return position
        }
        let timeColumn = try index("time"), chainColumn = try index("chain"), addressColumn = try index("address")
        let scoreColumn = try index(column)
        var scores: [Timestamp: [TokenID: Double]] = [:]
        // A truth file repeats each hour on every token's row and each token on every hour: parsed once each.
        var lastTime: (cell: Substring, time: Timestamp)?
        var tokens: [Substring: TokenID] = [:]
        var number = 1
        while let line = lines.next() {
            number += 1
            if line.isEmpty { continue }
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            guard cells.count == header.count else {
                throw .malformedFile(source: source, line: number, field: "(row)", value: String(line.prefix(80)),
                                     reason: "\(cells.count) cells for \(header.count) columns")
            }
            let cell = String(cells[scoreColumn])
            if cell.isEmpty { continue }
            guard let value = Double(cell) else {
                throw .malformedFile(source: source, line: number, field: column, value: cell, reason: "not a number")
            }
            let time: Timestamp, token: TokenID
            do {
                if let lastTime, lastTime.cell == cells[timeColumn] {
                    time = lastTime.time
                } else {
                    time = try Timestamp(parsing: String(cells[timeColumn]), field: "time")
                    lastTime = (cells[timeColumn], time)
                }
                let key = cells[chainColumn] + "/" + cells[addressColumn]
                if let known = tokens[key] {
                    token = known
                } else {
                    guard let chain = ChainID(cells[chainColumn]) else {
                        throw PipelineError.malformedFile(source: source, line: number, field: "chain", value: String(cells[chainColumn]),
                                                          reason: "not a chain id")
                    }
                    token = try TokenID(chain: chain, address: String(cells[addressColumn]), field: "address")
                    tokens[key] = token
                }
            } catch let error as PipelineError {
                throw error
            } catch {
                throw .malformedFile(source: source, line: number, field: "time/address", value: "\(cells[timeColumn]) \(cells[addressColumn])",
                                     reason: "\(error)")
            }
            scores[time, default: [:]][token] = value
        }
        return OracleScores(scores: scores, column: column)
    }
}
