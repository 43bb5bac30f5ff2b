"""Knowledge bases: how configurations of estimator families scored on many tasks."""

from ._algorithms import AlgorithmTable
from ._build import METRICS, build_knowledge, evaluate_configs
from ._knowledge import (
    COPY_DISTANCE,
    COPY_SIGNATURE,
    KnowledgeBase,
    KnowledgeFileError,
    unite_copies,
)
from ._store import StoreError

__all__ = [
    "COPY_DISTANCE",
    "COPY_SIGNATURE",
    "METRICS",
    "AlgorithmTable",
    "KnowledgeBase",
    "KnowledgeFileError",
    "StoreError",
    "build_knowledge",
    "evaluate_configs",
    "unite_copies",
]
