"""Writes the scoring benchmark's data once, as ARMATRIX files both AlphaRadar and the Python peers read.

usage: make_scoring_data.py OUT_DIR [--train N] [--test N] [--features N] [--name NAME]

scikit-learn make_classification(n_informative=20 (or features/2.5), flip_y=0.05, random_state=7), then
5% NaN in 10 columns, float32. Files: OUT_DIR/NAME-train.armx and OUT_DIR/NAME-test.armx.
"""
import argparse
import os
import struct

import numpy as np
from sklearn.datasets import make_classification


def write_armx(path, x, y, names, label="label"):
    x = np.asarray(x, dtype="<f4")
    with open(path + ".tmp", "wb") as file:
        file.write(b"ARMATRIX")
        file.write(struct.pack("<IQIB", 1, x.shape[0], x.shape[1], 1))
        for name in names + [label]:
            encoded = name.encode("utf-8")
            file.write(struct.pack("<I", len(encoded)))
            file.write(encoded)
        np.asfortranarray(x).T.astype("<f4").tofile(file)  # column-major: feature by feature
        np.asarray(y, dtype="<f4").tofile(file)
    os.replace(path + ".tmp", path)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--train", type=int, default=1_000_000)
    parser.add_argument("--test", type=int, default=200_000)
    parser.add_argument("--features", type=int, default=50)
    parser.add_argument("--name", default="main")
    args = parser.parse_args()
    informative = 20 if args.features == 50 else max(2, int(args.features / 2.5))
    x, y = make_classification(n_samples=args.train + args.test, n_features=args.features, n_informative=informative,
                               flip_y=0.05, random_state=7)
    x = x.astype(np.float32)
    rng = np.random.default_rng(7)
    for column in range(10):
        x[rng.random(x.shape[0]) < 0.05, column] = np.nan
    names = [f"f{index}" for index in range(args.features)]
    os.makedirs(args.out, exist_ok=True)
    write_armx(os.path.join(args.out, f"{args.name}-train.armx"), x[:args.train], y[:args.train], names)
    write_armx(os.path.join(args.out, f"{args.name}-test.armx"), x[args.train:], y[args.train:], names)


if __name__ == "__main__":
    main()
