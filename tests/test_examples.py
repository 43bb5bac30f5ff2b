"""The example scripts run (they are documentation; they must not rot)."""

import runpy
from pathlib import Path

import pytest

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.py"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_runs(path, capsys):
    import sklearn

    with sklearn.config_context():  # an example may switch on metadata routing
        runpy.run_path(str(path), run_name="__main__")
    assert capsys.readouterr().out
