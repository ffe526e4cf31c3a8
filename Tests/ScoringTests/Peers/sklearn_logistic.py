"""Peer for LogisticTests: scikit-learn's LogisticRegression(solver="lbfgs") on data the Swift side
has already standardised, so that both fit exactly the same numbers.

Usage: sklearn_logistic.py DATA.csv FIT [FIT ...]
DATA.csv has a header of feature names then "label", one row per sample, standardised values
(missing already imputed as 0) and a 0/1 label. Each FIT is "C:CLASS_WEIGHT" with CLASS_WEIGHT
"none" or "balanced". Prints one JSON list with an object per FIT: C, class_weight, coef, intercept
and n_iter. JSON writes floats with repr, which reads back as exactly the same Double.
"""

import json
import sys
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression


def main(arguments):
    if len(arguments) < 2:
        sys.exit(__doc__)
    data = np.loadtxt(arguments[0], delimiter=",", skiprows=1, dtype=np.float64, ndmin=2)
    features, labels = data[:, :-1], data[:, -1].astype(np.int64)
    results = []
    for fit in arguments[1:]:
        c_text, weight_text = fit.split(":")
        class_weight = None if weight_text == "none" else weight_text
        with warnings.catch_warnings():
            # A fit that stops short would make the comparison meaningless: fail loudly instead.
            warnings.simplefilter("error", ConvergenceWarning)
            model = LogisticRegression(
                C=float(c_text), solver="lbfgs", tol=1e-10, max_iter=100000, class_weight=class_weight
            ).fit(features, labels)
        results.append({
            "C": float(c_text),
            "class_weight": weight_text,
            "coef": [float(value) for value in model.coef_[0]],
            "intercept": float(model.intercept_[0]),
            "n_iter": int(model.n_iter_[0]),
        })
    print(json.dumps(results))


if __name__ == "__main__":
    main(sys.argv[1:])
