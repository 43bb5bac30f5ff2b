"""The unit-cube distributions behind SearchSpace.param_distributions and MetaPrior."""

import numpy as np
import pytest

from skmeta.defaults import HyperparameterPrior
from skmeta.spaces import Hyperparameter, UniformDistribution

SIZES = Hyperparameter("hidden_layer_sizes", "int", 16, 256, log=True, wrap="tuple")
C = Hyperparameter("C", "float", 1e-3, 1e3, log=True)


def _distributions(hp):
    return [
        UniformDistribution(hp),
        HyperparameterPrior(hp, anchors=[0.2, 0.8], weights=[1.0, 3.0], uniform_weight=0.3),
    ]


@pytest.mark.parametrize("dist", _distributions(SIZES), ids=["uniform", "prior"])
def test_wrapped_values_come_out_as_tuples(dist):
    one = dist.rvs(random_state=0)
    assert isinstance(one, tuple)
    assert len(one) == 1
    assert 16 <= one[0] <= 256
    many = dist.rvs(size=(2, 3), random_state=0)
    assert many.shape == (2, 3)
    assert all(isinstance(v, tuple) for v in many.ravel())


@pytest.mark.parametrize("dist", _distributions(C), ids=["uniform", "prior"])
def test_draws_are_reproducible_and_in_range(dist):
    a = dist.rvs(size=50, random_state=3)
    b = dist.rvs(size=50, random_state=3)
    np.testing.assert_array_equal(a, b)
    values = a.astype(float)
    assert ((values >= 1e-3) & (values <= 1e3)).all()


@pytest.mark.parametrize("dist", _distributions(C), ids=["uniform", "prior"])
def test_a_numpy_generator_draws_as_with_scipy(dist):
    a = dist.rvs(size=50, random_state=np.random.default_rng(3))
    b = dist.rvs(size=50, random_state=np.random.default_rng(3))
    np.testing.assert_array_equal(a, b)
    assert ((a >= 1e-3) & (a <= 1e3)).all()
    rng = np.random.default_rng(3)  # a shared generator moves on between draws
    assert dist.rvs(random_state=rng) != dist.rvs(random_state=rng)


def test_prior_concentrates_on_its_anchors():
    prior = HyperparameterPrior(C, anchors=[0.75], weights=[1.0], bandwidth=0.02, uniform_weight=0)
    units = prior.sample_unit(500, random_state=0)
    assert abs(np.median(units) - 0.75) < 0.01
    uniform = UniformDistribution(C).sample_unit(500, random_state=0)
    assert np.std(uniform) > 5 * np.std(units)


INT = Hyperparameter("max_leaf_nodes", "int", 4, 256, log=True)
KERNEL = Hyperparameter("kernel", "categorical", choices=("rbf", "linear"))


@pytest.mark.parametrize("dist", _distributions(C) + _distributions(INT), ids=str)
def test_numeric_draws_come_out_as_numeric_arrays(dist):
    # as scipy's distributions: np.log(prior.rvs(1000)) works on them
    many = dist.rvs(size=100, random_state=0)
    assert many.dtype.kind == ("f" if dist.hyperparameter.kind == "float" else "i")
    assert np.isfinite(np.log(many)).all()
    assert many.tolist() == [dist.rvs(size=100, random_state=0)[i] for i in range(100)]


def test_categorical_draws_stay_objects():
    many = UniformDistribution(KERNEL).rvs(size=400, random_state=0)
    assert many.dtype == object
    assert set(many) == {"rbf", "linear"}


@pytest.mark.parametrize("dist", [*_distributions(C), UniformDistribution(KERNEL)], ids=str)
def test_draws_take_numpys_sizes_and_name_a_size_they_cannot_take(dist):
    assert dist.rvs(size=0, random_state=0).shape == (0,)
    assert dist.rvs(size=[2, 3], random_state=0).shape == (2, 3)
    assert dist.rvs(size=np.int64(4), random_state=0).shape == (4,)
    # NumPy's own errors had come from deep inside the draw
    for bad in (-1, (2, -1)):
        with pytest.raises(ValueError, match=r"size must not be negative"):
            dist.rvs(size=bad, random_state=0)
    for bad in (2.5, "3", (2, 1.5)):
        with pytest.raises(TypeError, match=r"size must be None, an int or a tuple of ints"):
            dist.rvs(size=bad, random_state=0)


def test_distributions_refuse_what_they_cannot_draw_from():
    hp = C
    for make in (UniformDistribution, lambda h: HyperparameterPrior(h, [0.5], [1.0])):
        with pytest.raises(TypeError, match=r"hyperparameter must be a Hyperparameter.*got str"):
            make("min_samples_leaf")
    for anchors, weights in (([np.nan, 0.5], [1, 1]), ([0.5], [np.nan])):
        with pytest.raises(ValueError, match=r"anchors and weights must be finite"):
            HyperparameterPrior(hp, anchors, weights)
    # a position outside the cube had been drawn as the range's end
    with pytest.raises(ValueError, match=r"anchors must be positions in the unit cube"):
        HyperparameterPrior(hp, [0.5, 1.5], [1.0, 1.0])
    for bad in (-0.1, np.inf, "wide"):
        with pytest.raises(ValueError, match=r"bandwidth must be a finite number >= 0"):
            HyperparameterPrior(hp, [0.5], [1.0], bandwidth=bad)
    with pytest.raises(ValueError, match=r"uniform_weight must be in \[0, 1\]; got 'half'"):
        HyperparameterPrior(hp, [0.5], [1.0], uniform_weight="half")
