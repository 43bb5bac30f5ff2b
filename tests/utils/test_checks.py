"""Paths and numbers given by the user are checked where they come in."""

import numpy as np
import pytest

from skmeta.fewshot import LearnedStart
from skmeta.knowledge import AlgorithmTable, KnowledgeBase
from skmeta.tasks import load_file, load_folder
from skmeta.utils._checks import as_path, is_int, is_real, repeated


def test_as_path_names_the_argument():
    assert as_path("a/b").name == "b"
    with pytest.raises(TypeError, match="store must be a path"):
        as_path(3, "store")


@pytest.mark.parametrize(
    "call",
    [
        lambda: load_file(3, target="y"),
        lambda: load_folder(None),
        lambda: KnowledgeBase.load(3),
        lambda: KnowledgeBase.from_store(3.5),
        lambda: KnowledgeBase.load_default().save(3),
        lambda: LearnedStart.load(["a"]),
        lambda: AlgorithmTable.from_lcdb(3),
    ],
)
def test_what_reads_or_writes_files_says_a_non_path_is_not_a_path(call):
    # pathlib's own message ("expected str, bytes or os.PathLike object") names no argument
    with pytest.raises(TypeError, match="path must be a path"):
        call()


def test_numbers_are_python_or_numpy_but_not_bools():
    assert is_int(3)
    assert is_int(np.int64(3))
    assert not is_int(True)
    assert not is_int(3.0)
    assert is_real(np.float32(0.5))
    assert not is_real(np.bool_(True))
    assert not is_real("1")


def test_repeated_names_come_out_sorted_once_each():
    assert repeated(["b", "a", "b", "c", "a", "b"]) == ["a", "b"]
    assert repeated(["a", "b"]) == []


def test_add_distinct_takes_new_items_in_order_and_draws_none_past_the_last():
    from skmeta.utils._checks import add_distinct

    pulled = []

    def stream():
        for item in [3, 1, 3, 2, 1, 5, 7]:
            pulled.append(item)
            yield item

    seen = {2}
    assert add_distinct([], stream(), int, seen, 3) == [3, 1, 5]
    assert pulled == [3, 1, 3, 2, 1, 5]  # 7 never drawn
    assert seen == {1, 2, 3, 5}
    assert add_distinct([9], iter([8]), int, set(), 1) == [9]
    assert add_distinct([1], [1, 2, 2, 3], int, {1}) == [1, 2, 3]  # no n: every new one
