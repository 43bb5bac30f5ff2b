import hashlib
import io
import json

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import load_iris
from sklearn.neighbors import KNeighborsClassifier

from skmeta import MetaDefaultClassifier
from skmeta.knowledge import (
    AlgorithmTable,
    KnowledgeBase,
    KnowledgeFileError,
    build_knowledge,
)
from skmeta.spaces import SpaceMismatchError
from skmeta.tasks import load_sklearn_dataset


@pytest.fixture(scope="module")
def kb():
    tasks = [load_sklearn_dataset(n) for n in ("iris", "wine", "diabetes")]
    kb = build_knowledge(tasks, ["k_neighbors", "linear"], n_configs=3, verbose=0)
    q = pd.DataFrame({"NumberOfInstances": [150.0, 178.0]}, index=[61, 187])
    s = pd.DataFrame({"svm": [0.9, np.nan], "random_forest": [0.95, 0.97]}, index=[61, 187])
    kb.algorithms = AlgorithmTable(q, s, {"source": "test"})
    return kb


def _same(a, b):
    assert a.task_names == b.task_names
    assert a.table_keys == b.table_keys
    assert a.metrics == b.metrics
    pd.testing.assert_frame_equal(a.metafeatures, b.metafeatures)
    for key in a.table_keys:
        assert a.configs(key) == b.configs(key)
        assert a.space(key) == b.space(key)
        for metric in a._tables[key].scores:
            np.testing.assert_array_equal(a.scores(key, metric), b.scores(key, metric))


def test_save_load_round_trip(kb, tmp_path):
    kb.save(tmp_path / "kb")
    loaded = KnowledgeBase.load(tmp_path / "kb")
    _same(kb, loaded)
    assert loaded.provenance == json.loads(json.dumps(kb.provenance))
    pd.testing.assert_frame_equal(loaded.algorithms.scores, kb.algorithms.scores, check_names=False)
    assert loaded.tasks.loc["diabetes", "kind"] == "regression"
    # never pickle: the arrays load with allow_pickle=False
    with np.load(tmp_path / "kb" / "knowledge.npz", allow_pickle=False) as data:
        assert all(data[k].dtype.kind == "f" for k in data.files)


def _rewrite(path, doc=None, arrays=None):
    """Write tampered files whose checksum is consistent (so deeper checks are reached)."""
    if arrays is not None:
        buf = io.BytesIO()
        np.savez_compressed(buf, **arrays)
        (path / "knowledge.npz").write_bytes(buf.getvalue())
        doc["npz_sha256"] = hashlib.sha256(buf.getvalue()).hexdigest()
    (path / "knowledge.json").write_text(json.dumps(doc))


def _first_table(doc):
    return doc["tables"]["k_neighbors/classification"]


def _load_parts(path):
    doc = json.loads((path / "knowledge.json").read_text())
    with np.load(path / "knowledge.npz") as data:
        arrays = {k: data[k] for k in data.files}
    return doc, arrays


@pytest.mark.parametrize(
    ("tamper", "match"),
    [
        (lambda d, a: d.update(version=2), "version 2.*reads up to version 1"),
        (lambda d, a: d.update(schema="other"), "not a skmeta knowledge file"),
        (lambda d, a: d.pop("tables"), "lacks the entry 'tables'"),
        (lambda d, a: a.update(metafeatures=a["metafeatures"][:2]), "shape"),
        (lambda d, a: a["table0_metric0"].__setitem__((0, 0), np.inf), "infinite"),
        (lambda d, a: a.pop("table0_metric0"), "holds arrays"),
        (lambda d, a: d["tasks"]["names"].pop(), "inconsistent"),
        (lambda d, a: d["tasks"]["names"].__setitem__(1, d["tasks"]["names"][0]), "unique"),
        (lambda d, a: d["metrics"].update(accuracy="up"), "direction 'max' or 'min'"),
        (lambda d, a: d["metrics"].pop("roc_auc"), "undeclared metric 'roc_auc'"),
        (
            lambda d, a: a["table0_fit_time"].__setitem__((0, 0), np.inf),
            "'table0_fit_time' contains infinite",
        ),
        (lambda d, a: a.update(table0_fit_time=a["table0_fit_time"][:, :1]), "shape"),
        (
            lambda d, a: next(iter(d["tables"].values())).update(errors=[[99, 0, "x"]]),
            "points outside the table",
        ),
        (lambda d, a: a["metafeatures"].__setitem__((0, 0), np.inf), "infinite"),
        # the tables' entries are checked when loading, not when first used
        (lambda d, a: d["tables"].update({"linear/regression": 3}), "'linear/regression' is not"),
        (lambda d, a: _first_table(d).update(scores=[1, 2]), "mapping of 'scores'"),
        (lambda d, a: _first_table(d)["configs"].__setitem__(0, 1.5), r"Configuration 0 .*1\.5"),
        (lambda d, a: _first_table(d).update(configs="abc"), "must be a list of dicts; got str"),
        (lambda d, a: _first_table(d)["configs"][1].clear(), "Configuration 1 lacks"),
        (
            lambda d, a: _first_table(d)["configs"][0].update(weights="heavy"),
            r"'heavy' is not a choice of 'weights'",
        ),
        (lambda d, a: _first_table(d).update(errors=5), "errors of table .* got int"),
        (lambda d, a: d["metafeature_names"].__setitem__(0, [1, 2]), "a list of strings"),
        (
            lambda d, a: d["metafeature_names"].__setitem__(1, d["metafeature_names"][0]),
            "Meta-feature names must be unique",
        ),
        (lambda d, a: _first_table(d).update(errors=[[0, "x", "y"]]), r"got \[0, 'x', 'y'\]"),
    ],
)
def test_tampered_files_are_refused_with_the_reason(kb, tmp_path, tamper, match):
    path = kb.save(tmp_path / "kb")
    doc, arrays = _load_parts(path)
    tamper(doc, arrays)  # doc["arrays"] (the declared shapes) is left as saved
    _rewrite(path, doc, arrays)
    with pytest.raises(KnowledgeFileError, match=match):
        KnowledgeBase.load(path)


def test_swapped_or_corrupt_files(kb, tmp_path):
    path = kb.save(tmp_path / "kb")
    npz = path / "knowledge.npz"
    npz.write_bytes(npz.read_bytes()[:-10])
    with pytest.raises(KnowledgeFileError, match="SHA-256"):
        KnowledgeBase.load(path)
    (path / "knowledge.json").write_text("{not json")
    with pytest.raises(KnowledgeFileError, match="not valid JSON"):
        KnowledgeBase.load(path)
    with pytest.raises(KnowledgeFileError, match="missing"):
        KnowledgeBase.load(tmp_path / "nowhere")


def test_parameter_unknown_to_installed_sklearn(kb, tmp_path):
    path = kb.save(tmp_path / "kb")
    doc = json.loads((path / "knowledge.json").read_text())
    doc["tables"]["k_neighbors/classification"]["space"]["params"][0]["name"] = "k"
    (path / "knowledge.json").write_text(json.dumps(doc))
    with pytest.raises(SpaceMismatchError, match=r"'k'.*KNeighborsClassifier"):
        KnowledgeBase.load(path)


_SIDE_EFFECT_MODULE = """
import pathlib
pathlib.Path(__file__).with_suffix(".ran").touch()


class Thing:
    pass
"""


@pytest.mark.parametrize("name", ["skmeta_probe_import.Thing", "os.abort"])
def test_a_knowledge_file_that_names_other_code_than_scikit_learn_runs_none(
    kb, tmp_path, monkeypatch, name
):
    # os.abort would end the process if it were called as an estimator class to read
    # its defaults; the module would announce its import with a file
    (tmp_path / "skmeta_probe_import.py").write_text(_SIDE_EFFECT_MODULE)
    monkeypatch.syspath_prepend(str(tmp_path))
    path = kb.save(tmp_path / "kb")
    doc = json.loads((path / "knowledge.json").read_text())
    doc["tables"]["k_neighbors/classification"]["space"]["estimator"] = name
    (path / "knowledge.json").write_text(json.dumps(doc))
    with pytest.raises(KnowledgeFileError, match=r"imports only scikit-learn's estimators"):
        KnowledgeBase.load(path)
    assert not (tmp_path / "skmeta_probe_import.ran").exists()


def test_select_and_merge(kb):
    reg = kb.select(kind="regression")
    assert reg.task_names == ["diabetes"]
    two = kb.select(["wine", "iris"])
    assert two.task_names == ["wine", "iris"]
    np.testing.assert_array_equal(
        two.scores("linear/classification", "accuracy")[1],
        kb.scores("linear/classification", "accuracy")[0],
    )
    mask = kb.select([True, False, True])
    assert mask.task_names == ["iris", "diabetes"]
    merged = kb.select(["iris"]).merge(kb.select(["wine", "diabetes"]))
    _same(merged, kb)
    with pytest.raises(ValueError, match="Both knowledge bases hold"):
        kb.merge(kb)
    with pytest.raises(KeyError, match="Unknown task"):
        kb.select(["nope"])


def test_from_results_averages_folds_and_keeps_failures():
    results = pd.DataFrame(
        {
            "task": ["a", "a", "a", "b", "b"],
            "family": ["mine"] * 5,
            "config": [{"x": 1}, {"x": 1}, '{"x": 2}', {"x": 1}, {"x": 2}],
            "auc": [0.5, 0.7, 0.8, 0.9, np.nan],
        }
    )
    mf = pd.DataFrame({"NumberOfInstances": [10.0, 20.0, 30.0]}, index=["b", "a", "c"])
    kb = KnowledgeBase.from_results(results, mf, metrics={"auc": "max"})
    assert kb.task_names == ["a", "b"]
    np.testing.assert_allclose(kb.scores("mine", "auc"), [[0.6, 0.8], [0.9, np.nan]])
    assert kb.configs("mine") == [{"x": 1}, {"x": 2}]
    assert kb.metafeatures["NumberOfInstances"].tolist() == [20.0, 10.0]
    with pytest.raises(ValueError, match="lacks the column"):
        KnowledgeBase.from_results(results.drop(columns="auc"), mf, metrics={"auc": "max"})
    with pytest.raises(ValueError, match="No meta-features"):
        KnowledgeBase.from_results(results, mf.loc[["b"]], metrics={"auc": "max"})
    with pytest.raises(ValueError, match="direction"):
        KnowledgeBase.from_results(results, mf, metrics={"auc": "up"})
    # what is not a score, a configuration or a meta-feature is named where it is
    with pytest.raises(TypeError, match="metrics must map each metric column"):
        KnowledgeBase.from_results(results, mf, metrics=["auc"])
    with pytest.raises(ValueError, match="column 'auc' must hold numbers; row 3 holds 'n/a'"):
        KnowledgeBase.from_results(
            results.assign(auc=[0.5, 0.7, 0.8, "n/a", np.nan]), mf, metrics={"auc": "max"}
        )
    bad = results.assign(config=[{"x": 1}, {"x": 1}, "x=2", {"x": 1}, {"x": 2}])
    with pytest.raises(ValueError, match=r"config in row 2 must be a dict.*got 'x=2'"):
        KnowledgeBase.from_results(bad, mf, metrics={"auc": "max"})
    with pytest.raises(ValueError, match=r"metafeatures column 'NumberOfInstances'.*'many'"):
        KnowledgeBase.from_results(
            results, mf.assign(NumberOfInstances=[1, "many", 3]), metrics={"auc": "max"}
        )
    # meta-features labelled by position (a NumPy array's frame) are named as text, as
    # task names are; labels that read alike are one name given twice
    numbered = KnowledgeBase.from_results(results, mf.set_axis([0], axis=1), metrics={"auc": "max"})
    assert list(numbered.metafeatures.columns) == ["0"]
    twice = pd.DataFrame([[1.0, 2.0]] * 3, index=["a", "b", "c"], columns=[1, "1"])
    with pytest.raises(ValueError, match=r"Meta-feature names must be unique; repeated: \['1'\]"):
        KnowledgeBase.from_results(results, twice, metrics={"auc": "max"})


def test_from_results_takes_numpy_configs_and_names_rows_it_cannot_use(tmp_path):
    results = pd.DataFrame(
        {
            "task": ["a", "a", "b", "b"],
            "family": ["mine"] * 4,
            "config": [{"k": np.int64(3), "w": [np.float64(0.5)]}, {"k": 5}] * 2,
            "auc": [0.5, 0.7, 0.9, 0.8],
        }
    )
    mf = pd.DataFrame({"NumberOfInstances": [10.0, 20.0]}, index=["a", "b"])
    # NumPy numbers in a configuration are stored as Python's (json had raised on int64)
    kb = KnowledgeBase.from_results(results, mf, metrics={"auc": "max"})
    assert KnowledgeBase.load(kb.save(tmp_path / "kb")).configs("mine") == [
        {"k": 3, "w": [0.5]},
        {"k": 5},
    ]
    bad = results.assign(config=[{"k": {1, 2}}, {"k": 5}] * 2)
    with pytest.raises(ValueError, match=r"config in row 0 holds a set .*, which JSON cannot"):
        KnowledgeBase.from_results(bad, mf, metrics={"auc": "max"})
    # a missing family had dropped its rows without a word
    with pytest.raises(ValueError, match=r"family is missing in 1 row\(s\) \(first at row 2\)"):
        KnowledgeBase.from_results(
            results.assign(family=["mine", "mine", None, "mine"]), mf, metrics={"auc": "max"}
        )
    with pytest.raises(ValueError, match=r"task is missing in 1 row\(s\) \(first at row 3\)"):
        KnowledgeBase.from_results(
            results.assign(task=["a", "a", "b", None]), mf, metrics={"auc": "max"}
        )
    with pytest.raises(TypeError, match="metafeatures must be a DataFrame indexed by task name"):
        KnowledgeBase.from_results(results, mf.to_numpy(), metrics={"auc": "max"})
    with pytest.raises(ValueError, match=r"more than one row for task\(s\) \['a'\]"):
        KnowledgeBase.from_results(results, pd.concat([mf, mf.loc[["a"]]]), metrics={"auc": "max"})
    with pytest.raises(ValueError, match="metafeatures has no columns"):
        KnowledgeBase.from_results(results, mf[[]], metrics={"auc": "max"})
    with pytest.raises(TypeError, match="provenance must be a dict; got str"):
        KnowledgeBase.from_results(results, mf, metrics={"auc": "max"}, provenance="mine")
    # an infinite score had scaled its task's other scores to 0 or NaN in the strategies
    with pytest.raises(ValueError, match=r"column 'auc' must hold finite numbers.*row 1 holds inf"):
        KnowledgeBase.from_results(
            results.assign(auc=[0.5, np.inf, 0.9, 0.8]), mf, metrics={"auc": "max"}
        )


def test_a_knowledge_base_of_ones_own_tables_says_why_metadefault_cannot_use_it():
    results = pd.DataFrame(
        {"task": ["a", "b"], "family": ["mine"] * 2, "config": [{"k": 3}] * 2, "auc": [0.5, 0.7]}
    )
    mf = pd.DataFrame({"NumberOfInstances": [10.0, 20.0]}, index=["a", "b"])
    kb = KnowledgeBase.from_results(results, mf, metrics={"auc": "max"})
    X, y = load_iris(return_X_y=True)
    with pytest.raises(ValueError, match=r"tables \['mine'\] are your own \(from_results\)"):
        MetaDefaultClassifier(KNeighborsClassifier(), knowledge=kb).fit(X, y)


def test_algorithm_table_from_lcdb(lcdb_dir):
    table = AlgorithmTable.from_lcdb(lcdb_dir)
    assert len(table.scores) > 150
    assert len(table.learners) == 20
    assert "NumberOfInstances" in table.qualities.columns
    winners = table.winners()
    assert winners.isin(table.learners).all()
    assert table.family_of("sklearn.ensemble.RandomForestClassifier") == "random_forest"
    again = AlgorithmTable.from_dict(json.loads(json.dumps(table.to_dict())))
    pd.testing.assert_frame_equal(again.scores, table.scores, check_names=False)
    # kr-vs-kp (OpenML 3): OpenML's own quality value survives
    assert table.qualities.loc[3, "NumberOfInstances"] == 3196


def test_algorithm_table_refuses_what_it_cannot_use():
    q = pd.DataFrame({"NumberOfInstances": [100.0, 5000.0]}, index=[3, 6])
    s = pd.DataFrame({"svm": [0.9, 0.7], "random_forest": [0.8, 0.95]}, index=[3, 6])
    with pytest.raises(ValueError, match=r"qualities column 'kind' must hold numbers.*'a'"):
        AlgorithmTable(q.assign(kind=["a", "b"]), s)
    with pytest.raises(ValueError, match=r"scores column 'svm' must hold numbers.*'high'"):
        AlgorithmTable(q, s.assign(svm=[0.9, "high"]))
    with pytest.raises(ValueError, match=r"scores has the column 'svm' more than once"):
        AlgorithmTable(q, pd.DataFrame([[0.1, 0.2]] * 2, index=[3, 6], columns=["svm", "svm"]))
    with pytest.raises(ValueError, match=r"at least one dataset and one learner.*0 dataset"):
        AlgorithmTable(q.iloc[:0], s.iloc[:0])
    with pytest.raises(ValueError, match=r"at least one dataset and one learner.*0 learner"):
        AlgorithmTable(q, s.iloc[:, :0])
    for bad in ([1, 2], "table"):
        with pytest.raises(ValueError, match=r"expected a dict \(from to_dict\(\)\); got"):
            AlgorithmTable.from_dict(bad)


def test_algorithm_table_has_no_winner_where_no_learner_was_scored():
    q = pd.DataFrame({"NumberOfInstances": [100.0, 5000.0]}, index=[3, 6])
    s = pd.DataFrame({"svm": [np.nan, 0.7], "random_forest": [np.nan, 0.95]}, index=[3, 6])
    assert AlgorithmTable(q, s).winners().tolist() == [None, "random_forest"]


def test_select_takes_one_task_name_and_list_like_values(kb):
    assert kb.select("iris").task_names == ["iris"]  # not its letters
    assert kb.select(kind=np.array(["regression"])).task_names == ["diabetes"]
    assert kb.select(kind=pd.Series(["classification"])).task_names == ["iris", "wine"]
    with pytest.raises(ValueError, match=r"kind takes 'classification' or 'regression'"):
        kb.select(kind="clf")
    with pytest.warns(UserWarning, match=r"group='irsi' matches no task.*close values"):
        assert kb.select(group="irsi").n_tasks == 0
    with pytest.raises(TypeError, match=r"other must be a KnowledgeBase; got int"):
        kb.merge(3)


def test_unite_copies_checks_its_input():
    from skmeta.knowledge import unite_copies

    tasks = pd.DataFrame({"kind": ["regression"] * 2, "group": ["a", "b"]}, index=["a", "b"])
    mf = pd.DataFrame({"NumberOfInstances": [100.0, 100.0]}, index=["a", "b"])
    assert unite_copies(tasks, mf)[1] == [["a", "b"]]
    with pytest.raises(TypeError, match=r"metafeatures must be a DataFrame; got list"):
        unite_copies(tasks, [[100.0], [100.0]])
    with pytest.raises(ValueError, match=r"tasks needs the column\(s\) \['group'\]"):
        unite_copies(tasks.drop(columns="group"), mf)
    with pytest.raises(ValueError, match=r"same index"):
        unite_copies(tasks, mf.iloc[::-1])
    for bad in (-1, "a", float("nan")):
        with pytest.raises(ValueError, match=r"max_distance must be a number >= 0"):
            unite_copies(tasks, mf, max_distance=bad)
