"""Experiment: knowledge for large datasets, measured on more rows or on large tasks only.

The shipped knowledge scores every configuration on at most 500 rows, and a 10,000-row
dataset's nearest tasks include small ones. On the corpus groups of 10,000+ rows
(``bench_warmstart_search.py --min-rows 10000 --max-rows 10000``) gradient boosting's
zero-shot wins 5 and loses 5. This script writes two knowledge bases for that benchmark's
``--knowledge``, both of the corpus tasks with more than 500 rows (108 tasks), gradient
boosting only:

- ``large_500``: the shipped knowledge restricted to those tasks (scores at 500 rows);
- ``large_<max-rows>``: those tasks built anew with ``max_rows`` rows (default 2,000;
  48 sampled and the designed configurations, 3-fold CV; 30 minutes of two cores).

Results: ``benchmarks/results/experiment_large_task_knowledge.txt``. Neither is shipped.

Usage::

    python benchmarks/experiment_large_task_knowledge.py --out /tmp/large [--max-rows 2000]
    python benchmarks/bench_warmstart_search.py --knowledge /tmp/large/large_2000 \\
        --contenders zero --reuse benchmarks/results/warmstart_10k_rows.jsonl \\
        --families hist_gradient_boosting --max-groups 200 --min-rows 10000 \\
        --max-rows 10000 --out /tmp/large/10k_large_2000.jsonl
"""

from __future__ import annotations

import argparse
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv=None):
    import pandas as pd

    from skmeta.knowledge import KnowledgeBase, build_knowledge
    from skmeta.tasks import load_folder

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=HERE.parents[1] / "shared/corpus/pmlb")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--max-rows", type=int, default=2000)
    parser.add_argument("--n-jobs", type=int, default=2)
    args = parser.parse_args(argv)
    index = pd.read_csv(args.corpus / "index.csv")
    large = sorted(index.loc[index["n_instances"] > 500, "name"])
    shipped = KnowledgeBase.load_default()
    shipped.select([n for n in shipped.task_names if n in set(large)]).save(args.out / "large_500")
    tasks = load_folder(args.corpus)
    kb = build_knowledge(
        tasks.select(large),
        ["hist_gradient_boosting"],
        n_configs=48,
        cv=3,
        max_rows=args.max_rows,
        store=args.out / f"store_{args.max_rows}",
        n_jobs=args.n_jobs,
        random_state=0,
        designed=True,
        source="PMLB tasks with more than 500 rows",
    )
    kb.save(args.out / f"large_{args.max_rows}")
    print(f"saved {args.out / 'large_500'} and {args.out / f'large_{args.max_rows}'}")


if __name__ == "__main__":
    main()
