"""Experiment: describe the knowledge's tasks by the rows their scores were measured on.

The shipped knowledge describes each corpus task by the meta-features of the whole
dataset (up to 494,020 rows), but scores its configurations on at most 500 rows. A
user's 300-row table is then compared with, say, shuttle described at 58,000 rows. This
script writes a copy of the shipped knowledge whose meta-features are computed on each
task's evaluated rows (the build protocol's subsample), for
``bench_warmstart_search.py --knowledge DIR``. It changes no score, only the task
descriptions, and it is not the shipped knowledge: queries larger than 500 rows would
also have to be described on a 500-row subsample before it could be.

``--size-only`` changes only the size: ``NumberOfInstances`` capped at the evaluated rows
(and ``Dimensionality`` with it), every other meta-feature of the whole dataset
(results: ``benchmarks/results/warmstart_single_fits_size_capped.txt``).

Usage::

    python benchmarks/experiment_subsample_metafeatures.py --out /tmp/kb_subsample
    python benchmarks/bench_warmstart_search.py --knowledge /tmp/kb_subsample \\
        --families hist_gradient_boosting,k_neighbors,svm,random_forest \\
        --contenders default,zero --max-groups 200 \\
        --out benchmarks/results/warmstart_single_fits_subsample_metafeatures.jsonl
"""

from __future__ import annotations

import argparse
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv=None):
    from skmeta.knowledge import KnowledgeBase
    from skmeta.knowledge._build import _prepare
    from skmeta.metafeatures import compute_metafeatures
    from skmeta.tasks import load_folder

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(HERE.parents[1] / "shared" / "corpus" / "pmlb"))
    parser.add_argument("--out", required=True)
    parser.add_argument(
        "--size-only",
        action="store_true",
        help="only the size: NumberOfInstances and Dimensionality of the evaluated rows",
    )
    args = parser.parse_args(argv)
    kb = KnowledgeBase.load_default()
    protocol = kb.provenance.get("protocol", {})
    max_rows, cv, seed = (
        protocol.get(k, d) for k, d in (("max_rows", 500), ("cv", 3), ("random_state", 0))
    )
    tasks = load_folder(args.corpus)
    mf = kb.metafeatures.copy()
    if args.size_only:
        n = mf["NumberOfInstances"].clip(upper=max_rows)
        mf["Dimensionality"] = mf["NumberOfFeatures"] / n
        mf["NumberOfInstances"] = n
        kb.metafeatures = mf
        kb.save(args.out)
        print(f"saved {kb!r} to {args.out} (sizes capped at {max_rows} rows)")
        return
    for name in kb.task_names:
        X, y, kind, categorical, _ = _prepare(tasks[name], max_rows, cv, seed)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            values = compute_metafeatures(X, y, kind=kind, categorical_features=categorical)
        for key, value in values.items():
            if key in mf.columns:
                mf.loc[name, key] = value
    kb.metafeatures = mf
    kb.save(args.out)
    print(f"saved {kb!r} to {args.out} (meta-features of at most {max_rows} rows per task)")


if __name__ == "__main__":
    main()
