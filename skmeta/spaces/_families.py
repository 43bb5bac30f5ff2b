"""The search spaces of the supported scikit-learn estimator families.

Ranges are those a careful practitioner would search: rates, regularization strengths,
kernel widths and neighbourhood sizes on log scales, covering scikit-learn's default.
Parameters not listed stay at scikit-learn's defaults, so the default configuration of
a space is exactly the estimator's default.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .._names import FAMILIES
from ._space import Hyperparameter as H
from ._space import SearchSpace

__all__ = ["FAMILIES", "designed_configs", "get_space", "list_spaces"]


_ENSEMBLE = "sklearn.ensemble."


def _hgb(kind: str) -> SearchSpace:
    suffix = "Classifier" if kind == "classification" else "Regressor"
    return SearchSpace(
        family="hist_gradient_boosting",
        kind=kind,
        estimator=f"{_ENSEMBLE}HistGradientBoosting{suffix}",
        params=(
            H("learning_rate", "float", 0.01, 1.0, log=True),
            H("max_leaf_nodes", "int", 4, 256, log=True),
            H("min_samples_leaf", "int", 1, 128, log=True),
            H("l2_regularization", "float", 1e-8, 10.0, log=True),
            H("max_features", "float", 0.2, 1.0),
        ),
    )


def _forest(name: str, kind: str) -> SearchSpace:
    suffix = "Classifier" if kind == "classification" else "Regressor"
    cls = "RandomForest" if name == "random_forest" else "ExtraTrees"
    return SearchSpace(
        family=name,
        kind=kind,
        estimator=f"{_ENSEMBLE}{cls}{suffix}",
        params=(
            # 'sqrt' (the classifiers' default) sits where sqrt(p)/p is for p ~ 10-20
            H("max_features", "float", 0.05, 1.0, special={"sqrt": 0.25, "log2": 0.2}),
            H("min_samples_leaf", "int", 1, 32, log=True),
            H("min_samples_split", "int", 2, 32, log=True),
            H("bootstrap", "categorical", choices=(False, True)),
        ),
    )


def _linear(kind: str) -> SearchSpace:
    if kind == "classification":
        return SearchSpace(
            family="linear",
            kind=kind,
            estimator="sklearn.linear_model.LogisticRegression",
            params=(
                H("C", "float", 1e-4, 1e4, log=True),
                H("class_weight", "categorical", choices=(None, "balanced")),
            ),
            preprocessing="scale",
        )
    return SearchSpace(
        family="linear",
        kind=kind,
        estimator="sklearn.linear_model.Ridge",
        params=(H("alpha", "float", 1e-4, 1e4, log=True),),
        preprocessing="scale",
    )


def _svm(kind: str) -> SearchSpace:
    params = [
        H("C", "float", 1e-3, 1e3, log=True),
        # 'scale' is 1 / (n_features * Var(X)), i.e. 1 / n_features on standardized data
        H("gamma", "float", 1e-4, 10.0, log=True, special={"scale": 0.5}),
    ]
    if kind == "regression":
        params.append(H("epsilon", "float", 1e-3, 1.0, log=True))
    return SearchSpace(
        family="svm",
        kind=kind,
        estimator="sklearn.svm.SVC" if kind == "classification" else "sklearn.svm.SVR",
        params=tuple(params),
        preprocessing="scale",
    )


def _knn(kind: str) -> SearchSpace:
    suffix = "Classifier" if kind == "classification" else "Regressor"
    return SearchSpace(
        family="k_neighbors",
        kind=kind,
        estimator=f"sklearn.neighbors.KNeighbors{suffix}",
        params=(
            H("n_neighbors", "int", 1, 50, log=True),
            H("weights", "categorical", choices=("uniform", "distance")),
            H("p", "categorical", choices=(1, 2)),
        ),
        preprocessing="scale",
    )


def _mlp(kind: str) -> SearchSpace:
    suffix = "Classifier" if kind == "classification" else "Regressor"
    return SearchSpace(
        family="mlp",
        kind=kind,
        estimator=f"sklearn.neural_network.MLP{suffix}",
        params=(
            H("hidden_layer_sizes", "int", 16, 256, log=True, wrap="tuple"),
            H("alpha", "float", 1e-6, 1.0, log=True),
            H("learning_rate_init", "float", 1e-4, 0.1, log=True),
        ),
        preprocessing="scale",
    )


# short names people type for a family
ALIASES = {
    "hgb": "hist_gradient_boosting",
    "gbm": "hist_gradient_boosting",
    "rf": "random_forest",
    "et": "extra_trees",
    "knn": "k_neighbors",
    "svc": "svm",
    "svr": "svm",
    "logistic": "linear",
    "ridge": "linear",
}


def resolve_family(name: str) -> str:
    """A family from its name, a short name (rf, knn, ...; :data:`ALIASES`) or one of
    its scikit-learn estimators' class names (RandomForestClassifier, SVR, ...), in any
    case, with - or _; a ValueError naming what it takes otherwise."""
    if not isinstance(name, str):
        raise TypeError(f"A family is named by a str; got {type(name).__name__} {name!r}.")
    key = name.strip().lower().replace("-", "_")
    if key in FAMILIES:
        return key
    if key in ALIASES:
        return ALIASES[key]
    for family in FAMILIES:
        for kind in ("classification", "regression"):
            if key == get_space(family, kind).name.lower():
                return family
    raise ValueError(
        f"Unknown family {name!r}; give a family ({', '.join(FAMILIES)}), a short name "
        f"({', '.join(ALIASES)}) or a class name such as RandomForestClassifier."
    )


def check_families(families: str | Sequence[str]) -> list[str]:
    """``families`` as a list of family names, each once: one by name (or short name,
    or class name: :func:`resolve_family`), or several; a ValueError naming an unknown
    one, or none given."""
    if isinstance(families, str):
        families = [families]
    elif not isinstance(families, Iterable):
        raise TypeError(
            f"families must be a family's name or a list of them; got {type(families).__name__}."
        )
    chosen = list(dict.fromkeys(resolve_family(f) for f in families))
    if not chosen:
        raise ValueError(f"families must name some of {list(FAMILIES)}; got none.")
    return chosen


def get_space(family: str, kind: str) -> SearchSpace:
    """The search space of ``family`` for ``kind`` ('classification' or 'regression').

    Parameters
    ----------
    family : str
        One of :data:`FAMILIES`, a short name ('rf', 'knn', 'hgb', ...) or one of its
        estimators' class names ('RandomForestClassifier').
    kind : {'classification', 'regression'}
        The task kind: the estimator is the family's classifier or regressor.

    Returns
    -------
    SearchSpace

    Examples
    --------
    >>> from skmeta.spaces import get_space
    >>> get_space("random_forest", "regression").name
    'RandomForestRegressor'
    """
    if kind not in ("classification", "regression"):
        raise ValueError(f"kind must be 'classification' or 'regression'; got {kind!r}.")
    family = resolve_family(family)
    builders = {
        "hist_gradient_boosting": _hgb,
        "random_forest": lambda k: _forest("random_forest", k),
        "extra_trees": lambda k: _forest("extra_trees", k),
        "linear": _linear,
        "svm": _svm,
        "k_neighbors": _knn,
        "mlp": _mlp,
    }
    return builders[family](kind)


# Designed configurations: scikit-learn's default with one parameter moved to
# values practitioners reach for first. A random design of 48 points in four or five
# dimensions rarely lands near them: e.g. a regression forest with max_features 0.5-0.7
# and otherwise default settings, which FLAML's zero-shot configurations favour.
_FOREST_CLASSIFICATION = (
    {"max_features": 0.1},
    {"max_features": 0.333333},
    {"max_features": 0.5},
    {"max_features": 0.7},
    {"max_features": 1.0},
    {"min_samples_leaf": 2},
)
_FOREST_REGRESSION = (
    {"max_features": "sqrt"},
    {"max_features": 0.333333},
    {"max_features": 0.5},
    {"max_features": 0.7},
    {"min_samples_leaf": 2},
    {"min_samples_leaf": 5},
)
_DESIGNS = {
    ("random_forest", "classification"): (*_FOREST_CLASSIFICATION, {"bootstrap": False}),
    # not bootstrap=False for regression: with max_features=1.0 every tree is the same
    ("random_forest", "regression"): _FOREST_REGRESSION,
    ("extra_trees", "classification"): _FOREST_CLASSIFICATION,
    ("extra_trees", "regression"): _FOREST_REGRESSION,
    ("hist_gradient_boosting", "classification"): (
        {"learning_rate": 0.05},
        {"max_leaf_nodes": 15},
        {"min_samples_leaf": 5},
        {"min_samples_leaf": 50},
        {"l2_regularization": 1.0},
        {"max_features": 0.5},
    ),
}
_DESIGNS["hist_gradient_boosting", "regression"] = _DESIGNS[
    "hist_gradient_boosting", "classification"
]


def designed_configs(space: SearchSpace) -> list[dict]:
    """Hand-designed configurations of ``space``, each scikit-learn's default with one
    parameter moved (e.g. a forest's ``max_features`` to 0.5).

    Knowledge builds evaluate them after the random design (``build_knowledge(...,
    designed=True)``), so that values practitioners try first are in the tables even
    where a random design of a few dozen points misses them. Families whose spaces are
    small enough for the random design to cover (linear models, SVM, k-NN, MLP) have
    none.

    Parameters
    ----------
    space : SearchSpace
        A built-in space (see :func:`get_space`).

    Returns
    -------
    list of dict
        Complete configurations, none of them the default itself.

    Examples
    --------
    >>> from skmeta.spaces import designed_configs, get_space
    >>> configs = designed_configs(get_space("random_forest", "regression"))
    >>> configs[0]["max_features"], configs[0]["min_samples_leaf"]
    ('sqrt', 1)
    """
    default = space.default_config()
    out = []
    for change in _DESIGNS.get((space.family, space.kind), ()):
        config = {**default, **change}
        if config != default and config not in out:
            out.append(config)
    return out


def list_spaces() -> list[SearchSpace]:
    """Every built-in space, classifier and regressor of each family.

    Returns
    -------
    list of SearchSpace
        In the order of :data:`FAMILIES`, the classifier's space first.

    Examples
    --------
    >>> from skmeta.spaces import list_spaces
    >>> len(list_spaces())
    14
    """
    return [get_space(f, k) for f in FAMILIES for k in ("classification", "regression")]
