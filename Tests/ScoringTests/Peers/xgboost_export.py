"""XGBoost as the peer of the XGBoost JSON import (XGBoostImportTests.swift).

usage: xgboost_export.py binary DIR      -- binary:logistic, hist, lossguide, 31 leaves, 30 rounds
       xgboost_export.py regression DIR  -- reg:squarederror, exact, depth 6, pruned by gamma, 30 rounds

Trains on scikit-learn data with about 10% missing values in some columns and writes, into DIR:
  m.json     -- the model, saved with booster.save_model("m.json")
  test.csv   -- the test features f0..fN and a `label` column (float32 values, written so they read
                back bit-identically), then BOUNDARY_ROWS rows whose values sit exactly on the model's
                split thresholds, where XGBoost's `x < t` and a `x <= t` predictor part ways
  peer.json  -- XGBoost's raw margins for every test row (predict(output_margin=True)), its TreeSHAP
                contributions (predict(pred_contribs=True)) for the rows `contribRows`, and what the
                model holds (pruned nodes, single-leaf trees) so the Swift test can check the case was
                exercised.
"""
import json
import os
import sys

import numpy as np
import xgboost as xgb
from sklearn.datasets import make_classification, make_regression

CONTRIB_ROWS = 25
BOUNDARY_ROWS = 500


def write_csv(path, x, y):
    columns = [f"f{index}" for index in range(x.shape[1])] + ["label"]
    table = np.column_stack([x.astype(np.float64), y])
    # %.9g round-trips every float32 exactly; missing values are written as nan.
    np.savetxt(path, table, delimiter=",", header=",".join(columns), comments="", fmt="%.9g")


def with_missing(x, columns, seed):
    rng = np.random.default_rng(seed)
    for column in columns:
        x[rng.random(x.shape[0]) < 0.10, column] = np.nan
    # XGBoost compares float32 values; the CSV holds exactly these.
    return x.astype(np.float32)


def boundary_rows(trees, x, seed):
    """Copies of rows of x with most values replaced by split thresholds of their feature (float32)."""
    thresholds = {}
    for tree in trees:
        for node, left in enumerate(tree["left_children"]):
            if left != -1:
                thresholds.setdefault(tree["split_indices"][node], []).append(tree["split_conditions"][node])
    rng = np.random.default_rng(seed)
    rows = x[:BOUNDARY_ROWS].copy()
    for feature, values in thresholds.items():
        chosen = rng.random(BOUNDARY_ROWS) < 0.7
        rows[chosen, feature] = np.array(values, dtype=np.float32)[rng.integers(0, len(values), chosen.sum())]
    return rows


def main():
    mode, directory = sys.argv[1], sys.argv[2]
    if mode == "binary":
        x, y = make_classification(n_samples=8000, n_features=10, n_informative=6, flip_y=0.05, random_state=11)
        x = with_missing(x, [0, 1, 2], seed=11)
        params = {
            "objective": "binary:logistic", "tree_method": "hist", "grow_policy": "lossguide",
            "max_leaves": 31, "max_depth": 0, "learning_rate": 0.3, "nthread": 1, "seed": 0,
        }
        feature_names = None  # the saved model then has no feature names: the reader names them f0..fN-1
    elif mode == "regression":
        x, y = make_regression(n_samples=8000, n_features=8, n_informative=5, noise=5.0, random_state=3)
        x = with_missing(x, [0, 4], seed=3)
        # A standardised target, as scores are: margins stay within about +-5, where float32 (XGBoost
        # predicts in float32) resolves well below 1e-5. Raw make_regression targets reach +-300, where
        # one float32 step is 3e-5 and no absolute 1e-5 comparison can hold.
        y = (y - y.mean()) / y.std()
        # The exact updater followed by the pruner: a large gamma turns split nodes back into leaves and
        # leaves deleted nodes in the arrays, and late rounds become single-leaf trees.
        params = {
            "objective": "reg:squarederror", "tree_method": "exact", "max_depth": 6, "gamma": 2.0,
            "learning_rate": 0.3, "nthread": 1, "seed": 0,
        }
        feature_names = [f"f{index}" for index in range(x.shape[1])]
    else:
        raise SystemExit(f"unknown mode {mode!r}")

    split = 6000
    train_x, train_y, test_x, test_y = x[:split], y[:split], x[split:], y[split:]
    train = xgb.DMatrix(train_x, label=train_y, feature_names=feature_names)
    booster = xgb.train(params, train, num_boost_round=30)
    booster.save_model(os.path.join(directory, "m.json"))
    with open(os.path.join(directory, "m.json")) as file:
        trees = json.load(file)["learner"]["gradient_booster"]["model"]["trees"]

    test_x = np.vstack([test_x, boundary_rows(trees, test_x, seed=5)])
    test_y = np.concatenate([test_y, test_y[:BOUNDARY_ROWS]])
    write_csv(os.path.join(directory, "test.csv"), test_x, test_y)
    test = xgb.DMatrix(test_x, label=test_y, feature_names=feature_names)
    raw = booster.predict(test, output_margin=True)
    # Ordinary rows and rows on thresholds.
    contrib_rows = list(range(CONTRIB_ROWS)) + list(range(len(test_x) - CONTRIB_ROWS, len(test_x)))
    contribs = booster.predict(xgb.DMatrix(test_x[contrib_rows], feature_names=feature_names), pred_contribs=True)
    with open(os.path.join(directory, "peer.json"), "w") as file:
        json.dump({
            "raw": [float(value) for value in raw],
            "contribRows": contrib_rows,
            "boundaryRows": BOUNDARY_ROWS,
            "contribs": [[float(value) for value in row] for row in contribs],
            "deletedNodes": sum(int(tree["tree_param"]["num_deleted"]) for tree in trees),
            "singleLeafTrees": sum(1 for tree in trees if tree["left_children"][0] == -1),
            "xgboost": xgb.__version__,
        }, file)


if __name__ == "__main__":
    main()
