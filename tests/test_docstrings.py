"""Every public class and function has a numpydoc docstring that matches its signature.

Read with the numpydoc parser scikit-learn ships (the one its own docstring tests use),
so no extra dependency: each parameter documented, in order, with a type and a
description; a Returns section for functions that return something; an example.
"""

import importlib
import inspect
import pkgutil

import pytest

import skmeta

docscrape = pytest.importorskip("sklearn.externals._numpydoc.docscrape")


def _public_objects():
    seen = {}
    modules = [skmeta] + [
        importlib.import_module(m.name)
        for m in pkgutil.walk_packages(skmeta.__path__, "skmeta.")
        if "._" not in m.name and not m.name.endswith("__main__")
    ]
    for module in modules:
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            if inspect.isclass(obj) and issubclass(obj, Warning | Exception):
                continue
            if inspect.isclass(obj) or inspect.isfunction(obj):
                seen.setdefault(f"{obj.__module__}.{obj.__qualname__}", obj)
    return sorted(seen.items())


PUBLIC = _public_objects()


def _signature_names(obj):
    try:
        signature = inspect.signature(obj)
    except (TypeError, ValueError):
        return None
    return [
        p.name
        for p in signature.parameters.values()
        if p.name != "self" and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    ]


def test_the_public_api_is_found():
    names = {qualified.rsplit(".", 1)[-1] for qualified, _ in PUBLIC}
    assert {"MetaDefaultClassifier", "MetaSearchCV", "suggest", "MAMLRegressor"} <= names
    assert len(PUBLIC) > 40


@pytest.mark.parametrize(("qualified", "obj"), PUBLIC, ids=[q for q, _ in PUBLIC])
def test_docstring_matches_the_signature(qualified, obj):
    doc = docscrape.ClassDoc(obj) if inspect.isclass(obj) else docscrape.FunctionDoc(obj)
    assert doc["Summary"], f"{qualified}: no summary line"
    assert any(">>>" in line for line in doc["Examples"]), f"{qualified}: no example"
    expected = _signature_names(obj)
    if expected is None:
        return
    documented = [n.strip() for p in doc["Parameters"] for n in p.name.split(",")]
    assert documented == expected, f"{qualified}: documents {documented}, takes {expected}"
    for p in doc["Parameters"]:
        assert p.type, f"{qualified}: parameter {p.name!r} has no type"
        assert any(line.strip() for line in p.desc), f"{qualified}: {p.name!r} undescribed"
    if inspect.isfunction(obj):
        returns = inspect.signature(obj).return_annotation
        if returns not in ("None", None) and not inspect.isgeneratorfunction(obj):
            assert doc["Returns"] or doc["Yields"], f"{qualified}: no Returns section"
