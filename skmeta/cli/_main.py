"""``skmeta`` command: ``describe``, ``suggest``, ``fit``, ``demo``, ``build-knowledge``."""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
import warnings
from typing import TextIO

import numpy as np

from .. import __version__

__all__ = ["main"]

_FILE_HELP = "CSV, TSV or ARFF file (optionally .gz, .bz2, .xz or .zip), Parquet or Feather file"


CATEGORICAL_HELP = (
    "comma-separated columns that hold categories (codes in numbers): treated as "
    "categorical, as text columns are (default: only text columns)"
)


DATES_HELP = (
    "comma-separated columns of dates or time stamps (2024-03-01, 2024-03-01 12:30): read "
    "as dates, which the models see as days since 1970 (default: dates stay text; "
    "01/03/2024 reads month first unless a later date has a day over 12)"
)


DROP_HELP = "comma-separated columns to leave out of the features, such as row ids (default: none)"


KIND_HELP = (
    "the task kind (default: from the target: text, or integers with at most 20 values, "
    "is classification)"
)
SEP_HELP = (
    "field separator of a text file (default: tab for .tsv, otherwise a comma, or a "
    "semicolon, tab or | when the header line has no comma but one of these)"
)
ENCODING_HELP = (
    "text encoding of the file (default: UTF-8, or else Windows-1252 / Latin-1 with a warning)"
)


def _integer(text: str) -> int:
    """An argparse type: an integer (a usage error otherwise)."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None


def _int_at_least(low: int):
    """An argparse type: an integer of at least ``low`` (a usage error otherwise)."""

    def parse(text: str) -> int:
        value = _integer(text)
        if value < low:
            raise argparse.ArgumentTypeError(f"must be at least {low}; got {value}")
        return value

    return parse


def _n_jobs(text: str) -> int:
    """An argparse type: joblib's ``n_jobs``, a nonzero integer (-1: every core)."""
    value = _integer(text)
    if value == 0:
        raise argparse.ArgumentTypeError("must not be 0 (1: one job, -1: every core)")
    return value


def _build_parser() -> argparse.ArgumentParser:
    # light names: `skmeta --help` loads no scikit-learn, SciPy or pandas
    from .._names import FAMILIES, SKLEARN_DATASETS
    from .._names import METAFEATURE_GROUP_NAMES as METAFEATURE_GROUPS

    parser = argparse.ArgumentParser(
        prog="skmeta",
        description="scikit-learn compatible meta-learning: describe tasks, warm-start models.",
    )
    parser.add_argument("--version", action="version", version=f"skmeta {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    describe = sub.add_parser(
        "describe",
        help="OpenML-style meta-features of a dataset",
        description=(
            "Print the OpenML-compatible meta-features of a CSV/TSV/Parquet/Feather/ARFF "
            "file, or of a scikit-learn built-in dataset when no file is given; given a folder of "
            "datasets (as build-knowledge takes), a CSV table of them, one row each."
        ),
    )
    describe.add_argument(
        "file",
        nargs="?",
        help=f"{_FILE_HELP}, or a folder of them",
    )
    describe.add_argument("--target", default="target", help="target column (default: target)")
    describe.add_argument(
        "--builtin",
        default="breast_cancer",
        choices=SKLEARN_DATASETS,
        help="scikit-learn dataset to describe when no FILE is given (default: breast_cancer)",
    )
    describe.add_argument(
        "--kind", choices=("classification", "regression"), default=None, help=KIND_HELP
    )
    describe.add_argument("--sep", default=None, help=SEP_HELP)
    describe.add_argument("--encoding", default=None, help=ENCODING_HELP)
    describe.add_argument("--categorical", default=None, metavar="COLS", help=CATEGORICAL_HELP)
    describe.add_argument("--dates", default=None, metavar="COLS", help=DATES_HELP)
    describe.add_argument("--drop", default=None, metavar="COLS", help=DROP_HELP)
    describe.add_argument(
        "--groups",
        default=None,
        help="comma-separated groups from: "
        + ", ".join(METAFEATURE_GROUPS)
        + ", or 'all' (default: all but landmarking)",
    )
    describe.add_argument("--json", action="store_true", help="print JSON instead of a table")

    build = sub.add_parser(
        "build-knowledge",
        help="evaluate search spaces on a folder of datasets into a knowledge base",
        description=(
            "Cross-validate configurations of estimator families on every dataset of a "
            "folder (PMLB layout, or CSV/TSV/Parquet/Feather/ARFF files with a 'target' "
            "column) and save the knowledge base. Resumable: run the same command again "
            "to continue."
        ),
    )
    build.add_argument("folder", help="folder of datasets")
    build.add_argument("--output", required=True, help="directory to save the knowledge base to")
    build.add_argument(
        "--store",
        default=None,
        help="directory of the resumable build store (default: OUTPUT/store)",
    )
    build.add_argument("--families", default=None, help="comma-separated families (default: all)")
    build.add_argument(
        "--n-configs",
        type=_int_at_least(1),
        default=48,
        help="sampled configurations per family, scikit-learn's default first (default: 48)",
    )
    build.add_argument(
        "--designed",
        action="store_true",
        help="also evaluate the tree families' designed configurations (see "
        "skmeta.spaces.designed_configs); on an existing store, only they are evaluated",
    )
    build.add_argument(
        "--extra-configs",
        default=None,
        metavar="JSON",
        help="a JSON file of your own configurations to evaluate too: "
        '{"random_forest/classification": [{"max_features": 0.3}], ...}',
    )
    build.add_argument(
        "--cv", type=_int_at_least(2), default=3, help="CV folds per evaluation (default: 3)"
    )
    build.add_argument(
        "--max-rows",
        type=_int_at_least(10),
        default=500,
        help="row cap of the evaluations; the meta-features use every row (default: 500)",
    )
    build.add_argument(
        "--n-jobs",
        type=_n_jobs,
        default=1,
        help="(task, family) units evaluated in parallel, -1: every core; the scores do not "
        "depend on it (default: 1)",
    )
    build.add_argument(
        "--random-state",
        type=_int_at_least(0),
        default=0,
        help="seed of the subsampling, folds, configurations and estimators; recorded in "
        "the store (default: 0)",
    )
    build.add_argument("--tasks", default=None, help="comma-separated dataset names (default: all)")
    build.add_argument("--quiet", action="store_true", help="no progress lines")

    for name, helptext in (
        ("suggest", "ranked configurations for a dataset, from similar earlier tasks"),
        ("fit", "cross-validated score of the warm-started model next to the default"),
        ("demo", "meta-features, suggestions and warm-started vs default on built-in data"),
    ):
        cmd = sub.add_parser(name, help=helptext, description=helptext[0].upper() + helptext[1:])
        if name != "demo":
            cmd.add_argument("file", help=_FILE_HELP)
            cmd.add_argument("--target", default="target", help="target column (default: target)")
            cmd.add_argument(
                "--kind", choices=("classification", "regression"), default=None, help=KIND_HELP
            )
            cmd.add_argument("--sep", default=None, help=SEP_HELP)
            cmd.add_argument("--encoding", default=None, help=ENCODING_HELP)
            cmd.add_argument("--categorical", default=None, metavar="COLS", help=CATEGORICAL_HELP)
            cmd.add_argument("--dates", default=None, metavar="COLS", help=DATES_HELP)
            cmd.add_argument("--drop", default=None, metavar="COLS", help=DROP_HELP)
        if name == "fit":
            cmd.add_argument(
                "--group-by",
                default=None,
                metavar="COL",
                help="column of group labels (a patient, a site), left out of the features: "
                "no group is on both sides of a CV split, in the scores and in few-shot "
                "selection (default: rows split at random)",
            )
        if name == "demo":
            cmd.add_argument(
                "--builtin",
                default="wine",
                choices=SKLEARN_DATASETS,
                help="scikit-learn dataset (default: wine)",
            )
        cmd.add_argument(
            "--estimator",
            default="hist_gradient_boosting",
            help=(
                "family: " + ", ".join(FAMILIES) + ", a short name (rf, et, hgb, knn, svc), "
                "a class name such as RandomForestRegressor, or auto: the family that did "
                "best on similar tasks (algorithm selection; default: hist_gradient_boosting)"
            ),
        )
        cmd.add_argument(
            "--knowledge",
            default="default",
            help="knowledge base directory (default: the shipped one)",
        )
        cmd.add_argument(
            "--metric",
            default=None,
            choices=tuple(_METRIC_LABELS),
            help="what the configurations (and with --estimator auto the families) are "
            "ranked by"
            + ("" if name == "suggest" else ", and the CV score")
            + ": accuracy, roc_auc, log_loss for classification, r2, rmse for "
            "regression (default: accuracy or r2)",
        )
        if name == "suggest":
            cmd.add_argument(
                "-k", type=_int_at_least(1), default=5, help="number of configurations (default: 5)"
            )
            cmd.add_argument("--json", action="store_true", help="print JSON")
        if name == "fit":
            cmd.add_argument(
                "--json",
                action="store_true",
                help="print JSON: both contenders' fold scores, means and times",
            )
        if name in ("fit", "demo"):
            cmd.add_argument("--cv", type=_int_at_least(2), default=5, help="CV folds (default: 5)")
            cmd.add_argument(
                "--n-candidates",
                type=_int_at_least(1),
                default=1,
                help="1: zero-shot; more: few-shot (default: 1)",
            )
            cmd.add_argument(
                "--n-jobs",
                type=_n_jobs,
                default=1,
                help="CV folds fitted in parallel, -1: every core; the scores do not "
                "depend on it (default: 1)",
            )
    return parser


# the knowledge's metrics as the command line shows them
_METRIC_LABELS = {
    "accuracy": "accuracy",
    "roc_auc": "ROC AUC",
    "log_loss": "log loss (lower is better)",
    "r2": "R²",
    "rmse": "RMSE (lower is better)",
}


def _metric(args, task) -> str:
    """``--metric``, or the task kind's default; one of the other kind is refused."""
    from ..knowledge import METRICS

    metric = args.metric or ("accuracy" if task.kind == "classification" else "r2")
    if metric not in METRICS[task.kind]:
        other = next(kind for kind, metrics in METRICS.items() if metric in metrics)
        raise ValueError(
            f"--metric {metric} is for {other}, but {task.name} is a {task.kind} task: "
            f"use one of {', '.join(METRICS[task.kind])}."
        )
    return metric


def _estimator_for(family: str, kind: str, X=None):
    """The family's default behind the knowledge's preprocessing (scaling, imputation),
    with random_state=0: the same numbers on every run."""
    from ..defaults import family_estimator

    return family_estimator(family, kind, X, random_state=0)


def _auto(args) -> bool:
    """Whether ``--estimator auto`` leaves the family to algorithm selection."""
    return args.estimator.strip().lower() == "auto"


def _family_for(args, task, knowledge):
    """The family ``--estimator`` names and None, or with ``auto`` the family
    :func:`skmeta.defaults.rank_families` puts first for the task and that ranking."""
    from ..spaces._families import resolve_family

    if not _auto(args):
        return resolve_family(args.estimator), None
    from ..defaults import rank_families

    ranking = rank_families(
        task.X, task.y, knowledge=knowledge, kind=task.kind, metric=_metric(args, task)
    )
    return str(ranking["family"].iloc[0]), ranking


def _ranking_json(ranking) -> dict:
    """``{"families": [{"family", "score"}, ...]}`` of a family ranking ({} for None)."""
    if ranking is None:
        return {}
    return {
        "families": [
            {"family": f, "score": float(v)}
            for f, v in zip(ranking["family"], ranking["score"], strict=True)
        ]
    }


def _print_ranking(ranking, out) -> None:
    out.write(
        "families ranked by how they did on similar tasks (1 = best; the first is used): "
        + ", ".join(
            f"{f} {s:.2f}" for f, s in zip(ranking["family"], ranking["score"], strict=True)
        )
        + "\n"
    )


def _column_list(args, option: str, text: str, columns: list[str]) -> list[str]:
    """The comma-separated column names of ``--option``, each among ``columns``."""
    from ..tasks._loaders import check_column_names

    names = [c.strip() for c in text.split(",") if c.strip()]
    return check_column_names(names, columns, f"--{option}", args.file)


def _load(args, with_groups: bool = False):
    """The task of ``args.file`` (without its ``--drop`` and ``--group-by`` columns, its
    ``--categorical`` columns as categories), or the built-in dataset; with
    ``with_groups``, also the ``--group-by`` column's labels (or None)."""
    import dataclasses

    from ..tasks import load_file, load_sklearn_dataset
    from ..tasks._loaders import read_dates
    from ..utils._tabular import ColumnWarning, check_group_labels, warn_about_columns

    if not getattr(args, "file", None):
        for option in ("categorical", "dates", "drop"):
            if getattr(args, option, None) is not None:
                raise ValueError(f"--{option} names columns of a FILE; none was given.")
        task = load_sklearn_dataset(args.builtin)
        return (task, None) if with_groups else task
    # rows without a target cannot be scored or described as labelled: left out, said so
    task = load_file(
        args.file,
        target=args.target,
        kind=args.kind,
        sep=args.sep,
        encoding=args.encoding,
        missing_target="drop",
    )
    X = task.X.copy()
    X.columns = [str(c) for c in X.columns]
    # columns a PMLB metadata.yaml beside the file declares categorical: categories,
    # as --categorical makes them (described as nominal, encoded by the preprocessing)
    declared = task.categorical_features
    declared = [] if isinstance(declared, str) else list(X.columns[np.asarray(declared)])
    groups = None
    group_by = getattr(args, "group_by", None)
    if group_by is not None:
        names = _column_list(args, "group-by", group_by, list(X.columns))
        if len(names) > 1:
            raise ValueError(f"--group-by takes one column; got {names}.")
        groups = check_group_labels(
            X.pop(names[0]).to_numpy(), len(X), name=f"--group-by column {names[0]!r}"
        )
    if getattr(args, "drop", None) is not None:
        X = X.drop(columns=_column_list(args, "drop", args.drop, list(X.columns)))
    if X.shape[1] == 0:
        used = [f"--{o.replace('_', '-')}" for o in ("drop", "group_by") if getattr(args, o, None)]
        raise ValueError(
            f"{args.file}: no feature column is left after {' and '.join(used)}."
            if used
            else f"{args.file} has no column besides the target {args.target!r}."
        )
    categorical = []
    if args.categorical is not None:
        categorical = _column_list(args, "categorical", args.categorical, list(X.columns))
    declared = [c for c in declared if c in X.columns and c not in categorical]
    # categories: described as nominal, and encoded by the family's preprocessing
    X = X.astype(dict.fromkeys(categorical + declared, "category"))
    if getattr(args, "dates", None) is not None:
        dates = _column_list(args, "dates", args.dates, list(X.columns))
        both = [c for c in dates if c in categorical]
        if both:
            raise ValueError(f"--dates and --categorical both name {both}; choose one for each.")
        for name in dates:
            X[name] = read_dates(X[name], name, option="--dates")
    warn_about_columns(
        X, drop=lambda name: f"--drop {name}", read_dates=lambda name: f"--dates {name}"
    )
    # said once, with the options: not again by the library, with code (main's
    # catch_warnings restores the filters)
    warnings.simplefilter("ignore", ColumnWarning)
    task = dataclasses.replace(task, X=X, categorical_features="auto")  # the dtypes say it
    return (task, groups) if with_groups else task


def _suggest(args, out) -> int:
    from ..defaults import suggest

    task = _load(args)
    metric = _metric(args, task)
    family, ranking = _family_for(args, task, args.knowledge)
    estimator = _estimator_for(family, task.kind)
    s = suggest(
        task.X,
        task.y,
        estimator,
        k=args.k,
        knowledge=args.knowledge,
        kind=task.kind,
        metric=metric,
    )
    if args.json:
        json.dump(
            {
                "task": task.name,
                "metric": metric,
                **_ranking_json(ranking),
                "estimator": s.estimator,
                "suggestions": [
                    {"params": c, "predicted_score": p, "is_default": d}
                    for c, p, d in zip(
                        s.configs, s.predicted_scores, s.default_flags(), strict=True
                    )
                ],
                "neighbors": [{"task": n, "distance": d} for n, d in s.neighbors],
                "far_from_knowledge": s.far_from_knowledge,
            },
            out,
            indent=2,
        )
        out.write("\n")
        return 0
    if ranking is not None:
        _print_ranking(ranking, out)
    _print_suggestions(s, task, out)
    return 0


def _params_text(config: dict) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in config.items())


def _kind_text(task) -> str:
    """The task kind, with the number of classes (a count or rating of many values taken as
    classes shows itself; ``--kind regression`` says otherwise)."""
    if task.kind != "classification":
        return task.kind
    return f"classification ({len(np.unique(np.asarray(task.y)))} classes)"


def _print_suggestions(s, task, out):
    out.write(
        f"{task.name}: {_kind_text(task)}, {task.n_samples} rows x {task.n_features} features\n"
    )
    out.write(
        "nearest earlier tasks: " + ", ".join(f"{n} ({d:.2f})" for n, d in s.neighbors[:5]) + "\n"
    )
    if s.far_from_knowledge:
        out.write("note: this dataset is unlike the knowledge base; trust these less\n")
    out.write(
        f"suggested {s.estimator} configurations: the nearest tasks' choice, then a diverse "
        "portfolio (predicted score on similar tasks: 1 = best):\n"
    )
    rows = zip(s.configs, s.predicted_scores, s.default_flags(), strict=True)
    for rank, (c, p, is_default) in enumerate(rows, 1):
        mark = "  (scikit-learn's default)" if is_default else ""
        out.write(f"  {rank}. [{p:.3f}] {_params_text(c)}{mark}\n")


def _same_data(suggestions) -> list[str]:
    """The knowledge's tasks that hold the data being described (its copies: nearer
    than :data:`skmeta.knowledge.COPY_DISTANCE` in scaled meta-feature space)."""
    from ..knowledge import COPY_DISTANCE

    return [name for name, d in suggestions.neighbors if d < COPY_DISTANCE]


def _same_signature(knowledge, metafeatures, kind) -> list[str]:
    """The knowledge's tasks of the same size and the same target distribution (its
    copies of the data, also those described otherwise: see
    :data:`skmeta.knowledge.COPY_SIGNATURE`)."""
    from ..knowledge._knowledge import _copy_signature

    wanted = _copy_signature(metafeatures, kind)
    if wanted is None:
        return []
    table = knowledge.metafeatures.loc[(knowledge.tasks["kind"] == kind).to_numpy()]
    return [str(n) for n, row in table.iterrows() if _copy_signature(row, kind) == wanted]


def _fit(args, out, task=None, knowledge=None, suggestions=None, family=None) -> int:
    from sklearn.base import clone
    from sklearn.model_selection import GroupKFold, cross_val_score

    from ..defaults import MetaDefaultClassifier, MetaDefaultRegressor, suggest
    from ..defaults._scoring import knowledge_scoring
    from ..knowledge import METRICS
    from ..utils._parallel import one_thread_per_fit

    groups = None
    if task is None:
        task, groups = _load(args, with_groups=True)
    metric = _metric(args, task)
    knowledge = args.knowledge if knowledge is None else knowledge
    X, y = task.X, task.y.to_numpy()  # text columns are encoded by the pipeline, by name
    as_json = getattr(args, "json", False)
    ranking = None
    if family is None:  # the demo has chosen it already
        family, ranking = _family_for(args, task, knowledge)
        if ranking is not None and not as_json:
            _print_ranking(ranking, out)
    estimator = _estimator_for(family, task.kind, X)
    shown = suggestions is not None  # the demo has printed them
    if suggestions is None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            suggestions = suggest(
                X, y, estimator, k=1, knowledge=knowledge, kind=task.kind, metric=metric
            )
    same = _same_data(suggestions)
    cls = MetaDefaultClassifier if task.kind == "classification" else MetaDefaultRegressor
    meta = cls(estimator, knowledge=knowledge, n_candidates=args.n_candidates, metric=metric)
    cv, meta_params = args.cv, {}
    if groups is not None:
        # no group on both sides of a split: the scores' folds, and the few-shot
        # selection's inside each training fold (it gets the fold's labels)
        column = args.group_by.strip()
        n_groups = np.unique(groups).size
        if n_groups < args.cv:
            raise ValueError(
                f"--group-by {column!r} has {n_groups} groups, fewer than the "
                f"{args.cv} CV folds; lower --cv."
            )
        cv = GroupKFold(args.cv)
        # few-shot: 3 folds as by default, fewer when a training fold has fewer groups
        inner = min(np.unique(groups[train]).size for train, _ in cv.split(X, y, groups))
        if args.n_candidates > 1 and inner < 2:
            raise ValueError(
                f"A training fold holds a single group of --group-by {column!r}: few-shot "
                "selection cannot split it. Use more groups, or --n-candidates 1."
            )
        meta.set_params(cv=GroupKFold(max(2, min(3, inner))))
        meta_params = {"groups": groups}
    scoring = knowledge_scoring(metric)
    # losses are shown as losses, not negated
    sign = -1.0 if METRICS[task.kind][metric] == "min" else 1.0
    if args.n_jobs != 1:
        # start the workers (and their imports) now, not in the first contender's time
        from joblib import Parallel, delayed

        with one_thread_per_fit():
            Parallel(n_jobs=args.n_jobs)(delayed(clone)(meta) for _ in range(2 * args.cv))
    results = {}
    contenders = (
        ("scikit-learn default", clone(estimator), {}),
        ("warm-started", meta, meta_params),
    )
    for label, model, params in contenders:
        start = time.perf_counter()
        with warnings.catch_warnings(), one_thread_per_fit():  # the same for any --n-jobs
            warnings.simplefilter("ignore")
            try:
                # a fit that fails is an error to report, not a NaN score
                scores = sign * cross_val_score(
                    model,
                    X,
                    y,
                    groups=groups,
                    cv=cv,
                    error_score="raise",
                    n_jobs=args.n_jobs,
                    scoring=scoring,
                    params=params,
                )
            except ValueError as exc:
                if "n_splits" not in str(exc):
                    raise
                raise ValueError(f"{exc} Lower --cv (it is {args.cv}).") from exc
        results[label] = (
            float(np.mean(scores)),
            float(np.std(scores)),
            time.perf_counter() - start,
            scores,
        )
    name = " + ".join(type(step).__name__ for _, step in getattr(estimator, "steps", [])) or (
        type(estimator).__name__
    )
    if as_json:
        keys = {"scikit-learn default": "default", "warm-started": "warm_started"}
        json.dump(
            {
                "task": task.name,
                "kind": task.kind,
                **_ranking_json(ranking),
                "estimator": name,
                "metric": metric,
                "lower_is_better": METRICS[task.kind][metric] == "min",
                "cv": args.cv,
                "group_by": None if groups is None else args.group_by.strip(),
                "n_candidates": args.n_candidates,
                **{
                    keys[label]: {
                        "mean": mean,
                        "std": std,
                        "seconds": seconds,
                        "fold_scores": [float(v) for v in scores],
                    }
                    for label, (mean, std, seconds, scores) in results.items()
                },
                "suggested_params": suggestions[0],
                "suggested_is_default": suggestions.default_flags()[0],
                "far_from_knowledge": suggestions.far_from_knowledge,
                "knowledge_holds_this_data": same,
            },
            out,
            indent=2,
        )
        out.write("\n")
        return 0
    folds = f"{args.cv}-fold CV" + ("" if groups is None else f" by {args.group_by.strip()!r}")
    out.write(f"{task.name}: {name}, {folds} {_METRIC_LABELS[metric]}\n")
    for label, (mean, std, seconds, _) in results.items():
        out.write(f"  {label:<22} {mean:.4f} ± {std:.4f}   ({seconds:.1f} s)\n")
    if not shown:
        out.write(_warm_start_text(suggestions, args.n_candidates))
    if same:
        out.write(
            f"note: the knowledge holds this very data ({', '.join(same)}), so the warm "
            "start has seen it: an optimistic comparison (`skmeta demo` leaves such tasks "
            "out)\n"
        )
    return 0


def _warm_start_text(suggestions, n_candidates: int) -> str:
    """What the warm start chooses on all the rows (each CV fold chooses on its own)."""
    first = suggestions[0]
    what = (
        "ranked first on all rows"
        if n_candidates == 1
        else f"ranked first on all rows (few-shot CV picks among the first {n_candidates})"
    )
    if not suggestions.default_flags()[0]:
        return f"{what}: {_params_text(first)}\n"
    why = (
        "this dataset is unlike the knowledge base"
        if suggestions.far_from_knowledge
        else "the similar tasks do not clearly favour another configuration"
    )
    return f"{what}: scikit-learn's default ({why})\n"


def _demo(args, out) -> int:
    from ..defaults import resolve_knowledge, suggest
    from ..metafeatures import compute_metafeatures

    task = _load(args)
    metric = _metric(args, task)
    out.write(f"== {task.name}: meta-features (OpenML qualities) ==\n")
    mf = compute_metafeatures(task)
    for name in (
        "NumberOfInstances",
        "NumberOfFeatures",
        "NumberOfClasses",
        "ClassEntropy",
        "MajorityClassPercentage",
        "MeanSkewnessOfNumericAtts",
    ):
        out.write(f"  {name:<28} {_format_value(mf[name])}\n")
    out.write("== suggestions from similar earlier tasks ==\n")
    knowledge = resolve_knowledge(args.knowledge)
    if _auto(args):
        # a table of the knowledge finds the copies; the family is chosen without them
        tables = [k for k in knowledge.table_keys if k.endswith("/" + task.kind)]
        probe = tables[0].split("/")[0] if tables else "hist_gradient_boosting"
    else:
        from ..spaces._families import resolve_family

        probe = resolve_family(args.estimator)
    estimator = _estimator_for(probe, task.kind)
    s = suggest(task.X, task.y, estimator, k=3, knowledge=knowledge, kind=task.kind, metric=metric)
    same = _same_data(s)
    same += [n for n in _same_signature(knowledge, mf, task.kind) if n not in same]
    if same:
        # a demo of warm starts from *other* tasks: the knowledge's copies of this
        # dataset would make the comparison below an in-sample one
        knowledge = knowledge.select([t for t in knowledge.task_names if t not in same])
        out.write(
            "(left out of the knowledge for this demo, as copies of this very data: "
            f"{', '.join(same)}; what follows comes from other tasks)\n"
        )
    family, ranking = _family_for(args, task, knowledge)
    if ranking is not None:
        _print_ranking(ranking, out)
    if same or family != probe:
        estimator = _estimator_for(family, task.kind)
        s = suggest(
            task.X, task.y, estimator, k=3, knowledge=knowledge, kind=task.kind, metric=metric
        )
    _print_suggestions(s, task, out)
    out.write("== warm-started vs scikit-learn's default ==\n")
    return _fit(args, out, task=task, knowledge=knowledge, suggestions=s, family=family)


def _build_knowledge(args, out) -> int:
    from pathlib import Path

    from ..knowledge import build_knowledge
    from ..tasks import load_folder

    tasks = load_folder(args.folder)
    if args.tasks:
        tasks = tasks.select([t.strip() for t in args.tasks.split(",")])
    families = None if args.families is None else [f.strip() for f in args.families.split(",")]
    extra = None
    if args.extra_configs is not None:
        import json

        try:
            extra = json.loads(Path(args.extra_configs).read_text())
        except json.JSONDecodeError as exc:
            raise ValueError(f"{args.extra_configs} is not valid JSON ({exc}).") from None
    output = Path(args.output)
    kb = build_knowledge(
        tasks,
        families,
        n_configs=args.n_configs,
        cv=args.cv,
        max_rows=args.max_rows,
        store=args.store or output / "store",
        n_jobs=args.n_jobs,
        random_state=args.random_state,
        designed=args.designed,
        extra_configs=extra,
        verbose=0 if args.quiet else 1,
        source=str(args.folder),
    )
    kb.save(output)
    out.write(f"saved {kb!r} to {output}\n")
    return 0


def _format_value(value: float) -> str:
    if math.isnan(value):
        return "-"
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value)}"
    return f"{value:.6g}"


def _json_values(metafeatures: dict[str, float]) -> dict[str, float | None]:
    """Meta-features for JSON, which has no NaN: undefined qualities are null."""
    return {k: (None if math.isnan(v) else v) for k, v in metafeatures.items()}


def _describe(args, out) -> int:
    from pathlib import Path

    from ..metafeatures import METAFEATURE_GROUPS, compute_metafeatures

    groups = None if args.groups is None else [g.strip() for g in args.groups.split(",")]
    if groups == ["all"]:
        groups = "all"
    if args.file and Path(args.file).is_dir():
        return _describe_folder(args, out, groups)
    task = _load(args)
    start = time.perf_counter()
    mf = compute_metafeatures(task, groups=groups)
    seconds = time.perf_counter() - start
    if args.json:
        payload = {
            "task": task.name,
            "kind": task.kind,
            "source": task.source,
            "seconds": seconds,
            "metafeatures": _json_values(mf),
        }
        json.dump(payload, out, indent=2)
        out.write("\n")
        return 0
    group_of = {name: g for g, names in METAFEATURE_GROUPS.items() for name in names}
    width = max(len(k) for k in mf)
    out.write(
        f"{task.name}: {_kind_text(task)}, {task.n_samples} rows x {task.n_features} features "
        f"({task.source}); {len(mf)} meta-features in {seconds * 1000:.1f} ms\n"
    )
    out.write(f"{'meta-feature':<{width}}  {'group':<12} value\n")
    out.write(f"{'-' * width}  {'-' * 12} {'-' * 12}\n")
    for name, value in mf.items():
        out.write(f"{name:<{width}}  {group_of[name]:<12} {_format_value(value)}\n")
    out.write("('-' marks a quality OpenML leaves undefined for this task)\n")
    return 0


def _describe_folder(args, out, groups) -> int:
    """One row of meta-features per dataset of a folder (CSV, or JSON with --json); the
    datasets that cannot be described are named on standard error (exit status 1)."""
    import pandas as pd

    from ..metafeatures import compute_metafeatures
    from ..tasks import load_folder

    for option in ("kind", "sep", "encoding", "categorical", "dates", "drop"):
        if getattr(args, option) is not None:
            raise ValueError(
                f"--{option} applies to a FILE; {args.file!r} is a folder of datasets."
            )
    tasks = load_folder(args.file, target=args.target)
    rows, failed = {}, {}
    for name in tasks.names:
        try:
            rows[name] = compute_metafeatures(tasks[name], groups=groups)
        except (ValueError, TypeError, KeyError, OSError, ImportError) as exc:
            failed[name] = f"{type(exc).__name__}: {exc}"
    if not rows:
        name, reason = next(iter(failed.items()))
        raise ValueError(
            f"none of the {len(failed)} datasets of {args.file!r} could be described "
            f"(the first, {name}: {reason})"
        )
    if args.json:
        payload = {
            "metafeatures": {name: _json_values(mf) for name, mf in rows.items()},
            "failed": failed,
        }
        json.dump(payload, out, indent=2)
        out.write("\n")
    else:
        table = pd.DataFrame.from_dict(rows, orient="index")
        table.index.name = "task"
        table.to_csv(out)
    for name, reason in failed.items():
        print(f"skmeta describe: skipped {name}: {reason}", file=sys.stderr)
    return 1 if failed else 0


def main(argv: list[str] | None = None, out: TextIO | None = None) -> int:
    """Run the ``skmeta`` command line; returns the exit status.

    Parameters
    ----------
    argv : list of str, default=None
        Arguments (None reads ``sys.argv``).
    out : file-like, default=None
        Where to write (None is standard output).

    Returns
    -------
    int
        0 on success; 1 when the command failed (the error is one line on standard
        error); 2 for a usage error.

    Examples
    --------
    >>> import io
    >>> from skmeta.cli import main
    >>> buffer = io.StringIO()
    >>> main(["describe", "--builtin", "iris", "--json"], out=buffer)
    0
    >>> '"NumberOfInstances": 150.0' in buffer.getvalue()
    True
    """
    out = sys.stdout if out is None else out
    parser = _build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(out)
        return 2

    def show_warning(message, category, filename, lineno, file=None, line=None):
        # one line on standard error, like the errors, not Python's source location
        print(f"skmeta {args.command}: warning: {message}", file=sys.stderr)

    with warnings.catch_warnings():
        warnings.showwarning = show_warning
        try:
            if args.command == "describe":
                return _describe(args, out)
            if args.command == "build-knowledge":
                return _build_knowledge(args, out)
            if args.command == "suggest":
                return _suggest(args, out)
            if args.command == "fit":
                return _fit(args, out)
            if args.command == "demo":
                return _demo(args, out)
        except BrokenPipeError:
            # the reader went away (e.g. `skmeta describe | head`): not an error of ours
            return 0
        except (ValueError, TypeError, KeyError, OSError, ImportError) as exc:
            print(f"skmeta {args.command}: error: {exc}", file=sys.stderr)
            return 1
    parser.error(f"unknown command {args.command!r}")
    return 2
