"""Build skmeta's shipped default knowledge base from the PMLB corpus (deterministic, resumable).

What it does, recorded in the knowledge base's provenance:

- tasks: every dataset of the corpus (``index.csv``), in name order;
- families: all seven (:data:`skmeta.spaces.FAMILIES`), 48 configurations each, scikit-learn's
  default first, then a scrambled Sobol design (seed 0), then the tree families' designed
  configurations (:func:`skmeta.spaces.designed_configs`: 6-7 each, added in session 9 by
  topping up the store: only they were evaluated then);
- protocol: at most 500 rows per task (stratified for classification), 3-fold CV, one
  thread per unit, seeds 0.

Why 500 rows and 3 folds: the budget is about two hours on two cores. Timing one
configuration of every family with 3-fold CV on german (20 features) gave about 1.0 s at
500 rows and 1.5 s at 1,000 rows; 223 tasks x 48 configurations then need about 1.5 h
(500 rows) or 2.3 h (1,000 rows) of two cores. Half of the corpus has at most 500 rows
anyway.

The store (``benchmarks/default_knowledge_store/``, one small compressed file per task and
family) is committed as the build goes, so an interrupted build continues in a later
sitting: run the same command again.

Usage::

    python benchmarks/build_default_knowledge.py [--corpus ../shared/corpus/pmlb] [--n-jobs 2]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from skmeta.knowledge import build_knowledge
from skmeta.tasks import load_folder

HERE = Path(__file__).resolve().parent
STORE = HERE / "default_knowledge_store"
OUTPUT = HERE.parent / "skmeta" / "data" / "default_knowledge"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus", type=Path, default=HERE.parents[1] / "shared" / "corpus" / "pmlb"
    )
    parser.add_argument("--n-jobs", type=int, default=2)
    parser.add_argument("--store", type=Path, default=STORE)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--lcdb", type=Path, default=HERE.parents[1] / "shared" / "lcdb")
    args = parser.parse_args(argv)
    tasks = load_folder(args.corpus)
    tasks = tasks.select(sorted(tasks.names))
    start = time.perf_counter()
    kb = build_knowledge(
        tasks,
        n_configs=48,
        cv=3,
        max_rows=500,
        store=args.store,
        n_jobs=args.n_jobs,
        random_state=0,
        designed=True,
        verbose=1,
        source="PMLB (pmlb corpus, index.csv)",
    )
    print(f"build finished in {time.perf_counter() - start:.0f} s (this sitting)")
    if args.lcdb.exists():
        from skmeta.knowledge import AlgorithmTable

        kb.algorithms = AlgorithmTable.from_lcdb(args.lcdb)
    kb.save(args.output)
    size = sum(p.stat().st_size for p in args.output.iterdir())
    print(f"saved {kb!r} to {args.output} ({size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
