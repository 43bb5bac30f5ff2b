"""Peak memory of the warm start's steps, against the data and against a plain fit.

Each measurement runs in a fresh Python process: it builds the data, notes the peak
resident memory (``ru_maxrss``), runs one step and reports how far the peak rose. The
ratios are against named baselines measured in the same run:

- meta-features (``compute_metafeatures``, without and with the landmarkers) against
  the size of the input, on 200,000 x 50 float64 (80 MB) as an array and as a
  DataFrame, and on a DataFrame of the same size with 10 of its columns text;
- ``suggest`` (meta-features plus the lookup in the shipped knowledge) against the
  same input;
- ``MetaDefaultClassifier(HistGradientBoostingClassifier()).fit`` (the shipped
  knowledge loaded within it, as in a user's first fit) against a plain
  ``HistGradientBoostingClassifier`` fit of the configuration it chooses (a
  configuration with more leaves takes more memory: the default is no baseline), on
  the same data (100,000 x 50), and the same with ``n_candidates=4`` (few-shot: four
  candidates cross-validated, one thread per fit);
- ``MetaSearchCV`` (16 candidates) against ``RandomizedSearchCV`` (16 candidates over
  the same space) on 20,000 x 50, ``n_jobs=1``;
- meta-training ``MAMLRegressor`` (two hidden layers of 40, second order, batches of
  25 tasks) on 2,000 tasks of 50 rows x 20 columns, against the input array.

Usage::

    python benchmarks/bench_memory.py
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

# each case: the data it builds (not counted) and the step it measures
SETUP = {
    "array": (
        "import numpy as np\n"
        "rng = np.random.default_rng(0)\n"
        "X = rng.normal(size=({n}, 50)); y = (X[:, 0] + rng.normal(size={n}) > 0).astype(int)\n"
        "size = X.nbytes\n"
    ),
    "frame": (
        "import numpy as np, pandas as pd\n"
        "rng = np.random.default_rng(0)\n"
        "X = pd.DataFrame(rng.normal(size=({n}, 50)), columns=[f'c{{i}}' for i in range(50)])\n"
        "for i in range(10):\n"
        "    X[f'c{{i}}'] = rng.choice(['a', 'b', 'c', 'd', 'e'], {n})\n"
        "y = (X['c10'] + rng.normal(size={n}) > 0).astype(int).to_numpy()\n"
        "size = int(X.memory_usage(deep=True).sum())\n"
    ),
    "float_frame": (
        "import numpy as np, pandas as pd\n"
        "rng = np.random.default_rng(0)\n"
        "X = pd.DataFrame(rng.normal(size=({n}, 50)), columns=[f'c{{i}}' for i in range(50)])\n"
        "y = (X['c0'] + rng.normal(size={n}) > 0).astype(int).to_numpy()\n"
        "size = int(X.memory_usage(deep=True).sum())\n"
    ),
    "family": (
        "import numpy as np\n"
        "rng = np.random.default_rng(0)\n"
        "X = rng.normal(size=(2000 * 50, 20))\n"
        "groups = np.repeat(np.arange(2000), 50)\n"
        "w = rng.normal(size=(2000, 20))\n"
        "y = np.einsum('ij,ij->i', X, w[groups])\n"
        "size = X.nbytes\n"
    ),
}

STEPS = {
    "metafeatures": (
        "from skmeta.metafeatures import compute_metafeatures\ncompute_metafeatures(X, y)\n"
    ),
    "metafeatures_all": (
        "from skmeta.metafeatures import compute_metafeatures\n"
        "compute_metafeatures(X, y, groups='all')\n"
    ),
    "suggest": (
        "import skmeta\n"
        "from sklearn.ensemble import HistGradientBoostingClassifier as H\n"
        "skmeta.suggest(X, y, H())\n"
    ),
    "hgb_chosen": (
        "from sklearn.ensemble import HistGradientBoostingClassifier as H\n"
        "H(random_state=0, **chosen).fit(X, y)\n"
    ),
    "hgb_zero_shot": (
        "import skmeta\n"
        "from sklearn.ensemble import HistGradientBoostingClassifier as H\n"
        "skmeta.MetaDefaultClassifier(H(random_state=0)).fit(X, y)\n"
    ),
    "hgb_few_shot": (
        "import skmeta\n"
        "from sklearn.ensemble import HistGradientBoostingClassifier as H\n"
        "skmeta.MetaDefaultClassifier(H(random_state=0), n_candidates=4).fit(X, y)\n"
    ),
    "random_search": (
        "from sklearn.ensemble import HistGradientBoostingClassifier as H\n"
        "from sklearn.model_selection import RandomizedSearchCV\n"
        "from skmeta.spaces import get_space\n"
        "space = get_space('hist_gradient_boosting', 'classification')\n"
        "RandomizedSearchCV(H(random_state=0), space.param_distributions(), n_iter=16,\n"
        "                   cv=3, random_state=0).fit(X, y)\n"
    ),
    "meta_search": (
        "import skmeta\n"
        "from sklearn.ensemble import HistGradientBoostingClassifier as H\n"
        "skmeta.MetaSearchCV(H(random_state=0), n_iter=16, cv=3, random_state=0).fit(X, y)\n"
    ),
    "maml": (
        "from skmeta.fewshot import MAMLRegressor\n"
        "MAMLRegressor(hidden_layer_sizes=(40, 40), n_iter=200, random_state=0)"
        ".fit(X, y, groups)\n"
    ),
}

# the configuration the zero-shot warm start chooses, found before the baseline (the
# plain fit of it is what a user who already knew it would pay)
CHOSEN = (
    "from skmeta import suggest\n"
    "from sklearn.ensemble import HistGradientBoostingClassifier\n"
    "chosen = suggest(X, y, HistGradientBoostingClassifier(), k=1)[0]\n"
)

CHILD = """
import resource, json, warnings
warnings.simplefilter('ignore')
{setup}
# imported before the baseline: an import is not the step's
import skmeta, skmeta.fewshot, skmeta.metafeatures, sklearn.ensemble, sklearn.model_selection
{prepare}
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
{step}
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({{"size": size, "before": before, "extra": max(after - before, 0)}}))
"""


def measure(data: str, n: int, step: str) -> dict:
    prepare = CHOSEN if step == "hgb_chosen" else ""
    code = CHILD.format(setup=SETUP[data].format(n=n), prepare=prepare, step=STEPS[step])
    # the knowledge is loaded inside the step: part of what a user's first fit costs
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def mib(value: float) -> str:
    return f"{value / 2**20:8.1f} MiB"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args(argv)
    records = []

    def against_input(label, data, n, step):
        r = measure(data, n, step)
        ratio = r["extra"] / r["size"]
        print(
            f"{label:<44} input {mib(r['size'])}  extra peak {mib(r['extra'])}  "
            f"= {ratio:5.2f}x the input"
        )
        records.append(
            {
                "case": label,
                "input_bytes": r["size"],
                "extra_bytes": r["extra"],
                "ratio_to_input": ratio,
            }
        )

    def against_plain(label, data, n, step, baseline):
        r, b = measure(data, n, step), measure(data, n, baseline)
        ratio = r["extra"] / max(b["extra"], 1)
        print(
            f"{label:<44} extra peak {mib(r['extra'])}  {baseline}: {mib(b['extra'])}"
            f"  = {ratio:5.2f}x"
        )
        records.append(
            {
                "case": label,
                "extra_bytes": r["extra"],
                "baseline": baseline,
                "baseline_extra_bytes": b["extra"],
                "ratio_to_baseline": ratio,
            }
        )

    print("-- against the input (200,000 x 50)")
    against_input("meta-features, array", "array", 200_000, "metafeatures")
    against_input("meta-features + landmarkers, array", "array", 200_000, "metafeatures_all")
    against_input("meta-features, float DataFrame", "float_frame", 200_000, "metafeatures")
    against_input("meta-features, DataFrame with 10 text columns", "frame", 200_000, "metafeatures")
    against_input("suggest (meta-features + lookup), array", "array", 200_000, "suggest")
    print(
        "-- against a plain fit of the configuration the warm start chooses (100,000 x 50; "
        "the warm start's peak includes loading the knowledge)"
    )
    against_plain(
        "MetaDefaultClassifier(HGB), zero-shot", "array", 100_000, "hgb_zero_shot", "hgb_chosen"
    )
    against_plain(
        "MetaDefaultClassifier(HGB), n_candidates=4", "array", 100_000, "hgb_few_shot", "hgb_chosen"
    )
    print("-- against RandomizedSearchCV, 16 candidates, 3-fold (20,000 x 50)")
    against_plain(
        "MetaSearchCV(HGB), 16 candidates", "array", 20_000, "meta_search", "random_search"
    )
    print("-- meta-training (2,000 tasks x 50 rows x 20 columns)")
    against_input("MAMLRegressor (40, 40), 200 meta-iterations", "family", 0, "maml")
    print(json.dumps(records))


if __name__ == "__main__":
    main()
