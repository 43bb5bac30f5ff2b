"""MetaSearchCV: a hyperparameter search that starts from what worked on similar tasks."""

from __future__ import annotations

import numbers
import os

import numpy as np
from sklearn.base import is_classifier
from sklearn.model_selection import ParameterSampler
from sklearn.model_selection._search import BaseSearchCV

from ..knowledge import KnowledgeBase
from ..utils._compat import Interval, StrOptions

__all__ = ["MetaSearchCV"]


class MetaSearchCV(BaseSearchCV):
    """Warm-started hyperparameter search over the knowledge's space for ``estimator``.

    The first ``n_warm`` candidates are the configurations that did best on the most
    similar known tasks (as :func:`skmeta.suggest` ranks them); the remaining
    ``n_iter - n_warm`` are drawn from :class:`MetaPrior`'s distributions, which mix the
    neighbourhood's good regions with the plain space (``uniform_weight``). Everything
    else -- CV, ``scoring``, ``refit``, ``n_jobs``, ``cv_results_``, ``best_params_`` --
    is scikit-learn's ``BaseSearchCV``.

    Parameters
    ----------
    estimator : estimator
        Of a family the knowledge covers.
    knowledge : 'default', path or KnowledgeBase, default='default'
    n_iter : int, default=32
        Candidates in all.
    n_warm : int, default=8
        Warm-start candidates evaluated first.
    strategy : {'hybrid', 'nearest', 'portfolio', 'surrogate'}, default='hybrid'
    n_neighbors : int, default=10
    min_advantage : float in [0, 1] or 'auto', default='auto'
        As in :class:`MetaDefaultClassifier` (it decides the first warm candidate).
    uniform_weight : float, default=0.2
    scoring, n_jobs, refit, cv, verbose, pre_dispatch, error_score, return_train_score
        As in ``RandomizedSearchCV``.
    random_state : int, RandomState instance or None, default=None

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.neighbors import KNeighborsClassifier
    >>> from skmeta import MetaSearchCV
    >>> from skmeta.knowledge import build_knowledge
    >>> from skmeta.tasks import load_sklearn_dataset
    >>> kb = build_knowledge([load_sklearn_dataset(n) for n in ("wine", "breast_cancer")],
    ...                      ["k_neighbors"], n_configs=8, verbose=0)
    >>> X, y = load_iris(return_X_y=True)
    >>> search = MetaSearchCV(KNeighborsClassifier(), knowledge=kb, n_iter=6, n_warm=3,
    ...                       random_state=0).fit(X, y)
    >>> len(search.cv_results_["params"])
    6
    """

    _parameter_constraints: dict = {
        **BaseSearchCV._parameter_constraints,
        "knowledge": [str, os.PathLike, KnowledgeBase],
        "n_iter": [Interval(numbers.Integral, 1, None, closed="left")],
        "n_warm": [Interval(numbers.Integral, 0, None, closed="left")],
        "strategy": [StrOptions({"hybrid", "nearest", "portfolio", "surrogate"})],
        "n_neighbors": [Interval(numbers.Integral, 1, None, closed="left")],
        "min_advantage": [Interval(numbers.Real, 0, 1, closed="both"), StrOptions({"auto"})],
        "uniform_weight": [Interval(numbers.Real, 0, 1, closed="both")],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        estimator,
        *,
        knowledge="default",
        n_iter=32,
        n_warm=8,
        strategy="hybrid",
        n_neighbors=10,
        min_advantage="auto",
        uniform_weight=0.2,
        scoring=None,
        n_jobs=None,
        refit=True,
        cv=None,
        verbose=0,
        pre_dispatch="2*n_jobs",
        random_state=None,
        error_score=np.nan,
        return_train_score=False,
    ):
        super().__init__(
            estimator=estimator,
            scoring=scoring,
            n_jobs=n_jobs,
            refit=refit,
            cv=cv,
            verbose=verbose,
            pre_dispatch=pre_dispatch,
            error_score=error_score,
            return_train_score=return_train_score,
        )
        self.knowledge = knowledge
        self.n_iter = n_iter
        self.n_warm = n_warm
        self.strategy = strategy
        self.n_neighbors = n_neighbors
        self.min_advantage = min_advantage
        self.uniform_weight = uniform_weight
        self.random_state = random_state

    def fit(self, X, y=None, **params):
        """Run the warm-started search on (X, y); see ``RandomizedSearchCV.fit``."""
        import pandas as pd
        from sklearn.utils.validation import check_array

        if not isinstance(X, pd.DataFrame):  # DataFrames keep their categorical columns
            # the meta-features need a dense numeric table: reject anything else early,
            # with scikit-learn's own messages
            X = check_array(X, accept_sparse=False, ensure_all_finite="allow-nan")
        self._search_data = (X, y)
        try:
            return super().fit(X, y, **params)
        finally:
            del self._search_data

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = False  # meta-features are computed on dense tables
        return tags

    def _run_search(self, evaluate_candidates):
        from ._meta_default import space_params
        from ._prior import MetaPrior
        from ._suggest import suggest

        X, y = self._search_data
        kind = "classification" if is_classifier(self.estimator) else "regression"
        n_warm = min(self.n_warm, self.n_iter)
        if n_warm:
            warm = suggest(
                X,
                y,
                self.estimator,
                k=n_warm,
                knowledge=self.knowledge,
                strategy=self.strategy,
                n_neighbors=self.n_neighbors,
                min_advantage=self.min_advantage,
                kind=kind,
            )
            evaluate_candidates([space_params(None, c) for c in warm.configs])
        rest = self.n_iter - n_warm
        if rest:
            prior = MetaPrior(
                self.estimator,
                knowledge=self.knowledge,
                n_neighbors=self.n_neighbors,
                uniform_weight=self.uniform_weight,
            ).fit(X, y, kind=kind)
            sampler = ParameterSampler(
                prior.param_distributions_, rest, random_state=self.random_state
            )
            evaluate_candidates([space_params(None, p) for p in sampler])
