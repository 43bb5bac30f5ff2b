"""MetaSearchCV: a hyperparameter search that starts from what worked on similar tasks."""

from __future__ import annotations

import inspect
import numbers
import os
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
from sklearn.base import clone, is_classifier
from sklearn.model_selection import ParameterSampler
from sklearn.model_selection._search import BaseSearchCV

from ..knowledge import KnowledgeBase
from ..spaces._space import _key
from ..utils._checks import add_distinct
from ..utils._compat import Interval, StrOptions, _search_estimator_has
from ..utils._fitted import replaces_fit
from ..utils._parallel import one_thread_per_fit
from ..utils._typing import ArrayLike, Estimator, MatrixLike, PathLike_, RandomStateLike

__all__ = ["MetaSearchCV"]


class MetaSearchCV(BaseSearchCV):
    """Warm-started hyperparameter search over the knowledge's space for ``estimator``.

    The search runs in three parts:

    1. The ``n_warm`` configurations ranked first for the dataset's meta-features (as
       :func:`skmeta.suggest` ranks them: the nearest tasks' choice, then a portfolio).
    2. ``n_adaptive`` more of the knowledge's configurations, chosen in rounds of
       ``batch_size``: each round takes those ranked best by the known tasks whose
       scores on the configurations tried so far correlate best with the scores
       observed here (active testing, :func:`skmeta.strategies.rank_by_observed`; the
       ``n_alike`` most alike tasks).
    3. The rest, ``n_iter - n_warm - n_adaptive``, drawn from :class:`MetaPrior`-style
       distributions, which mix good regions of known tasks with the plain space
       (``uniform_weight``): with ``prior='observed'`` the regions of the tasks that
       respond most alike (as in part 2), with ``prior='metafeatures'`` (or when the
       scores cannot tell tasks apart) those of the ``n_neighbors`` nearest tasks by
       meta-features, exactly :class:`MetaPrior`. They also fill in when the knowledge's
       configurations run out.

    Everything else -- CV, ``scoring``, ``refit``, ``n_jobs``, ``cv_results_``,
    ``best_params_`` -- is scikit-learn's ``BaseSearchCV``. The adaptive rounds follow
    ``mean_test_score`` (with several metrics, the ``refit`` one; with several and no
    named ``refit``, the meta-feature ranking is kept). ``n_warm=8,
    n_adaptive=0, prior='metafeatures'`` is the search skmeta had before the adaptive
    rounds: the warm start, then :class:`MetaPrior`; ``n_warm=4, n_adaptive=12,
    batch_size=4`` the search with adaptive rounds until the defaults changed on the
    evidence of ``benchmarks/results/experiment_search_shape.txt``.

    Parameters
    ----------
    estimator : estimator or Pipeline
        Of a family the knowledge covers, or a ``Pipeline`` ending in one (the
        candidates then set its final step's parameters), or a wrapper holding one
        (``TransformedTargetRegressor``, ``CalibratedClassifierCV``, one-vs-rest,
        one-vs-one). Search-space parameters it sets away from scikit-learn's
        defaults are kept: the search tunes the others (``kept_params_``).
    knowledge : 'default', path or KnowledgeBase, default='default'
        The knowledge shipped with skmeta, a saved directory, or a loaded one.
    n_iter : int, default=32
        Candidates in all, no two alike: a draw from the prior equal to a candidate
        already evaluated is left out (k-NN's space of integers and choices repeated
        a quarter of 40 draws); fewer, with a warning, when the draws run out of new
        configurations.
    n_warm : int, default=2
        Warm-start candidates evaluated first. Two leave more of the search to the
        adaptive rounds, which follow the scores observed on the data: with four, the
        search took longer to reach random search's best of 32
        (``benchmarks/results/experiment_search_shape.txt``).
    strategy : {'hybrid', 'nearest', 'portfolio', 'surrogate'}, default='hybrid'
        How the warm-start candidates are ranked (as in :class:`MetaDefaultClassifier`).
    n_neighbors : int, default=10
        Nearest tasks by meta-features: they rank the warm-start candidates (as
        :func:`skmeta.suggest` does with its ``n_neighbors``) and anchor the prior with
        ``prior='metafeatures'``. Ranking by 20, suggest's default, did not reach
        random search's best sooner (``benchmarks/results/experiment_search_shape.txt``).
    n_alike : int, default=10
        Known tasks whose scores respond most alike to the ones observed: they rank
        each adaptive round's candidates and anchor the prior with
        ``prior='observed'``.
    min_advantage : float in [0, 1] or 'auto', default='auto'
        As in :class:`MetaDefaultClassifier` (it decides the first warm candidate).
    n_adaptive : int, default=14
        Knowledge configurations chosen by the scores observed so far (part 2).
    batch_size : int, default=1
        Candidates per adaptive round. One uses every score before choosing the next
        candidate, so that ``n_jobs`` then runs a candidate's CV folds in parallel; a
        larger round also runs its candidates in parallel, at the cost of choosing
        them on fewer scores (with ``n_jobs=2`` and 5 folds, rounds of one took 8%
        more wall time than rounds of four for a random forest on 1,000 rows:
        ``benchmarks/bench_search_rounds.py``).
    prior : {'observed', 'metafeatures'}, default='observed'
        Which known tasks anchor the prior of part 3.
    uniform_weight : float in [0, 1], default=0.2
        Share of the prior's draws from the plain (uniform) space.
    metric : str, default=None
        Knowledge metric the configurations are ranked and compared by (as in
        :class:`MetaDefaultClassifier`). None: the one ``scoring`` measures (with
        several, the ``refit`` one), when the knowledge has it: 'roc_auc' for
        ``scoring='roc_auc'`` or ``'roc_auc_ovr'``, 'log_loss' for 'neg_log_loss',
        'rmse' for 'neg_root_mean_squared_error' or 'neg_mean_squared_error'; else
        'accuracy' or 'r2'.
    scoring : str, callable, list, tuple or dict, default=None
        As in ``RandomizedSearchCV`` (None: the estimator's ``score``).
    n_jobs : int, default=None
        Jobs evaluating a round's candidates and CV folds in parallel. Each fit runs
        with BLAS / OpenMP on one thread, here and in the workers, so ``cv_results_``
        is the same for any ``n_jobs``.
    refit : bool, str or callable, default=True
        As in ``RandomizedSearchCV``: refit the best candidate on the whole data.
    cv : int, cross-validation generator or iterable, default=None
        As in ``RandomizedSearchCV`` (None: 5-fold, stratified for classifiers).
    verbose : int, default=0
        As in ``RandomizedSearchCV``; above 0, each round of evaluations is announced
        with where its candidates come from (see ``candidate_sources_``).
    pre_dispatch : int or str, default='2*n_jobs'
        As in ``RandomizedSearchCV``.
    random_state : int, RandomState instance or None, default=None
        Seeds the prior's draws, and what ``estimator`` leaves to chance: every
        ``random_state`` of it (of its steps and inner estimators too) that is None is
        set to this seed in every candidate and the refit, so that the search gives the
        same results every time (as in :class:`MetaDefaultClassifier`; seeds
        ``estimator`` sets are kept). None leaves them open.
    error_score : 'raise' or float, default=np.nan
        Score of a candidate whose fit fails (as in ``RandomizedSearchCV``).
    return_train_score : bool, default=False
        Also score the training folds (as in ``RandomizedSearchCV``).
    categorical_features : array-like of bool, int or str, or str, default=None
        Columns of ``X`` that hold categories, counted as nominal by the meta-features;
        as in :class:`MetaDefaultClassifier`.

    Attributes
    ----------
    cv_results_ : dict of numpy (masked) ndarrays
        One entry per candidate, in the order evaluated (as ``RandomizedSearchCV``).
    best_estimator_ : estimator
        The best candidate refitted on the whole data (when ``refit``).
    best_score_ : float
        Mean cross-validated score of the best candidate.
    best_params_ : dict
        Parameters of the best candidate.
    best_index_ : int
        Index of the best candidate in ``cv_results_``.
    candidate_sources_ : ndarray of str
        Where each candidate of ``cv_results_`` came from: ``'warm'`` (the
        configurations ranked first for this dataset), ``'adaptive'`` (knowledge
        configurations picked by the scores observed so far) or ``'prior'`` (drawn
        from the learned prior).
    metafeatures_ : dict
        The dataset's meta-features.
    neighbors_ : list of (str, float)
        The nearest known tasks and their distances, as ``suggest`` gives them.
    kept_params_ : dict
        The search-space parameters ``estimator`` sets away from scikit-learn's
        defaults; the candidates leave them as they are (knowledge configurations that
        differ only in those are evaluated once).

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
        "n_alike": [Interval(numbers.Integral, 1, None, closed="left")],
        "min_advantage": [Interval(numbers.Real, 0, 1, closed="both"), StrOptions({"auto"})],
        "n_adaptive": [Interval(numbers.Integral, 0, None, closed="left")],
        "batch_size": [Interval(numbers.Integral, 1, None, closed="left")],
        "prior": [StrOptions({"observed", "metafeatures"})],
        "uniform_weight": [Interval(numbers.Real, 0, 1, closed="both")],
        "metric": [None, str],
        "random_state": ["random_state"],
        "categorical_features": ["array-like", str, None],
    }

    def _validate_params(self):
        from ._meta_default import validate_params_with_hint

        validate_params_with_hint(self)

    def __init__(
        self,
        estimator: Estimator,
        *,
        knowledge: str | PathLike_ | KnowledgeBase = "default",
        n_iter: int = 32,
        n_warm: int = 2,
        strategy: str = "hybrid",
        n_neighbors: int = 10,
        n_alike: int = 10,
        min_advantage: float | str = "auto",
        n_adaptive: int = 14,
        batch_size: int = 1,
        prior: str = "observed",
        uniform_weight: float = 0.2,
        metric: str | None = None,
        scoring: str | Callable | list | tuple | dict | None = None,
        n_jobs: int | None = None,
        refit: bool | str | Callable = True,
        cv: int | Any | None = None,
        verbose: int = 0,
        pre_dispatch: int | str = "2*n_jobs",
        random_state: RandomStateLike = None,
        error_score: float | str = np.nan,
        return_train_score: bool = False,
        categorical_features: ArrayLike | str | None = None,
    ) -> None:
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
        self.n_alike = n_alike
        self.min_advantage = min_advantage
        self.n_adaptive = n_adaptive
        self.batch_size = batch_size
        self.prior = prior
        self.uniform_weight = uniform_weight
        self.metric = metric
        self.random_state = random_state
        self.categorical_features = categorical_features

    @replaces_fit
    def fit(self, X: MatrixLike, y: ArrayLike | None = None, **params: Any) -> MetaSearchCV:
        """Run the warm-started search on (X, y); see ``RandomizedSearchCV.fit``."""
        import pandas as pd
        from sklearn.utils import assert_all_finite, column_or_1d
        from sklearn.utils.validation import _num_samples, check_array

        from ..utils._seeds import fit_seed, seeded
        from ..utils._tabular import (
            as_pandas_frame,
            check_group_labels,
            check_one_target,
            refuse_missing_target,
        )
        from ._meta_default import (
            _takes_sparse,
            refuse_empty_columns_for_boosting,
            refuse_text_columns,
            refuse_unweighted,
        )

        self._validate_params()  # before the estimator is looked at
        X = as_pandas_frame(X)  # a polars or Arrow frame: searched as its pandas equivalent
        if y is not None:
            check_one_target(y)  # several targets: refused, with the wrapper that takes them
            if len(getattr(y, "shape", ())) == 2:  # a column: one target, with the warning
                y = column_or_1d(y, warn=True)
        if y is not None and is_classifier(self.estimator):
            from ..utils._tabular import check_classification_labels

            labels = np.asarray(y)
            if labels.dtype.kind == "f":
                # gaps and infinities named before the splitter's choice of folds casts
                # the labels to integers (NumPy's warning, then scikit-learn's error)
                refuse_missing_target(np.isnan(labels))
                assert_all_finite(labels, input_name="y")
            check_classification_labels(y)  # before the splitter sorts the labels
        if not isinstance(X, pd.DataFrame):  # DataFrames keep their categorical columns
            # the meta-features need a numeric table (sparse if the estimator takes it):
            # reject anything else early, with scikit-learn's own messages
            X = check_array(
                X, accept_sparse=_takes_sparse(self.estimator), ensure_all_finite="allow-nan"
            )
        # what every candidate's fit would fail on, said once, before any fit
        refuse_text_columns(self.estimator, X)
        refuse_empty_columns_for_boosting(self.estimator, X)
        refuse_unweighted(self.estimator, params)
        if params.get("groups") is not None:  # missing or unsortable labels, named
            params["groups"] = check_group_labels(params["groups"], _num_samples(X))
        self._search_data = (X, y)
        self._fit_params = params  # the rows' weights among them weigh the description
        # BaseSearchCV clones self.estimator for every candidate and the refit: the seeded
        # clone stands in for it during the search, and the one given is put back
        given = self.estimator
        self.estimator = seeded(clone(given), fit_seed(self.random_state))
        try:
            return super().fit(X, y, **params)
        finally:
            self.estimator = given
            del self._search_data, self._fit_params

    def __sklearn_tags__(self):
        from ._meta_default import _with_input_tags_of

        # sparse matrices and NaN as the estimator takes them (the meta-features take both)
        tags = _with_input_tags_of(super().__sklearn_tags__(), self.estimator)
        # one target column, as the meta-features and the knowledge describe tasks
        # (BaseSearchCV copies the estimator's classifier tags, not its target tags)
        if tags.classifier_tags is not None:
            tags.classifier_tags.multi_label = False
        return tags

    def _run_search(self, evaluate_candidates):
        from ..strategies import rank_by_observed
        from ..strategies._strategies import _alike_tasks
        from ._meta_default import (
            _helper_for,
            _warn_if_unscaled,
            describe,
            kept_params,
            row_weights,
            space_params,
        )
        from ._prior import MetaPrior
        from ._scoring import metric_for_scoring

        X, y = self._search_data
        kind = "classification" if is_classifier(self.estimator) else "regression"
        kind, helper = _helper_for(
            self.estimator,
            y,
            kind,
            knowledge=self.knowledge,
            strategy=self.strategy,
            n_neighbors=self.n_neighbors,
            min_advantage=self.min_advantage,
            metric=self.metric,
        )
        # with no metric named, the one the search's scoring measures, if known
        kb, _, key, space, metric = helper._table(metric_for_scoring(self.scoring, self.refit))
        _warn_if_unscaled(space, self.estimator, X)
        strategy = helper._fitted_strategy(kb, key, metric)
        metafeatures = describe(
            X, y, kind, self.estimator, self.categorical_features, row_weights(self._fit_params)
        )
        ranking = strategy.rank(metafeatures)
        order = ranking.order
        self.metafeatures_ = metafeatures
        self.neighbors_ = ranking.neighbors
        configs = kb.configs(key)
        kept = kept_params(self.estimator, space)
        self.kept_params_ = kept
        searched = [name for name in space.param_names if name not in kept]
        if not searched:
            warnings.warn(
                f"{space.name} sets every parameter of its search space ({sorted(kept)}) "
                "away from scikit-learn's defaults; they are kept, so the search has only "
                "that configuration to evaluate. Leave the parameters to search at their "
                "defaults.",
                UserWarning,
                stacklevel=3,
            )
        n_warm = min(self.n_warm, self.n_iter, order.size)
        n_table = min(n_warm + self.n_adaptive, self.n_iter, order.size)
        tried, rows, sources, state = [], [], [], {"results": {}, "n": 0}
        seen = {}  # a knowledge configuration's searched values -> its row in cv_results_
        evaluated = set()  # every candidate's parameters, as spaces' _key gives them

        what = {
            "warm": "ranked first for this dataset",
            "adaptive": "picked from the knowledge by the scores so far",
            "prior": "drawn from the learned prior",
        }

        def run(candidates, source="prior"):
            if self.verbose > 0:  # before scikit-learn's "Fitting k folds for each of ..."
                first, last = state["n"] + 1, state["n"] + len(candidates)
                span = f"evaluation {first}" if first == last else f"evaluations {first}-{last}"
                print(f"[MetaSearchCV] {span} of {self.n_iter}: {what[source]}")
            with one_thread_per_fit():  # the same scores for any n_jobs
                state["results"] = evaluate_candidates(candidates)
            state["n"] += len(candidates)
            sources.extend([source] * len(candidates))
            evaluated.update(_key(c) for c in candidates)

        def run_table(indices, limit, source):
            """Evaluate up to ``limit`` of the knowledge configurations ``indices``, in
            order. With kept parameters, a configuration that differs from one already
            evaluated only in those is not run again: it counts as tried, with that
            one's scores."""
            candidates = []
            for i in indices:
                if len(candidates) == limit:
                    break
                config = {k: configs[int(i)][k] for k in searched}
                frozen = repr(sorted(config.items()))
                if frozen not in seen:
                    seen[frozen] = state["n"] + len(candidates)
                    candidates.append(space_params(self.estimator, config))
                tried.append(int(i))
                rows.append(seen[frozen])
            if candidates:
                run(candidates, source)

        def observed():
            """The mean scores of the knowledge configurations tried (None: nothing to
            follow yet, or several metrics without a named refit)."""
            column = _followed_column(state["results"], self.refit)
            if column is None or not tried:
                return None
            return np.asarray(state["results"][column], dtype=np.float64)[rows]

        if n_warm:
            run_table(order, n_warm, "warm")
        while state["n"] < n_table and len(tried) < order.size:
            scores = observed()
            if scores is None:
                nxt = order[~np.isin(order, tried)]
            else:
                nxt = rank_by_observed(
                    strategy.normalized_, tried, scores, order, n_tasks=self.n_alike
                )
            run_table(nxt, min(self.batch_size, n_table - state["n"]), "adaptive")
        if self.n_iter > state["n"] and (searched or not state["n"]):
            prior = MetaPrior(
                self.estimator,
                knowledge=self.knowledge,
                n_neighbors=self.n_neighbors,
                uniform_weight=self.uniform_weight,
            )
            scores = observed() if self.prior == "observed" else None
            alike = None
            if scores is not None:
                alike = _alike_tasks(strategy.normalized_, np.asarray(tried), scores, self.n_alike)
            if alike is None:  # MetaPrior's: the nearest tasks by meta-features
                distributions = prior._nearest(space, strategy, metafeatures)[0]
            else:
                distributions = prior._distributions(space, strategy, alike, np.ones(alike.size))
            distributions = {k: v for k, v in distributions.items() if k not in kept}
            drawn = _new_draws(
                distributions,
                self.n_iter - state["n"],
                self.random_state,
                lambda p: space_params(self.estimator, p),
                evaluated,
                self.n_iter,
            )
            if drawn:
                run(drawn)
        self.candidate_sources_ = np.array(sources, dtype=object)


def _taking_frames(name: str):
    """BaseSearchCV's method ``name``, given a polars or Arrow frame as the pandas
    frame ``fit`` searched with (scikit-learn 1.6's ``ColumnTransformer``, for one,
    refuses an Arrow table)."""
    from sklearn.utils.metaestimators import available_if

    from ..utils._tabular import as_pandas_frame

    def method(self, X: ArrayLike, *args: Any, **kwargs: Any) -> Any:
        return getattr(super(MetaSearchCV, self), name)(as_pandas_frame(X), *args, **kwargs)

    inherited = getattr(BaseSearchCV, name)
    method.__name__ = name
    method.__qualname__ = f"MetaSearchCV.{name}"
    method.__doc__ = inherited.__doc__
    # the inherited signature (scikit-learn's checks read it: y second in score), typed
    hints = {"X": "ArrayLike", "Xt": "ArrayLike", "y": "ArrayLike | None"}
    signature = inspect.signature(inherited)
    method.__signature__ = signature.replace(
        parameters=[
            p if p.name == "self" else p.replace(annotation=hints.get(p.name, "Any"))
            for p in signature.parameters.values()
        ],
        return_annotation="float" if name == "score" else "np.ndarray",
    )
    return available_if(_search_estimator_has(name))(method)


for _name in (
    "predict",
    "predict_proba",
    "predict_log_proba",
    "decision_function",
    "score_samples",
    "transform",
    "inverse_transform",
    "score",
):
    setattr(MetaSearchCV, _name, _taking_frames(_name))
del _name


# draws from the prior per candidate wanted before a small discrete space counts as
# exhausted
_DRAWS_PER_CANDIDATE = 20


def _new_draws(distributions, n, random_state, as_params, evaluated, n_iter) -> list:
    """Up to ``n`` candidates drawn from ``distributions`` (``ParameterSampler``'s
    draws, in its order, so a continuous space gives exactly its first ``n``), leaving
    out any equal to one in ``evaluated`` or drawn before: a space of few distinct
    configurations (k-NN's integers and choices) would otherwise spend evaluations
    on configurations already scored. Fewer than ``n`` when the draws run out of new
    ones, with a warning."""
    sampler = ParameterSampler(distributions, n * _DRAWS_PER_CANDIDATE, random_state=random_state)
    with warnings.catch_warnings():
        # a space of lists only: ParameterSampler warns that it holds fewer than asked
        warnings.simplefilter("ignore", UserWarning)
        drawn = (as_params(draw) for draw in sampler)
        out = add_distinct([], drawn, _key, set(evaluated), n)
    if len(out) < n:
        warnings.warn(
            f"The prior's draws ran out of configurations not yet evaluated: the search "
            f"evaluates {n_iter - n + len(out)} distinct candidates, fewer than "
            f"n_iter={n_iter}. The space searched holds few distinct configurations; "
            "lower n_iter.",
            UserWarning,
            stacklevel=4,
        )
    return out


def _followed_column(results, refit):
    """The ``cv_results_`` column of mean scores the adaptive phase follows, if any."""
    if "mean_test_score" in results:
        return "mean_test_score"
    if isinstance(refit, str) and f"mean_test_{refit}" in results:
        return f"mean_test_{refit}"
    return None
