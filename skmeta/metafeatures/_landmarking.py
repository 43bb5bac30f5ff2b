"""Landmarking meta-features: cross-validated performance of three cheap learners.

OpenML's landmarkers (Pfahringer, Bensusan & Giraud-Carrier, "Meta-learning by
landmarking various learning algorithms", ICML 2000) under OpenML's names: naive
Bayes (``NaiveBayes*``), a depth-1 decision tree (``DecisionStump*``) and 1-nearest
neighbour (``kNN1N*``), each with error rate, AUC (one-vs-rest, weighted by class
prevalence, as Weka reports it) and Cohen's kappa, from 10-fold stratified CV.

OpenML runs Weka's learners; these are scikit-learn's (Gaussian naive Bayes on
one-hot encoded nominal attributes, ``DecisionTreeClassifier(max_depth=1)``, 1-NN on
standardized attributes), so values are close to but not identical with OpenML's.
Missing numeric values are imputed with the column mean. Classification only (NaN
for regression). The group costs 30 model fits, so it is optional; tasks with more
than ``max_samples`` rows are subsampled (stratified, seeded) first.
"""

from __future__ import annotations

import warnings

import numpy as np
from scipy import sparse

from ._prepare import PreparedTask

__all__ = ["NAMES", "compute_landmarking"]

_LEARNERS = ("NaiveBayes", "DecisionStump", "kNN1N")
NAMES = tuple(f"{learner}{m}" for learner in _LEARNERS for m in ("ErrRate", "AUC", "Kappa"))

MAX_SAMPLES = 10_000


#: The landmarkers fit on a dense copy of the sampled rows of a sparse X; larger ones
#: are refused rather than risk the memory.
MAX_DENSE_CELLS = 20_000_000


def _design_matrix(task: PreparedTask, rows: np.ndarray) -> np.ndarray:
    num = task.data.numeric[rows]
    if sparse.issparse(num):
        if num.shape[0] * num.shape[1] > MAX_DENSE_CELLS:
            raise ValueError(
                f"The landmarking meta-features fit on a dense copy of the sampled rows; "
                f"for this sparse X that is {num.shape[0]} x {num.shape[1]} cells, more than "
                f"{MAX_DENSE_CELLS:,}. Leave 'landmarking' out of groups."
            )
        num = num.toarray()
    if num.size:
        peak = np.nanmax(np.abs(num), initial=0.0)
        if peak > 2.0**500 or 0.0 < peak < 2.0**-500:
            # squares and sums of such values overflow (or vanish) in the learners: NaN
            # probabilities; a power of two rescales them exactly, and the learners do
            # not depend on it
            num = num * 2.0 ** -np.ceil(np.log2(peak))
        means = np.nanmean(np.where(np.isnan(num).all(axis=0), 0.0, num), axis=0)
        num = np.where(np.isnan(num), means, num)
    codes = task.data.categorical[rows]
    levels = task.data.n_levels
    offsets = task.data.level_offsets
    onehot = np.zeros((rows.size, int(levels.sum())))
    present = codes >= 0
    r = np.nonzero(present)[0]
    onehot[r, (codes + offsets)[present]] = 1.0
    return np.hstack([num, onehot])


def compute_landmarking(task: PreparedTask, *, random_state=0, max_samples=MAX_SAMPLES):
    """Compute the landmarking group (NaN for regression)."""
    if not task.is_classification:
        return dict.fromkeys(NAMES, np.nan)
    from sklearn.metrics import cohen_kappa_score, roc_auc_score
    from sklearn.model_selection import KFold, StratifiedKFold, cross_val_predict
    from sklearn.naive_bayes import GaussianNB
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.tree import DecisionTreeClassifier
    from sklearn.utils import check_random_state

    rng = check_random_state(random_state)
    n_classes = task.class_counts.size
    if n_classes < 2:
        # one class: every learner is trivially right; AUC and kappa are undefined
        return {name: (0.0 if name.endswith("ErrRate") else np.nan) for name in NAMES}
    rows = np.arange(task.n_samples)
    if rows.size > max_samples:
        from sklearn.model_selection import train_test_split

        rows, _ = train_test_split(
            rows, train_size=max_samples, stratify=task.y, random_state=rng.randint(2**31)
        )
        rows = np.sort(rows)
    X = _design_matrix(task, rows)
    y = task.y[rows]
    smallest = np.bincount(y, minlength=n_classes)
    smallest = smallest[smallest > 0].min()
    seed = rng.randint(2**31)
    if smallest >= 2:
        cv = StratifiedKFold(n_splits=int(min(10, smallest)), shuffle=True, random_state=seed)
    else:
        cv = KFold(n_splits=int(min(10, y.size)), shuffle=True, random_state=seed)
    learners = {
        "NaiveBayes": GaussianNB(),
        "DecisionStump": DecisionTreeClassifier(max_depth=1, random_state=seed),
        "kNN1N": make_pipeline(StandardScaler(), KNeighborsClassifier(n_neighbors=1)),
    }
    labels = np.arange(n_classes)
    out: dict[str, float] = {}
    for name, learner in learners.items():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            proba = cross_val_predict(learner, X, y, cv=cv, method="predict_proba")
        # columns of proba follow the classes present in y
        present_classes = np.unique(y)
        pred = present_classes[np.argmax(proba, axis=1)]
        out[f"{name}ErrRate"] = float(np.mean(pred != y))
        kappa = cohen_kappa_score(y, pred, labels=labels)
        out[f"{name}Kappa"] = float(kappa) if np.isfinite(kappa) else 0.0
        if present_classes.size == 2:
            auc = roc_auc_score(y, proba[:, 1])
        else:
            auc = roc_auc_score(
                y, proba, multi_class="ovr", average="weighted", labels=present_classes
            )
        out[f"{name}AUC"] = float(auc)
    return {name: out[name] for name in NAMES}
