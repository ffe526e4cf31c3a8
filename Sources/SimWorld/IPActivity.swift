import Foundation

/// IP-registry activity: licence mints, derivative registrations and royalty payments, whose rates
/// follow the token's quality as it was about `royaltyLag` hours ago (an IP's business trails it).
extension TokenHour {
    mutating func ipActivity(_ state: inout TokenState, buffer: inout HourBuffer) {
        let q = state.trailingQuality
        let contracts = world.contracts
        let ip = token.ip
        for _ in 0..<random.poisson(mean: 0.012 * Foundation.exp(0.45 * q)) {
            let licensee = world.counterparty(random.next())
            let amount = UInt64(1 + random.poisson(mean: 2))
            let start = state.licenseTokensMinted
            state.licenseTokensMinted += amount
            begin(&buffer, from: licensee, to: contracts.licensingModule)
            buffer.log(contracts.licensingModule, .licenseTokensMinted(
                caller: licensee, licensorIpID: ip.ipID, licenseTemplate: contracts.licenseTemplate,
                licenseTermsID: UInt64(1 + token.index % 5), amount: amount, receiver: licensee,
                startLicenseTokenID: UInt64(token.index) << 32 | start))
        }
        for _ in 0..<random.poisson(mean: 0.003 * Foundation.exp(0.8 * q)) {
            let creator = world.counterparty(random.next())
            state.derivatives += 1
            let child = SimAddress.derived(seed: world.seed, kind: .ipAccount, index: UInt64(token.index) << 32 | state.derivatives)
            begin(&buffer, from: creator, to: contracts.licensingModule)
            buffer.log(contracts.licensingModule, .derivativeRegistered(
                caller: creator, childIpID: child, licenseTokenID: UInt64(token.index) << 32 | state.licenseTokensMinted,
                parentIpID: ip.ipID, licenseTermsID: UInt64(1 + token.index % 5), licenseTemplate: contracts.licenseTemplate))
        }
        for _ in 0..<random.poisson(mean: 0.012 * Foundation.exp(0.45 * q)) {
            let payer = world.counterparty(random.next())
            let payerIP = SimAddress.derived(seed: world.seed, kind: .ipAccount, index: 0xFFFF_0000_0000 | random.next() >> 40)
            let eth = random.logNormal(mu: Foundation.log(0.05) + 0.5 * q, sigma: 1.0)
            let amount = UInt128(approximating: eth * 1e9) * 1_000_000_000
            begin(&buffer, from: payer, to: contracts.royaltyModule)
            buffer.log(contracts.royaltyModule, .royaltyPaid(
                receiverIpID: ip.ipID, payerIpID: payerIP, sender: payer, currency: contracts.weth,
                amount: amount, amountAfterFee: amount - amount / 100))
        }
    }
}
