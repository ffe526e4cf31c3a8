import FeatureStore
import Features
import RadarCore
import Scoring

/// What went wrong training, scoring or backtesting, naming the source, the field and the value so
/// that a person can fix the input or the settings.
public enum PipelineError: Error, Sendable, CustomStringConvertible {
    /// Building feature rows or labels failed.
    case features(FeatureError)
    /// A store read or write failed.
    case store(StoreError)
    /// The scoring core refused a fit or a prediction at `stage`.
    case scoring(stage: String, ScoringError)
    /// Too little data for `stage` to go on, and why.
    case notEnoughData(stage: String, reason: String)
    /// A setting outside its domain.
    case invalidSetting(name: String, value: String, reason: String)
    /// A file (model bundle, truth CSV) that does not read: where, which field, what value.
    case malformedFile(source: String, line: Int, field: String, value: String, reason: String)
    /// A file could not be read or written.
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case .features(let error): "\(error)"
        case .store(let error): "\(error)"
        case .scoring(let stage, let error): "\(stage): \(error)"
        case .notEnoughData(let stage, let reason): "\(stage): not enough data: \(reason)"
        case .invalidSetting(let name, let value, let reason): "\(name) = \(value): \(reason)"
        case .malformedFile(let source, let line, let field, let value, let reason):
            "\(source):\(line): field '\(field)' = '\(value)': \(reason)"
        case .io(let path, let reason): "\(path): \(reason)"
        }
    }
}
