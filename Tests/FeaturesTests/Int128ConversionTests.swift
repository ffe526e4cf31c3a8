@testable import Features
import Testing

/// `Double(nearest:)` is the standard library's `Double(_: Int128)`, bit for bit.
@Suite struct Int128ConversionTests {
    @Test func edgesConvertLikeTheStandardLibrary() {
        var values: [Int128] = [0, 1, -1, .max, .min, .min + 1, Int128(Int64.max), Int128(Int64.min), Int128(UInt64.max),
                                Int128(UInt64.max) + 1, -Int128(UInt64.max) - 1]
        // Halfway cases at every scale: 53 significant bits then a 1 and zeros (ties to even), and the
        // same with a set bit far below (rounds up only because of it).
        for shift in 1...74 {
            for significand: Int128 in [(1 << 53) - 1, (1 << 53) - 2, 1 << 52, (1 << 52) + 1] {
                let half = Int128(1) << (shift - 1)
                let base = significand << shift
                values += [base + half, base + half + 1, base + half - 1, base, -(base + half), -(base + half + 1)]
            }
        }
        for value in values {
            #expect(Double(nearest: value).bitPattern == Double(value).bitPattern, "\(value)")
        }
    }

    @Test func randomValuesConvertLikeTheStandardLibrary() {
        var generator = SystemRandomNumberGenerator()
        var mismatches = 0
        for _ in 0..<200_000 {
            let bits = Int.random(in: 0...127, using: &generator)
            let raw = Int128(truncatingIfNeeded: UInt128(UInt64.random(in: .min ... .max, using: &generator)) << 64
                             | UInt128(UInt64.random(in: .min ... .max, using: &generator)))
            let value = bits == 127 ? raw : raw >> (127 - bits)
            if Double(nearest: value).bitPattern != Double(value).bitPattern { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }
}
