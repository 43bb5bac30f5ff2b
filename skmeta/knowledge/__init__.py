"""Knowledge bases: how configurations of estimator families scored on many tasks."""

from ._build import METRICS, build_knowledge, evaluate_configs

__all__ = ["METRICS", "build_knowledge", "evaluate_configs"]
