/// A config string that may embed `${ENV_NAME}` references (API keys, bot tokens, webhook URLs).
///
/// The resolved value is for making requests only: `description`, `redacted`, config printing and
/// every log line show the template, so a secret never leaves the process through the radar's output.
public struct SecretString: Hashable, Sendable, Encodable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The text as written in the file, with its `${...}` references intact.
    public let template: String
    /// The text with every reference replaced by its environment value.
    public let resolved: String
    /// The environment variables the template names, in order.
    public let references: [String]

    public init(template: String, resolved: String, references: [String]) {
        self.template = template
        self.resolved = resolved
        self.references = references
    }

    /// A literal with no references (nothing secret).
    public init(literal: String) {
        template = literal
        resolved = literal
        references = []
    }

    /// Whether any part of the value came from the environment, and so must be treated as secret.
    public var isSecret: Bool { !references.isEmpty }

    /// Safe for logs: the template, never the resolved value.
    public var redacted: String { template }

    public var description: String { redacted }
    public var debugDescription: String { "SecretString(\(redacted))" }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(redacted)
    }

    /// Splits `text` into its `${NAME}` references, or says what is malformed.
    static func parseReferences(_ text: String) -> Result<[(name: String, range: Range<String.Index>)], ReferenceProblem> {
        var found: [(String, Range<String.Index>)] = []
        var index = text.startIndex
        while let dollar = text[index...].firstIndex(of: "$") {
            let next = text.index(after: dollar)
            guard next < text.endIndex, text[next] == "{" else {
                index = next
                continue
            }
            guard let close = text[next...].firstIndex(of: "}") else {
                return .failure(.unclosed)
            }
            let name = String(text[text.index(after: next)..<close])
            guard let first = name.first, first == "_" || (first.isASCII && first.isLetter),
                  name.allSatisfy({ $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }) else {
                return .failure(.badName(name))
            }
            found.append((name, dollar..<text.index(after: close)))
            index = text.index(after: close)
        }
        return .success(found)
    }

    enum ReferenceProblem: Error {
        case unclosed
        case badName(String)
    }
}
