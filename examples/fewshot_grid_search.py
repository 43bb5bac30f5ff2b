"""Tune MAML's meta-settings with GridSearchCV over whole tasks, then warm-start a new task.

A family of related regression tasks (one per "site"): y = x @ w_site with site weights
scattered around a common vector. MAML learns where a linear model should start so that a
new site is fitted from 5 rows in 3 gradient steps. GridSearchCV tunes the inner step
size with GroupKFold, so every validation fold holds out whole sites; ``groups`` reaches
``fit`` and ``score`` through scikit-learn's metadata routing.

Run: python examples/fewshot_grid_search.py
"""

import numpy as np
import sklearn
from sklearn.model_selection import GridSearchCV, GroupKFold

from skmeta.fewshot import MAMLRegressor, WarmStartRegressor

rng = np.random.default_rng(0)
n_sites, rows = 60, 20
groups = np.repeat(np.arange(n_sites), rows)
W = np.array([2.0, -1.0, 0.5]) + 0.3 * rng.normal(size=(n_sites, 3))
X = rng.normal(size=(n_sites * rows, 3))
y = np.einsum("nd,nd->n", X, W[groups]) + 0.05 * rng.normal(size=len(groups))

sklearn.set_config(enable_metadata_routing=True)
search = GridSearchCV(
    MAMLRegressor(hidden_layer_sizes=(), inner_steps=3, meta_lr=0.05, n_iter=300, random_state=0),
    {"inner_lr": [0.01, 0.05, 0.2]},
    cv=GroupKFold(3),
)
search.fit(X, y, groups=groups)
print("best inner_lr:", search.best_params_["inner_lr"], "CV score:", round(search.best_score_, 3))

# a new site with 5 labelled rows
w_new = np.array([2.0, -1.0, 0.5]) + 0.3 * rng.normal(size=3)
X_new = rng.normal(size=(200, 3))
y_new = X_new @ w_new
start = search.best_estimator_.start_
warm = WarmStartRegressor(start).fit(X_new[:5], y_new[:5])
scratch = WarmStartRegressor(n_steps=3, step_size=0.2).fit(X_new[:5], y_new[:5])
print("R² on the new site, warm start:", round(warm.score(X_new[5:], y_new[5:]), 3))
print("R² on the new site, from zeros:", round(scratch.score(X_new[5:], y_new[5:]), 3))
