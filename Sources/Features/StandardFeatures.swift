import RadarCore

extension FeatureSet {
    /// The radar's feature set, version 1: every feature below is computed as of its timestamp t
    /// from rows with `observed_at <= t` and `event_time <= t` only.
    ///
    /// Prices are the main pool's (quote per token from its reserves, decimals applied); USD figures
    /// multiply by the quote's USD price at t (see `QuotePrice`).
    public static let standard = FeatureSet(name: "radar", version: "1", definitions: [
        // Market: the main pool's reserves and swaps.
        .init("ret_1h", .market, window: .hours(1), "price(t) / price(t - 1h) - 1; price = last reserve at or before the time"),
        .init("ret_6h", .market, window: .hours(6), "price(t) / price(t - 6h) - 1"),
        .init("ret_24h", .market, window: .hours(24), "price(t) / price(t - 24h) - 1"),
        .init("ret_7d", .market, window: .days(7), "price(t) / price(t - 7d) - 1"),
        .init("volatility_24h", .market, window: .hours(24), "standard deviation of the 24 hourly log returns ending at t"),
        .init("volume_usd_24h", .market, window: .hours(24), "quote amount traded in the main pool in (t - 24h, t], in USD"),
        .init("volume_growth_7d", .market, window: .days(7), "volume_usd_24h / (7-day volume / 7); NaN without 7-day volume"),
        .init("liquidity_usd", .market, "2 x the pool's quote reserve at t, in USD"),
        .init("liquidity_change_24h", .market, window: .hours(24), "liquidity(t) / liquidity(t - 24h) - 1"),
        .init("buy_ratio_24h", .market, window: .hours(24), "buys / (buys + sells) over swaps in (t - 24h, t]; buy = quote in"),
        .init("trades_24h", .market, window: .hours(24), "swaps in the main pool in (t - 24h, t]"),
        .init("unique_traders_24h", .market, window: .hours(24), "distinct swap recipients in (t - 24h, t]"),
        .init("pool_age_hours", .market, "hours since the main pool's creation"),
        // Holders: balances summed from every transfer visible at t.
        .init("holder_count", .holders, "addresses with a positive balance (not the zero address, the token or its pools)"),
        .init("holder_growth_24h", .holders, window: .hours(24), "holder_count / holders 24h earlier - 1 (earlier balances = now minus the 24h transfers)"),
        .init("new_holders_24h", .holders, window: .hours(24), "holders now that held nothing 24h earlier"),
        .init("top10_share", .holders, "share of holder supply held by the 10 largest holders"),
        .init("holder_hhi", .holders, "Herfindahl index of holder shares (sum of squared shares)"),
        .init("whale_net_flow_24h", .holders, window: .hours(24), "net 24h change of whales' balances (>= whale share now or 24h ago), over holder supply"),
        // Social: posts that mention the token.
        .init("mentions_1h", .social, window: .hours(1), "mentions in (t - 1h, t]"),
        .init("mentions_24h", .social, window: .hours(24), "mentions in (t - 24h, t]"),
        .init("mentions_growth_24h", .social, window: .hours(48), "log((mentions_24h + 1) / (mentions in (t - 48h, t - 24h] + 1))"),
        .init("unique_authors_24h", .social, window: .hours(24), "distinct authors of the 24h mentions"),
        .init("reach_24h", .social, window: .hours(24), "log(1 + sum of author followers over the 24h mentions)"),
        .init("engagement_24h", .social, window: .hours(24), "log(1 + likes + reposts + replies over the 24h mentions)"),
        .init("sentiment_24h", .social, window: .hours(24), "mean over 24h mentions of (pos - neg) / (pos + neg) lexicon words, 0 without hits; NaN without posts"),
        .init("share_of_voice_24h", .social, window: .hours(24), "mentions_24h / all universe mentions in (t - 24h, t]"),
        // IP: the token's registry links and events.
        .init("ip_entertainment", .ip, "1 when the token's IP category is entertainment, else 0 (NaN without an IP link)"),
        .init("ip_music", .ip, "1 when the IP category is music"),
        .init("ip_brand", .ip, "1 when the IP category is brand"),
        .init("ip_gaming", .ip, "1 when the IP category is gaming"),
        .init("ip_data", .ip, "1 when the IP category is data"),
        .init("ip_biotech", .ip, "1 when the IP category is biotech"),
        .init("ip_other", .ip, "1 when the IP category is other"),
        .init("licence_mints", .ip, "licence tokens minted on the token's IP, all history"),
        .init("licence_mints_7d", .ip, window: .days(7), "licence tokens minted in (t - 7d, t]"),
        .init("derivatives", .ip, "derivative IPs registered on the token's IP, all history"),
        .init("royalties_paid", .ip, "royalties paid to the token's IP, all history, in quote units (18 decimals)"),
        .init("royalties_paid_7d", .ip, window: .days(7), "royalties paid in (t - 7d, t], in quote units"),
        .init("ip_age_days", .ip, "days since the IP's registration event (else since its link was observed)"),
        // Risk.
        .init("lp_concentration", .risk, "largest holder's share of the main pool's LP tokens (zero address excluded)"),
        .init("liquidity_drop_7d", .risk, window: .days(7), "1 - liquidity(t) / max hourly liquidity over (t - 7d, t]"),
    ])
}
