import Foundation
import Scoring

/// Draws for test data from the module's own seeded generator, so every suite's data repeat exactly.
extension SeededGenerator {
    /// Uniform in [0, 1), on the 2⁻⁵³ grid.
    mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Standard normal by Box-Muller (one of the pair; simplicity over speed).
    mutating func normal() -> Double {
        let u = 1 - uniform()  // (0, 1]: log stays finite
        let v = uniform()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
}
