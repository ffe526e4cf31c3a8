import Foundation
import Yams

/// One IP-linked token declared in a universe file.
public struct UniverseEntry: Sendable, Equatable {
    public var token: TokenID
    public var symbol: String?
    public var name: String?
    public var ip: String
    public var category: IPCategory
    /// Which registry vouches for the link (default `universe`).
    public var registry: String
    /// The IP's id there (default: the IP name in lowercase with dashes).
    public var registryID: String
    /// Since when the link was public; a backtest sees the link only from then. Nil: from import time.
    public var listedAt: Timestamp?
    /// The line the entry starts on, for messages.
    public var line: Int
}

/// A universe row that could not be used, with where it is and what is wrong.
public struct UniverseRowIssue: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var field: String
    public var value: String?
    public var message: String

    public var description: String {
        "\(file):\(line): \(field): \(message)" + (value.map { " (value: '\($0)')" } ?? "") + "; row skipped"
    }
}

/// Reads the universe of IP-linked tokens from YAML (`tokens:` list of mappings) or CSV (a header of
/// column names). Bad rows are reported with their line and skipped; good rows are returned.
public enum UniverseFile {
    public static let columns = ["chain", "address", "symbol", "name", "ip", "category", "registry", "registry_id", "listed_at"]

    /// The two file shapes a universe may come in.
    public enum Format: String, Sendable { case yaml, csv }

    /// The usable entries of a file and the rows that were skipped.
    public struct Parsed: Sendable {
        public var entries: [UniverseEntry]
        public var issues: [UniverseRowIssue]
    }

    /// The format a path's extension names (`.csv`, else YAML).
    public static func format(ofPath path: String) -> Format {
        path.lowercased().hasSuffix(".csv") ? .csv : .yaml
    }

    public static func parse(_ text: String, file: String, format: Format) -> Parsed {
        switch format {
        case .csv: parseCSV(text, file: file)
        case .yaml: parseYAML(text, file: file)
        }
    }

    // MARK: Fields

    /// Builds an entry from named text fields, or the issue that stops it.
    static func entry(_ fields: [String: String], line: Int, file: String) -> Result<UniverseEntry, UniverseRowIssue> {
        func issue(_ field: String, _ message: String) -> Result<UniverseEntry, UniverseRowIssue> {
            .failure(UniverseRowIssue(file: file, line: line, field: field, value: fields[field], message: message))
        }
        func value(_ key: String) -> String? {
            guard let text = fields[key]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            return text
        }
        guard let chainText = value("chain") else { return issue("chain", "missing; write the chain id, e.g. 1") }
        guard let chain = Int64(chainText), chain > 0 else { return issue("chain", "expected a positive chain id such as 1 or 8453") }
        guard let addressText = value("address") else { return issue("address", "missing; write the token contract address") }
        guard let address = try? EVMAddress(addressText) else { return issue("address", "expected 0x followed by 40 hex digits") }
        guard let ip = value("ip") else { return issue("ip", "missing; name the IP the token is tied to") }
        guard let categoryText = value("category") else {
            return issue("category", "missing; one of \(IPCategory.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let category = IPCategory(rawValue: categoryText.lowercased()) else {
            return issue("category", "must be one of \(IPCategory.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var listedAt: Timestamp?
        if let listed = value("listed_at") {
            guard let time = try? Timestamp(parsing: listed) else { return issue("listed_at", "expected a date (2024-05-01) or ISO 8601 time") }
            listedAt = time
        }
        let registryID = value("registry_id") ?? ip.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: "-")
        return .success(UniverseEntry(token: TokenID(chain: chain, address: address), symbol: value("symbol"), name: value("name"),
                                      ip: ip, category: category, registry: value("registry") ?? "universe", registryID: registryID,
                                      listedAt: listedAt, line: line))
    }

    // MARK: YAML

    static let yamlKeys: [String: String] = [
        "chain": "chain", "address": "address", "symbol": "symbol", "name": "name", "ip": "ip", "category": "category",
        "registry": "registry", "registryId": "registry_id", "listedAt": "listed_at",
    ]

    static func parseYAML(_ text: String, file: String) -> Parsed {
        var parsed = Parsed(entries: [], issues: [])
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            let line: Int
            switch error as? YamlError {
            case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): line = mark.line
            default: line = 1
            }
            parsed.issues.append(UniverseRowIssue(file: file, line: line, field: "file", value: nil, message: "not valid YAML: \(error)"))
            return parsed
        }
        var list = root
        if case .mapping(let mapping)? = root { list = mapping["tokens"] }
        guard case .sequence(let items)? = list else {
            parsed.issues.append(UniverseRowIssue(file: file, line: root?.mark?.line ?? 1, field: "tokens", value: nil,
                                                  message: "expected a list of tokens (tokens: [...])"))
            return parsed
        }
        for item in items {
            let line = item.mark?.line ?? 1
            guard case .mapping(let mapping) = item else {
                parsed.issues.append(UniverseRowIssue(file: file, line: line, field: "token", value: nil, message: "expected a mapping"))
                continue
            }
            var fields: [String: String] = [:]
            var unknown: String?
            for (key, value) in mapping {
                guard let name = key.string, let column = yamlKeys[name] else {
                    unknown = key.string ?? "?"
                    break
                }
                fields[column] = value.string ?? ""
            }
            if let unknown {
                parsed.issues.append(UniverseRowIssue(file: file, line: line, field: unknown, value: nil,
                                                      message: "unknown key; known keys: \(yamlKeys.keys.sorted().joined(separator: ", "))"))
                continue
            }
            switch entry(fields, line: line, file: file) {
            case .success(let entry): parsed.entries.append(entry)
            case .failure(let issue): parsed.issues.append(issue)
            }
        }
        return parsed
    }

    // MARK: CSV

    static func parseCSV(_ text: String, file: String) -> Parsed {
        var parsed = Parsed(entries: [], issues: [])
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        guard let headerLine = lines.first, case .success(let header) = splitCSV(headerLine) else {
            parsed.issues.append(UniverseRowIssue(file: file, line: 1, field: "header", value: nil, message: "missing or malformed header"))
            return parsed
        }
        let names = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if let unknown = names.first(where: { !columns.contains($0) }) {
            parsed.issues.append(UniverseRowIssue(file: file, line: 1, field: unknown, value: nil,
                                                  message: "unknown column; known columns: \(columns.joined(separator: ", "))"))
            return parsed
        }
        for (offset, text) in lines.enumerated().dropFirst() where !text.trimmingCharacters(in: .whitespaces).isEmpty {
            let line = offset + 1
            switch splitCSV(text) {
            case .failure(let problem):
                parsed.issues.append(UniverseRowIssue(file: file, line: line, field: "row", value: nil, message: problem.message))
            case .success(let cells) where cells.count != names.count:
                parsed.issues.append(UniverseRowIssue(file: file, line: line, field: "row", value: nil,
                                                      message: "has \(cells.count) cells, the header has \(names.count)"))
            case .success(let cells):
                switch entry(Dictionary(zip(names, cells), uniquingKeysWith: { first, _ in first }), line: line, file: file) {
                case .success(let entry): parsed.entries.append(entry)
                case .failure(let issue): parsed.issues.append(issue)
                }
            }
        }
        return parsed
    }

    struct CSVProblem: Error { var message: String }

    /// Splits one RFC 4180 line: commas separate cells; a quoted cell may hold commas and `""`.
    static func splitCSV(_ line: Substring) -> Result<[String], CSVProblem> {
        var cells: [String] = []
        var cell = ""
        var quoted = false
        var index = line.startIndex
        var cellStart = true
        while index < line.endIndex {
            let character = line[index]
            if quoted {
                if character == "\"" {
                    let next = line.index(after: index)
                    if next < line.endIndex && line[next] == "\"" {
                        cell.append("\"")
                        index = next
                    } else {
                        quoted = false
                    }
                } else {
                    cell.append(character)
                }
            } else if character == "\"" && cellStart {
                quoted = true
            } else if character == "," {
                cells.append(cell)
                cell = ""
                cellStart = true
                index = line.index(after: index)
                continue
            } else {
                cell.append(character)
            }
            cellStart = false
            index = line.index(after: index)
        }
        if quoted { return .failure(CSVProblem(message: "a quoted cell is not closed")) }
        cells.append(cell)
        return .success(cells)
    }
}
