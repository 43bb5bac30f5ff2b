"""Small checks of user input shared by the modules that take it, and of repeats."""

from __future__ import annotations

import numbers
import os
from collections import Counter
from pathlib import Path

__all__ = ["add_distinct", "as_path", "is_int", "is_real", "repeated"]


def is_int(value) -> bool:
    """``value`` is an integer, Python's or NumPy's (a bool is not a count or a seed)."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def is_real(value) -> bool:
    """``value`` is a real number, Python's or NumPy's, not a bool."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def as_path(value, name: str = "path") -> Path:
    """``value`` as a Path, or a TypeError naming the argument ``name`` (pathlib's own
    message, "expected str, bytes or os.PathLike object", names none)."""
    if not isinstance(value, str | os.PathLike):
        raise TypeError(f"{name} must be a path (str or os.PathLike); got {type(value).__name__}.")
    return Path(value)


def repeated(names) -> list:
    """The names that occur more than once, sorted (empty when all are distinct)."""
    return sorted(name for name, count in Counter(names).items() if count > 1)


def add_distinct(out: list, items, key, seen: set, n: int | None = None) -> list:
    """Append to ``out`` the ``items`` whose ``key(item)`` is not in ``seen`` (which
    gains them), in order, until ``out`` holds ``n`` (None: all of them); return
    ``out``."""
    n = float("inf") if n is None else n
    if len(out) >= n:
        return out
    for item in items:  # none drawn past the n-th: ``items`` may be a random stream
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
            if len(out) >= n:
                break
    return out
