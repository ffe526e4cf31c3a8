"""alphalens' IC, rank IC and quantile returns for a factor, the peer of Pipeline's FactorMetrics.

Usage: alphalens_parity.py FACTOR.csv QUANTILES
The CSV has columns date, asset, factor, forward_return (one row per date and asset). Prints JSON:
{"rank_ic": {date: value}, "ic": {date: value}, "quantile_returns": [q1, ..., qN]}.
Rank IC is alphalens' factor_information_coefficient (Spearman per date); quantile returns are
mean_return_by_quantile(by_date=False, demeaned=False). alphalens has no Pearson IC, so "ic" is
pandas' Pearson correlation per date on alphalens' cleaned factor data.
"""
import contextlib
import json
import sys

import alphalens as al
import pandas as pd


def main():
    path, quantiles = sys.argv[1], int(sys.argv[2])
    frame = pd.read_csv(path, dtype={"asset": str})
    frame["date"] = pd.to_datetime(frame["date"])
    frame = frame.set_index(["date", "asset"]).sort_index()
    forward = frame[["forward_return"]].rename(columns={"forward_return": "1D"})
    # alphalens reports dropped rows on standard output; keep it for the JSON.
    with contextlib.redirect_stdout(sys.stderr):
        factor_data = al.utils.get_clean_factor(frame["factor"], forward, quantiles=quantiles, max_loss=0.0)
        rank_ic = al.performance.factor_information_coefficient(factor_data)["1D"]
        mean_returns, _ = al.performance.mean_return_by_quantile(factor_data, by_date=False, demeaned=False)
        pearson = factor_data.groupby(level="date").apply(lambda g: g["factor"].corr(g["1D"]))
    print(json.dumps({
        "rank_ic": {d.strftime("%Y-%m-%d"): float(v) for d, v in rank_ic.items()},
        "ic": {d.strftime("%Y-%m-%d"): float(v) for d, v in pearson.items()},
        "quantile_returns": [float(mean_returns.loc[q, "1D"]) for q in range(1, quantiles + 1)],
    }))


if __name__ == "__main__":
    main()
