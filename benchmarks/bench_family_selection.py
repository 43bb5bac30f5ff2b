"""Leave-group-out evaluation of algorithm selection (``rank_families`` and the family
``warm_started_model`` picks) on the knowledge base's own tables.

For every task type, the corpus's groups are dealt into ``--folds`` folds (near-duplicate
datasets share a group); each fold's tasks are removed from the knowledge, and for each
held-out task the families are ranked from its meta-features by the rest. What the
one-liner would deliver is the top family's zero-shot configuration (``Hybrid``, the
default strategy of ``MetaDefault*``, fitted on the other folds), read off the table.
It is set against:

- ``hgb``: always gradient boosting (the default estimator of ``MetaDefault*``),
  zero-shot;
- ``sbs``: the single best family of the training folds (best mean normalized
  zero-shot score there), zero-shot;
- ``oracle``: the best family for that task, zero-shot (an upper bound).

Two rankings are evaluated: the knowledge's tables alone, and with OpenML's learner
results (LCDB, classification only) as shipped. LCDB holds OpenML versions of some
corpus datasets, so for each held-out task the LCDB datasets with the same numbers of
instances, features and classes are left out (the same dataset, most likely).

Scores are normalized per task over the seven families' zero-shot scores (0 the worst
family, 1 the best); every summary weights a task by 1 / (its group's number of tasks),
so each group counts once. Win / tie / loss use the raw metric (ties: |difference| <
1e-4).

``--compare-summaries`` also evaluates other ways of scoring a family on a known task
(its best configuration, its default, the median or upper quartile of its
configurations) against the shipped one (the mean of its default's and its best's).
That choice was made on this very evaluation, among these five: read the shipped
figures as slightly optimistic.

``--real-fits FILE`` reads the single fits of ``bench_warmstart_search.py`` (every
family's zero-shot CV score on one 500-row task per held-out group, knowledge without
that group) and scores the family ``rank_families`` picks for that same task (its
meta-features computed on those 500 rows, the knowledge without the group, LCDB
without the task's likely twin) against gradient boosting's zero-shot and default.

Usage::

    python benchmarks/bench_family_selection.py [--folds 10] [--compare-summaries]
    python benchmarks/bench_family_selection.py \
        --real-fits benchmarks/results/warmstart_single_fits.jsonl [--compare-summaries]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from bench_warmstart import group_folds, group_weights

TIE = 1e-4
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pmlb"


def _without_same_datasets(table, mf):
    """The LCDB table without the datasets whose size matches the task's."""
    from skmeta.knowledge import AlgorithmTable

    q = table.qualities
    same = np.ones(len(q), dtype=bool)
    for name in ("NumberOfInstances", "NumberOfFeatures", "NumberOfClasses"):
        if name in q.columns and np.isfinite(mf.get(name, np.nan)):
            same &= np.isclose(q[name].to_numpy(float), mf[name])
    keep = ~same
    return AlgorithmTable(q[keep], table.scores[keep], table.provenance), int(same.sum())


def evaluate(kb, kind, n_folds=10, seed=0):
    from skmeta.defaults._meta_default import fit_cached
    from skmeta.defaults._select import _rank_families
    from skmeta.strategies import Hybrid

    metric = "accuracy" if kind == "classification" else "r2"
    keys = [k for k in kb.table_keys if k.endswith("/" + kind)]
    families = [k.split("/")[0] for k in keys]
    rows = np.flatnonzero((kb.tasks["kind"] == kind).to_numpy())
    groups = kb.tasks["group"].astype(str).to_numpy()
    task_fold, n = group_folds(groups[rows], n_folds, seed)  # as the table bench deals them
    out, dropped = [], []
    for fold in range(n):
        held = rows[task_fold == fold]
        train = np.setdiff1d(rows, held)
        sub = kb.select([kb.task_names[i] for i in train])
        strategies = {
            k: fit_cached(Hybrid(n_neighbors=20, min_advantage="auto"), sub, k, metric)
            for k in keys
        }

        def zero_shot(t, strategies=strategies):
            mf = kb.metafeatures.iloc[t].to_dict()
            return np.array(
                [kb.scores(k, metric)[t, int(strategies[k].rank(mf).order[0])] for k in keys]
            )

        # the single best family of the training folds, by mean normalized zero-shot
        # score there (each training task ranked by the training strategies: in-sample)
        Z = np.array([zero_shot(t) for t in train])
        span = np.nanmax(Z, axis=1) - np.nanmin(Z, axis=1)
        N = (Z - np.nanmin(Z, axis=1)[:, None]) / np.where(span > 0, span, 1.0)[:, None]
        sbs = int(np.nanargmax(np.nanmean(N, axis=0)))
        for t in held:
            z = zero_shot(t)
            if not np.isfinite(z).all():
                continue
            mf = kb.metafeatures.iloc[t].to_dict()
            picks = {"tables": _rank_families(sub, mf, kind, 10, use_lcdb=False)}
            if kind == "classification" and kb.algorithms is not None:
                table, n_same = _without_same_datasets(kb.algorithms, mf)
                sub.algorithms = table
                picks["tables+lcdb"] = _rank_families(sub, mf, kind, 10)
                sub.algorithms = None
                dropped.append(n_same)
            lo, hi = z.min(), z.max()

            def norm(x, lo=lo, hi=hi):
                return (x - lo) / (hi - lo) if hi > lo else 1.0

            record = {
                "task": kb.task_names[t],
                "group": groups[t],
                "hgb": z[families.index("hist_gradient_boosting")],
                "sbs": z[sbs],
                "sbs_family": families[sbs],
                "oracle": z.max(),
            }
            for name, ranking in picks.items():
                family = ranking["family"].iloc[0]
                record[name] = z[families.index(family)]
                record[name + "_family"] = family
            for name in ("hgb", "sbs", "oracle", *picks):
                record["n_" + name] = norm(record[name])
            out.append(record)
    return out, dropped


def summarize(records, kind):
    from collections import Counter

    size = Counter(r["group"] for r in records)
    w = group_weights(records)
    names = [n for n in ("tables", "tables+lcdb") if n in records[0]]
    res = {"n_tasks": len(records), "n_groups": len(size)}
    for name in ("hgb", "sbs", "oracle", *names):
        res["normalized_" + name] = float(np.average([r["n_" + name] for r in records], weights=w))
    for name in names:
        for base in ("hgb", "sbs"):
            d = np.array([r[name] - r[base] for r in records])
            res[f"{name}_vs_{base}"] = [
                round(float(w[d > TIE].sum()), 1),
                round(float(w[np.abs(d) <= TIE].sum()), 1),
                round(float(w[d < -TIE].sum()), 1),
            ]
        res[name + "_is_oracle"] = float(
            np.average([abs(r[name] - r["oracle"]) <= TIE for r in records], weights=w)
        )
        res[name + "_families"] = dict(Counter(r[name + "_family"] for r in records))
    res["sbs_families"] = dict(Counter(r["sbs_family"] for r in records))
    print(f"{kind}: {res['n_tasks']} tasks in {res['n_groups']} groups (each group counts once)")
    line = "  mean normalized zero-shot score (0 worst family, 1 best): " + ", ".join(
        f"{n} {res['normalized_' + n]:.3f}" for n in ("hgb", "sbs", *names, "oracle")
    )
    print(line)
    for name in names:
        print(
            f"  {name:<12} W/T/L vs hgb {res[name + '_vs_hgb']}, vs sbs {res[name + '_vs_sbs']}; "
            f"picks the oracle's family on {res[name + '_is_oracle']:.0%}; "
            f"picks {res[name + '_families']}"
        )
    print(f"  sbs per fold: {res['sbs_families']}")
    return res


def _summaries():
    """Alternative family scores on the known tasks, for ``--compare-summaries``."""
    from skmeta.defaults import _select

    def finite(A):
        return np.where(np.isfinite(A), A, np.nan)

    def over_configs(f):
        def score(kb, key, metric, rows):
            return f(kb.scores(key, metric)[rows])

        return score

    return {
        "best": over_configs(_select._row_max),
        "default": over_configs(lambda A: A[:, 0]),  # the default comes first in these
        "median": over_configs(lambda A: np.nanmedian(finite(A), axis=1)),
        "upper quartile": over_configs(lambda A: np.nanquantile(finite(A), 0.75, axis=1)),
        "mean of default and best (shipped)": _select._family_score,
    }


def compare_summaries(kb, n_folds):
    import contextlib
    import io

    from skmeta.defaults import _select

    shipped = _select._family_score
    print("family score on a known task -> mean normalized zero-shot score, W/T/L vs hgb")
    try:
        for name, score in _summaries().items():
            _select._family_score = score
            parts = []
            for kind in ("classification", "regression"):
                records, _ = evaluate(kb, kind, n_folds=n_folds)
                with contextlib.redirect_stdout(io.StringIO()):
                    res = summarize(records, kind)
                pick = "tables+lcdb" if kind == "classification" else "tables"
                parts.append(
                    f"{kind} {res['normalized_' + pick]:.3f} {res[pick + '_vs_hgb']}"
                    f" (hgb {res['normalized_hgb']:.3f})"
                )
            print(f"  {name:<36} " + "; ".join(parts))
    finally:
        _select._family_score = shipped


def real_fits_by_summary(kb, path, corpus):
    """:func:`real_fits` with each way of scoring a family of ``--compare-summaries``."""
    from skmeta.defaults import _select

    shipped = _select._family_score
    print(
        "\nThe same real fits with each of the five family scores of --compare-summaries, "
        "the shipped one last:"
    )
    try:
        for name, score in _summaries().items():
            _select._family_score = score
            print(f"== {name}")
            real_fits(kb, path, corpus)
    finally:
        _select._family_score = shipped


def real_fits(kb, path, corpus):
    """The picked family's real zero-shot score per held-out task, from single fits."""
    import warnings
    from collections import defaultdict

    from skmeta.defaults._select import _rank_families
    from skmeta.knowledge._build import _prepare
    from skmeta.metafeatures import compute_metafeatures
    from skmeta.tasks import load_folder

    fits = defaultdict(dict)
    with open(path) as f:
        for line in f:
            r = json.loads(line)
            fits[(r["task"], r["group"], r["kind"])][r["family"]] = r
    tasks = load_folder(corpus)
    protocol = kb.provenance.get("protocol", {})
    max_rows, cv, seed = (
        protocol.get(k, d) for k, d in (("max_rows", 500), ("cv", 3), ("random_state", 0))
    )
    out = defaultdict(list)
    for (name, group, kind), by_family in sorted(fits.items()):
        if len(by_family) < 7:
            continue
        X, y, _, categorical, _ = _prepare(tasks[name], max_rows, cv, seed)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            mf = compute_metafeatures(X, y, kind=kind, categorical_features=categorical)
        # the task's group in the knowledge: the corpus' group united with those of
        # the copies of its data filed elsewhere (unite_copies), all held out together
        held = str(kb.tasks.loc[name, "group"]) if name in kb.task_names else group
        keep = [
            t
            for t, g in zip(kb.task_names, kb.tasks["group"].astype(str), strict=True)
            if g != held
        ]
        sub = kb.select(keep)
        if kind == "classification" and kb.algorithms is not None:
            sub.algorithms = _without_same_datasets(kb.algorithms, mf)[0]
        family = _rank_families(sub, mf, kind, 10)["family"].iloc[0]
        hgb = by_family["hist_gradient_boosting"]
        out[kind].append(
            {
                "group": group,
                "family": family,
                "picked": by_family[family]["zero"],
                "hgb_zero": hgb["zero"],
                "hgb_default": hgb["default"],
            }
        )
    from collections import Counter

    for kind, rows in out.items():
        picked = np.array([r["picked"] for r in rows])
        picks = dict(Counter(r["family"] for r in rows))
        print(f"real fits, {kind}: {len(rows)} held-out groups; picks {picks}")
        for base in ("hgb_zero", "hgb_default"):
            d = picked - np.array([r[base] for r in rows])
            print(
                f"  picked family's zero-shot vs {base}: W/T/L {int((d > TIE).sum())}/"
                f"{int((np.abs(d) <= TIE).sum())}/{int((d < -TIE).sum())}, "
                f"mean {np.nanmean(d):+.4f}, median {np.nanmedian(d):+.4f}"
            )
    return out


def main(argv=None):
    from skmeta.knowledge import KnowledgeBase

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=10)
    parser.add_argument("--compare-summaries", action="store_true")
    parser.add_argument("--real-fits", default=None)
    parser.add_argument("--corpus", default=str(CORPUS))
    args = parser.parse_args(argv)
    kb = KnowledgeBase.load_default()
    if args.real_fits:
        real_fits(kb, args.real_fits, args.corpus)
        if args.compare_summaries:
            real_fits_by_summary(kb, args.real_fits, args.corpus)
        return
    if args.compare_summaries:
        compare_summaries(kb, args.folds)
    summary = {}
    for kind in ("classification", "regression"):
        records, dropped = evaluate(kb, kind, n_folds=args.folds)
        summary[kind] = summarize(records, kind)
        if dropped:
            print(
                f"  LCDB datasets left out as the held-out task's likely twin: "
                f"{sum(d > 0 for d in dropped)} of {len(dropped)} tasks had one"
            )
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
