import itertools

import numpy as np
import pandas as pd
import pytest

from skmeta.knowledge import KnowledgeBase
from skmeta.strategies import (
    MetaFeatureScaler,
    NearestTasks,
    Portfolio,
    Surrogate,
    normalized_scores,
)


def synthetic_kb(n_tasks=40, seed=0):
    """Small tasks prefer config 0 ("simple"), large ones config 1; config 2 is mediocre."""
    rng = np.random.default_rng(seed)
    n = np.exp(rng.uniform(np.log(100), np.log(100_000), n_tasks))
    rows = []
    for t, size in enumerate(n):
        large = size > 3000
        scores = [0.9 - 0.2 * large, 0.7 + 0.2 * large, 0.78]
        for c, s in enumerate(scores):
            rows.append(
                {
                    "task": f"t{t}",
                    "family": "fam",
                    "config": {"c": c},
                    "acc": s + 0.01 * rng.normal(),
                }
            )
    mf = pd.DataFrame(
        {"NumberOfInstances": n, "NumberOfFeatures": rng.integers(5, 50, n_tasks).astype(float)},
        index=[f"t{t}" for t in range(n_tasks)],
    )
    return KnowledgeBase.from_results(pd.DataFrame(rows), mf, metrics={"acc": "max"})


def test_normalized_scores():
    S = np.array([[1.0, 3.0, 2.0], [5.0, 5.0, 5.0], [np.nan, 1.0, 0.0]])
    np.testing.assert_allclose(normalized_scores(S), [[0, 1, 0.5], [1, 1, 1], [np.nan, 1, 0]])
    np.testing.assert_allclose(normalized_scores(S, "min")[0], [1, 0, 0.5])
    with pytest.raises(ValueError, match="direction"):
        normalized_scores(S, "up")


def test_scaler_ignores_missing_and_unknown_names():
    mf = pd.DataFrame({"NumberOfInstances": [10.0, 100.0, np.nan], "Other": [1.0, 2.0, 3.0]})
    scaler = MetaFeatureScaler(["NumberOfInstances", "NotThere"]).fit(mf)
    assert scaler.names_ == ["NumberOfInstances"]
    Z = scaler.transform(mf)
    assert np.isfinite(Z).all()
    assert Z[2, 0] == 0.0  # missing -> the median
    with pytest.raises(ValueError, match="None of the meta-features"):
        MetaFeatureScaler(["NotThere"]).fit(mf)


@pytest.mark.parametrize("strategy", [NearestTasks(n_neighbors=5), Surrogate(n_estimators=50)])
def test_data_dependent_strategies_follow_the_size(strategy):
    kb = synthetic_kb()
    strategy.fit(kb, "fam", "acc")
    small = strategy.rank({"NumberOfInstances": 300.0, "NumberOfFeatures": 20.0})
    large = strategy.rank({"NumberOfInstances": 50_000.0, "NumberOfFeatures": 20.0})
    assert small.order[0] == 0
    assert large.order[0] == 1
    assert small.predicted[0] >= small.predicted[-1]
    assert len(small.neighbors) == strategy.n_neighbors
    distances = [d for _, d in small.neighbors]
    assert distances == sorted(distances)


def test_distance_ratio_flags_tasks_unlike_the_knowledge():
    kb = synthetic_kb()
    nn = NearestTasks().fit(kb, "fam", "acc")
    near = nn.rank({"NumberOfInstances": 1000.0, "NumberOfFeatures": 20.0})
    far = nn.rank({"NumberOfInstances": 1e12, "NumberOfFeatures": 5000.0})
    assert near.distance_ratio < nn.max_distance_ratio
    assert far.distance_ratio > nn.max_distance_ratio


def test_portfolio_is_greedy_and_task_independent():
    kb = synthetic_kb()
    p = Portfolio().fit(kb, "fam", "acc")
    regret = 1 - np.nan_to_num(p.normalized_)
    # the first pick has the least mean regret; the first two are the best pair greedily
    assert p.order_[0] == int(np.argmin(regret.mean(axis=0)))
    best_pair = min(
        itertools.combinations(range(3), 2),
        key=lambda pair: np.minimum(regret[:, pair[0]], regret[:, pair[1]]).mean(),
    )
    assert set(p.order_[:2]) == set(best_pair) or p.order_[0] in best_pair
    a = p.rank({"NumberOfInstances": 300.0}).order
    b = p.rank({"NumberOfInstances": 90_000.0}).order
    np.testing.assert_array_equal(a, b)


def test_table_with_too_few_tasks():
    kb = synthetic_kb().select(["t0"])
    with pytest.raises(ValueError, match="at least 2"):
        NearestTasks().fit(kb, "fam", "acc")
