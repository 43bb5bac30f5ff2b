"""Every public function, and every public method a public class defines in skmeta
(``__init__`` included), annotates its parameters and its return value."""

import inspect

import pytest

from .test_docstrings import PUBLIC


def _callables():
    found = {}
    for qualified, obj in PUBLIC:
        if inspect.isfunction(obj):
            found[qualified] = obj
            continue
        for klass in obj.__mro__:
            if not klass.__module__.startswith("skmeta"):
                continue
            for name, member in vars(klass).items():
                if name.startswith("_") and name != "__init__":
                    continue
                function = member.fget if isinstance(member, property) else member
                function = getattr(function, "fn", function)  # available_if(...)
                if isinstance(function, staticmethod | classmethod):
                    function = function.__func__
                if inspect.isfunction(function):
                    found.setdefault(f"{qualified}.{name}", function)
    return sorted(found.items())


CALLABLES = _callables()


def _missing(function) -> list[str]:
    signature = inspect.signature(function)
    missing = [
        p.name
        for p in signature.parameters.values()
        if p.name not in ("self", "cls") and p.annotation is inspect.Parameter.empty
    ]
    if function.__name__ != "__init__" and signature.return_annotation is inspect.Signature.empty:
        missing.append("return")
    return missing


def test_the_public_callables_are_found():
    names = {q.rsplit(".", 1)[-1] for q, _ in CALLABLES}
    assert {"fit", "predict", "suggest", "__init__", "rvs"} <= names
    assert len(CALLABLES) > 100


@pytest.mark.parametrize(("qualified", "function"), CALLABLES, ids=[q for q, _ in CALLABLES])
def test_public_callables_are_annotated(qualified, function):
    missing = _missing(function)
    assert not missing, f"{qualified}: no type hint for {', '.join(missing)}"
