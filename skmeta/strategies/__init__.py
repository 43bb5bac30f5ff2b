"""Strategies that turn a task's meta-features into ranked configurations."""

from ._strategies import (
    AUTO_MIN_ADVANTAGES,
    DEFAULT_METAFEATURES,
    TARGET_SCALE_FAMILIES,
    Hybrid,
    MetaFeatureScaler,
    NearestTasks,
    Portfolio,
    Ranking,
    Surrogate,
    default_metafeatures,
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
    "TARGET_SCALE_FAMILIES",
    "default_metafeatures",
    "normalized_scores",
    "rank_by_observed",
]
