"""Tasks: one supervised tabular dataset each, and loaders that produce them.

Sources: plain CSV/TSV/Parquet files, a folder of datasets in the PMLB layout,
scikit-learn's bundled toy datasets, and OpenML (see :mod:`skmeta.openml`).
"""

from ._collection import TaskCollection
from ._loaders import SKLEARN_DATASETS, load_file, load_folder, load_sklearn_dataset
from ._task import Task

__all__ = [
    "SKLEARN_DATASETS",
    "Task",
    "TaskCollection",
    "load_file",
    "load_folder",
    "load_sklearn_dataset",
]
