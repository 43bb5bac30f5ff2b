"""Warm starts keep what you set, and few-shot selection respects your groups.

Breast-cancer data with a class weighting chosen on purpose (``class_weight="balanced"``)
and rows that come from six sites. ``MetaDefaultClassifier`` keeps the weighting (it is
in ``kept_params_``) and takes only the regularization ``C`` from the most similar
earlier tasks; with ``n_candidates=4`` it cross-validates four such candidates on folds
that never split a site (``cv=GroupKFold(3)``, ``fit(..., groups=site)``).

Run: python examples/keep_your_settings.py
"""

import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skmeta import MetaDefaultClassifier

X, y = load_breast_cancer(return_X_y=True)
site = np.random.default_rng(0).integers(0, 6, size=len(y))  # where each row was measured

estimator = make_pipeline(StandardScaler(), LogisticRegression(class_weight="balanced"))
model = MetaDefaultClassifier(estimator, n_candidates=4, cv=GroupKFold(3))
model.fit(X, y, groups=site)

print("kept from your estimator:", model.kept_params_)
for candidate in model.candidates_:
    print(f"  C={candidate['params']['C']:<10g} CV accuracy by site {candidate['cv_score']:.4f}")
print("chosen:", model.suggested_params_)
