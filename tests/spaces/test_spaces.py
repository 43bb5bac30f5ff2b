import functools
import json

import numpy as np
import pytest
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import Pipeline

from skmeta.spaces import (
    FAMILIES,
    Hyperparameter,
    SearchSpace,
    SpaceMismatchError,
    designed_configs,
    get_space,
    list_spaces,
)

SPACES = list_spaces()


@pytest.mark.parametrize("space", SPACES, ids=lambda s: s.name)
def test_default_first_distinct_and_inside_the_cube(space):
    configs = space.sample(48, random_state=0)
    assert len(configs) == 48
    assert configs[0] == space.default_config()
    assert len({json.dumps(c, sort_keys=True) for c in configs}) == 48
    U = space.encode(configs)
    assert U.shape == (48, len(space.params))
    assert np.all((U >= 0) & (U <= 1))
    # the sampled points are spread: every parameter takes many values
    for j, p in enumerate(space.params):
        levels = len(p.choices) if p.kind == "categorical" else 8
        assert len(np.unique(U[1:, j])) >= min(levels, 8)
    # decode inverts encode on the design's configurations
    assert space.decode(U[1:]) == configs[1:]
    # every configuration builds an estimator that the installed sklearn accepts
    for config in configs[:5]:
        space.make_estimator(config, random_state=0).get_params()


@pytest.mark.parametrize("space", SPACES, ids=lambda s: s.name)
def test_designed_configs_move_one_parameter_of_the_default(space):
    default = space.default_config()
    designs = designed_configs(space)
    assert len({json.dumps(c, sort_keys=True) for c in designs}) == len(designs)
    for config in designs:
        assert sum(config[k] != v for k, v in default.items()) == 1
        U = space.encode([config])
        assert np.all((U >= 0) & (U <= 1))
        space.make_estimator(config, random_state=0).get_params()
    tree_based = space.family in ("random_forest", "extra_trees", "hist_gradient_boosting")
    assert bool(designs) == tree_based


@pytest.mark.parametrize("space", SPACES, ids=lambda s: s.name)
def test_default_config_is_sklearns_default(space):
    estimator = space.estimator_class()()
    defaults = estimator.get_params()
    for name, value in space.default_config().items():
        expected = defaults[name]
        assert value == (list(expected) if isinstance(expected, tuple) else expected)
    assert space.family in FAMILIES


def test_sample_is_reproducible_and_seeded():
    space = get_space("hist_gradient_boosting", "classification")
    assert space.sample(20, random_state=3) == space.sample(20, random_state=3)
    assert space.sample(20, random_state=3) != space.sample(20, random_state=4)


def test_log_scale_and_int_decoding():
    C = Hyperparameter("C", "float", 1e-3, 1e3, log=True)
    assert C.decode(0.5) == pytest.approx(1.0)
    assert C.decode(0.0) == pytest.approx(1e-3)
    assert C.encode(1e-3) == 0.0
    assert C.encode(1e6) == 1.0  # clipped
    k = Hyperparameter("k", "int", 1, 50, log=True)
    values = {k.decode(u) for u in np.linspace(0, 1, 1001)}
    assert min(values) == 1
    assert max(values) == 50
    for v in range(1, 51):
        assert k.decode(k.encode(v)) == v
    width = Hyperparameter("hidden_layer_sizes", "int", 16, 256, log=True, wrap="tuple")
    assert width.decode(1.0) == [256]
    assert width.encode((256,)) == width.encode([256])


def test_sample_encode_and_decode_refuse_what_they_cannot_read():
    space = get_space("random_forest", "classification")
    with pytest.raises(TypeError, match=r"n must be an int; got 2.5"):
        space.sample(2.5)
    default = space.default_config()
    np.testing.assert_array_equal(space.encode(default), space.encode([default]))
    with pytest.raises(TypeError, match=r"configs must be a list of dicts of parameters; got str"):
        space.encode("max_features")
    with pytest.raises(TypeError, match=r"Configuration 1 must be a dict of parameters; got int"):
        space.encode([default, 3])
    with pytest.raises(ValueError, match=r"must be finite"):
        space.decode([[np.nan] * len(space.params)])
    with pytest.raises(ValueError, match=r"rows of 4 columns \(one per parameter\); got shape"):
        space.decode([0.5, 0.5])


def test_special_values_encode_at_their_position():
    gamma = get_space("svm", "classification").params[1]
    assert gamma.encode("scale") == 0.5
    with pytest.raises(ValueError, match="not a number"):
        gamma.encode("auto")


def test_scaling_spaces_build_pipelines():
    space = get_space("svm", "classification")
    pipe = space.make_estimator(space.default_config())
    assert isinstance(pipe, Pipeline)
    with_cat = space.make_estimator(space.default_config(), categorical=[True, False])
    assert isinstance(with_cat.steps[0][1], ColumnTransformer)
    forest = get_space("random_forest", "classification")
    est = forest.make_estimator(forest.default_config(), random_state=7)
    assert est.random_state == 7


def test_json_round_trip():
    for space in SPACES:
        again = SearchSpace.from_dict(json.loads(json.dumps(space.to_dict())))
        assert again == space


def test_unknown_parameter_names_the_estimator_and_version():
    d = get_space("random_forest", "regression").to_dict()
    d["params"][0]["name"] = "n_trees"
    with pytest.raises(SpaceMismatchError, match=r"n_trees.*RandomForestRegressor") as info:
        SearchSpace.from_dict(d)
    assert sklearn.__version__ in str(info.value)
    d = get_space("svm", "regression").to_dict()
    d["estimator"] = "sklearn.svm.SupportVectorRegressor"
    with pytest.raises(SpaceMismatchError, match="does not exist"):
        SearchSpace.from_dict(d)


_CALL_RECORDING_MODULE = """
import pathlib


def hook():
    pathlib.Path(__file__).with_suffix(".called").touch()
"""


def test_only_an_estimator_class_is_made_and_a_file_names_only_scikit_learns(tmp_path, monkeypatch):
    (tmp_path / "skmeta_probe_call.py").write_text(_CALL_RECORDING_MODULE)
    monkeypatch.syspath_prepend(str(tmp_path))
    # in Python a space may name any class, but a function is not called as one
    space = SearchSpace(
        family="f", kind="classification", estimator="skmeta_probe_call.hook", params=()
    )
    with pytest.raises(TypeError, match="not a scikit-learn estimator class"):
        space.default_config()
    assert not (tmp_path / "skmeta_probe_call.called").exists()
    d = get_space("svm", "classification").to_dict()
    d["estimator"] = "sklearn.utils.check_array"
    with pytest.raises(TypeError, match="not a scikit-learn estimator class"):
        SearchSpace.from_dict(d)
    # a dict (from a file) naming another module is refused before it is imported
    d["estimator"] = "skmeta_probe_call.hook"
    for check in (True, False):
        with pytest.raises(ValueError, match=r"only scikit-learn's estimators \(sklearn\.\*\)"):
            SearchSpace.from_dict(d, check=check)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"name": "a", "kind": "float", "low": 1.0, "high": 1.0}, "low < high"),
        ({"name": "a", "kind": "float", "low": 0.0, "high": 1.0, "log": True}, "low > 0"),
        ({"name": "a", "kind": "categorical", "choices": (1,)}, ">= 2 choices"),
        ({"name": "a", "kind": "bool"}, "kind must be"),
    ],
)
def test_bad_hyperparameters(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Hyperparameter(**kwargs)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"name": 3, "kind": "float", "low": 1, "high": 2}, TypeError, "name must be a str"),
        ({"name": "", "kind": "float", "low": 1, "high": 2}, ValueError, "must not be empty"),
        ({"name": "C", "kind": "float", "low": "1", "high": 2}, TypeError, "finite numbers"),
        ({"name": "C", "kind": "float", "low": 1, "high": np.inf}, ValueError, "finite numbers"),
        ({"name": "k", "kind": "int", "low": 1.5, "high": 9}, ValueError, "integer bounds"),
        ({"name": "C", "kind": "float", "low": 1, "high": 2, "log": "yes"}, TypeError, "log must"),
        ({"name": "C", "kind": "float", "low": 1, "high": 2, "wrap": "list"}, ValueError, "wrap"),
        ({"name": "w", "kind": "categorical", "choices": "ab"}, TypeError, "a tuple of choices"),
        ({"name": "w", "kind": "categorical", "choices": ("a", "a")}, ValueError, "repeats"),
        (
            {"name": "g", "kind": "float", "low": 1, "high": 2, "special": {"scale": 2.0}},
            ValueError,
            r"special must map each special value \(a str\) to its position in \[0, 1\]",
        ),
    ],
)
def test_a_hyperparameter_it_could_not_encode_or_store_is_refused(kwargs, error, match):
    # each had been accepted, and failed or misencoded later (a str bound, 'ab' read as
    # the choices 'a' and 'b', a special value encoded outside the cube)
    with pytest.raises(error, match=match):
        Hyperparameter(**kwargs)


def test_positions_and_values_that_are_nan_are_refused():
    C = Hyperparameter("C", "float", 1e-3, 1e3, log=True)
    with pytest.raises(ValueError, match="must be a number in"):
        C.decode(np.nan)
    with pytest.raises(ValueError, match="nan is not a number in the range of 'C'"):
        C.encode(np.nan)
    assert Hyperparameter("w", "categorical", choices=["a", "b"]).choices == ("a", "b")


def test_a_search_space_of_parts_that_do_not_fit_is_refused():
    C = Hyperparameter("C", "float", 1e-3, 1e3, log=True)
    make = functools.partial(SearchSpace, "svm", "classification", "sklearn.svm.SVC")
    assert make([C]).params == (C,)
    with pytest.raises(ValueError, match=r"params repeats the name\(s\) \['C'\]"):
        make((C, C))
    with pytest.raises(TypeError, match="params must hold Hyperparameter objects"):
        make(("C",))
    with pytest.raises(TypeError, match="params must be a tuple of Hyperparameter"):
        make(C)
    with pytest.raises(ValueError, match=r"\['C'\] are both searched"):
        make((C,), fixed={"C": 1.0})
    with pytest.raises(ValueError, match="preprocessing must be 'none' or 'scale'"):
        make((C,), preprocessing="standard")
    with pytest.raises(ValueError, match="kind must be 'classification' or 'regression'"):
        SearchSpace("svm", "ranking", "sklearn.svm.SVC", (C,))


@pytest.mark.parametrize(
    ("name", "family"),
    [
        ("rf", "random_forest"),
        ("KNN", "k_neighbors"),
        ("SVC", "svm"),
        ("hist-gradient-boosting", "hist_gradient_boosting"),
    ],
)
def test_a_family_is_named_as_on_the_command_line(name, family):
    from skmeta.defaults import family_estimator

    # short names and class names had been refused in Python, taken on the command line
    assert get_space(name, "regression").family == family
    estimator = family_estimator(name, "classification")
    final = estimator.steps[-1][1] if hasattr(estimator, "steps") else estimator
    assert type(final).__name__ == get_space(family, "classification").name


def test_get_space_errors():
    with pytest.raises(ValueError, match="Unknown family"):
        get_space("xgboost", "classification")
    with pytest.raises(ValueError, match="kind must be"):
        get_space("svm", "ranking")
    with pytest.raises(ValueError, match=">= 1"):
        get_space("svm", "classification").sample(0)


@pytest.mark.parametrize("family", FAMILIES)
def test_param_distributions_cover_the_space_and_fit(family):
    from sklearn.model_selection import ParameterSampler

    space = get_space(family, "classification")
    dists = space.param_distributions()
    assert sorted(dists) == sorted(space.param_names)
    draws = list(ParameterSampler(dists, 20, random_state=0))
    # every draw is a valid configuration: it encodes inside the unit cube and the
    # estimator accepts it
    U = space.encode(
        [{k: list(v) if isinstance(v, tuple) else v for k, v in d.items()} for d in draws]
    )
    assert np.all((U >= 0) & (U <= 1))
    space.estimator_class()().set_params(**draws[0])
    # uniform in the encoding: 2000 draws of the first parameter spread over the cube
    p = space.params[0]
    u = np.array([p.encode(v) for v in dists[p.name].rvs(size=2000, random_state=1)])
    if p.kind == "float" and not p.special:
        assert abs(u.mean() - 0.5) < 0.03
        assert u.min() < 0.05
        assert u.max() > 0.95
    # reproducible
    again = list(ParameterSampler(dists, 20, random_state=0))
    assert again == draws
