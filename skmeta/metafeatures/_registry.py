"""Explicit registry of meta-feature groups: group name -> names, group name -> function.

The names are OpenML's quality names (our additions follow the same CamelCase
pattern). They are part of the knowledge-file format: renaming one breaks every
stored knowledge base.
"""

from __future__ import annotations

from .._names import METAFEATURE_GROUP_NAMES
from . import _general, _infotheory, _landmarking, _statistical, _target

__all__ = ["DEFAULT_GROUPS", "GROUP_FUNCTIONS", "METAFEATURE_GROUPS"]

METAFEATURE_GROUPS: dict[str, tuple[str, ...]] = {
    "general": _general.NAMES,
    "statistical": _statistical.NAMES,
    "info-theory": _infotheory.NAMES,
    "target": _target.NAMES,
    "landmarking": _landmarking.NAMES,
}
if tuple(METAFEATURE_GROUPS) != METAFEATURE_GROUP_NAMES:  # pragma: no cover
    raise ImportError("skmeta._names.METAFEATURE_GROUP_NAMES is out of step with the groups")

GROUP_FUNCTIONS = {
    "general": _general.compute_general,
    "statistical": _statistical.compute_statistical,
    "info-theory": _infotheory.compute_infotheory,
    "target": _target.compute_target,
    "landmarking": _landmarking.compute_landmarking,
}

# Landmarking fits models (30 fits per task), so it is opt-in.
DEFAULT_GROUPS = ("general", "statistical", "info-theory", "target")
