"""OpenML datasets, tasks (with official splits) and suites as skmeta Tasks.

Works against the ``openml`` client's local cache when offline; raises
:class:`OpenMLUnavailableError` naming the missing id when neither the server nor
the cache has it.
"""

from ._openml import (
    OpenMLUnavailableError,
    fetch_openml_dataset,
    fetch_openml_qualities,
    fetch_openml_suite,
    fetch_openml_task,
    openml_config,
)

__all__ = [
    "OpenMLUnavailableError",
    "fetch_openml_dataset",
    "fetch_openml_qualities",
    "fetch_openml_suite",
    "fetch_openml_task",
    "openml_config",
]
