/// One problem found in a config file, pinned to where it is so an operator can jump to it.
public struct ConfigIssue: Sendable, Equatable, CustomStringConvertible {
    /// An error makes the file unusable; a warning is worth reading but blocks nothing.
    public enum Severity: String, Sendable { case error, warning }

    public var severity: Severity
    public var file: String
    /// 1-based line and column of the offending key or value (0 when the file itself is the problem).
    public var line: Int
    public var column: Int
    /// Where in the document, e.g. `feeds[2].interval`.
    public var keyPath: String
    /// The offending value as written, when there is one.
    public var value: String?
    public var message: String
    public var hint: String?

    public init(severity: Severity = .error, file: String, line: Int, column: Int, keyPath: String, value: String?,
                message: String, hint: String? = nil) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.keyPath = keyPath
        self.value = value
        self.message = message
        self.hint = hint
    }

    /// `file:line:column: error: key.path: message (value: 'v'); hint: ...` — the compiler-style
    /// shape editors and CI logs already know how to link.
    public var description: String {
        var text = line > 0 ? "\(file):\(line):\(column): \(severity.rawValue): " : "\(file): \(severity.rawValue): "
        if !keyPath.isEmpty { text += "\(keyPath): " }
        text += message
        if let value { text += " (value: '\(value)')" }
        if let hint { text += "; hint: \(hint)" }
        return text
    }
}

/// A config file that cannot be used, with every problem found in it (not only the first).
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public var issues: [ConfigIssue]

    public init(issues: [ConfigIssue]) { self.issues = issues }

    public var errors: [ConfigIssue] { issues.filter { $0.severity == .error } }

    public var description: String {
        issues.map(\.description).joined(separator: "\n")
    }
}
