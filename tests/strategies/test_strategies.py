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
    default_metafeatures,
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


def test_one_metafeature_by_name_is_that_metafeature():
    mf = pd.DataFrame({"NumberOfInstances": [10.0, 100.0, 1000.0], "Other": [1.0, 2.0, 3.0]})
    # a string was read letter by letter ('N', 'u', ...: none of them in the knowledge)
    assert MetaFeatureScaler("NumberOfInstances").fit(mf).names_ == ["NumberOfInstances"]
    kb = synthetic_kb()
    one = NearestTasks(metafeatures="NumberOfInstances").fit(kb, "fam", "acc")
    assert one.scaler_.names_ == ["NumberOfInstances"]
    with pytest.raises(ValueError, match="metafeatures is empty"):
        NearestTasks(metafeatures=[]).fit(kb, "fam", "acc")  # was: the defaults, silently
    with pytest.raises(TypeError, match=r"meta-feature names.*got 3"):
        MetaFeatureScaler(["NumberOfInstances", 3])


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


@pytest.mark.parametrize("cls", [NearestTasks, Portfolio])
def test_min_advantage_keeps_the_default_unless_neighbours_agree(cls):
    kb = synthetic_kb(n_tasks=60)
    key = kb.table_keys[0]
    configs = kb.configs(key)
    default = configs.index({"c": 0})
    large = {"NumberOfInstances": 50_000.0, "NumberOfFeatures": 20.0}

    def fitted(m, k=8):
        s = cls(n_neighbors=k, min_advantage=m).fit(kb, key, "acc")
        s.default_index_ = default  # the synthetic table has no space: name its default
        return s

    # large tasks: config 1 beat config 0 on every large neighbour, so it goes first
    # even under the strictest check
    assert configs[int(fitted(1.0).rank(large).order[0])] == {"c": 1}
    # with every known task as a neighbour (a mix of small and large), no configuration
    # beat the default by a clear margin: the default goes first
    mixed = fitted(0.9, k=60).rank(large)
    assert int(mixed.order[0]) == default
    assert sorted(mixed.order.tolist()) == list(range(len(configs)))
    # 0 turns the check off: the order is the strategy's own
    off = cls(n_neighbors=60, min_advantage=0.0).fit(kb, key, "acc").rank(large)
    on = fitted(0.0, k=60).rank(large)
    assert off.order.tolist() == on.order.tolist()
    with pytest.raises(ValueError, match="min_advantage"):
        cls(min_advantage=1.5)


def test_hybrid_is_nearest_first_then_the_portfolio():
    from skmeta.strategies import Hybrid

    kb = synthetic_kb(n_tasks=60)
    key = kb.table_keys[0]
    large = {"NumberOfInstances": 50_000.0, "NumberOfFeatures": 20.0}
    h = Hybrid(n_neighbors=8, min_advantage=0.0).fit(kb, key, "acc")
    nn = NearestTasks(n_neighbors=8).fit(kb, key, "acc").rank(large)
    port = Portfolio().fit(kb, key, "acc").order_
    r = h.rank(large)
    assert int(r.order[0]) == int(nn.order[0])
    assert r.order[1:].tolist() == [int(i) for i in port if i != r.order[0]]
    # predicted scores are the nearest tasks' (for the same configurations)
    pred = dict(zip(nn.order.tolist(), nn.predicted.tolist(), strict=True))
    assert r.predicted.tolist() == [pred[int(i)] for i in r.order]
    assert r.neighbors == nn.neighbors


class _DefaultIsConfig0:
    """Name config 0 scikit-learn's default before ``min_advantage='auto'`` chooses (the
    synthetic tables have no search space to say so)."""

    def _fit_rest(self):
        super()._fit_rest()
        self.default_index_ = self.configs_.index({"c": 0})


class _Nearest(_DefaultIsConfig0, NearestTasks):
    pass


def coin_kb(p_win, n_tasks=80, group_size=1, seed=0):
    """Config 1 beats the default (config 0) by 0.05 on a random share ``p_win`` of the
    tasks and loses by 0.05 on the others; config 2 is always worst. Nothing in the
    meta-features predicts which tasks config 1 wins on."""
    rng = np.random.default_rng(seed)
    rows = []
    for t in range(n_tasks):
        win = rng.random() < p_win
        for c, s in enumerate([0.8, 0.85 if win else 0.75, 0.5]):
            rows.append({"task": f"t{t}", "family": "fam", "config": {"c": c}, "acc": s})
    mf = pd.DataFrame(
        {"NumberOfInstances": rng.uniform(100, 1000, n_tasks)},
        index=[f"t{t}" for t in range(n_tasks)],
    )
    kb = KnowledgeBase.from_results(pd.DataFrame(rows), mf, metrics={"acc": "max"})
    kb.tasks["group"] = [f"g{t // group_size}" for t in range(n_tasks)]
    return kb


def test_auto_min_advantage_deviates_only_when_it_pays():
    from skmeta.strategies import AUTO_MIN_ADVANTAGES

    # config 1 wins on 80% of tasks: deviating from the default pays (0.8 - 1.5 * 0.2 > 0),
    # so the loosest threshold, which deviates most, is kept
    kb = coin_kb(0.8)
    s = _Nearest(n_neighbors=20, min_advantage="auto").fit(kb, "fam", "acc")
    assert set(s.min_advantage_record_) == set(AUTO_MIN_ADVANTAGES)
    assert s.min_advantage_ == 0.25
    assert s.min_advantage_record_[0.25] > s.min_advantage_record_[0.75] > -1
    # it wins on 45%: deviating loses, and the strictest threshold (which keeps the default)
    # is kept
    s = _Nearest(n_neighbors=20, min_advantage="auto").fit(coin_kb(0.45), "fam", "acc")
    assert s.min_advantage_ == 0.75
    assert s.min_advantage_record_[0.25] < 0
    # the threshold in use drives the ranking like a fixed one
    task = {"NumberOfInstances": 500.0}
    fixed = _Nearest(n_neighbors=20, min_advantage=0.75).fit(coin_kb(0.45), "fam", "acc")
    assert s.rank(task).order.tolist() == fixed.rank(task).order.tolist()


def test_auto_min_advantage_weighs_each_group_once_and_breaks_ties_safely():
    # config 1 wins everywhere: every threshold picks it on every task, so the net wins
    # are the number of groups (20 groups of 4 near-duplicates) and the tie goes to the
    # strictest threshold
    kb = coin_kb(1.0, n_tasks=80, group_size=4)
    s = _Nearest(n_neighbors=10, min_advantage="auto").fit(kb, "fam", "acc")
    assert s.min_advantage_record_ == pytest.approx({0.25: 20.0, 0.5: 20.0, 0.75: 20.0})
    assert s.min_advantage_ == 0.75


def test_auto_min_advantage_without_a_default_or_groups():
    # no default in the table: nothing to check, the strictest threshold is reported
    s = NearestTasks(min_advantage="auto").fit(synthetic_kb(), "fam", "acc")
    assert s.min_advantage_ == 0.75
    assert s.min_advantage_record_ == {0.25: 0.0, 0.5: 0.0, 0.75: 0.0}
    # tasks without a group are groups of their own
    kb = coin_kb(1.0, n_tasks=30)
    kb.tasks["group"] = None
    s = _Nearest(n_neighbors=5, min_advantage="auto").fit(kb, "fam", "acc")
    assert s.min_advantage_record_[0.25] == pytest.approx(30.0)


@pytest.mark.parametrize("bad", ["Auto", "0.5", True, np.True_, None, -0.1, 1.5, np.nan])
def test_min_advantage_is_validated(bad):
    with pytest.raises(ValueError, match="min_advantage must be in \\[0, 1\\] or 'auto'"):
        NearestTasks(min_advantage=bad)


@pytest.mark.parametrize(
    ("params", "error", "match"),
    [
        ({"n_neighbors": 0}, ValueError, r"n_neighbors must be at least 1; got 0"),
        ({"n_neighbors": 2.5}, TypeError, r"n_neighbors must be an int; got 2.5"),
        ({"max_distance_ratio": -1}, ValueError, r"max_distance_ratio must be a number > 0"),
        ({"max_distance_ratio": "far"}, ValueError, r"max_distance_ratio must be a number > 0"),
    ],
)
@pytest.mark.parametrize("strategy", [NearestTasks, Portfolio, Surrogate])
def test_strategy_settings_are_checked_when_made(strategy, params, error, match):
    with pytest.raises(error, match=match):
        strategy(**params)


@pytest.mark.parametrize(
    ("params", "error", "match"),
    [
        ({"n_estimators": 0}, ValueError, r"n_estimators must be an int >= 1; got 0"),
        ({"n_estimators": 2.5}, ValueError, r"n_estimators must be an int >= 1; got 2.5"),
        ({"random_state": "x"}, ValueError, r"'x' cannot be used to seed"),
    ],
)
def test_surrogate_settings_are_checked_when_made(params, error, match):
    # they had failed at fit, with the random forest's message
    with pytest.raises(error, match=match):
        Surrogate(**params)


@pytest.mark.parametrize("strategy", [NearestTasks, Portfolio, Surrogate])
def test_rank_needs_a_fitted_strategy_and_one_task(strategy):
    from sklearn.exceptions import NotFittedError

    kb = synthetic_kb()
    with pytest.raises(NotFittedError, match=rf"This {strategy.__name__} is not fitted yet"):
        strategy().rank({"NumberOfInstances": 500.0})
    with pytest.raises(TypeError, match=r"knowledge must be a KnowledgeBase.*got str"):
        strategy().fit("default", "fam", "acc")
    fitted = strategy(n_neighbors=5).fit(kb, "fam", "acc")
    with pytest.raises(ValueError, match=r"meta-features of one task; got 2 rows"):
        fitted.rank(kb.metafeatures.iloc[:2])
    with pytest.raises(ValueError, match=r"Meta-feature 'NumberOfInstances' must be a number"):
        fitted.rank({"NumberOfInstances": "many"})
    # an undefined value is missing, as in OpenML's qualities
    for undefined in (None, pd.NA, np.nan):
        assert len(fitted.rank({"NumberOfInstances": undefined}).order) == 3


def test_normalized_scores_and_the_scaler_refuse_what_they_cannot_use():
    from sklearn.exceptions import NotFittedError

    with pytest.raises(ValueError, match=r"scores must be 2-D \(n_tasks, n_configs\); got shape"):
        normalized_scores(np.array([0.5, 0.7]))
    with pytest.raises(NotFittedError, match=r"MetaFeatureScaler is not fitted yet"):
        MetaFeatureScaler().transform({"NumberOfInstances": 10.0})
    # an infinite score had silently turned its row's others into 0 or NaN; text and a
    # matrix without names had failed inside NumPy or on a missing .columns
    with pytest.raises(ValueError, match="scores holds infinite values"):
        normalized_scores(np.array([[np.inf, 0.2], [0.1, 0.2]]))
    with pytest.raises(ValueError, match="scores must hold numbers"):
        normalized_scores([["a", "b"]])
    with pytest.raises(TypeError, match="metafeatures must be a DataFrame with one column per"):
        MetaFeatureScaler().fit(synthetic_kb().metafeatures.to_numpy())
    with pytest.raises(TypeError, match="key must be a table key"):
        default_metafeatures(3)


@pytest.mark.parametrize("good", [0, 1, 0.5, np.float32(0.25), np.int64(1)])
def test_min_advantage_accepts_numpy_numbers(good):
    s = NearestTasks(n_neighbors=5, min_advantage=good).fit(synthetic_kb(), "fam", "acc")
    assert s.min_advantage_ == float(good)


def test_rank_by_observed_follows_the_tasks_that_respond_alike():
    from skmeta.strategies import rank_by_observed

    # tasks 0-2 like configuration 0 and then 2; tasks 3-5 like 1 and then 3
    N = np.array(
        [
            [1.0, 0.0, 0.9, 0.1, 0.5],
            [0.9, 0.1, 1.0, 0.0, 0.5],
            [1.0, 0.2, 0.8, 0.1, 0.5],
            [0.0, 1.0, 0.1, 0.9, 0.5],
            [0.1, 0.9, 0.0, 1.0, 0.5],
            [0.2, 1.0, 0.1, 0.8, 0.5],
        ]
    )
    order = [0, 1, 2, 3, 4]
    alike_second = rank_by_observed(N, [0, 1], [0.6, 0.9], order, n_tasks=3)
    assert alike_second.tolist() == [3, 4, 2]
    alike_first = rank_by_observed(N, [0, 1], [0.9, 0.6], order, n_tasks=3)
    assert alike_first.tolist() == [2, 4, 3]
    # a failure on the new task is its worst score
    assert rank_by_observed(N, [0, 1], [np.nan, 0.6], order, n_tasks=3).tolist() == [3, 4, 2]
    # nothing to tell tasks apart: the prior order, without the evaluated ones
    assert rank_by_observed(N, [0, 1], [0.7, 0.7], order).tolist() == [2, 3, 4]
    assert rank_by_observed(N, [0], [np.nan], [4, 3, 2, 1, 0]).tolist() == [4, 3, 2, 1]
    assert rank_by_observed(N, [], [], order).tolist() == order
    # failures of known tasks count as their worst
    N2 = N.copy()
    N2[3:, 3] = np.nan
    assert rank_by_observed(N2, [0, 1], [0.6, 0.9], order, n_tasks=3).tolist()[0] == 4
    with pytest.raises(ValueError, match="same length"):
        rank_by_observed(N, [0, 1], [0.5], order)


def test_a_metafeature_constant_over_the_known_tasks_is_left_out():
    import pandas as pd

    from skmeta.strategies import MetaFeatureScaler

    known = pd.DataFrame(
        {
            "NumberOfInstances": [100.0, 1000.0, 10000.0],
            "PercentageOfNumericFeatures": [100.0, 100.0, 100.0],  # all numeric
            "PercentageOfMissingValues": [0.0, 0.0, np.nan],
        }
    )
    names = list(known.columns)
    scaler = MetaFeatureScaler(names).fit(known)
    assert scaler.informative_.tolist() == [True, False, False]
    np.testing.assert_allclose(scaler.transform(known)[:, 1:], 0.0)
    # a table with text columns and gaps is no farther from the known tasks for it
    query = {
        "NumberOfInstances": 1000.0,
        "PercentageOfNumericFeatures": 60.0,
        "PercentageOfMissingValues": 5.0,
    }
    np.testing.assert_allclose(scaler.transform(query), [[0.0, 0.0, 0.0]])


def test_a_metafeature_off_its_median_on_few_known_tasks_is_left_out():
    import pandas as pd

    from skmeta.strategies import MetaFeatureScaler

    # 60 known tasks, of which one (then three) has missing values; the number of
    # classes is 2 on 50 of them, so its interquartile range is 0
    rng = np.random.default_rng(0)
    missing = np.zeros(60)
    missing[0] = 0.7
    classes = np.where(np.arange(60) < 50, 2.0, rng.integers(3, 10, 60).astype(float))
    known = pd.DataFrame(
        {
            "NumberOfInstances": np.exp(rng.uniform(4, 9, 60)),
            "PercentageOfMissingValues": missing,
            "NumberOfClasses": classes,
        }
    )
    scaler = MetaFeatureScaler(list(known.columns)).fit(known)
    assert scaler.informative_.tolist() == [True, False, True]
    assert scaler.n_off_median_.tolist() == [60, 1, 10]
    # a dataset with 9% of its values missing is not unlike the knowledge for it
    query = {"NumberOfInstances": 500.0, "PercentageOfMissingValues": 9.0, "NumberOfClasses": 2}
    assert scaler.transform(query)[0, 1] == 0.0
    # the number of classes (a count: signed log first) is scaled by its standard
    # deviation over the known tasks, not by one unit
    z = scaler.transform({**query, "NumberOfClasses": 6.0})[0, 2]
    np.testing.assert_allclose(z, (np.log1p(6) - np.log1p(2)) / np.log1p(classes).std())
    # three tasks of 60 (5%) with missing values: it counts
    known.loc[1:2, "PercentageOfMissingValues"] = [2.0, 5.0]
    scaler = MetaFeatureScaler(list(known.columns)).fit(known)
    assert scaler.informative_.tolist() == [True, True, True]
    assert 0 < scaler.transform({**query, "PercentageOfMissingValues": 2.0})[0, 1] < 10


def target_scale_kb(families, n_tasks=40, seed=0):
    """Regression tables where config 0 suits targets of small spread, config 1 large."""
    rng = np.random.default_rng(seed)
    std = np.exp(rng.uniform(np.log(0.01), np.log(1000.0), n_tasks))
    rows = [
        {"task": f"t{t}", "family": fam, "config": {"c": c}, "r2": s + 0.01 * rng.normal()}
        for fam in families
        for t, sd in enumerate(std)
        for c, s in enumerate([0.9 - 0.4 * (sd > 1), 0.5 + 0.4 * (sd > 1)])
    ]
    mf = pd.DataFrame(
        {
            "NumberOfInstances": rng.uniform(100, 500, n_tasks),
            "NumberOfFeatures": rng.integers(5, 50, n_tasks).astype(float),
            "TargetStdDev": std,
        },
        index=[f"t{t}" for t in range(n_tasks)],
    )
    return KnowledgeBase.from_results(pd.DataFrame(rows), mf, metrics={"r2": "max"})


def test_default_metafeatures_add_the_target_scale_where_the_fit_depends_on_it():
    from skmeta.strategies import DEFAULT_METAFEATURES, TARGET_SCALE_FAMILIES, default_metafeatures

    for family in TARGET_SCALE_FAMILIES:
        assert default_metafeatures(f"{family}/regression") == (
            *DEFAULT_METAFEATURES,
            "TargetStdDev",
        )
        assert default_metafeatures(f"{family}/classification") == DEFAULT_METAFEATURES
    assert default_metafeatures("random_forest/regression") == DEFAULT_METAFEATURES
    assert default_metafeatures("my_family") == DEFAULT_METAFEATURES

    kb = target_scale_kb(["svm/regression", "random_forest/regression"])
    small = {"NumberOfInstances": 300.0, "NumberOfFeatures": 20.0, "TargetStdDev": 0.05}
    large = dict(small, TargetStdDev=500.0)
    svr = NearestTasks(n_neighbors=5).fit(kb, "svm/regression", "r2")
    assert "TargetStdDev" in svr.scaler_.names_
    assert (svr.rank(small).order[0], svr.rank(large).order[0]) == (0, 1)
    # the forests' table compares tasks without it: both queries get the same neighbours
    forest = NearestTasks(n_neighbors=5).fit(kb, "random_forest/regression", "r2")
    assert "TargetStdDev" not in forest.scaler_.names_
    assert forest.rank(small).neighbors == forest.rank(large).neighbors
    # an explicit list still wins
    chosen = NearestTasks(n_neighbors=5, metafeatures=["NumberOfInstances"])
    assert chosen.fit(kb, "svm/regression", "r2").scaler_.names_ == ["NumberOfInstances"]


def test_typical_distance_skips_near_duplicates_of_the_same_group():
    # twelve near-copies of one dataset (one group), and eight distinct datasets
    kb = synthetic_kb(n_tasks=20)
    kb.metafeatures.iloc[:12] = (
        kb.metafeatures.iloc[0].to_numpy() * (1 + 1e-6 * np.arange(12))[:, None]
    )
    plain = NearestTasks().fit(kb, "fam", "acc").typical_distance_
    kb.tasks["group"] = [*["fri"] * 12, *[np.nan] * 8]
    grouped = NearestTasks().fit(kb, "fam", "acc").typical_distance_
    # without groups, the median nearest distance is one between siblings
    assert plain < 1e-3 < 0.1 < grouped
    D = np.abs(np.subtract.outer(np.arange(4.0), np.arange(4.0)))
    np.fill_diagonal(D, np.inf)
    from skmeta.strategies._strategies import _typical_distance

    assert _typical_distance(D, np.array(["a", "a", "b", "c"])) == 1.0
    assert _typical_distance(D, np.array(["a", "a", "a", "a"])) == 1.0  # one group
    assert _typical_distance(np.where(np.isinf(D), np.inf, 0.0), np.array(list("aaaa"))) == 1.0
    assert _typical_distance(np.full((1, 1), np.inf), np.array(["a"])) == 1.0  # one task


@pytest.mark.parametrize("cls", [NearestTasks, Portfolio, Surrogate])
def test_a_failed_strategy_fit_keeps_the_earlier_fit(cls):
    kb = synthetic_kb()
    strategy = cls().fit(kb, "fam", "acc")
    before = dict(vars(strategy))
    strategy.metafeatures = ["NoSuchQuality"]  # found missing after the table is read
    with pytest.raises(ValueError, match="None of the meta-features"):
        strategy.fit(kb, "fam", "acc")
    strategy.metafeatures = before["metafeatures"]
    assert vars(strategy).keys() == before.keys()
    assert all(vars(strategy)[k] is v for k, v in before.items())
    assert strategy.rank(kb.metafeatures.iloc[0].to_dict()).order.size == 3


def test_strategies_show_the_arguments_they_were_given():
    from skmeta.strategies import Hybrid, MetaFeatureScaler, NearestTasks, Surrogate

    assert repr(NearestTasks()) == "NearestTasks()"
    assert repr(Hybrid(min_advantage=0.1)) == "Hybrid(min_advantage=0.1)"
    assert repr(Surrogate(n_estimators=5, random_state=None)) == (
        "Surrogate(n_estimators=5, random_state=None)"
    )
    assert repr(MetaFeatureScaler("ClassEntropy")) == "MetaFeatureScaler(names=('ClassEntropy',))"


def test_a_ranking_reads_as_what_it_ranks():
    from skmeta.strategies import Ranking

    ranking = Ranking([2, 0, 1], [0.9, 0.5, 0.1], [("iris", 0.4)], 0.8)
    assert repr(ranking) == (
        "Ranking(3 configurations, best first {2: 0.9, 0: 0.5, 1: 0.1}; nearest tasks "
        "'iris' at 0.4; distance ratio 0.8)"
    )
