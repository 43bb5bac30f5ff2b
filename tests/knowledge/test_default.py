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
