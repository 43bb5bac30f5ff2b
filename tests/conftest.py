"""Shared fixtures: paths to ../shared (tests that need it skip cleanly without it)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus" / "pmlb"
LCDB = SHARED / "lcdb"
OPENML_CACHE = SHARED / "openml-cache"
TEST_SERVER = "https://test.openml.org/api/v1/xml"


def _require(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not available (needs ../shared beside the project)")
    return path


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return _require(CORPUS)


@pytest.fixture(scope="session")
def lcdb_dir() -> Path:
    return _require(LCDB)


@pytest.fixture
def openml_cache(tmp_path) -> Path:
    """A private copy of the real OpenML cache (the client writes into its cache)."""
    source = _require(OPENML_CACHE)
    target = tmp_path / "openml-cache"
    shutil.copytree(source, target)
    return target
