import Foundation

/// Launch, liquidity and wallet-to-wallet transfers: the token's deployment and pool funding, the
/// deployer's later adds and removals (Mint/Burn), rugs and fades, and holders moving tokens.
extension TokenHour {
    /// The launch hour: the IP is registered, the token deployed, its pair created and funded.
    mutating func launch(buffer: inout HourBuffer) -> TokenState {
        let d = dynamics
        var state = TokenState(quality: token.qualityMean + 0.5 * random.normal(),
                               hype: d.launchHype + 0.5 * random.normal())
        let contracts = world.contracts
        begin(&buffer, from: token.deployer, to: contracts.ipAssetRegistry)
        buffer.log(contracts.ipAssetRegistry, .ipRegistered(
            ipID: token.ip.ipID, chainID: UInt64(world.chain.chainID), tokenContract: token.address,
            nftTokenID: token.ip.nftTokenID, registrationDate: 0))  // set to the block's time when the block is known

        begin(&buffer, from: token.deployer, to: .zero)
        buffer.log(token.address, .transfer(from: .zero, to: token.deployer, value: token.totalSupply))
        state.credit(slot: 0, token.totalSupply)

        let (token0, token1) = token.pairTokens(weth: contracts.weth)
        begin(&buffer, from: token.deployer, to: contracts.factory)
        buffer.log(contracts.factory, .pairCreated(token0: token0, token1: token1, pair: token.pool, pairCount: UInt64(token.pairIndex + 1)))

        let tokenAmount = UInt128(approximating: token.totalSupply.approximate * token.poolShare)
        addLiquidity(&state, tokenAmount: tokenAmount, wethAmount: token.launchWETH, buffer: &buffer)
        state.value = Foundation.log(state.rawPrice(isToken0: token.isToken0)) - d.hypeLoading * state.hype
        return state
    }

    /// The deployer adds liquidity: tokens and WETH in, LP tokens out, `Mint`.
    mutating func addLiquidity(_ state: inout TokenState, tokenAmount: UInt128, wethAmount: UInt128,
                               buffer: inout HourBuffer) {
        let first = state.pool.totalSupply == 0
        let (amount0, amount1) = token.isToken0 ? (tokenAmount, wethAmount) : (wethAmount, tokenAmount)
        let liquidity = state.pool.mint(amount0: amount0, amount1: amount1)
        guard liquidity > 0 else { return }
        state.debit(slot: 0, tokenAmount)
        state.deployerLiquidity += liquidity
        let contracts = world.contracts
        begin(&buffer, from: token.deployer, to: contracts.router)
        buffer.log(token.address, .transfer(from: token.deployer, to: token.pool, value: tokenAmount))
        buffer.log(contracts.weth, .transfer(from: contracts.router, to: token.pool, value: wethAmount))
        if first {
            buffer.log(token.pool, .transfer(from: .zero, to: .zero, value: ConstantProductPool.minimumLiquidity))
        }
        buffer.log(token.pool, .transfer(from: .zero, to: token.deployer, value: liquidity))
        buffer.log(token.pool, .sync(reserve0: state.pool.reserve0, reserve1: state.pool.reserve1))
        buffer.log(token.pool, .mint(sender: contracts.router, amount0: amount0, amount1: amount1))
    }

    /// The deployer burns `fraction` of its LP tokens: `Burn`, reserves back to the deployer.
    mutating func pullLiquidity(_ state: inout TokenState, fraction: Double, buffer: inout HourBuffer) {
        let liquidity = fraction >= 1 ? state.deployerLiquidity : UInt128(approximating: state.deployerLiquidity.approximate * fraction)
        guard liquidity > 0 else { return }
        let (amount0, amount1) = state.pool.burn(liquidity: liquidity)
        state.deployerLiquidity -= liquidity
        let tokenOut = token.isToken0 ? amount0 : amount1
        let wethOut = token.isToken0 ? amount1 : amount0
        state.credit(slot: 0, tokenOut)
        let contracts = world.contracts
        begin(&buffer, from: token.deployer, to: contracts.router)
        buffer.log(token.pool, .transfer(from: token.deployer, to: token.pool, value: liquidity))
        buffer.log(token.pool, .transfer(from: token.pool, to: .zero, value: liquidity))
        buffer.log(token.address, .transfer(from: token.pool, to: token.deployer, value: tokenOut))
        buffer.log(contracts.weth, .transfer(from: token.pool, to: token.deployer, value: wethOut))
        buffer.log(token.pool, .sync(reserve0: state.pool.reserve0, reserve1: state.pool.reserve1))
        buffer.log(token.pool, .burn(sender: contracts.router, amount0: amount0, amount1: amount1, to: token.deployer))
    }

    /// Occasional adds (likelier for quality) and partial removals (likelier without it).
    mutating func manageLiquidity(_ state: inout TokenState, buffer: inout HourBuffer) {
        if random.chance(0.008 * Foundation.exp(0.6 * state.quality)), state.balances[0] > 0 {
            let (tokenReserve, wethReserve) = state.reserves(isToken0: token.isToken0)
            let wanted = UInt128(approximating: tokenReserve.approximate * (0.05 + 0.2 * random.uniform()))
            let tokenAmount = min(wanted, state.balances[0])
            if let wethAmount = mulDiv(tokenAmount, wethReserve, tokenReserve), wethAmount > 0 {
                addLiquidity(&state, tokenAmount: tokenAmount, wethAmount: wethAmount + 1, buffer: &buffer)
            }
        }
        if random.chance(0.005 * Foundation.exp(-0.6 * state.quality)) {
            pullLiquidity(&state, fraction: 0.1 + 0.2 * random.uniform(), buffer: &buffer)
        }
    }

    /// Wallet-to-wallet ERC-20 transfers: gifts, airdrops, moves between a holder's wallets.
    mutating func moveTokens(_ state: inout TokenState, buffer: inout HourBuffer) {
        let count = random.poisson(mean: 0.04 * Foundation.log(1.0 + Double(state.holders)) * Foundation.exp(0.3 * state.quality))
        for _ in 0..<count {
            guard let from = state.randomHolder(&random) else { return }
            let to = random.chance(0.6) ? state.newSlot() : (state.randomHolder(&random) ?? state.newSlot())
            guard to != from else { continue }
            let amount = max(1, UInt128(approximating: state.balances[from].approximate * (0.1 + 0.9 * random.uniform())))
            let sent = min(amount, state.balances[from])
            state.debit(slot: from, sent)
            state.credit(slot: to, sent)
            let sender = world.holderAddress(token: token.index, slot: from, owner: state.slotOwner[from], deployer: token.deployer)
            let receiver = world.holderAddress(token: token.index, slot: to, owner: state.slotOwner[to], deployer: token.deployer)
            begin(&buffer, from: sender, to: token.address)
            buffer.log(token.address, .transfer(from: sender, to: receiver, value: sent))
        }
    }
}
