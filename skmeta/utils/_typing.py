"""Type aliases of the public signatures (annotations only: nothing here is checked)."""

from __future__ import annotations

from os import PathLike
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import sparse

__all__ = ["ArrayLike", "Estimator", "MatrixLike", "PathLike_", "RandomStateLike"]

#: anything ``np.asarray`` takes: lists, arrays, Series
ArrayLike = npt.ArrayLike
#: a feature table: array-like, sparse matrix or DataFrame
# (scipy's sparse arrays have a public base class from scipy 1.11 on)
MatrixLike = (
    npt.ArrayLike | sparse.spmatrix | getattr(sparse, "sparray", sparse.spmatrix) | pd.DataFrame
)
#: ``random_state`` as scikit-learn takes it
RandomStateLike = int | np.random.RandomState | None
#: what draws from a distribution: that, or a NumPy Generator (as scipy's rvs take)
DrawRandomState = int | np.random.RandomState | np.random.Generator | None
#: a scikit-learn estimator (or a Pipeline ending in one)
Estimator = Any
#: a file or folder
PathLike_ = str | PathLike[str]
