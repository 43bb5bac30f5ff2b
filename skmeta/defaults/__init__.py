"""Estimators whose hyperparameters come from similar earlier tasks (zero- and few-shot)."""

from ..utils._tabular import ColumnWarning
from ._meta_default import (
    FarFromKnowledgeWarning,
    MetaDefaultClassifier,
    MetaDefaultRegressor,
    resolve_knowledge,
)
from ._prior import HyperparameterPrior, MetaPrior
from ._search import MetaSearchCV
from ._select import dates_as_days, family_estimator, rank_families, warm_started_model
from ._suggest import Suggestions, suggest

__all__ = [
    "ColumnWarning",
    "FarFromKnowledgeWarning",
    "HyperparameterPrior",
    "MetaDefaultClassifier",
    "MetaDefaultRegressor",
    "MetaPrior",
    "MetaSearchCV",
    "Suggestions",
    "dates_as_days",
    "family_estimator",
    "rank_families",
    "resolve_knowledge",
    "suggest",
    "warm_started_model",
]
