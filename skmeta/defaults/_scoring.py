"""The knowledge's metrics as scikit-learn scorers, and the other way round.

A knowledge base ranks configurations by one of its metrics (accuracy, ROC AUC, log
loss; R², RMSE); a search or a few-shot selection scores them with a scikit-learn
``scoring``. These helpers keep the two the same measure: the metric a scorer name
measures, and the scorer that measures a metric as the knowledge's builds do.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..utils._typing import MatrixLike

__all__ = ["SCORER_METRICS", "knowledge_scoring", "metric_for_scoring", "ovr_auc_score"]

#: scikit-learn scorer names -> the knowledge metric they measure
SCORER_METRICS = {
    "accuracy": "accuracy",
    "roc_auc": "roc_auc",
    "roc_auc_ovr": "roc_auc",
    "neg_log_loss": "log_loss",
    "r2": "r2",
    "neg_root_mean_squared_error": "rmse",
    "neg_mean_squared_error": "rmse",
}


def metric_for_scoring(scoring: Any, refit: Any = None) -> str | None:
    """The knowledge metric that ``scoring`` measures, or None when it names none.

    A scorer name (``'roc_auc'``), or with several metrics (a list or dict), the one
    ``refit`` names; a callable or an unmapped name (``'f1_macro'``) measures no
    knowledge metric.
    """
    name = scoring
    if isinstance(scoring, (list, tuple, set)):
        name = refit if isinstance(refit, str) and refit in scoring else None
    elif isinstance(scoring, dict):
        name = scoring.get(refit) if isinstance(refit, str) else None
    return SCORER_METRICS.get(name) if isinstance(name, str) else None


def knowledge_scoring(metric: str) -> str | Callable | None:
    """The few-shot ``scoring`` that measures the knowledge metric ``metric``.

    None (the estimator's own ``score``) for accuracy and R²; scikit-learn's scorers for
    log loss and RMSE; :func:`ovr_auc_score` for ROC AUC, as the builds compute it.
    """
    return {
        "accuracy": None,
        "r2": None,
        "roc_auc": ovr_auc_score,
        "log_loss": "neg_log_loss",
        "rmse": "neg_root_mean_squared_error",
    }.get(metric)


def ovr_auc_score(estimator: Any, X: MatrixLike, y: Any) -> float:
    """ROC AUC of a fitted classifier as the knowledge's builds compute it.

    One AUC for two classes; for more, the mean of the one-vs-rest AUCs over the
    classes present in ``y`` (both ways). Class probabilities when the estimator
    gives them, otherwise its decision function (an ``SVC`` without probability
    estimates), so it scores every family of the knowledge.

    Parameters
    ----------
    estimator : fitted classifier
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)

    Returns
    -------
    float
        NaN when ``y`` holds a single class.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.svm import SVC
    >>> from skmeta.defaults._scoring import ovr_auc_score
    >>> X, y = load_iris(return_X_y=True)
    >>> round(ovr_auc_score(SVC().fit(X, y), X, y), 3)
    0.997
    """
    from ..knowledge._build import _ovr_auc

    classes = np.asarray(estimator.classes_)
    if hasattr(estimator, "predict_proba"):
        S = np.asarray(estimator.predict_proba(X), dtype=float)
    else:
        d = np.asarray(estimator.decision_function(X), dtype=float)
        S = np.column_stack([-d, d]) if d.ndim == 1 else d
    y = np.asarray(y)
    # the test rows' class codes; a class the fit never saw is a negative for all
    codes = np.searchsorted(classes, y).clip(0, classes.size - 1)
    codes = np.where(classes[codes] == y, codes, -1)
    return _ovr_auc(codes, S)
