"""A meta-learned start: architecture, initial weights, step sizes, input scaling."""

from __future__ import annotations

import json
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .. import __version__
from ..utils._checks import is_int
from ..utils._npz import file_pair, npz_payload, read_npz, write_pair
from ..utils._typing import ArrayLike, Estimator, PathLike_
from ._models import BatchedMLP

__all__ = ["LearnedStart", "StartFileError"]

SCHEMA = "skmeta.learned-start"
# 2: the regression target's standardization (y_mean, y_scale); 3: the column names
SCHEMA_VERSION = 3


class StartFileError(ValueError):
    """A saved learned start is corrupt, tampered with, or from a newer schema."""


#: The most inner gradient steps a start is meta-trained for and carries: a bound that
#: keeps a tampered file from making a warm-started fit run for ever.
MAX_STEPS = 100_000


class LearnedStart:
    """Where a model of a task family should start, and how big its steps should be.

    Made by the meta-trainers (``MAMLRegressor(...).fit(X, y, groups).start_``) and
    consumed by :class:`WarmStartRegressor` / :class:`WarmStartClassifier`, or exported
    to scikit-learn's ``SGD*`` and ``MLP*`` estimators.

    Parameters
    ----------
    model : BatchedMLP
        The architecture (and loss).
    params : list of ndarray
        ``[W1, b1, W2, b2, ...]`` of one task, on standardized inputs.
    step_sizes : list of ndarray
        Inner step size per parameter (0-d: one per layer; else per parameter).
    n_steps : int
        Inner gradient steps the start was meta-trained for (at most 100,000).
    x_mean, x_scale : ndarray of shape (n_features,)
        Input standardization (pooled over the meta-training tasks).
    classes : ndarray or None, default=None
        Class labels (classification) in output order.
    algorithm : str, default=''
        The meta-trainer that learned it ('maml', 'fomaml', 'metasgd', 'reptile'; ''
        when unknown), kept for the record in saved files.
    y_mean, y_scale : float, default=0.0 and 1.0
        Target standardization of a regression start (pooled over the meta-training
        tasks): the model fits ``(y - y_mean) / y_scale``, and its outputs are mapped
        back. Classification starts keep the defaults.
    feature_names : array-like of str or None, default=None
        The names of the meta-training columns (a DataFrame's), in order. When set,
        the warm-started estimators refuse a DataFrame whose columns differ from them
        (other names, or another order), and warn on an ``X`` without column names.

    Examples
    --------
    >>> import numpy as np
    >>> from skmeta.fewshot import BatchedMLP, LearnedStart
    >>> model = BatchedMLP(2, 1)
    >>> start = LearnedStart(model, [np.ones((2, 1)), np.zeros(1)], [np.array(0.1)] * 2, 5,
    ...                      np.zeros(2), np.ones(2))
    >>> start.predict_raw(np.array([[1.0, 2.0]]))
    array([[3.]])
    """

    def __init__(
        self,
        model: BatchedMLP,
        params: Sequence[ArrayLike],
        step_sizes: Sequence[ArrayLike],
        n_steps: int,
        x_mean: ArrayLike,
        x_scale: ArrayLike,
        classes: ArrayLike | None = None,
        algorithm: str = "",
        y_mean: float = 0.0,
        y_scale: float = 1.0,
        feature_names: ArrayLike | None = None,
    ) -> None:
        if not isinstance(model, BatchedMLP):
            raise TypeError(f"model must be a BatchedMLP; got {type(model).__name__}.")
        if not is_int(n_steps) or not 0 <= n_steps <= MAX_STEPS:
            raise ValueError(f"n_steps must be an int in [0, {MAX_STEPS:,}]; got {n_steps!r}.")
        self.model = model
        self.params = [np.asarray(p, dtype=np.float64) for p in params]
        self.step_sizes = [np.asarray(a, dtype=np.float64) for a in step_sizes]
        self.n_steps = int(n_steps)
        self.x_mean = np.asarray(x_mean, dtype=np.float64)
        self.x_scale = np.asarray(x_scale, dtype=np.float64)
        self.classes = None if classes is None else np.asarray(classes)
        self.algorithm = algorithm
        self.y_mean = float(y_mean)
        self.y_scale = float(y_scale)
        self.feature_names = (
            None if feature_names is None else np.asarray(feature_names, dtype=object)
        )
        self._validate()

    def _validate(self):
        shapes = self.model.shapes
        if len(self.params) != len(shapes) or len(self.step_sizes) != len(shapes):
            raise ValueError(
                f"A start of this architecture has {len(shapes)} parameter arrays; got "
                f"{len(self.params)} parameters and {len(self.step_sizes)} step sizes."
            )
        for i, (p, a, s) in enumerate(zip(self.params, self.step_sizes, shapes, strict=True)):
            if p.shape != s:
                raise ValueError(f"Parameter {i} has shape {p.shape}; the architecture needs {s}.")
            if a.shape not in ((), s):
                raise ValueError(f"Step size {i} has shape {a.shape}; expected () or {s}.")
            if not (np.isfinite(p).all() and np.isfinite(a).all()):
                raise ValueError(f"Parameter or step size {i} is not finite.")
        d = self.model.n_features
        if self.x_mean.shape != (d,) or self.x_scale.shape != (d,):
            raise ValueError(f"x_mean and x_scale must have shape ({d},).")
        if not (np.isfinite(self.x_mean).all() and (self.x_scale > 0).all()):
            raise ValueError("x_mean must be finite and x_scale positive.")
        if not (np.isfinite(self.y_mean) and np.isfinite(self.y_scale) and self.y_scale > 0):
            raise ValueError("y_mean must be finite and y_scale positive and finite.")
        names = self.feature_names
        if names is not None and not (
            names.shape == (d,) and all(isinstance(n, str) for n in names) and len(set(names)) == d
        ):
            raise ValueError(f"feature_names must be {d} distinct str, one per column.")
        if self.model.loss != "squared_error":
            n_classes = 2 if self.model.loss == "log_loss" else self.model.n_outputs
            if self.classes is None or len(self.classes) != n_classes:
                raise ValueError(f"A classification start needs {n_classes} class labels.")
            if self.classes.ndim != 1 or len(np.unique(self.classes)) != n_classes:
                raise ValueError(
                    f"The class labels of a start must be distinct; got {self.classes.tolist()}."
                )
        elif self.classes is not None:
            raise ValueError(
                f"A regression start has no class labels; got {self.classes.tolist()}."
            )

    def __repr__(self) -> str:
        # shown in the estimators' reprs and in a search's cv_results_ params
        hidden = tuple(int(h) for h in self.model.hidden_layer_sizes)
        steps = f"{self.n_steps} step{'s' if self.n_steps != 1 else ''}"
        outputs = "" if self.classes is None else f", {len(self.classes)} classes"
        named = "" if self.feature_names is None else ", named columns"
        return (
            f"LearnedStart({self.algorithm or 'unknown'}, {self.n_features} features"
            f"{named}, hidden {hidden}, {self.model.loss}{outputs}, {steps})"
        )

    @property
    def n_features(self) -> int:
        return self.model.n_features

    def check_features(self, X: np.ndarray) -> None:
        """Raise ValueError unless ``X`` has the number of features of meta-training."""
        if X.shape[1] != self.n_features:
            raise ValueError(
                f"X has {X.shape[1]} features, but the learned start was meta-trained on "
                f"{self.n_features} features."
            )

    def check_feature_names(self, names: ArrayLike | None) -> None:
        """Compare the column names of an ``X`` (None: it has none) with those of
        meta-training: a ValueError when they differ (the weights of one column would
        meet another's values), a UserWarning when ``X`` has none but the start has."""
        if self.feature_names is None:
            return
        expected = self.feature_names.tolist()
        if names is None:
            warnings.warn(
                "X has no column names, but the learned start was meta-trained on columns "
                f"named {_some(expected)}; X's columns are taken to be those, in that order.",
                UserWarning,
                stacklevel=3,
            )
            return
        got = [str(n) for n in names]
        if got == expected:
            return
        missing = [n for n in expected if n not in got]
        unexpected = [n for n in got if n not in expected]
        if not missing and not unexpected:
            detail = (
                "they are the same columns in another order; select them in the start's "
                "order, X[start.feature_names]"
            )
        else:
            detail = ", ".join(
                f"{what} {_some(which)}"
                for what, which in (("missing", missing), ("unexpected", unexpected))
                if which
            )
        raise ValueError(
            f"X's columns differ from those the learned start was meta-trained on: {detail}."
        )

    def scale(self, X: ArrayLike) -> np.ndarray:
        """``X`` standardized with the meta-training tasks' feature means and scales."""
        return (X - self.x_mean) / self.x_scale

    def scale_target(self, y: ArrayLike) -> np.ndarray:
        """A regression target in the model's units, ``(y - y_mean) / y_scale``."""
        return (np.asarray(y, dtype=np.float64) - self.y_mean) / self.y_scale

    def unscale_output(self, out: np.ndarray) -> np.ndarray:
        """The model's outputs in the target's units (regression; logits stay as they are)."""
        return out * self.y_scale + self.y_mean if self.model.loss == "squared_error" else out

    def predict_raw(self, X: ArrayLike) -> np.ndarray:
        """Outputs of the start itself (no adaptation) on raw inputs: (n_rows, n_outputs);
        for regression in the target's units."""
        self.check_feature_names(_column_names(X))
        return self._predict_raw(X)

    def _predict_raw(self, X: ArrayLike) -> np.ndarray:
        # for callers that checked X's column names themselves (validate_data)
        X = np.asarray(X, dtype=np.float64)
        self.check_features(X)
        batch = [p[None] for p in self.params]
        return self.unscale_output(self.model.predict_raw(batch, self.scale(X)[None])[0])

    def folded_params(self, params: Sequence[np.ndarray] | None = None) -> list[np.ndarray]:
        """The parameters (the start's, or ``params`` of its architecture, e.g. adapted
        ones) with the input standardization folded into the first layer and, for
        regression, the target's into the last: a model of raw data."""
        params = self.params if params is None else params
        W1, b1 = params[0], params[1]
        W = W1 / self.x_scale[:, None]
        b = b1 - (self.x_mean / self.x_scale) @ W1
        folded = [W, b, *[p.copy() for p in params[2:]]]
        if self.model.loss == "squared_error":
            folded[-2] = folded[-2] * self.y_scale
            folded[-1] = folded[-1] * self.y_scale + self.y_mean
        return folded

    # ------------------------------------------------------------ exports
    def sgd_init(self) -> dict:
        """``coef_init`` and ``intercept_init`` for ``SGDClassifier`` / ``SGDRegressor``.

        Only for a start without hidden layers; the scaling is folded in, so the
        arguments apply to raw inputs.
        """
        if self.model.hidden_layer_sizes:
            raise ValueError("Only a start without hidden layers maps onto an SGD* model.")
        W, b = self.folded_params()
        if self.model.loss == "squared_error":
            return {"coef_init": W[:, 0].copy(), "intercept_init": b.copy()}
        return {"coef_init": W.T.copy(), "intercept_init": b.copy()}

    def init_mlp(self, estimator: Estimator, X: ArrayLike, y: ArrayLike) -> Estimator:
        """Set a scikit-learn ``MLPRegressor``/``MLPClassifier`` to start from these weights.

        The estimator is initialized by one throw-away iteration on ``(X, y)`` (which
        creates scikit-learn's internal state), then its weights are replaced by the
        learned start and ``warm_start`` is switched on: the next ``fit`` continues from
        the learned start. Returns the estimator.
        """
        from sklearn.base import clone
        from sklearn.neural_network import MLPClassifier, MLPRegressor

        regression = self.model.loss == "squared_error"
        wanted_class = MLPRegressor if regression else MLPClassifier
        if not isinstance(estimator, wanted_class):
            raise TypeError(
                f"A {'regression' if regression else 'classification'} start initializes an "
                f"{wanted_class.__name__}; got {type(estimator).__name__}."
            )
        if not self.model.hidden_layer_sizes:
            raise ValueError("An MLP start needs at least one hidden layer.")
        wanted = tuple(int(h) for h in self.model.hidden_layer_sizes)
        given = tuple(int(h) for h in np.atleast_1d(estimator.hidden_layer_sizes))
        if given != wanted:
            raise ValueError(
                f"The estimator's hidden_layer_sizes {given} differ from the start's {wanted}."
            )
        if estimator.activation != self.model.activation:
            raise ValueError(
                f"The estimator's activation {estimator.activation!r} differs from the start's "
                f"{self.model.activation!r}."
            )
        self.check_feature_names(_column_names(X))
        X = np.asarray(X, dtype=np.float64)
        self.check_features(X)
        max_iter = estimator.max_iter
        est = clone(estimator).set_params(max_iter=1, warm_start=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            est.fit(X, y)
        if not regression and not np.array_equal(est.classes_, self.classes):
            # the output layer has one unit per class of the start, in its order
            raise ValueError(
                f"y has the classes {est.classes_.tolist()}, but the start was meta-trained "
                f"on {self.classes.tolist()}; an MLP continues from it only with all of them."
            )
        folded = self.folded_params()
        est.coefs_ = [w.copy() for w in folded[0::2]]
        est.intercepts_ = [b.copy() for b in folded[1::2]]
        est.set_params(max_iter=max_iter)
        estimator.__dict__.update(est.__dict__)
        return estimator

    # ------------------------------------------------------------ storage
    def save(self, path: PathLike_) -> Path:
        """Write ``start.json`` and ``start.npz`` into the directory ``path``."""
        arrays = {f"param{i}": p for i, p in enumerate(self.params)}
        arrays.update({f"step{i}": a for i, a in enumerate(self.step_sizes)})
        arrays.update(x_mean=self.x_mean, x_scale=self.x_scale)
        payload, digest = npz_payload(arrays)
        doc = {
            "schema": SCHEMA,
            "version": SCHEMA_VERSION,
            "skmeta_version": __version__,
            "model": self.model.to_dict(),
            "n_steps": self.n_steps,
            "algorithm": self.algorithm,
            "classes": None if self.classes is None else self.classes.tolist(),
            "y_mean": self.y_mean,
            "y_scale": self.y_scale,
            "feature_names": None if self.feature_names is None else self.feature_names.tolist(),
            "arrays": {k: list(v.shape) for k, v in arrays.items()},
            "npz_sha256": digest,
        }
        return write_pair(path, "start", "a learned start", doc, payload)

    @classmethod
    def load(cls, path: PathLike_) -> LearnedStart:
        """Read a start written by :meth:`save`; every inconsistency is a StartFileError."""
        json_path, npz_path = file_pair(path, "start", "a learned start", StartFileError)
        try:
            doc = json.loads(json_path.read_text())
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise StartFileError(f"{json_path} is not valid JSON: {exc}") from None
        if not isinstance(doc, dict) or doc.get("schema") != SCHEMA:
            raise StartFileError(f"{json_path} is not a skmeta learned start.")
        if not isinstance(doc.get("version"), int) or doc["version"] > SCHEMA_VERSION:
            raise StartFileError(
                f"{json_path} has schema version {doc.get('version')!r}; this skmeta reads up "
                f"to {SCHEMA_VERSION}."
            )
        arrays = read_npz(npz_path, json_path, doc, StartFileError, allow_nan=False)
        try:
            model = BatchedMLP(
                int(doc["model"]["n_features"]),
                int(doc["model"]["n_outputs"]),
                tuple(doc["model"]["hidden_layer_sizes"]),
                doc["model"]["activation"],
                doc["model"]["loss"],
            )
            n = len(model.shapes)
            return cls(
                model,
                [arrays[f"param{i}"] for i in range(n)],
                [arrays[f"step{i}"] for i in range(n)],
                doc["n_steps"],
                arrays["x_mean"],
                arrays["x_scale"],
                _stored_classes(doc.get("classes")),
                doc.get("algorithm", ""),
                # version 1 starts fit the raw target
                *((float(doc["y_mean"]), float(doc["y_scale"])) if doc["version"] >= 2 else ()),
                # version 2 and earlier starts hold no column names
                **({"feature_names": doc["feature_names"]} if doc["version"] >= 3 else {}),
            )
        except StartFileError:
            raise
        except (KeyError, TypeError, ValueError) as exc:
            raise StartFileError(f"{path} holds an invalid learned start: {exc}") from None


def _stored_classes(classes: Any) -> np.ndarray | None:
    """A saved start's class labels, all of one JSON type as a fit leaves them."""
    if classes is None:
        return None
    if not isinstance(classes, list) or len({type(c) for c in classes}) > 1:
        raise ValueError(f"the class labels must be a list of one type; got {classes!r}")
    if classes and not isinstance(classes[0], int | float | str):
        raise ValueError(f"class labels are numbers or strings; got {classes!r}")
    return np.asarray(classes)


def _some(names: list[str], shown: int = 5) -> str:
    """The first names of a list, and how many more there are."""
    more = f" and {len(names) - shown} more" if len(names) > shown else ""
    return f"{names[:shown]}{more}"


def _column_names(X: object) -> np.ndarray | None:
    """A DataFrame's column names when all are str (scikit-learn's rule), else None."""
    columns = getattr(X, "columns", None)
    if columns is None or not all(isinstance(c, str) for c in columns):
        return None
    return np.asarray(list(columns), dtype=object)
