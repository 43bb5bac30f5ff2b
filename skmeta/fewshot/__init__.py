"""Few-shot warm starts for task families: batched models and MAML-style meta-learning."""

from ._models import BatchedMLP

__all__ = ["BatchedMLP"]
