"""The only module that imports private scikit-learn helpers.

Keeping them in one place means a scikit-learn upgrade touches one file.
"""

from sklearn.base import _fit_context
from sklearn.model_selection._search import _search_estimator_has
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions
from sklearn.utils.validation import validate_data

__all__ = [
    "HasMethods",
    "Interval",
    "StrOptions",
    "_fit_context",
    "_search_estimator_has",
    "validate_data",
]
