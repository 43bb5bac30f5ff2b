"""Seeds for what an estimator leaves to chance."""

from __future__ import annotations

import numpy as np
from sklearn.utils import check_random_state

from ._checks import is_int

__all__ = ["fit_seed", "seeded"]


def fit_seed(random_state) -> int | None:
    """The seed ``fit`` gives the estimator's open random states: an int as it is, one
    drawn from a RandomState (a new one each fit, as scikit-learn's estimators do)."""
    if random_state is None:
        return None
    if is_int(random_state):
        return int(random_state)
    return int(check_random_state(random_state).randint(np.iinfo(np.int32).max))


def seeded(estimator, seed: int | None):
    """``estimator`` (changed in place) with every ``random_state`` it leaves open (None;
    its steps' and inner estimators' too) set to ``seed``, none when ``seed`` is None: a
    configuration can make a deterministic estimator random (gradient boosting's
    ``max_features`` < 1). Seeds the estimator sets are kept."""
    if seed is None:
        return estimator
    open_states = {
        name: seed
        for name, value in estimator.get_params(deep=True).items()
        if (name == "random_state" or name.endswith("__random_state")) and value is None
    }
    return estimator.set_params(**open_states)
