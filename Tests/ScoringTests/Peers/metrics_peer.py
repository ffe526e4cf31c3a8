"""Peer for MetricsTests: the same metrics computed by scikit-learn and scipy.

Usage: metrics_peer.py DATA.csv
DATA.csv has the header score,label,probability,x,y. Prints one JSON object whose numbers are
float.hex() strings, so that the Swift side reads back exactly the Double Python computed.
"""

import csv
import inspect
import json
import sys
import warnings

import numpy as np
import scipy.stats
import sklearn
from sklearn.calibration import _sigmoid_calibration
from sklearn.metrics import brier_score_loss, log_loss, roc_auc_score


def hexed(value):
    return float(value).hex()


def proba_keyword(function):
    # scikit-learn 1.9 renamed y_pred/y_prob to y_proba; passing the old positional name warns.
    parameters = inspect.signature(function).parameters
    return "y_proba" if "y_proba" in parameters else None


def call_probabilistic(function, y, p):
    keyword = proba_keyword(function)
    return function(y, **{keyword: p}) if keyword else function(y, p)


def platt_loss_gradient_hessian(a, b, z, t):
    """Platt's objective in the standardised score z, with its gradient and Hessian."""
    margin = a * z + b
    # log(1 + exp(margin)) - t * margin, written without overflow.
    loss = np.sum(np.logaddexp(0.0, margin) - t * margin)
    p = 1.0 / (1.0 + np.exp(margin))  # probability of the positive class
    residual = t - p
    gradient = np.array([np.sum(z * residual), np.sum(residual)])
    weight = p * (1.0 - p)
    hessian = np.array([[np.sum(z * z * weight), np.sum(z * weight)], [np.sum(z * weight), np.sum(weight)]])
    return loss, gradient, hessian


def polished_platt(scores, labels, a0, b0):
    """Newton's method from scikit-learn's answer until the step is at rounding level.

    scikit-learn stops L-BFGS at a gradient of 1e-6, which leaves the parameters a few digits short;
    this carries them to the optimum so that the Swift fit can be held to a tight tolerance.
    """
    positives = float(np.sum(labels > 0))
    negatives = len(labels) - positives
    t = np.where(labels > 0, (positives + 1) / (positives + 2), 1 / (negatives + 2))
    centre = scores.mean()
    scale = scores.std()
    if not scale > 0:
        scale = 1.0
    z = (scores - centre) / scale
    a, b = a0 * scale, b0 + a0 * centre
    loss, gradient, hessian = platt_loss_gradient_hessian(a, b, z, t)
    for _ in range(100):
        step = -np.linalg.solve(hessian, gradient)
        length = 1.0
        while length > 1e-12:
            new_loss, new_gradient, new_hessian = platt_loss_gradient_hessian(
                a + length * step[0], b + length * step[1], z, t
            )
            if new_loss <= loss:
                break
            length /= 2
        else:
            break
        a, b = a + length * step[0], b + length * step[1]
        loss, gradient, hessian = new_loss, new_gradient, new_hessian
        if max(abs(length * step[0]) / max(1, abs(a)), abs(length * step[1]) / max(1, abs(b))) < 1e-15:
            break
    return a / scale, b - a * centre / scale


def main():
    with open(sys.argv[1], newline="") as handle:
        rows = list(csv.DictReader(handle))
    column = lambda name: np.array([float(row[name]) for row in rows], dtype=np.float64)
    score, label, probability, x, y = (column(name) for name in ("score", "label", "probability", "x", "y"))

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        a, b = _sigmoid_calibration(score, label)
        polished_a, polished_b = polished_platt(score, label, a, b)
        result = {
            "sklearn_version": sklearn.__version__,
            "roc_auc": hexed(roc_auc_score(label, score)),
            "log_loss": hexed(call_probabilistic(log_loss, label, probability)),
            "brier": hexed(call_probabilistic(brier_score_loss, label, probability)),
            "pearson": hexed(scipy.stats.pearsonr(x, y).statistic),
            "spearman": hexed(scipy.stats.spearmanr(x, y).statistic),
            "ranks_x": [hexed(rank) for rank in scipy.stats.rankdata(x)],
            "platt_a": hexed(a),
            "platt_b": hexed(b),
            "polished_platt_a": hexed(polished_a),
            "polished_platt_b": hexed(polished_b),
        }
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
