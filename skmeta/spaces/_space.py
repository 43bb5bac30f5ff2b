"""Hyperparameters, search spaces and their unit-cube encoding."""

from __future__ import annotations

import importlib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sklearn
from scipy.stats import qmc
from sklearn.base import BaseEstimator
from sklearn.utils import check_random_state

from ..utils._checks import add_distinct, is_int, is_real, repeated
from ..utils._typing import ArrayLike, DrawRandomState, RandomStateLike

__all__ = ["Hyperparameter", "SearchSpace", "SpaceMismatchError"]

_KINDS = ("float", "int", "categorical")


class SpaceMismatchError(ValueError):
    """A stored parameter name or value does not fit the installed scikit-learn."""


def _jsonable(value):
    """A value as JSON stores it (tuples become lists, NumPy numbers Python's)."""
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


@dataclass(frozen=True)
class Hyperparameter:
    """One hyperparameter under the estimator's native name.

    Parameters
    ----------
    name : str
        The estimator's parameter name (as in ``get_params()``).
    kind : {'float', 'int', 'categorical'}
        The parameter's type: a real number, an integer, or one of ``choices``.
    low, high : float, default=None
        Range of a numeric parameter (inclusive).
    log : bool, default=False
        Sample and encode a numeric parameter on a log scale.
    choices : tuple, default=()
        The values of a categorical parameter.
    special : dict, default=None
        Values outside the numeric range that the parameter may also take (such as
        ``gamma='scale'`` or ``max_features='sqrt'``, usually scikit-learn's default),
        each with the position in [0, 1] at which it is encoded.
    wrap : {'tuple'} or None, default=None
        Decode the number into a 1-tuple (``hidden_layer_sizes=(64,)``).

    Examples
    --------
    >>> from skmeta.spaces import Hyperparameter
    >>> C = Hyperparameter("C", "float", low=1e-3, high=1e3, log=True)
    >>> C.encode(1.0), C.decode(0.5)
    (0.5, 1.0)
    """

    name: str
    kind: str
    low: float | None = None
    high: float | None = None
    log: bool = False
    choices: tuple = ()
    special: dict | None = None
    wrap: str | None = None

    def __post_init__(self):
        if not isinstance(self.name, str):
            raise TypeError(f"A hyperparameter's name must be a str; got {self.name!r}.")
        if not self.name:
            raise ValueError("A hyperparameter's name must not be empty.")
        if self.kind not in _KINDS:
            raise ValueError(f"kind must be one of {_KINDS}; got {self.kind!r}.")
        if not isinstance(self.log, bool | np.bool_):
            raise TypeError(f"Hyperparameter {self.name!r}: log must be True or False.")
        if self.wrap not in (None, "tuple"):
            raise ValueError(
                f"Hyperparameter {self.name!r}: wrap must be None or 'tuple'; got {self.wrap!r}."
            )
        if self.kind == "categorical":
            choices = self.choices
            if isinstance(choices, str | bytes) or not isinstance(choices, Iterable):
                raise TypeError(
                    f"Categorical hyperparameter {self.name!r} needs a tuple of choices; got "
                    f"{choices!r}."
                )
            choices = tuple(choices)
            object.__setattr__(self, "choices", choices)
            if len(choices) < 2:
                raise ValueError(f"Categorical hyperparameter {self.name!r} needs >= 2 choices.")
            for i, a in enumerate(choices):  # encode() could not tell repeated choices apart
                if any(a == b and type(a) is type(b) for b in choices[:i]):
                    raise ValueError(
                        f"Categorical hyperparameter {self.name!r} repeats the choice {a!r}."
                    )
        else:
            for bound in (self.low, self.high):
                if not is_real(bound) or not math.isfinite(bound):
                    raise (ValueError if is_real(bound) else TypeError)(
                        f"Hyperparameter {self.name!r} needs finite numbers low and high; got "
                        f"low={self.low!r}, high={self.high!r}."
                    )
                if self.kind == "int" and not float(bound).is_integer():
                    raise ValueError(
                        f"Integer hyperparameter {self.name!r} needs integer bounds; got "
                        f"low={self.low!r}, high={self.high!r}."
                    )
            if not self.low < self.high:
                raise ValueError(f"Hyperparameter {self.name!r} needs low < high.")
            if self.log and self.low <= 0:
                raise ValueError(f"Log-scaled hyperparameter {self.name!r} needs low > 0.")
        if self.special is not None:
            special = self.special
            if not isinstance(special, Mapping) or not all(
                isinstance(k, str) and is_real(v) and 0.0 <= v <= 1.0 for k, v in special.items()
            ):
                raise ValueError(
                    f"Hyperparameter {self.name!r}: special must map each special value (a "
                    f"str) to its position in [0, 1]; got {special!r}."
                )

    def _scale(self, v: float) -> float:
        return math.log(v) if self.log else float(v)

    def encode(self, value: Any) -> float:
        """Position of ``value`` in [0, 1] (values outside the range are clipped)."""
        if self.wrap == "tuple" and isinstance(value, (tuple, list)):
            if len(value) != 1:
                raise ValueError(
                    f"{self.name!r} is searched as one value in a tuple, e.g. (64,); got "
                    f"{tuple(value)!r}."
                )
            (value,) = value
        if self.special and isinstance(value, str) and value in self.special:
            return float(self.special[value])
        if self.kind == "categorical":
            for i, choice in enumerate(self.choices):
                if choice == value and type(choice) is type(value):
                    return i / (len(self.choices) - 1)
            raise ValueError(f"{value!r} is not a choice of {self.name!r}: {self.choices}.")
        if isinstance(value, (str, bool)) or value is None or value != value:  # or NaN
            raise ValueError(f"{value!r} is not a number in the range of {self.name!r}.")
        if self.log and value <= 0:
            return 0.0
        if self.kind == "int":  # the centre of the value's share in decode()
            lo, hi = self._int_bounds()
            v = min(max(value, self.low), self.high)
            x = (math.log(v) + math.log(v + 1)) / 2 if self.log else float(v)
            return float(min(max((x - lo) / (hi - lo), 0.0), 1.0))
        lo, hi = self._scale(self.low), self._scale(self.high)
        return float(min(max((self._scale(value) - lo) / (hi - lo), 0.0), 1.0))

    def _int_bounds(self) -> tuple[float, float]:
        """Each integer gets an equal share of the (log) interval these bounds span."""
        if self.log:
            return math.log(self.low), math.log(self.high + 1)
        return self.low - 0.5, self.high + 0.5

    def decode(self, u: float) -> Any:
        """The value at position ``u`` in [0, 1] (outside, the nearest end's)."""
        u = float(u)
        if math.isnan(u):
            raise ValueError(f"A position of {self.name!r} must be a number in [0, 1]; got NaN.")
        u = min(max(u, 0.0), 1.0)
        if self.kind == "categorical":
            k = len(self.choices)
            return self.choices[min(int(u * k), k - 1)]
        if self.kind == "int":
            lo, hi = self._int_bounds()
            x = lo + u * (hi - lo)
            v = math.exp(x) if self.log else x
            value = int(min(max(math.floor(v) if self.log else round(v), self.low), self.high))
        else:
            lo, hi = self._scale(self.low), self._scale(self.high)
            x = lo + u * (hi - lo)
            value = float(math.exp(x) if self.log else x)
            value = float(f"{value:.6g}")  # stored configurations read cleanly
        return [value] if self.wrap == "tuple" else value

    def to_dict(self) -> dict:
        """The hyperparameter as a JSON-ready dict (:meth:`from_dict` rebuilds it)."""
        out = {"name": self.name, "kind": self.kind}
        if self.kind == "categorical":
            out["choices"] = [_jsonable(c) for c in self.choices]
        else:
            out.update(low=self.low, high=self.high, log=self.log)
        if self.special:
            out["special"] = dict(self.special)
        if self.wrap:
            out["wrap"] = self.wrap
        return out

    @classmethod
    def from_dict(cls, d: dict) -> Hyperparameter:
        """Rebuild a hyperparameter from :meth:`to_dict`; a missing key raises ValueError."""
        try:
            return cls(
                name=d["name"],
                kind=d["kind"],
                low=d.get("low"),
                high=d.get("high"),
                log=bool(d.get("log", False)),
                choices=tuple(d.get("choices", ())),
                special=d.get("special"),
                wrap=d.get("wrap"),
            )
        except KeyError as exc:
            raise ValueError(f"A hyperparameter entry lacks the key {exc.args[0]!r}: {d}") from None


@dataclass(frozen=True)
class SearchSpace:
    """The search space of one scikit-learn estimator.

    Parameters
    ----------
    family : str
        Family name shared by classifier and regressor (``'random_forest'``).
    kind : {'classification', 'regression'}
        The task kind the estimator is for.
    estimator : str
        Import path of the estimator class (``'sklearn.ensemble.RandomForestClassifier'``).
    params : tuple of Hyperparameter
        The tuned hyperparameters, with their ranges and defaults.
    fixed : dict, default={}
        Parameters set on every configuration (kept few: a configuration is what
        differs from scikit-learn's defaults).
    preprocessing : {'none', 'scale'}, default='none'
        'scale' one-hot encodes categorical columns and standardizes numeric ones
        before the estimator (for distance-, gradient- and margin-based models).

    Examples
    --------
    >>> from skmeta.spaces import get_space
    >>> space = get_space("svm", "classification")
    >>> configs = space.sample(4, random_state=0)
    >>> configs[0] == space.default_config()
    True
    >>> space.encode(configs).shape
    (4, 2)
    """

    family: str
    kind: str
    estimator: str
    params: tuple[Hyperparameter, ...]
    fixed: dict = field(default_factory=dict)
    preprocessing: str = "none"

    def __post_init__(self):
        for label in ("family", "estimator"):
            if not isinstance(getattr(self, label), str):
                raise TypeError(f"{label} must be a str; got {getattr(self, label)!r}.")
        if not self.family:
            raise ValueError("family must not be empty.")
        if "." not in self.estimator:
            raise ValueError(
                "estimator must be the import path of the estimator class, e.g. "
                f"'sklearn.svm.SVC'; got {self.estimator!r}."
            )
        if self.kind not in ("classification", "regression"):
            raise ValueError(f"kind must be 'classification' or 'regression'; got {self.kind!r}.")
        params = self.params
        if isinstance(params, Hyperparameter | str | bytes) or not isinstance(params, Iterable):
            raise TypeError(f"params must be a tuple of Hyperparameter; got {params!r}.")
        params = tuple(params)
        wrong = [p for p in params if not isinstance(p, Hyperparameter)]
        if wrong:
            raise TypeError(f"params must hold Hyperparameter objects; got {wrong[0]!r}.")
        names = [p.name for p in params]
        twice = repeated(names)
        if twice:
            raise ValueError(f"params repeats the name(s) {twice}.")
        object.__setattr__(self, "params", params)
        if not isinstance(self.fixed, Mapping):
            raise TypeError(f"fixed must be a dict of parameters; got {self.fixed!r}.")
        both = sorted(set(names) & set(self.fixed))
        if both:
            raise ValueError(f"{both} are both searched (params) and fixed.")
        if self.preprocessing not in ("none", "scale"):
            raise ValueError(
                f"preprocessing must be 'none' or 'scale'; got {self.preprocessing!r}."
            )

    @property
    def name(self) -> str:
        return self.estimator.rsplit(".", 1)[1]

    @property
    def param_names(self) -> list[str]:
        return [p.name for p in self.params]

    def estimator_class(self) -> type:
        """The estimator class, imported from the installed scikit-learn.

        Raises :class:`SpaceMismatchError` if that scikit-learn lacks it.
        """
        module, cls = self.estimator.rsplit(".", 1)
        try:
            found = getattr(importlib.import_module(module), cls)
        except (ImportError, AttributeError):
            raise SpaceMismatchError(
                f"The estimator {self.estimator} of space {self.family!r} does not exist in "
                f"the installed scikit-learn {sklearn.__version__}."
            ) from None
        # made with no arguments to read its defaults: only an estimator class is
        if not (isinstance(found, type) and issubclass(found, BaseEstimator)):
            raise TypeError(
                f"The estimator {self.estimator} of space {self.family!r} is not a "
                "scikit-learn estimator class."
            )
        return found

    def default_config(self) -> dict:
        """scikit-learn's default value of every parameter of the space."""
        defaults = self.estimator_class()().get_params()
        return {p.name: _jsonable(defaults[p.name]) for p in self.params}

    def check_installed(self) -> None:
        """Raise :class:`SpaceMismatchError` if a parameter is unknown to the estimator."""
        known = self.estimator_class()().get_params()
        for name in [*self.param_names, *self.fixed]:
            if name not in known:
                raise SpaceMismatchError(
                    f"Parameter {name!r} of space {self.family!r} is not a parameter of "
                    f"{self.name} in the installed scikit-learn {sklearn.__version__}; the "
                    "stored configurations were made for another version."
                )

    def encode(self, configs: list[dict]) -> np.ndarray:
        """Configurations as rows of the unit cube, one column per parameter."""
        if isinstance(configs, Mapping):
            configs = [configs]  # one configuration
        if isinstance(configs, str | bytes) or not isinstance(configs, Iterable):
            raise TypeError(
                f"configs must be a list of dicts of parameters; got {type(configs).__name__}."
            )
        configs = list(configs)
        out = np.empty((len(configs), len(self.params)))
        for i, config in enumerate(configs):
            if not isinstance(config, Mapping):
                raise TypeError(
                    f"Configuration {i} must be a dict of parameters; got "
                    f"{type(config).__name__} {config!r}."
                )
            for j, p in enumerate(self.params):
                if p.name not in config:
                    raise ValueError(f"Configuration {i} lacks the parameter {p.name!r}.")
                out[i, j] = p.encode(config[p.name])
        return out

    def decode(self, U: ArrayLike) -> list[dict]:
        """Rows of the unit cube as configurations."""
        U = np.atleast_2d(np.asarray(U, dtype=np.float64))
        if U.ndim != 2 or U.shape[1] != len(self.params):
            raise ValueError(
                f"Expected rows of {len(self.params)} columns (one per parameter); got shape "
                f"{U.shape}."
            )
        if not np.isfinite(U).all():
            raise ValueError("Positions in the unit cube must be finite; got NaN or inf.")
        return [{p.name: p.decode(u) for p, u in zip(self.params, row, strict=True)} for row in U]

    def sample(self, n: int, *, random_state: RandomStateLike = 0) -> list[dict]:
        """``n`` configurations: scikit-learn's default first, then a scrambled Sobol design.

        Duplicates (possible after rounding integer and categorical parameters) are
        replaced by further points of the sequence, so all ``n`` are distinct.
        """
        if not is_int(n):
            raise TypeError(f"n must be an int; got {n!r}.")
        if n < 1:
            raise ValueError(f"n must be >= 1; got {n}.")
        configs = [self.default_config()]
        seen = {_key(configs[0])}
        sobol = qmc.Sobol(len(self.params), scramble=True, seed=random_state)
        m = max(math.ceil(math.log2(max(n, 2))), 1)
        points = sobol.random_base2(m)
        tries = 0
        while len(configs) < n:
            add_distinct(configs, self.decode(points), _key, seen, n)
            points = sobol.random(len(points))
            tries += 1
            if tries > 20:
                raise ValueError(
                    f"Space {self.family!r} has fewer than {n} distinct configurations."
                )
        return configs

    def param_distributions(self) -> dict:
        """The plain space as ``param_distributions`` for ``RandomizedSearchCV``.

        Every parameter is drawn uniformly in its encoding (log-uniform for log-scaled
        ones), the baseline that learned priors are measured against.

        Examples
        --------
        >>> from sklearn.model_selection import ParameterSampler
        >>> from skmeta.spaces import get_space
        >>> space = get_space("k_neighbors", "classification")
        >>> draws = list(ParameterSampler(space.param_distributions(), 3, random_state=0))
        >>> sorted(draws[0]) == sorted(space.param_names)
        True
        """
        return {p.name: UniformDistribution(p) for p in self.params}

    def make_estimator(
        self,
        config: dict,
        *,
        random_state: RandomStateLike = None,
        categorical: ArrayLike | None = None,
    ) -> BaseEstimator:
        """The estimator (a pipeline when the space preprocesses) for ``config``."""
        from sklearn.compose import ColumnTransformer
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import OneHotEncoder, StandardScaler

        params = {**self.fixed}
        for p in self.params:
            value = config[p.name]
            params[p.name] = tuple(value) if isinstance(value, list) else value
        cls = self.estimator_class()
        if "random_state" in cls().get_params() and random_state is not None:
            params["random_state"] = random_state
        estimator = cls(**params)
        if self.preprocessing == "none":
            return estimator
        categorical = np.zeros(0, dtype=bool) if categorical is None else np.asarray(categorical)
        if categorical.any():
            prep = ColumnTransformer(
                [
                    (
                        "cat",
                        OneHotEncoder(handle_unknown="ignore", max_categories=20),
                        np.flatnonzero(categorical),
                    ),
                    ("num", StandardScaler(), np.flatnonzero(~categorical)),
                ],
                sparse_threshold=0.0,
            )
        else:
            prep = StandardScaler()
        return make_pipeline(prep, estimator)

    def to_dict(self) -> dict:
        """The space as a JSON-ready dict (:meth:`from_dict` rebuilds it)."""
        return {
            "family": self.family,
            "kind": self.kind,
            "estimator": self.estimator,
            "params": [p.to_dict() for p in self.params],
            "fixed": {k: _jsonable(v) for k, v in self.fixed.items()},
            "preprocessing": self.preprocessing,
        }

    @classmethod
    def from_dict(cls, d: dict, *, check: bool = True) -> SearchSpace:
        """Rebuild a space from :meth:`to_dict`; ``check`` validates it against sklearn.

        The dict comes from a file (a knowledge base, a build's store), so its estimator
        must be one of scikit-learn's (``sklearn.*``), checked before anything is imported:
        reading a file runs no other code.
        """
        estimator = d.get("estimator") if isinstance(d, Mapping) else None
        if isinstance(estimator, str) and not estimator.startswith("sklearn."):
            raise ValueError(
                f"A search space read from a file names the estimator {estimator!r}; skmeta "
                "imports only scikit-learn's estimators (sklearn.*) that a file names, so "
                "that reading a file runs no other code."
            )
        try:
            space = cls(
                family=d["family"],
                kind=d["kind"],
                estimator=d["estimator"],
                params=tuple(Hyperparameter.from_dict(p) for p in d["params"]),
                fixed=dict(d.get("fixed", {})),
                preprocessing=d.get("preprocessing", "none"),
            )
        except KeyError as exc:
            raise ValueError(f"A search space entry lacks the key {exc.args[0]!r}.") from None
        if check:
            space.check_installed()
        return space


def draw_rng(random_state) -> np.random.RandomState | np.random.Generator:
    """What draws: a NumPy Generator as it is (scipy's distributions take one too),
    else scikit-learn's ``check_random_state`` (None, an int or a RandomState)."""
    if isinstance(random_state, np.random.Generator):
        return random_state
    return check_random_state(random_state)


class _UnitCubeDistribution:
    """Base of distributions drawn in a hyperparameter's unit-cube encoding.

    Subclasses give ``sample_unit(n, rng)``; ``rvs`` decodes the draws to the
    parameter's own values (sequences as tuples, so they are hashable).
    """

    def __init__(self, hyperparameter: Hyperparameter) -> None:
        if not isinstance(hyperparameter, Hyperparameter):
            raise TypeError(
                "hyperparameter must be a Hyperparameter (e.g. get_space(family, kind)."
                f"params[0]); got {type(hyperparameter).__name__}."
            )
        self.hyperparameter = hyperparameter

    def sample_unit(self, n: int, random_state: DrawRandomState = None) -> np.ndarray:
        """``n`` draws in the unit cube."""
        raise NotImplementedError

    def rvs(
        self, size: int | tuple[int, ...] | None = None, random_state: DrawRandomState = None
    ) -> Any:
        """Draw values (one when ``size`` is None, as scikit-learn's searches ask);
        ``random_state`` is None, an int, a RandomState or a NumPy Generator.

        An array of ``size`` is numeric when every draw is a number, else of objects
        (categories, special values such as ``'sqrt'``, tuples).
        """
        units = self.sample_unit(_draw_count(size), random_state)
        values = [self.hyperparameter.decode(u) for u in units]
        values = [tuple(v) if isinstance(v, list) else v for v in values]
        if size is None:
            return values[0]
        if all(is_real(v) for v in values):
            return np.asarray(values).reshape(size)  # numbers: a numeric array, as scipy's
        out = np.empty(len(values), dtype=object)
        out[:] = values
        return out.reshape(size)


class UniformDistribution(_UnitCubeDistribution):
    """A hyperparameter drawn uniformly in its unit-cube encoding, with ``rvs``.

    Parameters
    ----------
    hyperparameter : Hyperparameter
        The parameter: draws are uniform over its range (on its log scale when it has
        one) and decoded to its type.

    Examples
    --------
    >>> from skmeta.spaces import Hyperparameter, UniformDistribution
    >>> C = UniformDistribution(Hyperparameter("C", "float", 1e-3, 1e3, log=True))
    >>> 1e-3 <= C.rvs(random_state=0) <= 1e3
    True
    """

    def sample_unit(self, n: int, random_state: DrawRandomState = None) -> np.ndarray:
        """``n`` uniform draws in [0, 1)."""
        return draw_rng(random_state).uniform(size=n)

    def __repr__(self) -> str:
        return f"UniformDistribution({self.hyperparameter.name!r})"


def _draw_count(size) -> int:
    """How many draws ``rvs(size)`` makes: one for None, else the product of the shape
    ``size`` (an int or a tuple of ints >= 0), as NumPy's and scipy's ``size``."""
    shape = (1,) if size is None else size if isinstance(size, tuple | list) else (size,)
    if not all(is_int(d) for d in shape):
        raise TypeError(f"size must be None, an int or a tuple of ints; got {size!r}.")
    if any(d < 0 for d in shape):
        raise ValueError(f"size must not be negative; got {size!r}.")
    return math.prod(int(d) for d in shape)


def _key(config: dict) -> str:
    return repr(sorted((k, _jsonable(v)) for k, v in config.items()))
