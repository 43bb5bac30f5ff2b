"""Meta-feature speed: skmeta vs pymfe, and vs one vectorized pass of column moments.

For each corpus dataset (about 200 to 50,000 rows), in the same run:

- ``skmeta``: ``compute_metafeatures`` with the default groups (general, statistical,
  info-theory, target), input validation included, on the same input pymfe gets (the
  float array and the categorical columns); ``skmeta (frame)`` is the same from the
  task's DataFrame, conversion included;
- ``pymfe``: pymfe's ``MFE`` fit + extract restricted to the features both libraries
  compute (counts, class frequencies and entropy, attribute entropy, mutual information,
  equivalent number of attributes, noise-to-signal ratio, mean, sd, skewness, kurtosis,
  summarized by min / quartiles / mean / max), from its groups general, statistical and
  info-theory; ``--pymfe-full`` times those three groups whole instead;
- ``moments``: the floor -- one vectorized pass of per-column mean, std, skewness and
  kurtosis (NumPy/SciPy) over the same float array.

Each time is the best of ``--repeat`` runs (default 10, the same for every
contender). Targets: pymfe / skmeta >= 50 and skmeta / moments <= 5.

Usage::

    python benchmarks/bench_metafeatures.py [--corpus ../shared/corpus/pmlb] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import time
import warnings
from pathlib import Path

import numpy as np
import scipy.stats

from skmeta.metafeatures import compute_metafeatures
from skmeta.tasks import load_folder

DATASETS = ("biomed", "german", "chess", "spambase", "pendigits", "shuttle")
SHARED_PYMFE = [
    "nr_inst",
    "nr_attr",
    "nr_num",
    "nr_cat",
    "nr_bin",
    "nr_class",
    "freq_class",
    "class_ent",
    "attr_ent",
    "mut_inf",
    "eq_num_attr",
    "ns_ratio",
    "mean",
    "sd",
    "skewness",
    "kurtosis",
]


def best_of(repeat, fn):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def moments_pass(A):
    A.mean(axis=0)
    A.std(axis=0, ddof=1)
    scipy.stats.skew(A, axis=0, bias=False)
    scipy.stats.kurtosis(A, axis=0, bias=False)


def pymfe_run(X, y, cat_cols, full):
    from pymfe.mfe import MFE

    kwargs = {} if full else {"features": SHARED_PYMFE}
    mfe = MFE(
        groups=["general", "statistical", "info-theory"],
        summary=["min", "quantiles", "mean", "max"],
        random_state=0,
        **kwargs,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mfe.fit(
            X, y, cat_cols=cat_cols, transform_num=False, transform_cat=None, suppress_warnings=True
        )
        mfe.extract(suppress_warnings=True)


def main(argv=None):
    default_corpus = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pmlb"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=default_corpus)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--datasets", default=",".join(DATASETS))
    parser.add_argument(
        "--pymfe-full",
        action="store_true",
        help="time pymfe's three groups whole, not just the shared features",
    )
    args = parser.parse_args(argv)
    try:
        import pymfe  # noqa: F401
    except ImportError:
        raise SystemExit("pymfe is needed: pip install 'skmeta[bench]'") from None
    tasks = load_folder(args.corpus)
    rows = []
    header = (
        f"{'dataset':<12} {'rows':>7} {'cols':>5} {'skmeta ms':>10} {'(frame) ms':>11} "
        f"{'pymfe ms':>9} {'moments ms':>11} {'pymfe/skmeta':>13} {'(frame)':>8} "
        f"{'skmeta/moments':>15}"
    )
    print(header)
    print("-" * len(header))
    for name in args.datasets.split(","):
        task = tasks[name]
        X = task.X.to_numpy(dtype=np.float64)
        y = np.asarray(task.y)
        cat_cols = list(np.flatnonzero(task.categorical_features))
        mask = np.asarray(task.categorical_features)
        t_skmeta = best_of(
            args.repeat,
            lambda X=X, y=y, mask=mask, kind=task.kind: compute_metafeatures(
                X, y, kind=kind, categorical_features=mask
            ),
        )
        t_frame = best_of(args.repeat, lambda task=task: compute_metafeatures(task))
        t_moments = best_of(args.repeat, lambda X=X: moments_pass(X))
        t_pymfe = best_of(
            1 if args.pymfe_full else args.repeat,
            lambda X=X, y=y, c=cat_cols: pymfe_run(X, y, c, args.pymfe_full),
        )
        row = {
            "dataset": name,
            "rows": X.shape[0],
            "cols": X.shape[1],
            "skmeta_s": t_skmeta,
            "skmeta_frame_s": t_frame,
            "pymfe_s": t_pymfe,
            "moments_s": t_moments,
            "pymfe_over_skmeta": t_pymfe / t_skmeta,
            "skmeta_over_moments": t_skmeta / t_moments,
        }
        rows.append(row)
        print(
            f"{name:<12} {row['rows']:>7} {row['cols']:>5} {1e3 * t_skmeta:>10.3f} "
            f"{1e3 * t_frame:>11.3f} {1e3 * t_pymfe:>9.1f} {1e3 * t_moments:>11.3f} "
            f"{row['pymfe_over_skmeta']:>13.1f} "
            f"{t_pymfe / t_frame:>8.1f} {row['skmeta_over_moments']:>15.2f}"
        )
    ratios = np.array([r["pymfe_over_skmeta"] for r in rows])
    floor = np.array([r["skmeta_over_moments"] for r in rows])
    print(
        f"\npymfe/skmeta: min {ratios.min():.1f}x, geometric mean "
        f"{np.exp(np.log(ratios).mean()):.1f}x (target >= 50x)"
    )
    print(
        f"skmeta/moments: max {floor.max():.2f}x, geometric mean "
        f"{np.exp(np.log(floor).mean()):.2f}x (target <= 5x)"
    )
    print(json.dumps({"pymfe_full": args.pymfe_full, "results": rows}))


if __name__ == "__main__":
    main()
