"""Strategies that turn a task's meta-features into ranked configurations."""

from ._strategies import (
    DEFAULT_METAFEATURES,
    Hybrid,
    MetaFeatureScaler,
    NearestTasks,
    Portfolio,
    Ranking,
    Surrogate,
    normalized_scores,
)

__all__ = [
    "DEFAULT_METAFEATURES",
    "Hybrid",
    "MetaFeatureScaler",
    "NearestTasks",
    "Portfolio",
    "Ranking",
    "Surrogate",
    "normalized_scores",
]
