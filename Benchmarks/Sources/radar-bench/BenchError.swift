/// Why a benchmark run stopped: bad arguments, a failed sanity check, or a peer that misbehaved.
struct BenchError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}
