"""The warm-start targets of the evaluation, read off the committed benchmark reports.

No model is fitted: this script collects, per family and task type, the figures the
targets are judged by from the reports the benchmarks write, so that the table of the
closing note is reproducible from ``benchmarks/results/``:

- zero-shot beats scikit-learn's default on at least 70% of the non-tied datasets and
  FLAML's zero-shot (forests only) on at least 60% (``warmstart_single_fits.txt``: every
  held-out group of the corpus);
- zero-shot captures at least half of a 32-iteration random search's gain over the
  default (scored honestly: the search's pick scored on other folds than it was picked
  on), and ``MetaSearchCV`` reaches random search's best of 32 in at most 8 evaluations,
  median, in-sample (as the target is worded) and honestly
  (``warmstart_search.txt``, ``warmstart_search_scaled_families.txt``: 60 + 32 groups);
- meta-features plus lookup add at most 5% to the base fit on about 10,000 rows (the
  largest overhead over the datasets of ``overhead.txt`` and
  ``overhead_scaled_families.txt``).

Usage::

    python benchmarks/report_targets.py [--results benchmarks/results]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from skmeta.spaces import FAMILIES

HERE = Path(__file__).resolve().parent


def summary(path: Path) -> dict:
    """The JSON summary a ``bench_warmstart_search.py --report`` wrote last in ``path``."""
    lines = [line for line in path.read_text().splitlines() if line.startswith('{"')]
    if not lines:
        raise ValueError(f"{path} holds no JSON summary (rerun its benchmark with --report).")
    return json.loads(lines[-1])


def overheads(path: Path) -> dict:
    """Family -> the largest overhead (percent of the base fit) in an overhead report."""
    lines = [line for line in path.read_text().splitlines() if line.startswith('[{"')]
    if not lines:
        raise ValueError(f"{path} holds no JSON records (rerun bench_overhead.py).")
    out: dict = {}
    for record in json.loads(lines[-1]):
        family = record["family"]
        out[family] = max(out.get(family, float("-inf")), record["overhead_percent"])
    return out


def _rate(entry):
    if entry is None:
        return "-", None
    w, t, loss = entry["wtl"]
    rate = entry["win_rate_non_tied"]
    text = f"{w}/{t}/{loss}" + (f" {rate:.0%}" if rate is not None else "")
    return text, rate


def _mark(value, ok):
    return f"{value} {'yes' if ok else 'no '}"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", default=str(HERE / "results"))
    args = parser.parse_args(argv)
    results = Path(args.results)
    fits = summary(results / "warmstart_single_fits.txt")
    search = {
        **summary(results / "warmstart_search.txt"),
        **summary(results / "warmstart_search_scaled_families.txt"),
    }
    overhead = {
        **overheads(results / "overhead.txt"),
        **overheads(results / "overhead_scaled_families.txt"),
    }
    header = (
        f"{'table':40s} {'zero vs default (>=70%)':>28s} {'zero vs FLAML (>=60%)':>24s}"
        f" {'gain captured (>=50%)':>22s} {'evals in-sample/honest (<=8)':>30s}"
        f" {'overhead (<=5%)':>16s}"
    )
    print(header)
    met = {"default": 0, "flaml": 0, "gain": 0, "evals": 0, "overhead": 0}
    n_flaml = 0
    for family in FAMILIES:
        for kind in ("classification", "regression"):
            key = f"{family}/{kind}"
            if key not in fits:
                continue
            entry = fits[key]["zero_vs_default"]
            text, rate = _rate(entry)
            ok = rate is not None and rate >= 0.7
            met["default"] += ok
            # a rate over a handful of non-tied datasets (the default kept elsewhere)
            few = entry["wtl"][0] + entry["wtl"][2] < 10
            cells = [_mark(text, ok) + ("*" if few else " ")]
            flaml = fits[key].get("zero_vs_flaml")
            if flaml is None:
                cells.append("-")
            else:
                n_flaml += 1
                text, rate = _rate(flaml)
                ok = rate is not None and rate >= 0.6
                met["flaml"] += ok
                cells.append(_mark(text, ok))
            s = search.get(key, {})
            gain = s.get("random32_gain_captured_zero")
            ok = gain is not None and gain >= 0.5
            met["gain"] += ok
            cells.append("-" if gain is None else _mark(f"{gain:.0%}", ok))
            evals = s.get("meta_evals_to_random32_median")
            honest = s.get("meta_honest_evals_to_random32_median")
            ok = evals is not None and evals <= 8
            met["evals"] += ok
            cells.append("-" if evals is None else _mark(f"{evals:g} / {honest:g}", ok))
            percent = overhead.get(family)
            ok = percent is not None and percent <= 5
            met["overhead"] += ok and kind == "classification"
            cells.append("-" if percent is None else _mark(f"{percent:+.1f}%", ok))
            print(
                f"{key:40s} {cells[0]:>28s} {cells[1]:>24s} {cells[2]:>22s}"
                f" {cells[3]:>30s} {cells[4]:>16s}"
            )
    n = sum(f"{f}/{k}" in fits for f in FAMILIES for k in ("classification", "regression"))
    print(
        f"met: zero vs default {met['default']}/{n}, zero vs FLAML {met['flaml']}/{n_flaml},"
        f" gain captured {met['gain']}/{n}, evaluations (in-sample) {met['evals']}/{n},"
        f" overhead {met['overhead']}/{len(overhead)} families"
    )
    print(
        "(*: fewer than 10 non-tied datasets, the default kept on the others; overhead is"
        " the family's largest over the datasets of both task types)"
    )


if __name__ == "__main__":
    main()
