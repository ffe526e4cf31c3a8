"""Trains a small LightGBM and a small XGBoost model on DIR/data.csv and saves them with each library's
own save_model, with the library's raw predictions on the same rows, for `radar model import`.

usage: export_models.py DIR
"""
import json
import os
import sys

import lightgbm as lgb
import numpy as np
import xgboost as xgb

directory = sys.argv[1]
table = np.genfromtxt(os.path.join(directory, "data.csv"), delimiter=",", names=True)
names = [name for name in table.dtype.names if name != "label"]
x = np.column_stack([table[name] for name in names]).astype(np.float32)
y = table["label"]
booster = lgb.train({"objective": "binary", "num_leaves": 15, "verbosity": -1, "num_threads": 1},
                    lgb.Dataset(x, y, feature_name=names), num_boost_round=20)
booster.save_model(os.path.join(directory, "lightgbm.txt"))
model = xgb.train({"objective": "binary:logistic", "tree_method": "hist", "max_depth": 4, "nthread": 1},
                  xgb.DMatrix(x, y, feature_names=names), num_boost_round=20)
model.save_model(os.path.join(directory, "xgboost.json"))
with open(os.path.join(directory, "expected.json"), "w") as file:
    json.dump({"lightgbm": booster.predict(x, raw_score=True).tolist(),
               "xgboost": model.predict(xgb.DMatrix(x, feature_names=names), output_margin=True).tolist()}, file)
