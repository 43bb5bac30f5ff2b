"""Estimators whose hyperparameters come from similar earlier tasks (zero- and few-shot)."""

from ._meta_default import (
    FarFromKnowledgeWarning,
    MetaDefaultClassifier,
    MetaDefaultRegressor,
    resolve_knowledge,
)

__all__ = [
    "FarFromKnowledgeWarning",
    "MetaDefaultClassifier",
    "MetaDefaultRegressor",
    "resolve_knowledge",
]
