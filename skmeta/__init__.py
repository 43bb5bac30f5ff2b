"""skmeta: scikit-learn compatible meta-learning.

Describe a tabular task with OpenML-style meta-features, learn from many earlier
tasks, and warm-start the next one. Subpackages:

- :mod:`skmeta.tasks` -- the :class:`~skmeta.tasks.Task` container and loaders.
- :mod:`skmeta.metafeatures` -- OpenML-compatible meta-features.
- :mod:`skmeta.openml` -- datasets, tasks and suites from OpenML, with its cache.

Imports stay cheap: subpackages are imported on first use.
"""

__version__ = "0.1.0.dev0"

__all__ = ["__version__"]
