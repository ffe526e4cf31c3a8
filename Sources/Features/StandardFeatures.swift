import RadarCore

extension FeatureSet {
    /// The radar's feature set, version 1 (42 features): every feature is computed as of its
    /// timestamp t from rows with `observed_at <= t` and `event_time <= t` only. It stays the default
    /// of the library and of the config, so stored rows and models trained on it keep working.
    ///
    /// Prices are the main pool's (quote per token from its reserves, decimals applied); USD figures
    /// multiply by the quote's USD price at t (see `QuotePrice`).
    public static let standard = FeatureSet(name: "radar", version: "1", definitions: radarV1Definitions)

    /// The radar's feature set, version 2: version 1's 42 features in the same order, then 20 more
    /// (returns 3h/12h, 7-day volatility, 1h volume, 24h drawdown, top-1 share, mention counts and
    /// author/tone shares, IP activity, one-sided-market risk, and cross-sectional ranks). Same
    /// point-in-time rule as version 1.
    public static let radarV2 = FeatureSet(name: "radar", version: "2", definitions: radarV1Definitions + [
        // Market.
        .init("ret_3h", .market, window: .hours(3), "price(t) / price(t - 3h) - 1"),
        .init("ret_12h", .market, window: .hours(12), "price(t) / price(t - 12h) - 1"),
        .init("volatility_7d", .market, window: .days(7), "standard deviation of the 168 hourly log returns ending at t"),
        .init("volume_usd_1h", .market, window: .hours(1), "quote amount traded in the main pool in (t - 1h, t], in USD"),
        .init("max_drawdown_24h", .market, window: .hours(24),
              "largest 1 - price / running peak over the 25 hourly prices from t - 24h to t; NaN when one is missing"),
        // Holders.
        .init("top1_share", .holders, "share of holder supply held by the largest holder"),
        // Social.
        .init("mentions_6h", .social, window: .hours(6), "mentions in (t - 6h, t]"),
        .init("mentions_7d", .social, window: .days(7), "mentions in (t - 7d, t] (post and mention both in the window)"),
        .init("author_concentration_24h", .social, window: .hours(24),
              "largest share of the 24h mentions written by one author; NaN without mentions"),
        .init("positive_share_24h", .social, window: .hours(24), "share of 24h mentions with a positive lexicon score; NaN without mentions"),
        .init("negative_share_24h", .social, window: .hours(24), "share of 24h mentions with a negative lexicon score; NaN without mentions"),
        // IP.
        .init("ip_events_7d", .ip, window: .days(7), "IP registry events of any kind in (t - 7d, t]"),
        .init("royalty_growth_7d", .ip, window: .days(14),
              "log1p(royalties paid in (t - 7d, t]) - log1p(royalties paid in (t - 14d, t - 7d]), quote units"),
        // Risk: a one-sided market stands in for failed sells, which leave no log (see RiskFeatures).
        .init("buys_without_sells_24h", .risk, window: .hours(24),
              "1 when the main pool had buys and no sells in (t - 24h, t], 0 with sells; NaN without swaps"),
        .init("sell_share_drop_7d", .risk, window: .days(7),
              "sells / (buys + sells) over 7d minus the same over 24h: how far selling dried up; NaN without swaps in either"),
        // Cross-sectional ranks at t, in (0, 1] (ties averaged); NaN where the column is missing.
        .init("ret_24h_rank", .market, window: .hours(24), "percentile rank of ret_24h across the universe at t"),
        .init("volume_usd_24h_rank", .market, window: .hours(24), "percentile rank of volume_usd_24h across the universe at t"),
        .init("liquidity_usd_rank", .market, "percentile rank of liquidity_usd across the universe at t"),
        .init("holder_growth_24h_rank", .holders, window: .hours(24), "percentile rank of holder_growth_24h across the universe at t"),
        .init("mentions_24h_rank", .social, window: .hours(24), "percentile rank of mentions_24h across the universe at t"),
    ])

    /// Every feature set this build can compute, oldest first.
    public static let known: [FeatureSet] = [.standard, .radarV2]

    /// The known set with id `id` (`radar@1`, `radar@2`), nil when there is none.
    public static func named(_ id: String) -> FeatureSet? { known.first { $0.id == id } }

    static let radarV1Definitions: [FeatureDefinition] = [
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
    ]
}
