"""skmeta: scikit-learn compatible meta-learning.

Describe a tabular task with OpenML-style meta-features, learn from many earlier
tasks, and warm-start the next one. Subpackages:

- :mod:`skmeta.tasks` -- the :class:`~skmeta.tasks.Task` container and loaders.
- :mod:`skmeta.metafeatures` -- OpenML-compatible meta-features.
- :mod:`skmeta.openml` -- datasets, tasks and suites from OpenML, with its cache.
- :mod:`skmeta.spaces` -- search spaces of scikit-learn estimator families.
- :mod:`skmeta.knowledge` -- knowledge bases: configurations scored on many tasks.
- :mod:`skmeta.strategies` -- from meta-features to ranked configurations.
- :mod:`skmeta.defaults` -- ``MetaDefaultClassifier`` / ``MetaDefaultRegressor``.
- :mod:`skmeta.fewshot` -- MAML, Meta-SGD, Reptile and task ensembles for task families.

Imports stay cheap: subpackages are imported on first use.
"""

__version__ = "0.1.0.dev0"

__all__ = [
    "MetaDefaultClassifier",
    "MetaDefaultRegressor",
    "MetaPrior",
    "MetaSearchCV",
    "__version__",
    "suggest",
]

_LAZY = {
    "MetaDefaultClassifier": "defaults",
    "MetaDefaultRegressor": "defaults",
    "MetaPrior": "defaults",
    "MetaSearchCV": "defaults",
    "suggest": "defaults",
}


_SUBPACKAGES = (
    "defaults",
    "fewshot",
    "knowledge",
    "metafeatures",
    "openml",
    "spaces",
    "strategies",
    "tasks",
    "utils",
)


def __getattr__(name):
    # top-level names and subpackages load on first use, keeping `import skmeta` cheap
    # (so `import skmeta; skmeta.defaults.warm_started_model(...)` works as written)
    import importlib

    if name in _LAZY:
        return getattr(importlib.import_module(f"skmeta.{_LAZY[name]}"), name)
    if name in _SUBPACKAGES:
        return importlib.import_module(f"skmeta.{name}")
    raise AttributeError(f"module 'skmeta' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY) | set(_SUBPACKAGES))
