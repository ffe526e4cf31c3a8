"""The scoring benchmark's Python peers, one library per process so that peak memory is its own.

usage: scoring_peers.py --library lightgbm|xgboost|sklearn --train F --test F --trees N --leaves N --threads N --kind gbdt|logistic

Reads the same ARMATRIX files AlphaRadar reads, trains with the same parameters (lr 0.1, 255 bins,
leaf-wise growth where the library has it), and prints one line of JSON: train time (binning
included), test AUC, batch predict time, single-row latency and peak RSS.
"""
import argparse
import json
import resource
import struct
import time

import numpy as np
from sklearn.metrics import roc_auc_score


def read_armx(path):
    with open(path, "rb") as file:
        assert file.read(8) == b"ARMATRIX"
        version, rows, features, has_labels = struct.unpack("<IQIB", file.read(17))
        for _ in range(features + has_labels):
            (length,) = struct.unpack("<I", file.read(4))
            file.read(length)
        x = np.fromfile(file, dtype="<f4", count=rows * features).reshape(features, rows).T
        y = np.fromfile(file, dtype="<f4", count=rows) if has_labels else None
    return np.ascontiguousarray(x), y


def single_row_microseconds(predict, x):
    rows = [x[i:i + 1] for i in range(200)]
    samples = []
    for _ in range(3):
        start = time.perf_counter()
        for row in rows:
            predict(row)
        samples.append((time.perf_counter() - start) / len(rows) * 1e6)
    return sorted(samples)[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--library", required=True)
    parser.add_argument("--train", required=True)
    parser.add_argument("--test", required=True)
    parser.add_argument("--trees", type=int, default=200)
    parser.add_argument("--leaves", type=int, default=63)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--kind", default="gbdt")
    args = parser.parse_args()
    train_x, train_y = read_armx(args.train)
    test_x, test_y = read_armx(args.test)
    result = {"kind": args.kind}
    if args.kind == "logistic":
        from sklearn.linear_model import LogisticRegression
        from sklearn.preprocessing import StandardScaler
        import sklearn
        start = time.perf_counter()
        scaler = StandardScaler().fit(np.nan_to_num(train_x, nan=0.0))
        mean = np.nanmean(train_x, axis=0)
        filled = np.where(np.isnan(train_x), mean, train_x)
        scaler = StandardScaler().fit(filled)
        model = LogisticRegression(C=1.0, solver="lbfgs").fit(scaler.transform(filled), train_y)
        result["trainSeconds"] = time.perf_counter() - start
        scores = model.decision_function(scaler.transform(np.where(np.isnan(test_x), mean, test_x)))
        result["library"] = f"scikit-learn {sklearn.__version__} lbfgs"
    elif args.library == "lightgbm":
        import lightgbm as lgb
        params = {"objective": "binary", "num_leaves": args.leaves, "learning_rate": 0.1, "max_bin": 255,
                  "num_threads": args.threads, "verbosity": -1, "seed": 0}
        start = time.perf_counter()
        booster = lgb.train(params, lgb.Dataset(train_x, train_y), num_boost_round=args.trees)
        result["trainSeconds"] = time.perf_counter() - start
        start = time.perf_counter()
        scores = booster.predict(test_x, raw_score=True, num_threads=args.threads)
        result["predictSeconds"] = time.perf_counter() - start
        result["singleRowMicroseconds"] = single_row_microseconds(lambda row: booster.predict(row, raw_score=True, num_threads=1), test_x)
        result["library"] = f"LightGBM {lgb.__version__}"
    elif args.library == "xgboost":
        import xgboost as xgb
        params = {"objective": "binary:logistic", "tree_method": "hist", "grow_policy": "lossguide", "max_leaves": args.leaves,
                  "max_depth": 0, "eta": 0.1, "max_bin": 255, "nthread": args.threads, "min_child_weight": 1e-3}
        start = time.perf_counter()
        booster = xgb.train(params, xgb.DMatrix(train_x, train_y, nthread=args.threads), num_boost_round=args.trees)
        result["trainSeconds"] = time.perf_counter() - start
        start = time.perf_counter()
        scores = booster.predict(xgb.DMatrix(test_x, nthread=args.threads), output_margin=True)
        result["predictSeconds"] = time.perf_counter() - start
        result["singleRowMicroseconds"] = single_row_microseconds(lambda row: booster.inplace_predict(row), test_x)
        result["library"] = f"XGBoost {xgb.__version__} hist lossguide"
    elif args.library == "sklearn":
        import sklearn
        from sklearn.ensemble import HistGradientBoostingClassifier
        from threadpoolctl import threadpool_limits
        with threadpool_limits(limits=args.threads):
            model = HistGradientBoostingClassifier(max_iter=args.trees, max_leaf_nodes=args.leaves, learning_rate=0.1,
                                                   max_bins=255, early_stopping=False, random_state=0)
            start = time.perf_counter()
            model.fit(train_x, train_y)
            result["trainSeconds"] = time.perf_counter() - start
            start = time.perf_counter()
            scores = model.decision_function(test_x)
            result["predictSeconds"] = time.perf_counter() - start
            result["singleRowMicroseconds"] = single_row_microseconds(model.decision_function, test_x)
        result["library"] = f"scikit-learn {sklearn.__version__} HistGradientBoosting"
    else:
        raise SystemExit(f"unknown library {args.library}")
    result["testAUC"] = roc_auc_score(test_y, scores)
    result["peakRSSMiB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


if __name__ == "__main__":
    main()
