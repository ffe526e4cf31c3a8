/// A Uniswap V2 pair's arithmetic in exact integers: reserves, LP supply, swaps with the 0.3% fee,
/// liquidity mints and burns, rounding exactly as the pair contract rounds.
///
/// Amounts of 18-decimal tokens pass 2^64, and products of two reserves pass 2^128, so amounts are
/// `UInt128` and every product goes through full-width multiplication.
public struct ConstantProductPool: Hashable, Sendable {
    public private(set) var reserve0: UInt128
    public private(set) var reserve1: UInt128
    /// LP tokens in existence, including the `minimumLiquidity` locked at the zero address.
    public private(set) var totalSupply: UInt128

    /// LP tokens burnt to the zero address at the first mint, as V2 does.
    public static let minimumLiquidity: UInt128 = 1000

    public init() {
        reserve0 = 0
        reserve1 = 0
        totalSupply = 0
    }

    /// The invariant k = reserve0 * reserve1 as a 256-bit (high, low) pair.
    public var k: (high: UInt128, low: UInt128) {
        let product = reserve0.multipliedFullWidth(by: reserve1)
        return (product.high, product.low)
    }

    /// What a V2 pair pays out for `amountIn` (getAmountOut): fee 0.3%, rounded down.
    public static func amountOut(amountIn: UInt128, reserveIn: UInt128, reserveOut: UInt128) -> UInt128 {
        guard amountIn > 0, reserveIn > 0, reserveOut > 0 else { return 0 }
        let inWithFee = amountIn * 997
        let denominator = reserveIn * 1000 + inWithFee
        return mulDiv(inWithFee, reserveOut, denominator) ?? 0
    }

    /// Trades `amountIn` of token0 (`zeroForOne`) or token1 into the pool; returns the amount paid out.
    @discardableResult
    public mutating func swap(amountIn: UInt128, zeroForOne: Bool) -> UInt128 {
        if zeroForOne {
            let out = Self.amountOut(amountIn: amountIn, reserveIn: reserve0, reserveOut: reserve1)
            guard out > 0, out < reserve1 else { return 0 }
            reserve0 += amountIn
            reserve1 -= out
            return out
        } else {
            let out = Self.amountOut(amountIn: amountIn, reserveIn: reserve1, reserveOut: reserve0)
            guard out > 0, out < reserve0 else { return 0 }
            reserve1 += amountIn
            reserve0 -= out
            return out
        }
    }

    /// Adds liquidity; returns the LP tokens minted to the provider (0 when the deposit is too small).
    /// The first mint also creates `minimumLiquidity` for the zero address.
    public mutating func mint(amount0: UInt128, amount1: UInt128) -> UInt128 {
        let liquidity: UInt128
        if totalSupply == 0 {
            let root = squareRootFullWidth(amount0.multipliedFullWidth(by: amount1))
            guard root > Self.minimumLiquidity else { return 0 }
            liquidity = root - Self.minimumLiquidity
            totalSupply = Self.minimumLiquidity
        } else {
            guard let by0 = mulDiv(amount0, totalSupply, reserve0), let by1 = mulDiv(amount1, totalSupply, reserve1) else { return 0 }
            liquidity = min(by0, by1)
        }
        guard liquidity > 0 else { return 0 }
        totalSupply += liquidity
        reserve0 += amount0
        reserve1 += amount1
        return liquidity
    }

    /// Redeems `liquidity` LP tokens; returns the reserves paid out, pro rata and rounded down.
    public mutating func burn(liquidity: UInt128) -> (amount0: UInt128, amount1: UInt128) {
        guard liquidity > 0, liquidity <= totalSupply,
              let amount0 = mulDiv(liquidity, reserve0, totalSupply),
              let amount1 = mulDiv(liquidity, reserve1, totalSupply) else { return (0, 0) }
        totalSupply -= liquidity
        reserve0 -= amount0
        reserve1 -= amount1
        return (amount0, amount1)
    }
}

/// floor(a * b / c) with a 256-bit intermediate, or nil when c is 0 or the quotient passes 2^128.
func mulDiv(_ a: UInt128, _ b: UInt128, _ c: UInt128) -> UInt128? {
    guard c > 0 else { return nil }
    let product = a.multipliedFullWidth(by: b)
    guard product.high < c else { return nil }
    return c.dividingFullWidth(product).quotient
}

/// floor(sqrt(value)) of a 256-bit (high, low) value, by Newton's method from a floating start.
func squareRootFullWidth(_ value: (high: UInt128, low: UInt128)) -> UInt128 {
    if value.high == 0 && value.low == 0 { return 0 }
    let approximate = (value.high.approximate * 0x1.0p128 + value.low.approximate).squareRoot()
    var root: UInt128 = approximate >= 0x1.0p128 ? UInt128.max : max(1, UInt128(approximating: approximate))
    // Newton steps from the float estimate; then settle on the exact floor.
    for _ in 0..<4 {
        guard value.high < root else { break }
        let quotient = root.dividingFullWidth(value).quotient
        root = quotient / 2 + root / 2 + (quotient & root & 1)
    }
    func square(_ x: UInt128) -> (high: UInt128, low: UInt128) { x.multipliedFullWidth(by: x) }
    while root > 0 && greater(square(root), value) { root -= 1 }
    while root < UInt128.max && !greater(square(root + 1), value) { root += 1 }
    return root
}

/// a > b for 256-bit (high, low) pairs.
func greater(_ a: (high: UInt128, low: UInt128), _ b: (high: UInt128, low: UInt128)) -> Bool {
    a.high != b.high ? a.high > b.high : a.low > b.low
}
