/// Fast conversions between `UInt128` and `Double`. The standard library's generic paths for
/// these go through witness tables and were the simulator's hottest code; these are concrete.
extension UInt128 {
    /// The value as a Double (within a rounding or two of exact); for price and size arithmetic.
    @inline(__always) var approximate: Double {
        Double(UInt64(truncatingIfNeeded: self &>> (64 as UInt128))) * 0x1.0p64 + Double(UInt64(truncatingIfNeeded: self))
    }

    /// The non-negative whole part of `value` (0 for negatives and NaN, saturating past 2^128).
    @inline(__always) init(approximating value: Double) {
        guard value >= 1 else {
            self = 0
            return
        }
        guard value < 0x1.0p64 else {
            guard value < 0x1.0p128 else {
                self = .max
                return
            }
            let high = (value * 0x1.0p-64).rounded(.down)
            let low = value - high * 0x1.0p64
            self = UInt128(UInt64(high)) &<< (64 as UInt128) | UInt128(UInt64(Swift.max(0, low)))
            return
        }
        self = UInt128(UInt64(value))
    }
}
