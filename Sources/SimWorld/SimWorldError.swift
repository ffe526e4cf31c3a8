/// What went wrong producing a world's outputs, and where.
public enum SimWorldError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A file could not be created; check the directory exists and is writable.
    case cannotWrite(path: String)

    public var description: String {
        switch self {
        case .cannotWrite(let path): "cannot create \(path): check that its directory exists and is writable"
        }
    }
}
