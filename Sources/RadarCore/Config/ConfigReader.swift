import Yams

/// Walks a composed YAML document and reads typed values from it, recording every problem with its
/// line and column instead of stopping at the first, so one `config check` shows all that is wrong.
final class ConfigReader {
    let file: String
    let environment: [String: String]
    private(set) var issues: [ConfigIssue] = []

    init(file: String, environment: [String: String]) {
        self.file = file
        self.environment = environment
    }

    // MARK: Reporting

    func report(_ severity: ConfigIssue.Severity = .error, at node: Node?, path: String, value: String?, _ message: String,
                hint: String? = nil) {
        let mark = node?.mark
        issues.append(ConfigIssue(severity: severity, file: file, line: mark?.line ?? 1, column: mark?.column ?? 1,
                                  keyPath: path, value: value, message: message, hint: hint))
    }

    /// The value as written, for messages: the scalar's text, or what kind of node it is.
    static func shown(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): return scalar.string
        case .mapping: return "<mapping>"
        case .sequence: return "<list>"
        case .alias: return "<alias>"
        }
    }

    static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    // MARK: Structure

    /// The keys of a mapping, checked against `allowed`: unknown and duplicate keys are reported here.
    func fields(_ node: Node, path: String, allowed: [String]) -> Fields? {
        guard case .mapping(let mapping) = node else {
            report(at: node, path: path, value: Self.shown(node), "expected a mapping of keys to values")
            return nil
        }
        var values: [String: (key: Node, value: Node)] = [:]
        for (keyNode, valueNode) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                report(at: keyNode, path: path, value: Self.shown(keyNode), "keys must be plain names")
                continue
            }
            let key = scalar.string
            let keyPath = path.isEmpty ? key : "\(path).\(key)"
            guard allowed.contains(key) else {
                report(at: keyNode, path: keyPath, value: nil, "unknown key '\(key)'", hint: Self.suggestion(for: key, among: allowed))
                continue
            }
            guard values[key] == nil else {
                report(at: keyNode, path: keyPath, value: nil, "duplicate key '\(key)'", hint: "keep one of the two entries")
                continue
            }
            values[key] = (keyNode, valueNode)
        }
        return Fields(reader: self, node: node, path: path, values: values)
    }

    /// The elements of a list, each with its key path (`feeds[2]`).
    func list(_ node: Node, path: String) -> [(node: Node, path: String)]? {
        if Self.isNull(node) { return [] }
        guard case .sequence(let sequence) = node else {
            report(at: node, path: path, value: Self.shown(node), "expected a list")
            return nil
        }
        return sequence.enumerated().map { ($0.element, "\(path)[\($0.offset)]") }
    }

    /// The entries of a free-form mapping (headers, blend weights), in file order.
    func entries(_ node: Node, path: String) -> [(key: String, keyNode: Node, value: Node, path: String)]? {
        if Self.isNull(node) { return [] }
        guard case .mapping(let mapping) = node else {
            report(at: node, path: path, value: Self.shown(node), "expected a mapping of keys to values")
            return nil
        }
        var seen = Set<String>()
        var result: [(String, Node, Node, String)] = []
        for (keyNode, valueNode) in mapping {
            let key = Self.shown(keyNode)
            guard seen.insert(key).inserted else {
                report(at: keyNode, path: "\(path).\(key)", value: nil, "duplicate key '\(key)'")
                continue
            }
            result.append((key, keyNode, valueNode, "\(path).\(key)"))
        }
        return result
    }

    // MARK: Scalars

    func scalarText(_ node: Node, path: String, expected: String) -> String? {
        guard case .scalar(let scalar) = node else {
            report(at: node, path: path, value: Self.shown(node), "expected \(expected)")
            return nil
        }
        return scalar.string
    }

    /// Plain text; `${...}` is refused here because only secret-bearing keys read the environment.
    func string(_ node: Node, path: String, nonEmpty: Bool = true) -> String? {
        guard let text = scalarText(node, path: path, expected: "text") else { return nil }
        if text.contains("${") {
            report(at: node, path: path, value: text, "environment references are read only in url, headers and channel secrets",
                   hint: "write the value itself here")
            return nil
        }
        if nonEmpty && text.trimmingCharacters(in: .whitespaces).isEmpty {
            report(at: node, path: path, value: text, "must not be empty")
            return nil
        }
        return text
    }

    func int(_ node: Node, path: String, range: ClosedRange<Int>) -> Int? {
        guard let text = scalarText(node, path: path, expected: "a whole number") else { return nil }
        guard let value = Int(text.replacingOccurrences(of: "_", with: "")) else {
            report(at: node, path: path, value: text, "expected a whole number")
            return nil
        }
        guard range.contains(value) else {
            report(at: node, path: path, value: text, "must be between \(range.lowerBound) and \(range.upperBound)")
            return nil
        }
        return value
    }

    func double(_ node: Node, path: String, range: ClosedRange<Double>) -> Double? {
        guard let text = scalarText(node, path: path, expected: "a number") else { return nil }
        guard let value = Double(text), value.isFinite else {
            report(at: node, path: path, value: text, "expected a number")
            return nil
        }
        guard range.contains(value) else {
            report(at: node, path: path, value: text, "must be between \(range.lowerBound) and \(range.upperBound)")
            return nil
        }
        return value
    }

    func bool(_ node: Node, path: String) -> Bool? {
        guard let text = scalarText(node, path: path, expected: "true or false") else { return nil }
        switch text {
        case "true", "True", "TRUE", "yes", "on": return true
        case "false", "False", "FALSE", "no", "off": return false
        default:
            report(at: node, path: path, value: text, "expected true or false")
            return nil
        }
    }

    func duration(_ node: Node, path: String, minimum: RadarDuration = .seconds(0)) -> RadarDuration? {
        guard let text = scalarText(node, path: path, expected: "a duration such as 30s, 5m, 1h or 7d") else { return nil }
        do {
            let value = try RadarDuration(parsing: text, field: path)
            guard value >= minimum else {
                report(at: node, path: path, value: text, "must be at least \(minimum)")
                return nil
            }
            return value
        } catch {
            report(at: node, path: path, value: text, error.reason, hint: "write a whole number and a unit: 30s, 5m, 1h, 7d")
            return nil
        }
    }

    func address(_ node: Node, path: String) -> EVMAddress? {
        guard let text = scalarText(node, path: path, expected: "an address (0x + 40 hex digits)") else { return nil }
        do {
            return try EVMAddress(text, field: path)
        } catch {
            report(at: node, path: path, value: text, error.reason, hint: "quote it if YAML reads it as a number: \"0x...\"")
            return nil
        }
    }

    func choice<E: RawRepresentable & CaseIterable>(_ node: Node, path: String, _ type: E.Type) -> E? where E.RawValue == String {
        guard let text = scalarText(node, path: path, expected: "one of \(E.allCases.map(\.rawValue).joined(separator: ", "))") else {
            return nil
        }
        if let value = E(rawValue: text) { return value }
        let options = E.allCases.map(\.rawValue)
        report(at: node, path: path, value: text, "must be one of \(options.joined(separator: ", "))",
               hint: Self.suggestion(for: text, among: options))
        return nil
    }

    /// Text whose `${NAME}` references are resolved from the environment. A missing variable is an
    /// error where the value is needed (`required`) and a warning where it is not (a disabled feed).
    func secret(_ node: Node, path: String, required: Bool) -> SecretString? {
        guard let template = scalarText(node, path: path, expected: "text") else { return nil }
        switch SecretString.parseReferences(template) {
        case .failure(.unclosed):
            report(at: node, path: path, value: template, "'${' is not closed", hint: "write ${NAME}")
            return nil
        case .failure(.badName(let name)):
            report(at: node, path: path, value: template, "'\(name)' is not an environment variable name",
                   hint: "names are letters, digits and _, e.g. ${X_BEARER_TOKEN}")
            return nil
        case .success(let references):
            var resolved = ""
            var cursor = template.startIndex
            var complete = true
            for reference in references {
                resolved += template[cursor..<reference.range.lowerBound]
                if let value = environment[reference.name] {
                    resolved += value
                } else {
                    complete = false
                    resolved += template[reference.range]
                    // The template never holds a secret, so it can be shown.
                    report(required ? .error : .warning, at: node, path: path, value: template,
                           "environment variable \(reference.name) is not set",
                           hint: required ? "export \(reference.name)=... before running the radar, or set enabled: false"
                                          : "the entry is disabled, so this only matters once it is enabled")
                }
                cursor = reference.range.upperBound
            }
            resolved += template[cursor...]
            guard complete || !required else { return nil }
            return SecretString(template: template, resolved: resolved, references: references.map(\.name))
        }
    }

    // MARK: Suggestions

    /// "did you mean 'interval'?" for a near miss, else the list of known keys.
    static func suggestion(for key: String, among known: [String]) -> String {
        func folded(_ text: String) -> String { text.lowercased().filter { $0 != "_" && $0 != "-" } }
        if let match = known.first(where: { folded($0) == folded(key) }) { return "did you mean '\(match)'?" }
        let scored = known.map { ($0, editDistance(folded($0), folded(key))) }.min { $0.1 < $1.1 }
        if let (best, distance) = scored, distance <= max(1, min(3, key.count / 3)) { return "did you mean '\(best)'?" }
        return "known keys here: \(known.joined(separator: ", "))"
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

/// The checked keys of one mapping: look-ups by key, each with its key path for messages.
struct Fields {
    let reader: ConfigReader
    let node: Node
    let path: String
    let values: [String: (key: Node, value: Node)]

    func path(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The value under `key`, or nil when it is absent or written as null.
    subscript(_ key: String) -> Node? {
        guard let value = values[key]?.value, !ConfigReader.isNull(value) else { return nil }
        return value
    }

    /// The value under `key`, reporting its absence at the mapping.
    func require(_ key: String, hint: String? = nil) -> Node? {
        if let value = self[key] { return value }
        reader.report(at: values[key]?.key ?? node, path: path(key), value: nil, "missing required key '\(key)'", hint: hint)
        return nil
    }

    func read<T>(_ key: String, default fallback: T, _ parse: (Node, String) -> T?) -> T {
        guard let value = self[key] else { return fallback }
        return parse(value, path(key)) ?? fallback
    }
}
