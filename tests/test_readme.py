"""The README's Python examples run as written (on small data the tests make)."""

import re
import warnings
from pathlib import Path

import numpy as np
import pytest
from sklearn.datasets import load_iris

README = Path(__file__).resolve().parents[1] / "README.md"


def _block(marker):
    """The README's Python code block that contains ``marker``."""
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    found = [b for b in blocks if marker in b]
    assert len(found) == 1, f"{len(found)} README Python blocks contain {marker!r}"
    return found[0]


@pytest.mark.skipif(not README.exists(), reason="no README.md next to the tests")
def test_the_warm_start_example_runs():
    code = _block("skmeta.MetaDefaultClassifier(RandomForestClassifier()")
    # the example's 32-iteration search, shortened: the same calls, fewer fits
    assert "n_iter=32" in code
    code = code.replace("n_iter=32", "n_iter=3")
    X, y = load_iris(return_X_y=True)
    namespace = {"X": X, "y": y}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exec(compile(code, "README.md", "exec"), namespace)
    assert namespace["clf"].score(X, y) > 0.9
    assert namespace["svm"][-1].__class__.__name__ == "SVC"


@pytest.mark.skipif(not README.exists(), reason="no README.md next to the tests")
def test_the_few_shot_example_runs():
    code = _block("MAMLRegressor(")
    rng = np.random.default_rng(0)
    n_sites, n = 6, 20
    slopes = rng.normal(1.0, 0.3, size=n_sites + 1)
    X_all = rng.normal(size=((n_sites + 1) * n, 3))
    site_all = np.repeat(np.arange(n_sites + 1), n)
    y_all = X_all[:, 0] * slopes[site_all] + 0.1 * rng.normal(size=len(X_all))
    new = site_all == n_sites
    namespace = {
        "X": X_all[~new],
        "y": y_all[~new],
        "site": site_all[~new],
        "X_new_site": X_all[new],
        "y_new_site": y_all[new],
    }
    # the example's network, trained briefly
    assert "inner_steps=1)" in code
    code = code.replace("inner_steps=1)", "inner_steps=1, n_iter=5)")
    exec(compile(code, "README.md", "exec"), namespace)
    assert namespace["model"].predict(X_all[new]).shape == (n,)
