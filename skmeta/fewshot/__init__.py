"""Few-shot warm starts for task families: batched models and MAML-style meta-learning.

Meta-trainers (``fit(X, y, groups)``) learn where a model should start and how big its
steps should be; :class:`WarmStartRegressor` / :class:`WarmStartClassifier` adapt from
that start on a new task; :class:`TaskEnsembleRegressor` / :class:`TaskEnsembleClassifier`
combine models of related tasks with learned weights.
"""

from ._ensemble import SourceModels, TaskEnsembleClassifier, TaskEnsembleRegressor
from ._estimators import (
    MAMLClassifier,
    MAMLRegressor,
    MetaSGDClassifier,
    MetaSGDRegressor,
    ReptileClassifier,
    ReptileRegressor,
    WarmStartClassifier,
    WarmStartRegressor,
)
from ._models import BatchedMLP
from ._start import LearnedStart, StartFileError

__all__ = [
    "BatchedMLP",
    "LearnedStart",
    "MAMLClassifier",
    "MAMLRegressor",
    "MetaSGDClassifier",
    "MetaSGDRegressor",
    "ReptileClassifier",
    "ReptileRegressor",
    "SourceModels",
    "StartFileError",
    "TaskEnsembleClassifier",
    "TaskEnsembleRegressor",
    "WarmStartClassifier",
    "WarmStartRegressor",
]
