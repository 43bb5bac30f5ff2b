import warnings

import numpy as np
import pandas as pd
import pytest

from skmeta.tasks import TaskCollection, load_sklearn_dataset


def _load(row):
    return load_sklearn_dataset("iris")


INDEX = pd.DataFrame({"name": ["a", "b"], "task": ["classification", "regression"]})


def test_select_takes_one_name_and_any_list_like_values():
    tasks = TaskCollection(INDEX, _load)
    # one name is one task, not its letters
    assert tasks.select("a").names == ["a"]
    with pytest.raises(KeyError, match=r"No tasks named \['ab'\]"):
        tasks.select("ab")
    for values in (np.array(["classification"]), pd.Series(["classification"]), {"classification"}):
        assert tasks.select(task=values).names == ["a"]


def test_select_names_a_misspelt_kind_and_warns_of_a_filter_that_matches_nothing():
    index = INDEX.assign(group=["iris", "wine"])
    tasks = TaskCollection(index, _load)
    with pytest.raises(
        ValueError, match=r"task takes 'classification' or 'regression'; got \['clf'\]"
    ):
        tasks.select(task="clf")
    with pytest.warns(UserWarning, match=r"group='irsi' matches no task.*close values: \['iris'\]"):
        assert tasks.select(group="irsi").names == []
    with pytest.warns(UserWarning, match=r"its values are \['iris', 'wine'\]"):
        tasks.select(group=["zzz"])
    # a value of the column filtered out by another filter is no mistake
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert tasks.select(task="regression", group="iris").names == []
        assert tasks.select(group=["iris", "elsewhere"]).names == ["a"]
        assert tasks.select([]).select(group="iris").names == []  # nothing to match


def test_collection_refuses_what_it_cannot_index_or_load():
    with pytest.raises(TypeError, match=r"index must be a pandas DataFrame.*got list"):
        TaskCollection([{"name": "a"}], _load)
    with pytest.raises(TypeError, match=r"loader must be a function.*got str"):
        TaskCollection(INDEX, "iris")
    with pytest.raises(ValueError, match=r"row 1 of the index has none"):
        TaskCollection(pd.DataFrame({"name": ["a", None]}), _load)
    tasks = TaskCollection(INDEX, _load)
    for key in (1.7, [0, 1]):
        with pytest.raises(TypeError, match=r"picked by position \(int\), name \(str\) or slice"):
            tasks[key]
    assert tasks[np.int64(1)].name == "iris"
    with pytest.raises(TypeError, match=r"loader returned int for task 'b'; it must return a Task"):
        TaskCollection(INDEX, lambda row: 3)[1]


def _no_loading(row):
    raise AssertionError(f"task {row['name']!r} was loaded")


def test_in_asks_for_a_name_without_loading_any_task():
    from skmeta.tasks import Task

    tasks = TaskCollection(INDEX, _no_loading)
    assert "a" in tasks
    assert "b" in tasks
    assert "c" not in tasks
    assert 0 not in tasks  # positions index, they are not members
    assert None not in tasks
    iris = load_sklearn_dataset("iris")
    X, y = iris.X, iris.y
    assert Task(X, y, name="a") in tasks
    assert Task(X, y, name="z") not in tasks
    # count asks as 'in' does (it loaded every task and found no name)
    assert [tasks.count(v) for v in ("a", "c", 0, Task(X, y, name="b"))] == [1, 0, 0, 1]
