import io
import json
import re
import subprocess
import sys

import numpy as np
import pytest

from skmeta.cli import main


def run(*argv):
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_describe_builtin_table():
    code, text = run("describe")
    assert code == 0
    assert text.startswith("breast_cancer: classification (2 classes), 569 rows x 30 features")
    assert "ClassEntropy" in text
    assert "general" in text


@pytest.mark.parametrize("command", ["describe", "suggest"])
def test_the_first_line_counts_the_classes_a_numeric_target_was_taken_as(tmp_path, command):
    # a rating of 0 to 10 is classes unless --kind says otherwise: the count makes it visible
    rng = np.random.default_rng(0)
    path = tmp_path / "ratings.csv"
    rows = [f"{a:.3f},{r}" for a, r in zip(rng.normal(size=60), np.arange(60) % 11, strict=True)]
    path.write_text("a,rating\n" + "\n".join(rows) + "\n")
    code, text = run(command, str(path), "--target", "rating")
    assert code == 0
    assert text.startswith("ratings: classification (11 classes), 60 rows x 1 features")
    code, text = run(command, str(path), "--target", "rating", "--kind", "regression")
    assert code == 0
    assert text.startswith("ratings: regression, 60 rows x 1 features")


def test_describe_file_json(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("a,b,y\n1,u,0\n2,v,1\n3,u,1\n4,v,0\n")
    code, text = run("describe", str(path), "--target", "y", "--json", "--groups", "all")
    assert code == 0
    payload = json.loads(text)
    assert payload["task"] == "d"
    assert payload["metafeatures"]["NumberOfInstances"] == 4
    assert payload["metafeatures"]["TargetMean"] is None  # undefined -> null, valid JSON
    assert "kNN1NErrRate" in payload["metafeatures"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["describe", "nope.csv"], "No such file"),
        (["describe", "{file}", "--target", "zzz"], "Target column 'zzz' not found"),
        (["describe", "{file}", "--groups", "bogus"], "Unknown meta-feature group"),
    ],
)
def test_describe_errors_are_one_line(tmp_path, capsys, argv, message):
    path = tmp_path / "d.csv"
    path.write_text("a,target\n1,0\n2,1\n")
    argv = [a.replace("{file}", str(path)) for a in argv]
    code, _ = run(*argv)
    assert code == 1
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_sep_option_and_a_numeric_target_with_text(tmp_path, capsys):
    path = tmp_path / "d.csv"
    path.write_text("a|y\n" + "".join(f"{i}|{i * 0.37:.2f}\n" for i in range(30)) + "5|bad\n")
    code, text = run("describe", str(path), "--target", "y", "--sep", "|", "--kind", "regression")
    assert code == 1  # the bad cell is named, not parsed as NaN
    assert "A regression target must be numeric; found 'bad'" in capsys.readouterr().err
    code, _ = run("describe", str(path), "--target", "y", "--sep", "|")
    assert code == 1
    assert "30 of 31 values are numbers" in capsys.readouterr().err
    path.write_text(path.read_text().replace("bad", "1.00"))
    code, text = run("describe", str(path), "--target", "y", "--sep", "|", "--json")
    assert code == 0
    assert json.loads(text)["kind"] == "regression"


def test_encoding_option_and_warnings_are_one_line(tmp_path, capsys):
    path = tmp_path / "d.csv"
    path.write_bytes(
        ("a,city,target\n" + "".join(f"{i},Genève,{i % 2}\n" for i in range(12))).encode("latin-1")
    )
    code, text = run("describe", str(path), "--json")
    assert code == 0
    assert json.loads(text)["metafeatures"]["NumberOfSymbolicFeatures"] == 2  # city and the class
    err = capsys.readouterr().err
    assert err.startswith("skmeta describe: warning: ")
    assert "read it as cp1252" in err
    assert err.count("\n") == 1  # no source line of ours
    code, _ = run("describe", str(path), "--encoding", "latin-1", "--json")
    assert code == 0
    assert capsys.readouterr().err == ""
    code, _ = run("describe", str(path), "--encoding", "nope")
    assert code == 1
    assert "Unknown text encoding 'nope'" in capsys.readouterr().err


def test_columns_of_dates_identifiers_and_row_numbers_are_pointed_out(tmp_path, capsys):
    rng = np.random.default_rng(0)
    n = 40
    lines = ["row,id,day,when,year,a,target"]
    for i in range(n):
        lines.append(
            f"{i + 1},cust-{i:04d},{i % 28 + 1:02d}/03/2024,2024-03-{i % 28 + 1:02d} 10:{i:02d},"
            f"{1990 + i},{rng.normal():.3f},{rng.integers(2)}"
        )
    path = tmp_path / "d.csv"
    path.write_text("\n".join(lines) + "\n")
    code, _ = run("describe", str(path), "--json")
    assert code == 0
    err = capsys.readouterr().err.splitlines()
    assert [line.split("'")[1] for line in err] == ["row", "id", "day", "when"]
    assert all(line.startswith("skmeta describe: warning: column ") for line in err)
    assert "counts the rows (1, 2, ...)" in err[0]
    assert "a different value in every row" in err[1]
    assert "holds dates" in err[2]
    assert "holds dates" in err[3]
    assert err[1].endswith("leave it out with --drop id.")
    # a year column that counts up from 1990 is a feature, not a row number; what is
    # dropped is not pointed out
    code, _ = run("describe", str(path), "--json", "--drop", "row,id,day,when")
    assert code == 0
    assert capsys.readouterr().err == ""
    # said once, with the options, though the library (which suggest calls) says it too
    code, _ = run("suggest", str(path), "--target", "target", "--drop", "row,day,when")
    assert code == 0
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1
    assert err[0].endswith("leave it out with --drop id.")


def test_dates_columns_are_read_as_dates_and_seen_as_days(tmp_path, capsys):
    n = 60
    days = [f"2024-{1 + i // 28:02d}-{1 + i % 28:02d}" for i in range(n)]
    rng = np.random.default_rng(0)
    lines = ["when,a,target"] + [
        f"{d},{rng.normal():.3f},{int(i >= n // 2)}" for i, d in enumerate(days)
    ]
    path = tmp_path / "d.csv"
    path.write_text("\n".join(lines) + "\n")
    code, _ = run("describe", str(path), "--json")
    assert "read it as dates with --dates when" in capsys.readouterr().err
    code, text = run("describe", str(path), "--json", "--dates", "when")
    assert code == 0
    assert capsys.readouterr().err == ""  # nothing left to point out
    mf = json.loads(text)["metafeatures"]
    assert mf["NumberOfNumericFeatures"] == 2  # the dates are a number, not 60 categories
    # the target follows the date: as days, the model finds that; as text, it cannot
    scores = {}
    for option in ((), ("--dates", "when")):
        code, text = run("fit", str(path), "--estimator", "linear", "--json", "--cv", "3", *option)
        assert code == 0
        scores[option] = json.loads(text)["default"]["mean"]
    assert scores[("--dates", "when")] > scores[()] + 0.2
    # ISO dates with and without a time, and dates written day/month/year, read too
    pairs = [("2024-03-01", "2024-03-01 10:30"), ("13/03/2024", "14/03/2024")]
    pairs.append(("01/03/2024", "14/03/2024"))  # day first, though 01/03 reads either way
    for first, second in pairs:
        other = tmp_path / "other.csv"
        rows = [f"{(first, second)[i % 2]},{i},{i % 2}" for i in range(8)]
        other.write_text("\n".join(["when,a,target", *rows]) + "\n")
        code, text = run("describe", str(other), "--json", "--dates", "when")
        assert code == 0, capsys.readouterr().err
        assert json.loads(text)["metafeatures"]["NumberOfNumericFeatures"] == 2
    # a value that is not a date: the column and the value are named
    path.write_text("\n".join([*lines[:5], "soon,0.1,1", *lines[5:]]) + "\n")
    code, _ = run("fit", str(path), "--dates", "when")
    assert code == 1
    err = capsys.readouterr().err
    assert "--dates column 'when' does not read as dates: 'soon'" in err
    assert "You might" not in err  # pandas' own advice about its arguments is cut
    other.write_text("when,a,target\n2024-03-01,1,0\n14/03/2024,2,1\n15/03/2024,3,0\n")
    code, _ = run("describe", str(other), "--dates", "when")
    assert code == 1
    assert "its dates are not all written alike" in capsys.readouterr().err
    code, _ = run("describe", str(path), "--dates", "when", "--categorical", "when")
    assert code == 1
    assert "--dates and --categorical both name ['when']" in capsys.readouterr().err
    code, _ = run("fit", str(path), "--dates", "nope")
    assert code == 1
    assert "--dates names ['nope']" in capsys.readouterr().err


def test_rows_without_a_target_are_left_out_with_a_warning(tmp_path, capsys):
    path = tmp_path / "d.csv"
    rows = [f"{i},{'' if i % 5 == 0 else i % 2}" for i in range(40)]
    path.write_text("a,target\n" + "\n".join(rows) + "\n")
    code, text = run("describe", str(path), "--json")
    assert code == 0
    assert json.loads(text)["metafeatures"]["NumberOfInstances"] == 32
    err = capsys.readouterr().err
    assert "warning: Left out 8 of the 40 rows" in err


def test_a_file_of_only_the_target_is_named_as_such(tmp_path, capsys):
    path = tmp_path / "only.csv"
    path.write_text("target\n1\n2\n1\n")
    assert run("fit", str(path))[0] == 1
    assert "only.csv has no column besides the target 'target'." in capsys.readouterr().err


def test_console_entry_point_runs():
    done = subprocess.run(
        [sys.executable, "-m", "skmeta", "describe", "--builtin", "iris", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout)["metafeatures"]["NumberOfClasses"] == 3


def test_help_and_version_load_no_heavy_library():
    # the parser lists families, datasets and meta-feature groups without importing the
    # packages that own them (which load scikit-learn, SciPy and pandas: over a second)
    code = (
        "import sys, io\n"
        "from skmeta.cli import main\n"
        "for argv in ([], ['--help'], ['--version'], ['describe', '--help'], "
        "['suggest', '--help'], ['fit', '--help'], ['build-knowledge', '--help']):\n"
        "    try:\n"
        "        main(argv, out=io.StringIO())\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(sorted(m for m in ('sklearn', 'scipy', 'pandas') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"
    assert "skmeta" in done.stdout  # the helps were printed, to standard output


def test_the_parsers_names_are_those_of_the_packages():
    from skmeta import _names
    from skmeta.metafeatures import METAFEATURE_GROUPS
    from skmeta.spaces import FAMILIES, list_spaces
    from skmeta.tasks import SKLEARN_DATASETS, load_sklearn_dataset

    assert tuple(METAFEATURE_GROUPS) == _names.METAFEATURE_GROUP_NAMES
    assert FAMILIES is _names.FAMILIES
    assert {space.family for space in list_spaces()} == set(FAMILIES)
    assert SKLEARN_DATASETS is _names.SKLEARN_DATASETS
    assert load_sklearn_dataset(SKLEARN_DATASETS[0]).name == SKLEARN_DATASETS[0]


def _write_folder(root):
    from sklearn.datasets import load_diabetes, load_iris

    # iris in the PMLB layout (iris/iris.csv), diabetes as a plain file (diabetes.csv)
    for name, loader in (("iris", load_iris), ("diabetes", load_diabetes)):
        frame = loader(as_frame=True).frame
        folder = root / name if name == "iris" else root
        folder.mkdir(parents=True, exist_ok=True)
        frame.to_csv(folder / f"{name}.csv", index=False)


def test_build_knowledge_command_builds_and_resumes(tmp_path):
    from skmeta.knowledge import KnowledgeBase

    _write_folder(tmp_path / "data")
    out_dir = tmp_path / "kb"
    argv = [
        "build-knowledge",
        str(tmp_path / "data"),
        "--output",
        str(out_dir),
        "--families",
        "linear",
        "--n-configs",
        "3",
        "--quiet",
    ]
    buffer = io.StringIO()
    assert main(argv, out=buffer) == 0
    assert "KnowledgeBase(n_tasks=2" in buffer.getvalue()
    kb = KnowledgeBase.load(out_dir)
    assert sorted(kb.task_names) == ["diabetes", "iris"]
    assert kb.scores("linear/regression", "r2").shape == (2, 3)
    # running again continues from the store (nothing left to do) and gives the same
    assert main(argv, out=io.StringIO()) == 0
    again = KnowledgeBase.load(out_dir)
    np.testing.assert_array_equal(
        again.scores("linear/classification", "accuracy"),
        kb.scores("linear/classification", "accuracy"),
    )


def test_build_knowledge_command_passes_designed(tmp_path, monkeypatch):
    import skmeta.knowledge

    seen = {}

    def fake_build(tasks, families, **kwargs):
        seen.update(kwargs)
        raise ValueError("stop here")

    monkeypatch.setattr(skmeta.knowledge, "build_knowledge", fake_build)
    _write_folder(tmp_path / "data")
    argv = ["build-knowledge", str(tmp_path / "data"), "--output", str(tmp_path / "kb")]
    assert main([*argv, "--designed"], out=io.StringIO()) == 1
    assert seen["designed"] is True
    assert main(argv, out=io.StringIO()) == 1
    assert seen["designed"] is False
    assert seen["extra_configs"] is None
    extra = tmp_path / "extra.json"
    extra.write_text('{"linear/classification": [{"C": 0.5}]}')
    assert main([*argv, "--extra-configs", str(extra)], out=io.StringIO()) == 1
    assert seen["extra_configs"] == {"linear/classification": [{"C": 0.5}]}


def test_build_knowledge_command_names_a_bad_extra_configs_file(tmp_path, capsys):
    _write_folder(tmp_path / "data")
    extra = tmp_path / "extra.json"
    extra.write_text("{not json")
    argv = ["build-knowledge", str(tmp_path / "data"), "--output", str(tmp_path / "kb")]
    assert main([*argv, "--extra-configs", str(extra)]) == 1
    assert "extra.json is not valid JSON" in capsys.readouterr().err
    extra.write_text('{"linear/classification": [{"gamma": 1}]}')
    assert main([*argv, "--extra-configs", str(extra), "--families", "linear"]) == 1
    assert "sets ['gamma']" in capsys.readouterr().err
    assert not (tmp_path / "kb").exists()


def test_build_knowledge_command_errors(tmp_path, capsys):
    assert main(["build-knowledge", str(tmp_path / "none"), "--output", str(tmp_path)]) == 1
    assert "No such folder" in capsys.readouterr().err
    _write_folder(tmp_path / "data")
    argv = ["build-knowledge", str(tmp_path / "data"), "--output", str(tmp_path / "kb")]
    assert main([*argv, "--families", "xgboost"]) == 1
    assert "Unknown family" in capsys.readouterr().err


@pytest.fixture(scope="module")
def small_kb(tmp_path_factory):
    from skmeta.knowledge import build_knowledge
    from skmeta.tasks import load_sklearn_dataset

    path = tmp_path_factory.mktemp("kb")
    tasks = [load_sklearn_dataset(n) for n in ("iris", "wine", "digits", "diabetes")]
    build_knowledge(tasks, ["k_neighbors"], n_configs=5, verbose=0).save(path)
    return path


def test_suggest_fit_and_demo_commands(small_kb, tmp_path):
    from sklearn.datasets import load_breast_cancer

    frame = load_breast_cancer(as_frame=True).frame
    csv = tmp_path / "bc.csv"
    frame.to_csv(csv, index=False)
    common = ["--estimator", "k_neighbors", "--knowledge", str(small_kb)]
    buffer = io.StringIO()
    assert main(["suggest", str(csv), "-k", "3", "--json", *common], out=buffer) == 0
    payload = json.loads(buffer.getvalue())
    assert payload["estimator"] == "KNeighborsClassifier"
    assert len(payload["suggestions"]) == 3
    assert payload["neighbors"][0]["task"] in {"iris", "wine", "digits"}
    buffer = io.StringIO()
    assert main(["fit", str(csv), "--cv", "3", *common], out=buffer) == 0
    text = buffer.getvalue()
    assert "scikit-learn default" in text
    assert "warm-started" in text
    assert "StandardScaler + KNeighborsClassifier" in text  # as the knowledge measured it
    # folds in parallel: the same scores (the times aside)
    buffer = io.StringIO()
    assert main(["fit", str(csv), "--cv", "3", "--n-jobs", "2", *common], out=buffer) == 0
    assert re.findall(r"\d\.\d{4} ± \d\.\d{4}", buffer.getvalue()) == re.findall(
        r"\d\.\d{4} ± \d\.\d{4}", text
    )
    buffer = io.StringIO()
    assert main(["demo", "--builtin", "wine", "--cv", "3", *common], out=buffer) == 0
    text = buffer.getvalue()
    assert "meta-features" in text
    assert "suggested KNeighborsClassifier configurations" in text
    assert "warm-started" in text


def test_suggest_errors(small_kb, tmp_path, capsys):
    assert main(["suggest", str(tmp_path / "missing.csv"), "--knowledge", str(small_kb)]) == 1
    assert "error" in capsys.readouterr().err
    from sklearn.datasets import load_iris

    csv = tmp_path / "iris.csv"
    load_iris(as_frame=True).frame.to_csv(csv, index=False)
    # the knowledge holds k_neighbors only
    assert main(["suggest", str(csv), "--knowledge", str(small_kb)]) == 1
    assert "no configurations for HistGradientBoostingClassifier" in capsys.readouterr().err


def test_demo_leaves_out_the_knowledges_copies_of_its_data(small_kb):
    """The demo shows warm starts from other tasks: a known task holding the same data
    would make its comparison in-sample. `fit` keeps them, and says so."""
    common = ["--estimator", "knn", "--knowledge", str(small_kb), "--cv", "3"]
    buffer = io.StringIO()
    assert main(["demo", "--builtin", "iris", *common], out=buffer) == 0
    text = buffer.getvalue()
    assert "left out of the knowledge for this demo, as copies of this very data: iris;" in text
    nearest = next(line for line in text.splitlines() if line.startswith("nearest earlier"))
    assert "iris" not in nearest
    assert "note: the knowledge holds this very data" not in text
    buffer = io.StringIO()
    assert main(["demo", "--builtin", "breast_cancer", *common], out=buffer) == 0
    assert "left out" not in buffer.getvalue()  # not in this knowledge


def test_fit_says_when_the_knowledge_holds_the_data(small_kb, tmp_path):
    from sklearn.datasets import load_iris

    csv = tmp_path / "iris.csv"
    load_iris(as_frame=True).frame.to_csv(csv, index=False)
    common = ["--estimator", "knn", "--knowledge", str(small_kb), "--cv", "3"]
    buffer = io.StringIO()
    assert main(["fit", str(csv), *common], out=buffer) == 0
    assert "note: the knowledge holds this very data (iris)" in buffer.getvalue()


@pytest.mark.parametrize(
    "name", ["k_neighbors", "knn", "KNeighborsClassifier", "kneighborsregressor", "k-neighbors"]
)
def test_estimator_option_takes_families_short_names_and_class_names(small_kb, tmp_path, name):
    from sklearn.datasets import load_iris

    csv = tmp_path / "iris.csv"
    load_iris(as_frame=True).frame.to_csv(csv, index=False)
    buffer = io.StringIO()
    argv = ["suggest", str(csv), "--json", "--estimator", name, "--knowledge", str(small_kb)]
    assert main(argv, out=buffer) == 0
    assert json.loads(buffer.getvalue())["estimator"] == "KNeighborsClassifier"


def test_estimator_option_names_what_it_takes(small_kb, tmp_path, capsys):
    from sklearn.datasets import load_iris

    csv = tmp_path / "iris.csv"
    load_iris(as_frame=True).frame.to_csv(csv, index=False)
    assert main(["suggest", str(csv), "--estimator", "xgboost"]) == 1
    err = capsys.readouterr().err
    assert "Unknown family 'xgboost'" in err
    assert "random_forest" in err
    assert "rf" in err


def test_fit_command_takes_text_columns_and_gaps(small_kb, tmp_path):
    from sklearn.datasets import load_breast_cancer

    frame = load_breast_cancer(as_frame=True).frame
    rng = np.random.default_rng(0)
    frame.insert(0, "colour", rng.choice(["red", "green", "blue"], len(frame)))
    frame.iloc[3, 1] = np.nan
    csv = tmp_path / "bc_text.csv"
    frame.to_csv(csv, index=False)
    buffer = io.StringIO()
    argv = ["fit", str(csv), "--cv", "3", "--estimator", "k_neighbors"]
    assert main([*argv, "--knowledge", str(small_kb)], out=buffer) == 0
    text = buffer.getvalue()
    assert "ColumnTransformer + KNeighborsClassifier" in text
    assert "nan" not in text  # both contenders scored


def test_categorical_option_declares_columns_of_codes(small_kb, tmp_path, capsys):
    rng = np.random.default_rng(0)
    codes = rng.integers(0, 4, (120, 2))
    lines = ["u,c1,c2,target"] + [
        f"{rng.normal():.4f},{a},{b},{int(a == 2 or b == 1)}" for a, b in codes
    ]
    csv = tmp_path / "codes.csv"
    csv.write_text("\n".join(lines) + "\n")

    def symbolic(*extra):
        code, text = run("describe", str(csv), "--json", *extra)
        assert code == 0
        return json.loads(text)["metafeatures"]["NumberOfSymbolicFeatures"]

    assert symbolic() == 1  # the target only: codes in numbers look numeric
    assert symbolic("--categorical", "c1,c2") == 3
    common = ["--estimator", "k_neighbors", "--knowledge", str(small_kb)]
    code, text = run("fit", str(csv), "--cv", "3", "--categorical", " c1, c2", *common)
    assert code == 0
    assert "ColumnTransformer + KNeighborsClassifier" in text  # one-hot encoded
    assert run("suggest", str(csv), "--categorical", "c2", "--json", *common)[0] == 0
    assert run("fit", str(csv), "--categorical", "c1,zz", *common)[0] == 1
    assert "--categorical names ['zz'], not among the feature columns" in capsys.readouterr().err
    assert run("describe", "--categorical", "c1")[0] == 1
    assert "none was given" in capsys.readouterr().err


def _sites_csv(path):
    """Rows from 8 sites, each with its own shift of the class boundary, and row ids."""
    rng = np.random.default_rng(0)
    site = np.repeat(np.arange(8), 20)
    X = rng.normal(size=(160, 3))
    y = (X[:, 0] + rng.normal(size=8)[site] > 0).astype(int)
    lines = ["row_id,a,b,c,site,target"] + [
        f"{i},{x[0]:.4f},{x[1]:.4f},{x[2]:.4f},s{g},{t}"
        for i, (x, g, t) in enumerate(zip(X, site, y, strict=True))
    ]
    path.write_text("\n".join(lines) + "\n")
    return X.round(4), y, np.array([f"s{g}" for g in site])


def test_group_by_and_drop_options(small_kb, tmp_path, capsys, monkeypatch):
    from sklearn.model_selection import GroupKFold, cross_val_score
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from skmeta.defaults import MetaDefaultClassifier

    csv = tmp_path / "sites.csv"
    X, y, site = _sites_csv(csv)

    def n_features(*extra):
        code, text = run("describe", str(csv), "--json", *extra)
        assert code == 0
        return json.loads(text)["metafeatures"]["NumberOfFeatures"]

    assert n_features() == 6  # five columns and the target
    assert n_features("--drop", "row_id, site") == 4
    seen = []
    fit = MetaDefaultClassifier.fit

    def spy(self, X, y, groups=None, **params):
        seen.append((X.shape[1], None if groups is None else set(groups), self.cv))
        return fit(self, X, y, groups=groups, **params)

    monkeypatch.setattr(MetaDefaultClassifier, "fit", spy)
    common = ["--estimator", "k_neighbors", "--knowledge", str(small_kb), "--cv", "4"]
    code, text = run("fit", str(csv), "--drop", "row_id", "--group-by", "site", *common)
    assert code == 0
    assert "4-fold CV by 'site' accuracy" in text
    default = make_pipeline(StandardScaler(), KNeighborsClassifier())
    expected = cross_val_score(default, X, y, groups=site, cv=GroupKFold(4))
    assert f"scikit-learn default   {expected.mean():.4f} ± {expected.std():.4f}" in text
    # each training fold holds 6 of the 8 sites, and the features neither ids nor sites
    assert [(n, len(g)) for n, g, _ in seen] == [(3, 6)] * 4
    code, _ = run("fit", str(csv), "--group-by", "site", "--n-candidates", "2", *common)
    assert code == 0
    assert isinstance(seen[-1][2], GroupKFold)  # few-shot selection splits by site too
    for argv, message in (
        (["--group-by", "nope"], "--group-by names ['nope'], not among the feature columns"),
        (["--group-by", "site", "--cv", "9"], "has 8 groups, fewer than the 9 CV folds"),
        (["--drop", "a,b,c,site,row_id"], "no feature column is left after --drop."),
        (["--drop", "a,b,c,row_id", "--group-by", "site"], "left after --drop and --group-by"),
        (["--drop", "site", "--categorical", "site"], "--categorical names ['site']"),
    ):
        assert run("fit", str(csv), *common, *argv)[0] == 1
        assert message in capsys.readouterr().err
    # three sites: few-shot selection inside a 2-site training fold splits it in 2
    lines = csv.read_text().splitlines()
    csv.write_text("\n".join([lines[0], *[r for r in lines[1:] if r.split(",")[4] < "s3"]]))
    few = ["--group-by", "site", "--n-candidates", "2", *common]
    assert run("fit", str(csv), *few, "--cv", "3")[0] == 0
    assert seen[-1][2].get_n_splits() == 2
    assert run("fit", str(csv), *few, "--cv", "2")[0] == 1
    assert "A training fold holds a single group" in capsys.readouterr().err
    csv.write_text("\n".join(lines) + "\n")
    gaps = csv.read_text().replace(",s3,", ",,")
    csv.write_text(gaps)
    assert run("fit", str(csv), "--group-by", "site", *common)[0] == 1
    assert "'site' has 20 missing label(s) (first at row 60)" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--cv", "1"], "argument --cv: must be at least 2; got 1"),
        (["--cv", "x"], "argument --cv: 'x' is not an integer"),
        (["--n-candidates", "0"], "argument --n-candidates: must be at least 1; got 0"),
        (["--n-jobs", "0"], "argument --n-jobs: must not be 0"),
        (["--n-jobs", "two"], "argument --n-jobs: 'two' is not an integer"),
    ],
)
def test_fit_options_are_checked_before_any_work(tmp_path, capsys, argv, message):
    csv = tmp_path / "d.csv"
    csv.write_text("a,target\n1,0\n2,1\n")
    with pytest.raises(SystemExit) as exc:
        main(["fit", str(csv), *argv])
    assert exc.value.code == 2  # a usage error, as argparse reports them
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--cv", "1"], "argument --cv: must be at least 2; got 1"),
        (["--n-configs", "0"], "argument --n-configs: must be at least 1; got 0"),
        (["--max-rows", "5"], "argument --max-rows: must be at least 10; got 5"),
        (["--n-jobs", "0"], "argument --n-jobs: must not be 0"),
        (["--random-state", "-1"], "argument --random-state: must be at least 0; got -1"),
    ],
)
def test_build_knowledge_options_are_usage_errors_with_their_help(tmp_path, capsys, argv, message):
    with pytest.raises(SystemExit) as exc:
        main(["build-knowledge", str(tmp_path), "--output", str(tmp_path / "kb"), *argv])
    assert exc.value.code == 2
    assert message in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["build-knowledge", "--help"])
    assert "seed of the subsampling, folds" in capsys.readouterr().out


def test_fit_reports_a_failing_fit_and_a_cv_the_data_cannot_take(small_kb, tmp_path, capsys):
    from sklearn.datasets import load_iris

    from skmeta.defaults import MetaDefaultClassifier

    csv = tmp_path / "iris.csv"
    load_iris(as_frame=True).frame.to_csv(csv, index=False)
    common = ["--estimator", "knn", "--knowledge", str(small_kb)]
    assert main(["fit", str(csv), "--cv", "51", *common]) == 1
    assert "Lower --cv (it is 51)" in capsys.readouterr().err

    def fail(self, X, y, **params):
        raise ValueError("the fit went wrong")

    # a fit that fails in cross-validation is an error, not a NaN score (nor a wall
    # of tracebacks from every fold)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(MetaDefaultClassifier, "fit", fail)
        out = io.StringIO()
        assert main(["fit", str(csv), "--cv", "3", *common], out=out) == 1
    err = capsys.readouterr().err
    assert err.strip() == "skmeta fit: error: the fit went wrong"
    assert "nan" not in out.getvalue()


def test_describe_a_folder_gives_one_row_per_dataset(tmp_path, capsys):
    import pandas as pd

    from skmeta.metafeatures import compute_metafeatures
    from skmeta.tasks import load_folder

    _write_folder(tmp_path)
    code, text = run("describe", str(tmp_path))
    assert code == 0
    table = pd.read_csv(io.StringIO(text), index_col="task")
    assert sorted(table.index) == ["diabetes", "iris"]
    expected = compute_metafeatures(load_folder(tmp_path)["iris"])
    assert table.loc["iris", "NumberOfClasses"] == expected["NumberOfClasses"] == 3
    # a dataset that cannot be described is named, the others still listed
    (tmp_path / "broken.csv").write_text("a,b\n1,2\n")
    code, text = run("describe", str(tmp_path), "--json")
    assert code == 1
    payload = json.loads(text)
    assert sorted(payload["metafeatures"]) == ["diabetes", "iris"]
    assert "Target column 'target' not found" in payload["failed"]["broken"]
    assert "skipped broken" in capsys.readouterr().err
    assert run("describe", str(tmp_path), "--kind", "regression")[0] == 1
    assert "--kind applies to a FILE" in capsys.readouterr().err


@pytest.fixture(scope="module")
def two_family_kb(tmp_path_factory):
    from skmeta.knowledge import build_knowledge
    from skmeta.tasks import load_sklearn_dataset

    path = tmp_path_factory.mktemp("kb2")
    tasks = [load_sklearn_dataset(n) for n in ("iris", "wine", "breast_cancer", "diabetes")]
    build_knowledge(tasks, ["k_neighbors", "linear"], n_configs=4, verbose=0).save(path)
    return path


def test_estimator_auto_chooses_the_family_by_algorithm_selection(
    two_family_kb, tmp_path, monkeypatch
):
    from sklearn.datasets import load_iris

    import skmeta.defaults
    from skmeta.defaults import rank_families
    from skmeta.knowledge import KnowledgeBase

    frame = load_iris(as_frame=True).frame
    csv = tmp_path / "iris.csv"
    frame.to_csv(csv, index=False)
    kb = KnowledgeBase.load(two_family_kb)
    X, y = frame.drop(columns="target"), frame["target"]
    expected = rank_families(X, y, knowledge=kb)
    first = expected["estimator"].iloc[0]
    common = ["--estimator", "auto", "--knowledge", str(two_family_kb)]
    code, out = run("suggest", str(csv), "--json", *common)
    payload = json.loads(out)
    assert code == 0
    assert [f["family"] for f in payload["families"]] == expected["family"].tolist()
    assert payload["estimator"] == first
    code, out = run("fit", str(csv), "--cv", "3", *common)
    assert code == 0
    assert out.startswith("families ranked by how they did on similar tasks")
    assert f"StandardScaler + {first}, 3-fold CV" in out
    # the demo chooses without the knowledge's copy of its data
    consulted = []

    def recording(X, y, *, knowledge, **kwargs):
        consulted.append(sorted(knowledge.task_names))
        return rank_families(X, y, knowledge=knowledge, **kwargs)

    monkeypatch.setattr(skmeta.defaults, "rank_families", recording)
    code, out = run("demo", "--builtin", "iris", "--cv", "3", *common)
    assert code == 0
    assert "as copies of this very data: iris;" in out
    assert consulted == [["breast_cancer", "diabetes", "wine"]]
    others = kb.select([t for t in kb.task_names if t != "iris"])
    ranked = rank_families(X.to_numpy(), y.to_numpy(), knowledge=others)
    line = next(line for line in out.splitlines() if line.startswith("families ranked"))
    assert line.endswith(
        ", ".join(f"{f} {s:.2f}" for f, s in zip(ranked["family"], ranked["score"], strict=True))
    )
    assert f"suggested {ranked['estimator'].iloc[0]} configurations" in out


def test_metric_option_ranks_and_scores_by_that_metric(two_family_kb, tmp_path, capsys):
    from sklearn.datasets import load_breast_cancer, load_diabetes
    from sklearn.model_selection import cross_val_score

    from skmeta.defaults import MetaDefaultClassifier, MetaDefaultRegressor, rank_families
    from skmeta.defaults import suggest as suggest_
    from skmeta.defaults._scoring import ovr_auc_score
    from skmeta.knowledge import KnowledgeBase

    kb = KnowledgeBase.load(two_family_kb)
    frame = load_breast_cancer(as_frame=True).frame
    csv = tmp_path / "bc.csv"
    frame.to_csv(csv, index=False)
    X, y = frame.drop(columns="target"), frame["target"].to_numpy()
    common = ["--knowledge", str(two_family_kb)]
    code, out = run(
        "suggest",
        str(csv),
        "--json",
        "--metric",
        "roc_auc",
        "-k",
        "2",
        "--estimator",
        "auto",
        *common,
    )
    payload = json.loads(out)
    assert code == 0
    assert payload["metric"] == "roc_auc"
    ranking = rank_families(X, y, knowledge=kb, metric="roc_auc")
    assert [f["score"] for f in payload["families"]] == pytest.approx(ranking["score"].tolist())
    estimator = payload["estimator"]
    from skmeta.defaults import family_estimator

    pipe = family_estimator(ranking["family"].iloc[0], "classification", X, random_state=0)
    expected = suggest_(X, y, pipe, k=2, knowledge=kb, metric="roc_auc")
    assert estimator == expected.estimator
    assert [s["params"] for s in payload["suggestions"]] == expected.configs
    # fit: ROC AUC, as the knowledge computes it, for the default and the warm start
    code, out = run(
        "fit", str(csv), "--cv", "3", "--metric", "roc_auc", "--estimator", "knn", *common
    )
    assert code == 0
    assert ", 3-fold CV ROC AUC" in out
    knn = family_estimator("k_neighbors", "classification", X, random_state=0)
    meta = MetaDefaultClassifier(knn, knowledge=kb, metric="roc_auc")
    scores = {
        label: cross_val_score(model, X, y, cv=3, scoring=ovr_auc_score).mean()
        for label, model in (("scikit-learn default", knn), ("warm-started", meta))
    }
    for label, value in scores.items():
        assert re.search(rf"{label}\s+{value:.4f} ±", out), (label, value, out)
    # losses are shown as losses
    from sklearn.datasets import make_regression

    from skmeta.knowledge import build_knowledge
    from skmeta.tasks import Task, load_sklearn_dataset

    tasks = [
        load_sklearn_dataset("diabetes"),
        Task(*make_regression(100, 5, random_state=0), name="reg"),
    ]
    kb = build_knowledge(tasks, ["linear"], n_configs=3, verbose=0)
    kb.save(tmp_path / "kb_reg")
    common = ["--knowledge", str(tmp_path / "kb_reg")]
    diabetes = load_diabetes(as_frame=True).frame
    csv = tmp_path / "diabetes.csv"
    diabetes.to_csv(csv, index=False)
    code, out = run(
        "fit", str(csv), "--cv", "3", "--metric", "rmse", "--estimator", "ridge", *common
    )
    assert code == 0
    assert "3-fold CV RMSE (lower is better)" in out
    Xd, yd = diabetes.drop(columns="target"), diabetes["target"].to_numpy()
    ridge = family_estimator("linear", "regression", Xd, random_state=0)
    rmse = -cross_val_score(
        MetaDefaultRegressor(ridge, knowledge=kb, metric="rmse"),
        Xd,
        yd,
        cv=3,
        scoring="neg_root_mean_squared_error",
    ).mean()
    assert re.search(rf"warm-started\s+{rmse:.4f} ±", out)
    # a metric of the other kind is refused, naming those of this one
    assert main(["fit", str(csv), "--metric", "roc_auc", *common]) == 1
    err = capsys.readouterr().err
    assert "--metric roc_auc is for classification" in err
    assert "r2, rmse" in err


def test_fit_json_gives_both_contenders_fold_scores(small_kb, tmp_path):
    from sklearn.datasets import load_breast_cancer

    csv = tmp_path / "bc.csv"
    load_breast_cancer(as_frame=True).frame.to_csv(csv, index=False)
    common = ["--estimator", "knn", "--knowledge", str(small_kb), "--cv", "3"]
    code, text = run("fit", str(csv), "--metric", "log_loss", *common)
    assert code == 0
    code, payload = run("fit", str(csv), "--metric", "log_loss", "--json", *common)
    assert code == 0
    result = json.loads(payload)
    assert result["metric"] == "log_loss"
    assert result["lower_is_better"] is True
    assert result["estimator"] == "StandardScaler + KNeighborsClassifier"
    assert result["knowledge_holds_this_data"] == []
    for key, label in (("default", "scikit-learn default"), ("warm_started", "warm-started")):
        folds = result[key]["fold_scores"]
        assert len(folds) == 3
        assert min(folds) > 0  # log loss, shown as a loss
        assert result[key]["mean"] == pytest.approx(np.mean(folds))
        # the same scores as the table
        assert f"{label:<22} {result[key]['mean']:.4f} ± {result[key]['std']:.4f}" in text


def test_every_option_of_every_command_says_what_it_does():
    import argparse

    from skmeta.cli._main import _build_parser

    parser = _build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    silent = [
        f"{name} {action.option_strings[-1]}"
        for name, sub in commands.choices.items()
        for action in sub._actions
        if action.option_strings and not action.help
    ]
    assert silent == []
    # and an option with a default says what it is
    unsaid = [
        f"{name} {action.option_strings[-1]}"
        for name, sub in commands.choices.items()
        for action in sub._actions
        if action.option_strings
        and action.default not in (None, False, argparse.SUPPRESS)
        and "default" not in action.help
    ]
    assert unsaid == []


def test_fit_and_suggest_say_what_the_warm_start_chooses(small_kb, tmp_path):
    from sklearn.datasets import load_breast_cancer

    csv = tmp_path / "bc.csv"
    load_breast_cancer(as_frame=True).frame.to_csv(csv, index=False)
    default = {"n_neighbors": 5, "weights": "uniform", "p": 2}
    common = ["--estimator", "knn", "--knowledge", str(small_kb)]
    code, payload = run("suggest", str(csv), "-k", "5", "--json", *common)
    assert code == 0
    suggestions = json.loads(payload)["suggestions"]
    assert [s["is_default"] for s in suggestions] == [s["params"] == default for s in suggestions]
    assert sum(s["is_default"] for s in suggestions) == 1  # every table holds the default
    code, text = run("suggest", str(csv), "-k", "5", *common)
    assert code == 0
    marked = [line for line in text.splitlines() if line.endswith("(scikit-learn's default)")]
    assert len(marked) == 1
    assert "n_neighbors=5, weights='uniform', p=2" in marked[0]

    code, text = run("fit", str(csv), "--cv", "3", *common)
    assert code == 0
    code, payload = run("fit", str(csv), "--cv", "3", "--json", *common)
    assert code == 0
    result = json.loads(payload)
    first = result["suggested_params"]
    assert first == suggestions[0]["params"]
    assert result["suggested_is_default"] == (first == default)
    said = next(line for line in text.splitlines() if line.startswith("ranked first on all rows"))
    if first == default:
        assert said.endswith(
            "scikit-learn's default (the similar tasks do not clearly favour another configuration)"
        )
    else:
        assert said.endswith(", ".join(f"{k}={v!r}" for k, v in first.items()))
    code, text = run("fit", str(csv), "--cv", "3", "--n-candidates", "2", *common)
    assert code == 0
    assert "ranked first on all rows (few-shot CV picks among the first 2):" in text


def test_the_commands_take_the_categorical_columns_of_pmlbs_layout(small_kb, tmp_path):
    """<name>/<name>.<ext> beside a PMLB metadata.yaml: its categorical columns are
    described as nominal and encoded, as in the knowledge built from such a folder."""
    folder = tmp_path / "pm"
    folder.mkdir()
    rng = np.random.default_rng(0)
    codes = rng.integers(0, 4, 90)
    lines = [f"{c},{v:.3f},{int(c > 1)}" for c, v in zip(codes, rng.normal(size=90), strict=True)]
    (folder / "pm.csv").write_text("a,b,target\n" + "\n".join(lines) + "\n")
    (folder / "metadata.yaml").write_text(
        "features:\n  - name: a\n    type: categorical\n  - name: b\n    type: continuous\n"
    )
    code, payload = run("describe", str(folder / "pm.csv"), "--json")
    assert code == 0
    assert json.loads(payload)["metafeatures"]["NumberOfSymbolicFeatures"] == 2  # a, target
    common = ["--estimator", "knn", "--knowledge", str(small_kb), "--cv", "3", "--json"]
    code, payload = run("fit", str(folder / "pm.csv"), *common)
    assert code == 0
    assert json.loads(payload)["estimator"] == "ColumnTransformer + KNeighborsClassifier"
    # the declaration follows the columns left
    code, payload = run("fit", str(folder / "pm.csv"), "--drop", "a", *common)
    assert code == 0
    assert json.loads(payload)["estimator"] == "StandardScaler + KNeighborsClassifier"
    code, payload = run("fit", str(folder / "pm.csv"), "--drop", "b", *common)
    assert code == 0
    assert json.loads(payload)["estimator"] == "ColumnTransformer + KNeighborsClassifier"
