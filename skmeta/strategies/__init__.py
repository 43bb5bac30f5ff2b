"""Strategies that turn a task's meta-features into ranked configurations."""

from ._strategies import (
    AUTO_MIN_ADVANTAGES,
    DEFAULT_METAFEATURES,
    Hybrid,
    MetaFeatureScaler,
    NearestTasks,
    Portfolio,
    Ranking,
    Surrogate,
    normalized_scores,
    rank_by_observed,
)

__all__ = [
    "AUTO_MIN_ADVANTAGES",
    "DEFAULT_METAFEATURES",
    "Hybrid",
    "MetaFeatureScaler",
    "NearestTasks",
    "Portfolio",
    "Ranking",
    "Surrogate",
    "normalized_scores",
    "rank_by_observed",
]
