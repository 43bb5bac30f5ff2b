"""The shipped default knowledge base loads in an installed copy and is what it claims."""

import numpy as np

from skmeta.knowledge import KnowledgeBase
from skmeta.spaces import FAMILIES, designed_configs, get_space


def test_default_knowledge_loads_and_is_complete():
    kb = KnowledgeBase.load_default()
    assert kb.n_tasks >= 200  # the PMLB corpus has 223 datasets
    assert set(kb.tasks["kind"]) == {"classification", "regression"}
    assert len(kb.table_keys) == 2 * len(FAMILIES)
    protocol = kb.provenance["protocol"]
    assert protocol["n_configs"] >= 48
    for key in kb.table_keys:
        family, kind = key.split("/")
        configs = kb.configs(key)
        space = get_space(family, kind)
        assert len(configs) >= 48
        assert configs[0] == space.default_config()
        # the tree families' designed configurations follow the sampled ones
        assert configs[protocol["n_configs"] :] == designed_configs(space)
        metric = "accuracy" if kind == "classification" else "r2"
        scores = kb.scores(key, metric)
        rows = (kb.tasks["kind"] == kind).to_numpy()
        # most evaluations succeeded; tasks of the other kind are empty
        assert np.isnan(scores[~rows]).all()
        assert np.isfinite(scores[rows]).mean() > 0.9
    assert "NumberOfInstances" in kb.metafeatures.columns
    assert kb.algorithms is not None
    assert len(kb.algorithms.learners) == 20


def test_copies_of_one_dataset_share_a_group_in_the_shipped_knowledge():
    """PMLB files some datasets twice under groups of their own (wdbc and
    breast_cancer_wisconsin, pima and diabetes, ...); the knowledge unites them, so that
    leave-group-out and the strategies' group-aware distances hold them out together."""
    kb = KnowledgeBase.load_default()
    group = kb.tasks["group"]
    for a, b in [
        ("wdbc", "breast_cancer_wisconsin"),
        ("pima", "diabetes"),
        ("cleve", "heart_c"),
        ("vote", "house_votes_84"),
        ("crx", "credit_a"),
        ("crx", "buggyCrx"),
        ("mushroom", "agaricus_lepiota"),
        ("195_auto_price", "207_autoPrice"),
    ]:
        assert group[a] == group[b], (a, b)
    # siblings of one generator are not copies: their own groups decide
    assert group["Hill_Valley_with_noise"] != group["Hill_Valley_without_noise"]
    assert group["chess"] == group["kr_vs_kp"]  # the same data, one column declared otherwise
    assert len(kb.provenance["united_groups"]) == 9
