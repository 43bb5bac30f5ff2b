"""OpenML access, offline, against a private copy of the real cache in ../shared."""

import re
import time

import numpy as np
import openml
import pytest

from skmeta.metafeatures import compute_metafeatures
from skmeta.openml import (
    OpenMLUnavailableError,
    fetch_openml_dataset,
    fetch_openml_qualities,
    fetch_openml_task,
    openml_config,
)

from ..conftest import TEST_SERVER


def test_dataset_from_cache(openml_cache):
    task = fetch_openml_dataset(2, cache_dir=openml_cache, server=TEST_SERVER)
    assert task.name == "anneal"
    assert task.source == "openml"
    assert task.kind == "classification"
    assert task.X.shape == (898, 38)
    assert sum(task.categorical_features) == 32
    assert task.metadata["openml_dataset_id"] == 2
    qualities = task.metadata["openml_qualities"]
    assert qualities["NumberOfInstances"] == 898
    ours = compute_metafeatures(task)
    # qualities that the test server computed reliably agree with ours
    for key in (
        "NumberOfInstances",
        "NumberOfFeatures",
        "NumberOfMissingValues",
        "NumberOfInstancesWithMissingValues",
        "NumberOfNumericFeatures",
        "MajorityClassSize",
        "MeanMeansOfNumericAtts",
        "MeanStdDevOfNumericAtts",
    ):
        assert ours[key] == pytest.approx(qualities[key]), key


def test_dataset_target_is_a_column_of_the_dataset(openml_cache):
    task = fetch_openml_dataset(2, target="shape", cache_dir=openml_cache, server=TEST_SERVER)
    assert task.X.shape == (898, 38)
    assert "shape" not in task.X.columns
    assert "class" in task.X.columns
    with pytest.raises(ValueError, match=r"anneal\) has no column 'nope'; its 39 columns"):
        fetch_openml_dataset(2, target="nope", cache_dir=openml_cache, server=TEST_SERVER)
    with pytest.raises(TypeError, match=r"target must be a column name \(str\); got int"):
        fetch_openml_dataset(2, target=3, cache_dir=openml_cache, server=TEST_SERVER)


def test_qualities_from_cache(openml_cache):
    qualities = fetch_openml_qualities(2, cache_dir=openml_cache, server=TEST_SERVER)
    assert qualities["NumberOfInstances"] == 898
    assert "ClassEntropy" in qualities


def test_task_with_official_splits(openml_cache):
    task = fetch_openml_task(1882, cache_dir=openml_cache, server=TEST_SERVER)
    assert task.metadata["openml_task_id"] == 1882
    assert len(task.splits) == 10
    train, test = task.splits[0]
    assert len(np.intersect1d(train, test)) == 0
    assert len(train) + len(test) == task.n_samples
    all_test = np.sort(np.concatenate([t for _, t in task.splits]))
    np.testing.assert_array_equal(all_test, np.arange(task.n_samples))


@pytest.mark.parametrize(
    ("fetch", "ident", "match"),
    [
        (fetch_openml_dataset, 61, "dataset 61 is not in the local cache"),
        (fetch_openml_task, 99999, "task 99999 is not in the local cache"),
        # task 3 is cached, its dataset (3) is not
        (fetch_openml_task, 3, "dataset 3 is not in the local cache.*task 3 needs it"),
    ],
)
def test_missing_offline_is_one_clear_error(openml_cache, monkeypatch, fetch, ident, match):
    # simulate "server unreachable" so the test never touches the network
    monkeypatch.setattr("skmeta.openml._openml._server_reachable", lambda: False)
    with pytest.raises(OpenMLUnavailableError, match=match):
        fetch(ident, cache_dir=openml_cache, server=TEST_SERVER)


def test_the_error_names_the_server_whose_cache_holds_the_item(tmp_path, monkeypatch):
    # openml keeps one cache directory per server (host labels reversed)
    (tmp_path / "org" / "openml" / "test" / "datasets" / "2").mkdir(parents=True)
    (tmp_path / "org" / "openml" / "test" / "tasks" / "7").mkdir(parents=True)
    monkeypatch.setattr("skmeta.openml._openml._server_reachable", lambda: False)
    www = "https://www.openml.org/api/v1/xml"
    hint = r"holds {} of another server: pass server='https://test\.openml\.org/api/v1/xml'"
    with pytest.raises(OpenMLUnavailableError, match=hint.format("dataset 2")):
        fetch_openml_dataset(2, cache_dir=tmp_path, server=www)
    with pytest.raises(OpenMLUnavailableError, match=hint.format("task 7")):
        fetch_openml_task(7, cache_dir=tmp_path, server=www)
    with pytest.raises(OpenMLUnavailableError) as info:
        fetch_openml_dataset(3, cache_dir=tmp_path, server=www)
    assert "another server" not in str(info.value)


def test_unreachable_server_fails_fast(tmp_path):
    # a local port that refuses connections at once: the real probe, no retry storm
    start = time.perf_counter()
    with pytest.raises(OpenMLUnavailableError, match="dataset 61 is not in the local cache"):
        fetch_openml_dataset(61, cache_dir=tmp_path, server="http://127.0.0.1:9/api/v1/xml")
    assert time.perf_counter() - start < 30


def test_a_cache_dir_that_does_not_exist_is_named(tmp_path, monkeypatch):
    monkeypatch.setattr("skmeta.openml._openml._server_reachable", lambda: False)
    typo = tmp_path / "opneml-cache"
    with pytest.raises(OpenMLUnavailableError, match=f"; {re.escape(str(typo))} does not exist"):
        fetch_openml_dataset(61, cache_dir=typo)
    assert not typo.exists()  # looking did not create it
    with pytest.raises(OpenMLUnavailableError) as info:
        fetch_openml_dataset(61, cache_dir=tmp_path)
    assert "does not exist" not in str(info.value)


def test_cached_task_file_survives_a_failed_fetch(openml_cache, monkeypatch):
    monkeypatch.setattr("skmeta.openml._openml._server_reachable", lambda: False)
    before = sorted(p.name for p in (openml_cache / "org/openml/test/tasks/3").iterdir())
    with pytest.raises(OpenMLUnavailableError):
        fetch_openml_task(3, cache_dir=openml_cache, server=TEST_SERVER)
    after = sorted(p.name for p in (openml_cache / "org/openml/test/tasks/3").iterdir())
    assert before == after


def test_config_is_restored(openml_cache):
    server, retries = openml.config.server, openml.config.connection_n_retries
    with openml_config(openml_cache, TEST_SERVER):
        assert openml.config.server == TEST_SERVER
    assert (openml.config.server, openml.config.connection_n_retries) == (server, retries)


def test_a_server_or_cache_that_is_not_one_is_named_and_nothing_changes():
    server, cache = openml.config.server, openml.config._root_cache_directory
    for bad in (3, "test.openml.org"):  # 3 had been set as the server, to fail later
        with pytest.raises(ValueError, match="server must be the URL of an OpenML server"):
            fetch_openml_dataset(2, server=bad)
    with pytest.raises(TypeError, match="cache_dir must be a path"):
        fetch_openml_dataset(2, cache_dir=3)
    assert (openml.config.server, openml.config._root_cache_directory) == (server, cache)


@pytest.mark.parametrize("bad", [0, -3, "2", 2.5, True])
def test_bad_ids(bad):
    with pytest.raises(ValueError, match="positive integer"):
        fetch_openml_dataset(bad)


@pytest.mark.network
def test_live_server_iris():
    task = fetch_openml_dataset(61)
    assert task.n_samples == 150


@pytest.mark.parametrize(
    ("name", "reader_error"), [("qualities.xml", "ExpatError"), ("dataset.arff", "BadDataFormat")]
)
def test_cached_files_cut_short_are_named_with_the_folder_to_delete(
    openml_cache, name, reader_error
):
    # an interrupted download: it was the XML or ARFF parser's own error, from deep inside
    cached = next(openml_cache.rglob(f"datasets/2/{name}"))
    text = cached.read_bytes()
    cached.write_bytes(text[: len(text) // 2])
    expected = r"dataset 2 is in the local cache \(.*datasets.2\), but its files there cannot"
    with pytest.raises(OpenMLUnavailableError, match=expected) as info:
        fetch_openml_dataset(2, cache_dir=openml_cache, server=TEST_SERVER)
    assert reader_error in str(info.value)
    assert "Delete that folder" in str(info.value)


def test_cached_files_the_client_would_fetch_again_offline(openml_cache):
    # openml turns to the server for cached files it finds wanting: not "not in the cache"
    import requests

    from skmeta.openml._openml import _call

    def refetch():
        raise requests.exceptions.ConnectionError("offline")

    with openml_config(openml_cache, TEST_SERVER), pytest.raises(OpenMLUnavailableError) as info:
        _call("task", 3, True, refetch)
    assert "task 3 is in the local cache" in str(info.value)
    assert "the server cannot be reached" in str(info.value)
    with openml_config(openml_cache, TEST_SERVER), pytest.raises(OpenMLUnavailableError) as info:
        _call("task", 3, False, refetch)
    assert "is not in the local cache" in str(info.value)
