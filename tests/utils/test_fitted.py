import pytest

from skmeta.utils._fitted import fitted_names, replaces_fit


class Toy:
    def __init__(self, alpha=1.0):
        self.alpha = alpha

    @replaces_fit
    def fit(self, value, fail=None):
        """Fit the toy."""
        self.first_ = value
        if value > 0:
            self.positive_ = value
        if fail is not None:
            raise fail
        return self


def test_a_refit_starts_without_the_previous_fit_attributes():
    toy = Toy().fit(1).fit(-1)
    assert fitted_names(toy) == ["first_"]
    assert toy.alpha == 1.0  # parameters are not fitted attributes


@pytest.mark.parametrize("error", [ValueError("bad"), KeyboardInterrupt()])
def test_a_failed_fit_restores_every_attribute(error):
    toy = Toy().fit(2)
    before = dict(vars(toy))
    with pytest.raises(type(error)):
        toy.fit(-5, fail=error)
    assert vars(toy) == before


def test_the_decorated_fit_keeps_its_name_and_docstring():
    assert Toy.fit.__name__ == "fit"
    assert Toy.fit.__doc__ == "Fit the toy."
