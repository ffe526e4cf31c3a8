"""LightGBM as the GBDT peer of the Scoring tests.

usage: lightgbm_peer.py prebinned DIR   -- pre-binned data, one tree, learning rate 1, 8 leaves
       lightgbm_peer.py auc DIR ROWS    -- ROWS training rows, 50 trees of 31 leaves, test AUC

Writes DIR/train.csv and DIR/test.csv (features f0..fN and a `label` column) and DIR/peer.json with
LightGBM's raw test predictions and test AUC, trained with the parameters the Swift test uses.
"""
import json
import os
import sys

import lightgbm as lgb
import numpy as np
from sklearn.datasets import make_classification
from sklearn.metrics import roc_auc_score


def write_csv(path, x, y):
    columns = [f"f{index}" for index in range(x.shape[1])] + ["label"]
    table = np.column_stack([x, y])
    np.savetxt(path, table, delimiter=",", header=",".join(columns), comments="", fmt="%.9g")


def main():
    mode, directory = sys.argv[1], sys.argv[2]
    if mode == "prebinned":
        # In the spirit of scikit-learn's test_compare_lightgbm: features reduced to a few integer
        # values, so both libraries bin them identically.
        x, y = make_classification(n_samples=12000, n_features=8, n_informative=5, random_state=0)
        x = np.column_stack([np.digitize(x[:, j], np.quantile(x[:, j], np.linspace(0, 1, 12 + j)[1:-1])) for j in range(x.shape[1])])
        x = x.astype(np.float64)
        trees, leaves, rate = 1, 8, 1.0
    else:
        rows = int(sys.argv[3])
        x, y = make_classification(n_samples=rows + 20000, n_features=20, n_informative=10, flip_y=0.05, random_state=7)
        rng = np.random.default_rng(7)
        for j in range(3):
            x[rng.random(x.shape[0]) < 0.05, j] = np.nan
        x = x.astype(np.float32).astype(np.float64)
        trees, leaves, rate = 50, 31, 0.1
    split = x.shape[0] - (2000 if mode == "prebinned" else 20000)
    train_x, train_y, test_x, test_y = x[:split], y[:split], x[split:], y[split:]
    write_csv(os.path.join(directory, "train.csv"), train_x, train_y)
    write_csv(os.path.join(directory, "test.csv"), test_x, test_y)
    params = {
        "objective": "binary", "num_leaves": leaves, "learning_rate": rate, "max_bin": 255,
        "min_data_in_leaf": 20, "min_sum_hessian_in_leaf": 1e-3, "lambda_l2": 0.0, "min_gain_to_split": 0.0,
        "feature_fraction": 1.0, "bagging_fraction": 1.0, "bagging_freq": 0, "num_threads": 1,
        "deterministic": True, "verbosity": -1, "seed": 0,
    }
    booster = lgb.train(params, lgb.Dataset(train_x, train_y), num_boost_round=trees)
    raw = booster.predict(test_x, raw_score=True)
    with open(os.path.join(directory, "peer.json"), "w") as file:
        json.dump({"raw": raw.tolist(), "auc": roc_auc_score(test_y, raw), "lightgbm": lgb.__version__}, file)


if __name__ == "__main__":
    main()
