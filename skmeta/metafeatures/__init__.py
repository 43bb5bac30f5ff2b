"""OpenML-compatible meta-features of tabular tasks.

One group per module: ``general`` (counts, class sizes, class entropy),
``statistical`` (moments of numeric attributes), ``info-theory`` (entropy and mutual
information of nominal attributes), ``target`` (regression targets) and the optional
``landmarking`` (naive Bayes, decision stump, 1-NN).
"""

from ._compute import compute_metafeatures, compute_metafeatures_batch, list_metafeatures
from ._registry import DEFAULT_GROUPS, METAFEATURE_GROUPS

__all__ = [
    "DEFAULT_GROUPS",
    "METAFEATURE_GROUPS",
    "compute_metafeatures",
    "compute_metafeatures_batch",
    "list_metafeatures",
]
