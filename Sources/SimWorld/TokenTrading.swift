import Foundation

/// Swaps: each hour a token's traders push its pool's price toward the latent target
/// `value + hypeLoading * hype`, through intermediate prices with noise, so that the flow's size
/// and direction come from the latent state and the price only ever comes from the reserves.
extension TokenHour {
    /// Smart wallets in the world: few, and drawn to quality.
    static let smartWallets = 400

    mutating func trade(_ state: inout TokenState, buffer: inout HourBuffer) {
        let d = dynamics
        let count = min(80, random.poisson(mean: d.swapRate * Foundation.exp(0.6 * state.hype + 0.25 * state.quality)))
        guard count > 0 else { return }
        let start = Foundation.log(state.rawPrice(isToken0: token.isToken0))
        let target = state.value + d.hypeLoading * state.hype
        for step in 0..<count {
            let (tokenReserve, wethReserve) = state.reserves(isToken0: token.isToken0)
            guard tokenReserve > 0, wethReserve > 0 else { return }
            let current = Foundation.log(wethReserve.approximate / tokenReserve.approximate)
            let goal = start + (target - start) * Double(step + 1) / Double(count) + d.microVolatility * random.normal()
            let move = max(-0.5, min(0.5, goal - current))
            var buy = move > 0
            var size: Double  // raw units of the input side
            if abs(move) < 0.002 {
                buy = random.chance(0.5)
                let fraction = random.logNormal(mu: Foundation.log(0.003), sigma: 0.7)
                size = (buy ? wethReserve.approximate : tokenReserve.approximate) * fraction
            } else if buy {
                size = wethReserve.approximate * (Foundation.exp(move / 2) - 1) * 1000 / 997
            } else {
                size = tokenReserve.approximate * (Foundation.exp(-move / 2) - 1) * 1000 / 997
            }
            if token.fate == .honeypot && !buy {
                failedSell(&state, buffer: &buffer)
                continue
            }
            guard size >= 1, size < 1e36 else { continue }
            if buy {
                swapBuy(&state, wethIn: UInt128(approximating: size), buffer: &buffer)
            } else {
                swapSell(&state, tokensWanted: UInt128(approximating: size), buffer: &buffer)
            }
        }
    }

    /// The buyer of a swap: sometimes a smart wallet (more often for quality), often a new wallet
    /// (more often for quality and hype), else someone already holding.
    mutating func buyerSlot(_ state: inout TokenState) -> Int {
        if random.chance(logistic(-3.5 + 0.6 * state.quality)) {
            return state.slot(ofSmartWallet: Int32(random.below(Self.smartWallets)))
        }
        if random.chance(logistic(-0.3 + 0.5 * state.quality + 0.4 * state.hype)) {
            return state.newSlot()
        }
        return state.randomHolder(&random) ?? state.newSlot()
    }

    mutating func swapBuy(_ state: inout TokenState, wethIn: UInt128, buffer: inout HourBuffer) {
        let zeroForOne = !token.isToken0  // WETH in
        let out = state.pool.swap(amountIn: wethIn, zeroForOne: zeroForOne)
        guard out > 0 else { return }
        let slot = buyerSlot(&state)
        let buyer = world.holderAddress(token: token.index, slot: slot, owner: state.slotOwner[slot], deployer: token.deployer)
        state.credit(slot: slot, out)
        let contracts = world.contracts
        begin(&buffer, from: buyer, to: contracts.router)
        buffer.log(contracts.weth, .transfer(from: contracts.router, to: token.pool, value: wethIn))
        buffer.log(token.address, .transfer(from: token.pool, to: buyer, value: out))
        buffer.log(token.pool, .sync(reserve0: state.pool.reserve0, reserve1: state.pool.reserve1))
        buffer.log(token.pool, token.isToken0
            ? .swap(sender: contracts.router, amount0In: 0, amount1In: wethIn, amount0Out: out, amount1Out: 0, to: buyer)
            : .swap(sender: contracts.router, amount0In: wethIn, amount1In: 0, amount0Out: 0, amount1Out: out, to: buyer))
        let slotHour = hour % 24
        state.volume[slotHour] += wethIn.approximate
        state.buys[slotHour] += 1
    }

    mutating func swapSell(_ state: inout TokenState, tokensWanted: UInt128, buffer: inout HourBuffer) {
        guard let slot = state.randomHolder(&random) ?? (state.balances[0] > 0 ? 0 : nil) else { return }
        let amount = min(tokensWanted, state.balances[slot])
        let zeroForOne = token.isToken0  // token in
        let out = state.pool.swap(amountIn: amount, zeroForOne: zeroForOne)
        guard out > 0 else { return }
        state.debit(slot: slot, amount)
        let seller = world.holderAddress(token: token.index, slot: slot, owner: state.slotOwner[slot], deployer: token.deployer)
        let contracts = world.contracts
        begin(&buffer, from: seller, to: contracts.router)
        buffer.log(token.address, .transfer(from: seller, to: token.pool, value: amount))
        buffer.log(contracts.weth, .transfer(from: token.pool, to: contracts.router, value: out))
        buffer.log(token.pool, .sync(reserve0: state.pool.reserve0, reserve1: state.pool.reserve1))
        buffer.log(token.pool, token.isToken0
            ? .swap(sender: contracts.router, amount0In: amount, amount1In: 0, amount0Out: 0, amount1Out: out, to: contracts.router)
            : .swap(sender: contracts.router, amount0In: 0, amount1In: amount, amount0Out: out, amount1Out: 0, to: contracts.router))
        let slotHour = hour % 24
        state.volume[slotHour] += out.approximate
        state.sells[slotHour] += 1
    }

    /// A honeypot's sell: the transaction reverts, emits nothing, and moves nothing.
    mutating func failedSell(_ state: inout TokenState, buffer: inout HourBuffer) {
        guard let slot = state.randomHolder(&random) else { return }
        let seller = world.holderAddress(token: token.index, slot: slot, owner: state.slotOwner[slot], deployer: token.deployer)
        begin(&buffer, from: seller, to: world.contracts.router, failed: true)
    }
}
