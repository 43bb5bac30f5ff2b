"""The top-level package: cheap to import, its subpackages reachable as attributes."""

import subprocess
import sys

import pytest

import skmeta


def _fresh(code: str) -> str:
    # a new interpreter: in this one the test suite has imported the subpackages already
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_subpackages_are_attributes_after_import_skmeta():
    names = skmeta._SUBPACKAGES
    out = _fresh(f"import skmeta; print(*(getattr(skmeta, n).__name__ for n in {names}))")
    assert out.split() == [f"skmeta.{name}" for name in names]


def test_import_skmeta_stays_cheap():
    out = _fresh(
        "import sys, skmeta; print(sorted(m for m in sys.modules"
        " if m.startswith('skmeta.') or m in ('sklearn', 'openml', 'pandas')))"
    )
    assert out == "[]"


def test_top_level_names_and_dir():
    assert skmeta.MetaDefaultClassifier.__module__.startswith("skmeta.defaults")
    assert {"defaults", "MetaSearchCV", "suggest"} <= set(dir(skmeta))
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        skmeta.nope  # noqa: B018
