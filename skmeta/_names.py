"""Names that the command line's parser lists, free of heavy imports.

``skmeta --help`` builds the whole parser; with these names here it loads neither
scikit-learn, SciPy nor pandas. The packages that own the names take them from here:
:data:`skmeta.spaces.FAMILIES`, :data:`skmeta.tasks.SKLEARN_DATASETS` and the keys of
:data:`skmeta.metafeatures.METAFEATURE_GROUPS`.
"""

from __future__ import annotations

FAMILIES = (
    "hist_gradient_boosting",
    "random_forest",
    "extra_trees",
    "linear",
    "svm",
    "k_neighbors",
    "mlp",
)

SKLEARN_DATASETS = ("iris", "wine", "breast_cancer", "digits", "diabetes")

METAFEATURE_GROUP_NAMES = ("general", "statistical", "info-theory", "target", "landmarking")
