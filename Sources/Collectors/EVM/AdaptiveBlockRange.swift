/// How many blocks the next `eth_getLogs` asks for. It starts at the feed's `maxBlockRange`, halves
/// whenever the node refuses a range as too large (or times out on it), and doubles again, up to
/// `maxBlockRange`, after answers that were small, so a busy stretch of chain costs a few refused
/// queries rather than a permanently narrow window.
public struct AdaptiveBlockRange: Sendable, Equatable {
    /// The widest range ever asked for.
    public let maximum: Int
    /// The range the next query asks for.
    public private(set) var span: Int
    /// An answer with fewer logs than this counts as small.
    public var smallAnswer: Int
    /// Small answers in a row needed before growing again (1 grows after every small answer).
    public var smallAnswersToGrow: Int
    /// How often the range was split, and grew, since it was made.
    public private(set) var splits = 0
    public private(set) var growths = 0

    private var smallInARow = 0

    public init(maximum: Int, smallAnswer: Int = 2_000, smallAnswersToGrow: Int = 2) {
        self.maximum = max(1, maximum)
        span = self.maximum
        self.smallAnswer = smallAnswer
        self.smallAnswersToGrow = max(1, smallAnswersToGrow)
    }

    /// Halves the range after a refusal; false when it is already one block (splitting cannot help).
    public mutating func split() -> Bool {
        smallInARow = 0
        guard span > 1 else { return false }
        span = max(1, span / 2)
        splits += 1
        return true
    }

    /// Records an answer of `logs` logs for a full-width query; small answers grow the range.
    public mutating func answered(logs: Int) {
        guard logs < smallAnswer else {
            smallInARow = 0
            return
        }
        smallInARow += 1
        if smallInARow >= smallAnswersToGrow && span < maximum {
            span = min(maximum, span * 2)
            growths += 1
            smallInARow = 0
        }
    }
}
