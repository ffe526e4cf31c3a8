"""LightGBM as the peer of the LightGBM text-model import (LightGBMImportTests.swift).

usage: lightgbm_export.py binary DIR      -- objective binary, 30 trees of 31 leaves
       lightgbm_export.py regression DIR  -- objective regression (L2), 30 trees of 31 leaves
       lightgbm_export.py stump DIR       -- regression that cannot split: one tree with one leaf

Trains on scikit-learn data where columns 0-2 miss about 10% of their values (LightGBM gives their
splits missing type NaN) and column 3 misses none in training but about 10% at test time (its splits
get missing type None, which sends a missing value where 0 goes), and writes, into DIR:
  m.txt      -- the model, saved with booster.save_model("m.txt")
  test.csv   -- the test features f0..fN and a `label` column (float32 values, written so they read
                back bit-identically), then rows whose values sit on the model's split thresholds
                (see with_boundary_rows)
  peer.json  -- LightGBM's raw scores for every test row (predict(raw_score=True)), its TreeSHAP
                contributions (predict(pred_contrib=True)) for the first rows, and how many split
                nodes have each missing type (and how many None nodes on column 3 send 0, so a missing
                value, right although their default-left bit is set), so the Swift test can check each
                case was exercised.
"""
import json
import os
import sys

import lightgbm as lgb
import numpy as np
from sklearn.datasets import make_classification, make_regression

CONTRIB_ROWS = 25
TRAIN_ROWS = 6000


def write_csv(path, x, y):
    columns = [f"f{index}" for index in range(x.shape[1])] + ["label"]
    table = np.column_stack([x.astype(np.float64), y])
    # %.9g round-trips every float32 exactly; missing values are written as nan.
    np.savetxt(path, table, delimiter=",", header=",".join(columns), comments="", fmt="%.9g")


def with_missing(x, seed):
    rng = np.random.default_rng(seed)
    for column in [0, 1, 2]:
        x[rng.random(x.shape[0]) < 0.10, column] = np.nan
    # Column 3: complete in training, missing in about 10% of the test rows.
    test_rows = np.arange(x.shape[0]) >= TRAIN_ROWS
    x[test_rows & (rng.random(x.shape[0]) < 0.10), 3] = np.nan
    # The Swift side holds float32 features; LightGBM gets exactly these values (as float64).
    return x.astype(np.float32).astype(np.float64)


def missing_types(model_text):
    """Counts of split nodes by LightGBM missing type (decision_type bits 2-3), and of the None nodes
    on column 3 whose default-left bit is set although 0 (where a missing value goes) goes right."""
    counts = {"none": 0, "zero": 0, "nan": 0, "other": 0, "noneAgainstBit": 0}
    fields = {}
    for line in model_text.splitlines():
        key, _, value = line.partition("=")
        if key in ("split_feature", "threshold", "decision_type"):
            fields[key] = value.split()
        if key == "decision_type":
            for feature, threshold, kind in zip(fields["split_feature"], fields["threshold"], fields["decision_type"]):
                kind = int(kind)
                counts[["none", "zero", "nan", "other"][(kind >> 2) & 3]] += 1
                if (kind >> 2) & 3 == 0 and kind & 2 and float(threshold) < 0 and feature == "3":
                    counts["noneAgainstBit"] += 1
    return counts


def with_boundary_rows(x, y, model_text, limit=300):
    """The test rows followed by rows that sit on split thresholds: for split nodes of the model, a
    test row with the node's feature set to the float32 nearest its (float64) threshold and to the
    float32 values on either side. Where the nearest float32 lies above the threshold, LightGBM sends
    it right; a reader that rounded thresholds to the nearest float32 would send it left."""
    nodes = []
    fields = {}
    for line in model_text.splitlines():
        key, _, value = line.partition("=")
        if key in ("split_feature", "threshold"):
            fields[key] = value.split()
        if key == "decision_type":
            nodes += [(int(f), float(t)) for f, t in zip(fields["split_feature"], fields["threshold"])]
    rows, labels = [], []
    for index, (feature, threshold) in enumerate(nodes[:limit]):
        nearest = np.float32(threshold)
        for value in (np.nextafter(nearest, np.float32(-np.inf)), nearest, np.nextafter(nearest, np.float32(np.inf))):
            row = x[index % x.shape[0]].copy()
            row[feature] = value
            rows.append(row)
            labels.append(y[index % x.shape[0]])
    if not rows:
        return x, y
    return np.vstack([x, np.array(rows)]), np.concatenate([y, np.array(labels)])


def main():
    mode, directory = sys.argv[1], sys.argv[2]
    common = {
        "num_leaves": 31, "learning_rate": 0.1, "min_data_in_leaf": 20, "num_threads": 1,
        "deterministic": True, "verbosity": -1, "seed": 0,
    }
    if mode == "binary":
        x, y = make_classification(n_samples=8000, n_features=10, n_informative=6, flip_y=0.05, random_state=5)
        params = {"objective": "binary", **common}
        rounds = 30
    elif mode in ("regression", "stump"):
        x, y = make_regression(n_samples=8000, n_features=8, n_informative=5, noise=5.0, random_state=9)
        # A standardised target, as scores are.
        y = (y - y.mean()) / y.std()
        params = {"objective": "regression", **common}
        rounds = 30
        if mode == "stump":
            # No leaf can hold this many rows: the first tree keeps only the mean and training stops.
            params["min_data_in_leaf"] = 100000
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    x = with_missing(x, seed=5)

    names = [f"f{index}" for index in range(x.shape[1])]
    train_x, train_y, test_x, test_y = x[:TRAIN_ROWS], y[:TRAIN_ROWS], x[TRAIN_ROWS:], y[TRAIN_ROWS:]
    booster = lgb.train(params, lgb.Dataset(train_x, train_y, feature_name=names), num_boost_round=rounds)
    path = os.path.join(directory, "m.txt")
    booster.save_model(path)
    with open(path) as file:
        model_text = file.read()
    test_x, test_y = with_boundary_rows(test_x, test_y, model_text)
    write_csv(os.path.join(directory, "test.csv"), test_x, test_y)

    raw = booster.predict(test_x, raw_score=True)
    contribs = booster.predict(test_x[:CONTRIB_ROWS], pred_contrib=True)
    counts = missing_types(model_text)
    with open(os.path.join(directory, "peer.json"), "w") as file:
        json.dump({
            "raw": [float(value) for value in raw],
            "contribs": [[float(value) for value in row] for row in contribs],
            "noneNodes": counts["none"],
            "nanNodes": counts["nan"],
            "noneNodesOnColumn3SendingZeroRight": counts["noneAgainstBit"],
            "testNaNInCompleteColumn": int(np.isnan(test_x[:, 3]).sum()),
            "trees": booster.num_trees(),
            "lightgbm": lgb.__version__,
        }, file)


if __name__ == "__main__":
    main()
