import Foundation

/// The oracle: a token's expected forward return over the horizon given only its latent state.
///
/// It is what a perfect model of this world could know at t, so its rank IC against realised alpha is
/// the ceiling any radar model can reach; the realised alpha adds value noise, hype shocks and deaths.
public struct SimOracle: Hashable, Sendable {
    public var dynamics: SimDynamics
    /// Forward window in hourly bars.
    public var horizonBars: Int
    /// Bars between the score and the window's start.
    public var lagBars: Int

    public init(dynamics: SimDynamics, horizonBars: Int, lagBars: Int) {
        self.dynamics = dynamics
        self.horizonBars = horizonBars
        self.lagBars = lagBars
    }

    /// E[price(t+lag+H) / price(t+lag)] - 1, with a death or rug counted as -100%.
    ///
    /// Log value drifts by qDrift * q - bleed per bar (quality persists over a week); hype decays by
    /// hPersistence per bar, taking hypeLoading * h with it; survival is the death hazard at today's
    /// state (plus the rug hazard, for a token fated to rug). A honeypot cannot be sold: -100%.
    public func expectedReturn(quality: Double, hype: Double, status: SimStatus, fate: SimFate) -> Double {
        guard status == .alive, fate != .honeypot else { return -1 }
        let d = dynamics
        let bars = Double(horizonBars)
        let lagDecay = Foundation.pow(d.hPersistence, Double(lagBars))
        let windowDecay = Foundation.pow(d.hPersistence, bars)
        let drift = (d.qDrift * quality - d.bleed) * bars + d.hypeLoading * hype * lagDecay * (windowDecay - 1)
        let variance = d.valueVolatility * d.valueVolatility * bars
        var hazard = d.deathRate * Foundation.exp(-d.deathQuality * quality - d.deathHype * hype * 0.5)
        if fate == .rug { hazard += 1.0 / d.rugMeanHours }
        let survival = Foundation.exp(-hazard * (bars + Double(lagBars)))
        return survival * Foundation.exp(drift + variance / 2) - 1
    }
}
