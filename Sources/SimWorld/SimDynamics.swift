/// The coefficients of the latent model, in one place so that the planted signal can be tuned and
/// documented. Units are hourly steps; q is quality (about N(0, 1) across tokens), h is hype.
///
/// Latent processes, per token and hour t:
/// - quality  q[t+1] = q[t] + qReversion * (mu - q[t]) + qVolatility * e,   mu ~ N(0, qSpread^2)
/// - hype     h[t+1] = hPersistence * h[t] + hVolatility * e + jump,         jump with hJumpRate
/// - value    v[t+1] = v[t] + qDrift * q[t] - bleed + valueVolatility * e
/// - target log price  p*[t] = v[t] + hypeLoading * h[t]; trades push the pool's price there.
/// - death hazard per hour  deathRate * exp(-deathQuality * q - deathHype * h)
///
/// Where quality leaks into what the radar can observe (the price integrates q only slowly through
/// the drift, so these lead the returns they predict):
/// - swaps per hour ~ Poisson(swapRate * exp(0.6 h + 0.25 q)); a buyer is new with probability
///   logistic(-0.3 + 0.5 q + 0.4 h) (holder growth) and a smart wallet with logistic(-3.5 + 0.6 q);
/// - the deployer adds liquidity at 0.008 exp(0.6 q) per hour and removes some at 0.005 exp(-0.6 q);
/// - licence mints and royalty payments at 0.012 exp(0.45 q~), derivatives at 0.003 exp(0.8 q~),
///   where q~ is q smoothed over `royaltyLag` hours (an IP's business trails its quality);
/// - posts ~ Poisson(postRate * exp(0.9 h + 0.2 q)), by a credible author with probability
///   logistic(-1.5 + 0.8 q), with a tone of 0.4 q + 0.6 h + 0.8 e choosing positive or negative words.
public struct SimDynamics: Hashable, Sendable {
    public var qSpread = 0.85
    public var qReversion = 1.0 / 240.0
    public var qVolatility = 0.045
    public var hPersistence = 1.0 - 1.0 / 36.0
    public var hVolatility = 0.12
    public var hJumpRate = 0.008
    public var hJumpMean = 1.2
    public var launchHype = 1.5
    /// Expected log-return per hour per unit of quality (0.0012 = +20% a week at q = 1).
    public var qDrift = 0.0012
    /// The drift every token pays (memecoins bleed).
    public var bleed = 0.0005
    public var valueVolatility = 0.02
    public var hypeLoading = 0.25
    /// Noise of intermediate prices inside an hour, which makes two-way flow and volume.
    public var microVolatility = 0.012
    public var deathRate = 0.0006
    public var deathQuality = 1.2
    public var deathHype = 0.5
    /// Mean hours from launch to the rug of a token fated to rug.
    public var rugMeanHours = 200.0
    public var honeypotShare = 0.04
    public var rugShare = 0.08
    /// Honeypots only see buys, so their price climbs at this log-rate per hour.
    public var honeypotDrift = 0.004
    /// Mean swaps per hour of a live token at q = h = 0.
    public var swapRate = 1.6
    /// Mean posts per hour of a live token at q = h = 0.
    public var postRate = 0.35
    /// Hours by which royalty and licence activity trails quality.
    public var royaltyLag = 48

    public init() {}
}
