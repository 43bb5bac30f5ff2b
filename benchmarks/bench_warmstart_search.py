"""Warm starts against scikit-learn's defaults, RandomizedSearchCV and FLAML, with real fits.

Leave-group-out over the PMLB corpus: for each held-out task, the knowledge is the
shipped default knowledge base without the task's group (near-duplicates share a group),
and on the task's evaluation data (the knowledge protocol: at most 500 rows, stratified,
3 shuffled folds) every contender is cross-validated on the same folds:

- ``default``: scikit-learn's estimator with its defaults;
- ``zero``: ``MetaDefault*(estimator, n_candidates=1)``; the meta-features are computed
  on each training fold, so nothing of the test fold is seen;
- ``few``: ``MetaDefault*(estimator, n_candidates=4)`` (internal 3-fold CV per fold);
- ``flaml``: FLAML's zero-shot estimator of the same family (``flaml.default``), when
  ``flaml[automl]`` is installed; a fresh one per fold, since a clone of it keeps
  scikit-learn's defaults (before session 6 this benchmark measured exactly that);
- ``flaml100``: FLAML's zero-shot configuration with scikit-learn's 100 trees instead
  of FLAML's 356-2,047 (skmeta's knowledge leaves the number of trees to the user): how
  much of FLAML's edge is its larger forests;
- ``random``: ``RandomizedSearchCV(n_iter=32)`` over the plain space
  (``SearchSpace.param_distributions``), its best-so-far CV score after each evaluation;
- ``meta``: ``MetaSearchCV(n_iter=32)`` (its defaults since session 14: 2 warm-start
  candidates, 14 more one at a time, each ranked by the known tasks that respond alike,
  then draws around those tasks' good configurations; ``--meta-params '{"n_warm": 4,
  "n_adaptive": 12, "batch_size": 4}'`` is the search from its adaptive rounds until
  session 13, ``'{"n_warm": 8, "n_adaptive": 0, "prior": "metafeatures"}'`` the search
  of sessions 3-5).

The searches' best-so-far curves are mean CV scores of the configuration selected on
those same folds, which is optimistic; they serve the anytime comparison, where both
searches are read the same way. Against the single-fit contenders, whose CV scores are
honest, random search is scored honestly too (``random_honest``): on each fold, the
configuration with the best mean on the *other* folds is scored, as a nested CV would
(the split scores are in ``cv_results_``, so no extra fit). Win / tie / loss against
random search and the fraction of its gain captured, mean(zero-shot - default) /
mean(random search - default) over the tasks, use the honest score; the in-sample
fraction is printed beside it. The anytime comparison is also made honest against
honest (``*_honest_curve``: after n evaluations, the nested-CV score of the best of those
n; MetaSearchCV's against random search's after 32).

Families whose space preprocesses (linear, SVM, k-NN, MLP: scaling, one-hot) are run
behind that preprocessing, as the knowledge measured them: ``MetaDefault*`` and the
searches take the pipeline (``family_estimator`` builds it for users) and set its final
step, and the meta-features describe the data as given. (Until session 7,
``MetaDefault*`` sat after the preprocessing and described the preprocessed table, and
the searches were run for the three other families only; the files of those runs say
so.) ``--contenders default,zero,few,flaml`` runs the single fits alone (cheap enough
for every group and family; use its own ``--out``).

Every (task, family) result is appended to a JSON-lines file, so the run resumes where it
stopped (``--out``; the committed ``benchmarks/results/warmstart_search.jsonl`` holds the
figures of the closing note). ``--reuse FILE`` takes the contenders not run from FILE's
records of the same units (to rerun only ``meta``, say). ``--max-rows`` / ``--min-rows``
evaluate larger tasks than the knowledge's 500 rows. ``--report`` only summarizes the
file and saves the anytime plot (``--plot``; matplotlib needed).

Usage::

    python benchmarks/bench_warmstart_search.py \\
        --families hist_gradient_boosting,random_forest,extra_trees --max-groups 60 --n-jobs 2
    python benchmarks/bench_warmstart_search.py --contenders default,zero,few,flaml \\
        --families hist_gradient_boosting,random_forest,extra_trees,linear,svm,k_neighbors,mlp \\
        --max-groups 200 --out benchmarks/results/warmstart_single_fits.jsonl
    python benchmarks/bench_warmstart_search.py --report --plot benchmarks/results/anytime.png
"""

from __future__ import annotations

import argparse
import json
import time
import warnings
from pathlib import Path

import numpy as np
from sklearn.base import BaseEstimator

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "results" / "warmstart_search.jsonl"  # session 5: min_advantage='auto'

DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus" / "pmlb"
BUDGET = 32
TIE = 1e-4


def _flaml_estimator(family, kind):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import flaml.default as fd
    except ImportError:
        return None
    name = {"random_forest": "RandomForest", "extra_trees": "ExtraTrees"}.get(family)
    if name is None:
        return None
    suffix = "Classifier" if kind == "classification" else "Regressor"
    return getattr(fd, name + suffix)


class _FlamlAt100Trees(BaseEstimator):
    """FLAML's zero-shot configuration on the training fold, fitted with scikit-learn's
    100 trees instead of FLAML's number (``flaml100``): how much of FLAML's edge is
    its larger forests, which skmeta's knowledge leaves at the user's number."""

    def __init__(self, flaml_cls, template, seed):
        self.flaml_cls = flaml_cls
        self.template = template
        self.seed = seed

    def fit(self, X, y):
        from sklearn.base import clone

        from skmeta.defaults._meta_default import space_params

        params = self.flaml_cls().suggest_hyperparams(X, y)[0]
        params = {k: v for k, v in params.items() if k not in ("verbose", "n_jobs")}
        params.update(n_estimators=100, random_state=self.seed)
        params = space_params(self.template, params)  # a pipeline's final step
        self.estimator_ = clone(self.template).set_params(**params).fit(X, y)
        return self

    def predict(self, X):
        return self.estimator_.predict(X)


def _best_so_far(scores):
    scores = np.where(np.isfinite(scores), scores, -np.inf)
    return np.maximum.accumulate(scores).tolist()


def chosen_on_other_folds(splits):
    """Mean over folds of the score, on each fold, of the configuration with the best mean
    on the other folds (configurations x folds; a failure is -inf): what a nested CV
    measures for "pick the best by CV". ``bench_warmstart.py`` uses it too."""
    splits = np.where(np.isfinite(splits), splits, -np.inf)
    scores = []
    for k in range(splits.shape[1]):
        other = np.delete(splits, k, axis=1).mean(axis=1)
        scores.append(splits[int(np.argmax(other)), k])
    return float(np.mean(scores))


CONTENDERS = ("default", "zero", "few", "flaml", "flaml100", "random", "meta")


def run_one(
    task_name,
    group,
    family,
    kind,
    corpus,
    seed=0,
    contenders=CONTENDERS,
    knowledge_dir=None,
    min_advantage="auto",
    meta_params=None,
    max_rows=500,
):
    """The contenders on one task and family; returns a JSON-able dict."""
    from sklearn.model_selection import RandomizedSearchCV, cross_val_score
    from threadpoolctl import threadpool_limits

    from skmeta import MetaDefaultClassifier, MetaDefaultRegressor, MetaSearchCV
    from skmeta.defaults._meta_default import _default_knowledge, final_step
    from skmeta.knowledge._build import _prepare, _with_imputer
    from skmeta.spaces import get_space
    from skmeta.tasks import load_folder

    if knowledge_dir is None:
        kb = _default_knowledge()
    else:
        from skmeta.knowledge import KnowledgeBase

        kb = KnowledgeBase.load(knowledge_dir)
    # the task's group in the knowledge: the corpus' group, united with those of the
    # task's copies filed under other names (skmeta.knowledge.unite_copies; until session
    # 16 the copies stayed in the knowledge: wdbc was evaluated knowing
    # breast_cancer_wisconsin)
    held = str(kb.tasks.loc[task_name, "group"]) if task_name in kb.task_names else group
    keep = [
        t for t, g in zip(kb.task_names, kb.tasks["group"].astype(str), strict=True) if g != held
    ]
    knowledge = kb.select(keep)
    task = load_folder(corpus)[task_name]
    X, y, kind_, categorical, folds = _prepare(task, max_rows, 3, seed)
    assert kind_ == kind
    space = get_space(family, kind)
    # scikit-learn's default, behind the space's preprocessing (scaling, one-hot) where it
    # has one, as the knowledge evaluated it; MetaDefault* goes after that preprocessing
    template = space.make_estimator(
        space.default_config(), random_state=seed, categorical=categorical
    )
    if space.preprocessing == "none" and categorical.any():
        template = _declare_codes(template, X, categorical)
    if np.isnan(X).any():  # imputation first, as the knowledge's build does
        template = _with_imputer(template, categorical)
    # the families that preprocess are warm-started as users get them from
    # family_estimator: MetaDefault*(the pipeline), the meta-features of the data as
    # given; the searches tune the pipeline's final step
    base = template
    prefix = final_step(template)[1]  # e.g. 'pipeline__svc__'

    scoring = "accuracy" if kind == "classification" else "r2"
    meta_cls = MetaDefaultClassifier if kind == "classification" else MetaDefaultRegressor
    out = {"task": task_name, "group": group, "family": family, "kind": kind, "seconds": {}}
    out["min_advantage"] = min_advantage

    def cv(name, est):
        t0 = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            s = cross_val_score(est, X, y, cv=folds, scoring=scoring, error_score=np.nan)
        out[name] = float(np.mean(s))
        out["seconds"][name] = time.perf_counter() - t0

    def cv_unclonable(name, make):
        # FLAML's zero-shot estimators cannot be cloned faithfully: a clone passes every
        # parameter explicitly, which FLAML takes as the user's choice, so it keeps
        # scikit-learn's defaults (cross_val_score would measure the default). A fresh
        # estimator per fold instead.
        from sklearn.metrics import get_scorer

        scorer = get_scorer(scoring)
        t0 = time.perf_counter()
        scores = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for train, test in folds:
                est = make().fit(X[train], y[train])
                scores.append(scorer(est, X[test], y[test]))
        out[name] = float(np.mean(scores))
        out["seconds"][name] = time.perf_counter() - t0

    def search(name, est):
        t0 = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            est.fit(X, y)
        res = est.cv_results_
        out[name] = _best_so_far(np.asarray(res["mean_test_score"], float))
        splits = np.column_stack(
            [np.asarray(res[f"split{k}_test_score"], float) for k in range(len(folds))]
        )
        out[name + "_honest"] = chosen_on_other_folds(splits)
        # honest best-so-far: after n evaluations, what a nested CV scores for picking
        # the best of those n by their CV means
        out[name + "_honest_curve"] = [
            chosen_on_other_folds(splits[:n]) for n in range(1, len(splits) + 1)
        ]
        out["seconds"][name] = time.perf_counter() - t0

    with threadpool_limits(1):
        if "default" in contenders:
            cv("default", base)
        settings = {"knowledge": knowledge, "min_advantage": min_advantage}
        if "zero" in contenders:
            cv("zero", meta_cls(base, n_candidates=1, **settings))
        if "few" in contenders:
            cv("few", meta_cls(base, n_candidates=4, **settings))
        flaml_cls = _flaml_estimator(family, kind)
        if flaml_cls is not None and "flaml" in contenders:
            cv_unclonable("flaml", lambda: flaml_cls(random_state=seed, n_jobs=1))
        if flaml_cls is not None and "flaml100" in contenders:
            cv_unclonable("flaml100", lambda: _FlamlAt100Trees(flaml_cls, template, seed))
        if "random" in contenders:
            search(
                "random",
                RandomizedSearchCV(
                    base,
                    {prefix + k: v for k, v in space.param_distributions().items()},
                    n_iter=BUDGET,
                    cv=folds,
                    scoring=scoring,
                    random_state=seed,
                ),
            )
        if "meta" in contenders:
            search(
                "meta",
                MetaSearchCV(
                    base,
                    knowledge=knowledge,
                    min_advantage=min_advantage,
                    n_iter=BUDGET,
                    cv=folds,
                    scoring=scoring,
                    random_state=seed,
                    **(meta_params or {}),
                ),
            )
            out["meta_params"] = meta_params or {}
    return out


def _plan(corpus, families, kinds, max_groups, seed, min_rows=0):
    """(task, group, family, kind) units: one task per group, groups in a seeded order
    (tasks of fewer than ``min_rows`` rows left out)."""

    from skmeta.defaults._meta_default import _default_knowledge

    kb = _default_knowledge()
    tasks = kb.tasks.reset_index(drop=True).assign(name=kb.task_names)
    index = _corpus_index(corpus)
    if index is None:
        raise SystemExit(f"corpus index not found: {Path(corpus) / 'index.csv'}")
    # the corpus' own groups pick the units, as before session 16 (the knowledge's unite
    # copies filed under two names; run_one holds those out together)
    tasks["group"] = tasks["name"].map(index.set_index("name")["group"].astype(str))
    large = index.loc[index["n_instances"] >= min_rows, "name"]
    tasks = tasks[tasks["name"].isin(index["name"]) & tasks["name"].isin(large)]
    units = []
    for kind in kinds:
        # one stream per kind: more groups of one kind never change the other's picks
        rng = np.random.default_rng([seed, ("classification", "regression").index(kind)])
        sub = tasks[tasks["kind"] == kind]
        groups = sorted(sub["group"].astype(str).unique())
        groups = [str(g) for g in rng.permutation(groups)][:max_groups]
        for g in groups:
            names = sorted(sub.loc[sub["group"].astype(str) == g, "name"])
            name = names[int(rng.integers(len(names)))]
            units += [(name, g, f, kind) for f in families]
    return units


def _read(out):
    if not out.exists():
        return []
    return [json.loads(line) for line in out.read_text().splitlines() if line.strip()]


def _wtl(a, b):
    x = a - b
    w, t, lo = int((x > TIE).sum()), int((np.abs(x) <= TIE).sum()), int((x < -TIE).sum())
    return {
        "wtl": [w, t, lo],
        "win_rate_non_tied": w / (w + lo) if w + lo else None,
        "mean_diff": float(np.nanmean(x)),
        "worst_diff": float(np.nanmin(x)),
    }


def _print_wtl(name, v):
    w, t, lo = v["wtl"]
    rate = v["win_rate_non_tied"]
    rate = "   -" if rate is None else f"{rate:>4.0%}"
    print(
        f"  {name:<26} W/T/L {w:>3}/{t:>3}/{lo:>3}  win {rate}  "
        f"mean {v['mean_diff']:+.4f}  worst {v['worst_diff']:+.3f}"
    )


def report_single_fits(rows, sizes=None, max_rows=500):
    """Summarize runs of the single-fit contenders only (``--contenders default,zero,...``).

    With ``sizes`` (task -> rows of the whole dataset, from the corpus index), zero-shot
    against the default is also split into tasks evaluated whole (at most ``max_rows``
    rows: the data MetaDefault* sees is the dataset) and subsamples of larger ones (it
    sees a subsample, described as a small dataset, while the knowledge describes the
    same kind of dataset at its full size).
    """
    summary = {}
    for family, kind in sorted({(r["family"], r["kind"]) for r in rows}):
        rs = [r for r in rows if r["family"] == family and r["kind"] == kind]
        have = [
            c for c in ("default", "zero", "few", "flaml", "flaml100") if all(c in r for r in rs)
        ]
        d = {c: np.array([r[c] for r in rs], float) for c in have}
        res = {"n_tasks": len(rs)}
        for a, b in (
            ("zero", "default"),
            ("few", "default"),
            ("zero", "flaml"),
            ("flaml", "default"),
            ("zero", "flaml100"),
            ("flaml100", "default"),
            ("flaml", "flaml100"),
        ):
            if a in d and b in d:
                res[f"{a}_vs_{b}"] = _wtl(d[a], d[b])
        if sizes and "zero" in d and all(r["task"] in sizes for r in rs):
            whole = np.array([sizes[r["task"]] <= max_rows for r in rs])
            for label, mask in (("whole", whole), ("subsampled", ~whole)):
                if mask.any():
                    res[f"zero_vs_default_{label}"] = _wtl(d["zero"][mask], d["default"][mask])
        summary[f"{family}/{kind}"] = res
        print(f"{family}/{kind} (single fits): n={len(rs)}")
        for k, v in res.items():
            if k != "n_tasks":
                _print_wtl(k, v)
    print(json.dumps(summary))


def _declare_codes(estimator, X, categorical):
    """``estimator`` behind an ``OrdinalEncoder`` of the category-code columns that
    leaves every code as it is (categories 0..k-1 in order; the numeric columns pass
    first, as ``X`` has them): the fits are those of the bare estimator on ``X``, and
    MetaDefault* and MetaSearchCV learn from the pipeline which columns are categorical
    and describe them as nominal, as the knowledge describes its tasks (a pipeline from
    ``family_estimator`` on a DataFrame with category columns tells them the same)."""
    from sklearn.compose import ColumnTransformer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OrdinalEncoder

    cat = np.flatnonzero(categorical)
    levels = [
        np.arange(int(np.nanmax(X[:, j], initial=0.0)) + 1, dtype=float) for j in cat
    ]  # initial: a column without values in the subsample (the imputer fills it)
    encode = ColumnTransformer(
        [
            ("num", "passthrough", np.flatnonzero(~categorical)),
            (
                "cat",
                OrdinalEncoder(
                    categories=levels, handle_unknown="use_encoded_value", unknown_value=-1
                ),
                cat,
            ),
        ]
    )
    return make_pipeline(encode, estimator)


def _reach(curve, target):
    """Evaluations until ``curve`` reaches ``target`` (BUDGET + 1 if it never does)."""
    hit = curve >= target - 1e-12
    return int(np.argmax(hit)) + 1 if hit.any() else BUDGET + 1


def _complete(r):
    """Whether a record has every contender of the search comparison (FLAML's are
    optional: they need the bench extra)."""
    return all(c in r for c in CONTENDERS if c not in ("flaml", "flaml100"))


def report(rows, plot=None, sizes=None, max_rows=500):
    """Print the tables of the closing note; save the anytime plot when asked."""
    if not all(_complete(r) for r in rows):
        report_single_fits([r for r in rows if not _complete(r)], sizes, max_rows)
        rows = [r for r in rows if _complete(r)]
    summary = {}
    for family, kind in sorted({(r["family"], r["kind"]) for r in rows}):
        rs = [r for r in rows if r["family"] == family and r["kind"] == kind]
        d = {c: np.array([r[c] for r in rs], float) for c in ("default", "zero", "few")}
        rand = np.array([r["random"] for r in rs], float)
        meta = np.array([r["meta"] for r in rs], float)
        rs32_in_sample = rand[:, -1]
        # honest where the run recorded it (runs before session 5 did not)
        rs32 = np.array([r.get("random_honest", np.nan) for r in rs], float)
        if np.isnan(rs32).any():
            print(f"  ({int(np.isnan(rs32).sum())} tasks lack the honest random search)")
            rs32 = np.where(np.isnan(rs32), rs32_in_sample, rs32)
        res = {"n_tasks": len(rs)}
        wtl = _wtl
        res["zero_vs_default"] = wtl(d["zero"], d["default"])
        res["few_vs_default"] = wtl(d["few"], d["default"])
        res["zero_vs_random32"] = wtl(d["zero"], rs32)
        res["few_vs_random32"] = wtl(d["few"], rs32)
        if all("flaml" in r for r in rs):
            fl = np.array([r["flaml"] for r in rs], float)
            res["zero_vs_flaml"] = wtl(d["zero"], fl)
            res["few_vs_flaml"] = wtl(d["few"], fl)
            res["flaml_vs_default"] = wtl(fl, d["default"])

        def captured(contender, target, d=d):
            gain = float(np.mean(target - d["default"]))
            if gain <= TIE:
                return None
            return float(np.mean(d[contender] - d["default"]) / gain)

        res["random32_mean_gain"] = float(np.mean(rs32 - d["default"]))
        res["random32_in_sample_mean_gain"] = float(np.mean(rs32_in_sample - d["default"]))
        res["random32_gain_captured_zero"] = captured("zero", rs32)
        res["random32_gain_captured_few"] = captured("few", rs32)
        res["random32_in_sample_gain_captured_zero"] = captured("zero", rs32_in_sample)
        reach = [_reach(m, t) for m, t in zip(meta, rs32_in_sample, strict=True)]
        res["meta_evals_to_random32_median"] = float(np.median(reach))
        res["meta_reached_random32_within_32"] = float(np.mean(np.array(reach) <= BUDGET))
        # the same share after 8 evaluations, and random search's own first 8 (ties in
        # the CV means let both reach the maximum of 32 early)
        res["meta_reached_random32_within_8"] = float(np.mean(np.array(reach) <= 8))
        res["random_reached_random32_within_8"] = float(
            np.mean([_reach(c, t) <= 8 for c, t in zip(rand, rs32_in_sample, strict=True)])
        )
        if all("meta_honest_curve" in r for r in rs) and not np.isnan(rs32).any():
            # honest against honest: the nested-CV score of the best of the first n
            # MetaSearchCV candidates against that of random search's best of 32
            honest_reach = [
                _reach(np.array(r["meta_honest_curve"], float), t)
                for r, t in zip(rs, rs32, strict=True)
            ]
            res["meta_honest_evals_to_random32_median"] = float(np.median(honest_reach))
            res["meta_honest_reached_random32_within_32"] = float(
                np.mean(np.array(honest_reach) <= BUDGET)
            )
        res["seconds_mean"] = {
            k: float(np.mean([r["seconds"][k] for r in rs])) for k in rs[0]["seconds"]
        }
        summary[f"{family}/{kind}"] = (res, rand, meta)
        z = res["zero_vs_default"]
        print(f"{family}/{kind}: n={len(rs)}")
        for k in [k for k in res if k.endswith(("default", "random32", "flaml"))]:
            _print_wtl(k, res[k])
        cz, cf = res["random32_gain_captured_zero"], res["random32_gain_captured_few"]
        ci = res["random32_in_sample_gain_captured_zero"]
        print(
            f"  random-32 mean gain over the default: {res['random32_mean_gain']:+.4f} "
            f"(in-sample {res['random32_in_sample_mean_gain']:+.4f}); captured: "
            + (f"zero-shot {cz:.0%}, few-shot {cf:.0%}" if cz is not None else "- (no gain)")
            + ("" if ci is None else f" (zero-shot of the in-sample gain: {ci:.0%})")
        )
        print(
            f"  MetaSearchCV evaluations to reach random-32's best: median "
            f"{res['meta_evals_to_random32_median']:g} (reached within 32 on "
            f"{res['meta_reached_random32_within_32']:.0%}); zero-shot wins "
            f"{z['wtl'][0]} of {z['wtl'][0] + z['wtl'][2]} non-tied"
        )
        print(
            "  reached within 8 evaluations: MetaSearchCV on "
            f"{res['meta_reached_random32_within_8']:.0%}, random search's own first 8 on "
            f"{res['random_reached_random32_within_8']:.0%}"
        )
        if "meta_honest_evals_to_random32_median" in res:
            print(
                "  honest (nested-CV score of the best so far, against random-32's): median "
                f"{res['meta_honest_evals_to_random32_median']:g} (reached within 32 on "
                f"{res['meta_honest_reached_random32_within_32']:.0%})"
            )
    if plot and summary:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        ncols = min(3, len(summary))
        nrows = -(-len(summary) // ncols)
        fig, axes = plt.subplots(nrows, ncols, figsize=(4.4 * ncols, 3.4 * nrows), squeeze=False)
        for ax in axes.ravel()[len(summary) :]:
            ax.set_visible(False)
        for ax, (key, (res, rand, meta)) in zip(axes.ravel(), summary.items(), strict=False):
            # per task, best-so-far relative to the default: (best - default) / (rs32 - default)
            default = np.array(
                [r["default"] for r in rows if f"{r['family']}/{r['kind']}" == key], float
            )
            span = np.maximum(rand[:, -1] - default, 1e-3)  # in-sample, as the curves
            x = np.arange(1, BUDGET + 1)
            for curve, label in ((rand, "RandomizedSearchCV"), (meta, "MetaSearchCV")):
                rel = (curve - default[:, None]) / span[:, None]
                ax.plot(x, np.median(rel, axis=0), label=label)
            ax.axhline(1.0, color="grey", lw=0.8, ls="--")
            ax.axhline(0.0, color="grey", lw=0.5, ls=":")
            ax.set_ylim(-1.0, 1.25)  # below -1: worse than the default by more than the gain
            ax.set_title(f"{key} (n={res['n_tasks']})", fontsize=9)
            ax.set_xlabel("evaluations")
            ax.set_ylabel("median (best - default) / (random-32 best - default)", fontsize=7)
            ax.legend(fontsize=7)
        fig.tight_layout()
        fig.savefig(plot, dpi=110)
        print(f"saved {plot}")
    print(json.dumps({k: v[0] for k, v in summary.items()}))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    parser.add_argument("--families", default="random_forest,extra_trees")
    parser.add_argument("--kinds", default="classification,regression")
    parser.add_argument("--max-groups", type=int, default=40)
    parser.add_argument("--n-jobs", type=int, default=2)
    parser.add_argument("--out", default=str(DEFAULT_OUT))
    parser.add_argument(
        "--contenders",
        default=",".join(CONTENDERS),
        help="a subset of " + ",".join(CONTENDERS) + " (use its own --out)",
    )
    parser.add_argument(
        "--knowledge", default=None, help="a knowledge directory (default: the shipped one)"
    )
    parser.add_argument(
        "--min-advantage",
        default="auto",
        type=lambda v: v if v == "auto" else float(v),
        help="MetaDefault*'s and MetaSearchCV's min_advantage (default: auto)",
    )
    parser.add_argument(
        "--meta-params",
        default=None,
        type=json.loads,
        help='MetaSearchCV settings as JSON, e.g. \'{"n_adaptive": 0, "n_warm": 8}\'',
    )
    parser.add_argument(
        "--reuse",
        default=None,
        help="a results file whose records supply the contenders not run (same units)",
    )
    parser.add_argument(
        "--max-rows", type=int, default=500, help="rows per task (the knowledge's: 500)"
    )
    parser.add_argument("--min-rows", type=int, default=0, help="skip smaller tasks")
    parser.add_argument("--report", action="store_true", help="only summarize --out")
    parser.add_argument("--plot", default=None, help="save the anytime curves here")
    args = parser.parse_args(argv)
    out = Path(args.out)
    if not args.report:
        from joblib import Parallel, delayed

        if not Path(args.corpus).is_dir():
            raise SystemExit(f"corpus not found: {args.corpus}")
        contenders = tuple(args.contenders.split(","))
        if set(contenders) - set(CONTENDERS):
            raise SystemExit(f"unknown contenders: {set(contenders) - set(CONTENDERS)}")
        done = {(r["task"], r["family"]) for r in _read(out)}
        units = [
            u
            for u in _plan(
                args.corpus,
                args.families.split(","),
                args.kinds.split(","),
                args.max_groups,
                seed=0,
                min_rows=args.min_rows,
            )
            if (u[0], u[2]) not in done
        ]
        print(f"{len(done)} done, {len(units)} to run", flush=True)
        out.parent.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        results = Parallel(n_jobs=args.n_jobs, return_as="generator_unordered")(
            delayed(run_one)(
                *u,
                args.corpus,
                contenders=contenders,
                knowledge_dir=args.knowledge,
                min_advantage=args.min_advantage,
                meta_params=args.meta_params,
                max_rows=args.max_rows,
            )
            for u in units
        )
        reuse = {(r["task"], r["family"]): r for r in _read(Path(args.reuse))} if args.reuse else {}
        for i, r in enumerate(results, 1):
            if (r["task"], r["family"]) in reuse:
                old = reuse[(r["task"], r["family"])]
                r = {**old, **r, "seconds": {**old["seconds"], **r["seconds"]}}
            with out.open("a") as fh:
                fh.write(json.dumps(r) + "\n")
            scores = " ".join(
                f"{c} {r[c]:.3f}" for c in ("default", "zero", "few", "flaml") if c in r
            )
            if "random" in r:
                scores += f" rs32 {r['random'][-1]:.3f} (honest {r['random_honest']:.3f})"
            if "meta" in r:
                scores += f" meta32 {r['meta'][-1]:.3f}"
            print(
                f"[{i}/{len(units)} {time.perf_counter() - t0:.0f}s] {r['task']} "
                f"{r['family']}: {scores}",
                flush=True,
            )
    report(_read(out), plot=args.plot, sizes=_corpus_sizes(args.corpus), max_rows=args.max_rows)


def _corpus_index(corpus):
    """The corpus's ``index.csv`` (name, n_instances, group, ...), or None without it."""
    import pandas as pd

    path = Path(corpus) / "index.csv"
    return pd.read_csv(path) if path.exists() else None


def _corpus_sizes(corpus) -> dict:
    """Task name -> rows of the whole dataset, from the corpus index ({} without it)."""
    index = _corpus_index(corpus)
    if index is None:
        return {}
    return dict(zip(index["name"], index["n_instances"].astype(int), strict=True))


if __name__ == "__main__":
    main()
