"""Warm-start a model on a raw table: text columns, gaps, no preprocessing by hand.

A copy of scikit-learn's diabetes data with its sex column as text, an age band as a
pandas category and a few missing values, as a table straight from a CSV looks.
``rank_families`` ranks the estimator families for it from the shipped knowledge (223
earlier tasks); ``warm_started_model`` returns the top family behind the preprocessing
the knowledge measured it with, configured from the most similar earlier tasks; and
``MetaSearchCV`` tunes that pipeline starting from those tasks' best configurations.

Run: python examples/warm_start_raw_table.py
"""

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.datasets import load_diabetes
from sklearn.model_selection import cross_val_score

import skmeta
from skmeta.defaults import family_estimator, rank_families, warm_started_model

X, y = load_diabetes(return_X_y=True, as_frame=True, scaled=False)
X = X.assign(
    sex=np.where(X["sex"] == 1, "female", "male"),
    age_band=pd.cut(X["age"], [0, 30, 45, 60, 100], labels=["<30", "30-45", "45-60", "60+"]),
)
X.loc[X.sample(frac=0.05, random_state=0).index, "bmi"] = np.nan

print(rank_families(X, y)[["family", "score"]].round(3).to_string(index=False))

# unfitted: MetaDefaultRegressor(pipeline of the top family), its fits reproducible
model = warm_started_model(X, y, random_state=0)
family = type(model.estimator.steps[-1][1]).__name__
default = clone(model.estimator)  # the same pipeline with scikit-learn's defaults
for label, estimator in ((f"{family}, scikit-learn's defaults", default), ("warm-started", model)):
    print(f"{label:<40} CV R² {cross_val_score(estimator, X, y, cv=5).mean():.3f}")
print("configuration:", model.fit(X, y).suggested_params_)

search = skmeta.MetaSearchCV(
    family_estimator("hist_gradient_boosting", "regression", X), n_iter=8, random_state=0
).fit(X, y)
print(f"MetaSearchCV (8 candidates), gradient boosting: best CV R² {search.best_score_:.3f}")
