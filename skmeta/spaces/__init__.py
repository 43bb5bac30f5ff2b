"""Search spaces of scikit-learn estimator families, encoded to the unit cube."""

from ._families import FAMILIES, designed_configs, get_space, list_spaces
from ._space import Hyperparameter, SearchSpace, SpaceMismatchError, UniformDistribution

__all__ = [
    "FAMILIES",
    "Hyperparameter",
    "SearchSpace",
    "SpaceMismatchError",
    "UniformDistribution",
    "designed_configs",
    "get_space",
    "list_spaces",
]
