"""Saving and loading the JSON + .npz directories of knowledge bases and learned starts."""

import numpy as np
import pytest

from skmeta.fewshot import LearnedStart, MAMLRegressor, StartFileError
from skmeta.knowledge import KnowledgeBase, KnowledgeFileError, build_knowledge
from skmeta.tasks import load_sklearn_dataset


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    root = tmp_path_factory.mktemp("saved")
    kb = build_knowledge([load_sklearn_dataset("iris")], ["linear"], n_configs=2, verbose=0)
    kb.save(root / "kb")
    rng = np.random.default_rng(0)
    X, groups = rng.normal(size=(60, 3)), np.repeat(np.arange(6), 10)
    y = X @ np.ones(3) + 0.1 * rng.normal(size=60)
    start = MAMLRegressor(n_iter=5, random_state=0).fit(X, y, groups=groups).start_
    start.save(root / "start")
    return root, kb, start


@pytest.mark.parametrize(
    ("stem", "loader", "error"),
    [
        ("knowledge", KnowledgeBase.load, KnowledgeFileError),
        ("start", LearnedStart.load, StartFileError),
    ],
)
def test_loading_one_of_the_two_files_names_the_directory(saved, stem, loader, error):
    root = saved[0]
    folder = root / ("kb" if stem == "knowledge" else "start")
    loader(folder)  # the directory loads
    for name in (f"{stem}.json", f"{stem}.npz"):
        with pytest.raises(
            error, match=rf"is a file; .*Pass the directory that holds it: '{folder}'"
        ):
            loader(folder / name)
    with pytest.raises(error, match=rf"{stem}\.json is missing; .* is a directory with"):
        loader(root / "nowhere")


def test_saving_onto_a_file_is_refused_and_leaves_it(saved, tmp_path):
    _, kb, start = saved
    target = tmp_path / "taken.npz"
    target.write_bytes(b"user data")
    for obj, what in ((kb, "a knowledge base"), (start, "a learned start")):
        with pytest.raises(
            ValueError, match=f"taken.npz is a file; {what} is saved as a directory"
        ):
            obj.save(target)
    assert target.read_bytes() == b"user data"
    assert KnowledgeBase.load(kb.save(tmp_path / "new" / "kb")).task_names == kb.task_names


def test_a_value_json_cannot_hold_is_named_before_anything_is_written(tmp_path):
    import pandas as pd

    results = pd.DataFrame(
        {"task": ["a", "b"], "family": ["mine"] * 2, "config": [{"k": 3}] * 2, "auc": [0.5, 0.7]}
    )
    mf = pd.DataFrame({"NumberOfInstances": [10.0, 20.0]}, index=["a", "b"])
    made = KnowledgeBase.from_results
    # NumPy numbers are stored as Python's (np.int64 had failed after the .npz was written)
    kb = made(results, mf, metrics={"auc": "max"}, provenance={"runs": np.int64(3)})
    assert KnowledgeBase.load(kb.save(tmp_path / "kb")).provenance["runs"] == 3
    before = {p.name: p.read_bytes() for p in (tmp_path / "kb").iterdir()}
    odd = made(results, mf, metrics={"auc": "max"}, provenance={"when": pd.Timestamp(0)})
    with pytest.raises(ValueError, match="Cannot save a knowledge base: it holds a Timestamp"):
        odd.save(tmp_path / "kb")
    # the knowledge base saved there before is whole: its .npz was not replaced
    assert {p.name: p.read_bytes() for p in (tmp_path / "kb").iterdir()} == before
