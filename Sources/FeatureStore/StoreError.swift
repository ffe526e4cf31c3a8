import GRDB

/// What went wrong in the feature store, with the file and the operation so an operator can act.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    /// The file could not be opened or migrated.
    case cannotOpen(path: String, reason: String)
    /// A block arrived at a height the store knows under another hash: roll the old block back first.
    case reorgDetected(chain: Int64, number: Int64, storedHash: String, newHash: String)
    /// A row broke a constraint of the schema (a value out of its domain).
    case rejectedRow(table: String, key: String, reason: String)
    /// SQLite refused an operation.
    case sqlite(operation: String, path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            "store \(path): cannot open: \(reason)"
        case .reorgDetected(let chain, let number, let stored, let new):
            "chain \(chain) block \(number): stored hash \(stored) differs from \(new); roll the stored block back before ingesting"
        case .rejectedRow(let table, let key, let reason):
            "\(table) row \(key) rejected: \(reason)"
        case .sqlite(let operation, let path, let reason):
            "store \(path): \(operation) failed: \(reason)"
        }
    }
}

extension StoreError {
    /// Wraps any error thrown inside a store operation, keeping store errors as they are.
    static func wrap(_ error: any Error, operation: String, path: String) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? DatabaseError {
            return .sqlite(operation: operation, path: path, reason: error.message ?? error.description)
        }
        return .sqlite(operation: operation, path: path, reason: String(describing: error))
    }
}
