"""The array half of skmeta's JSON + ``.npz`` files: written with a checksum, read checked.

Both the knowledge base and learned starts store their arrays as one compressed
``.npz`` whose SHA-256 and array shapes the JSON half records; reading never unpickles
and names what is wrong.
"""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import numpy as np

from ._atomic import atomic_write_bytes
from ._checks import as_path

__all__ = ["file_pair", "json_default", "npz_payload", "read_npz", "save_directory", "write_pair"]


def save_directory(path, stem: str, what: str) -> Path:
    """``path`` as the directory to save ``stem``.json and ``stem``.npz in, made if
    need be; a file there is refused (ValueError) rather than met with FileExistsError."""
    path = as_path(path)
    if path.exists() and not path.is_dir():
        raise ValueError(
            f"{path} is a file; {what} is saved as a directory holding {stem}.json and "
            f"{stem}.npz. Name a directory."
        )
    path.mkdir(parents=True, exist_ok=True)
    return path


def json_default(value):
    """JSON's ``default``: NumPy numbers and arrays as Python's; anything else named."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    raise TypeError(f"a {type(value).__name__} ({value!r}), which JSON cannot store")


def write_pair(path, stem: str, what: str, doc: dict, payload: bytes) -> Path:
    """Save ``doc`` as ``stem``.json and ``payload`` as ``stem``.npz in the directory
    ``path``. The JSON text is made first: a value it cannot hold is a ValueError before
    anything is written, so a saved pair is never left half replaced."""
    try:
        text = json.dumps(doc, indent=1, default=json_default)
    except TypeError as exc:
        raise ValueError(f"Cannot save {what}: it holds {exc}.") from None
    path = save_directory(path, stem, what)
    atomic_write_bytes(path / f"{stem}.npz", payload)
    atomic_write_bytes(path / f"{stem}.json", text.encode())
    return path


def file_pair(path, stem: str, what: str, error: type[Exception]) -> tuple[Path, Path]:
    """The ``stem``.json and ``stem``.npz of the directory ``path``, both present, or
    ``error`` saying what is missing (with the directory to pass when ``path`` is one
    of the two files)."""
    path = as_path(path)
    if path.is_file():
        hint = ""
        if path.name in (f"{stem}.json", f"{stem}.npz"):
            hint = f" Pass the directory that holds it: {str(path.parent)!r}."
        raise error(
            f"{path} is a file; {what} is a directory with {stem}.json and {stem}.npz.{hint}"
        )
    pair = path / f"{stem}.json", path / f"{stem}.npz"
    for p in pair:
        if not p.is_file():
            raise error(f"{p} is missing; {what} is a directory with {stem}.json and {stem}.npz.")
    return pair


def npz_payload(arrays: dict[str, np.ndarray]) -> tuple[bytes, str]:
    """Compressed ``.npz`` bytes of ``arrays`` and their SHA-256 (hex digest)."""
    buf = io.BytesIO()
    np.savez_compressed(buf, **arrays)
    payload = buf.getvalue()
    return payload, hashlib.sha256(payload).hexdigest()


def read_npz(
    npz_path: Path, json_path: Path, doc: dict, error: type[Exception], *, allow_nan: bool
) -> dict[str, np.ndarray]:
    """The arrays of ``npz_path``, checked against the JSON document ``doc``.

    Checks, in order: the SHA-256 recorded as ``doc['npz_sha256']``; that NumPy reads
    the file without unpickling anything; that the array names are those of
    ``doc['arrays']`` and each has the recorded shape; floating point; no infinity
    (and no NaN unless ``allow_nan``). Any failure raises ``error`` naming the problem.
    """
    payload = Path(npz_path).read_bytes()
    if hashlib.sha256(payload).hexdigest() != doc.get("npz_sha256"):
        raise error(
            f"{npz_path} does not match {json_path} (SHA-256 differs): one of the two was "
            "changed or replaced."
        )
    try:
        with np.load(io.BytesIO(payload), allow_pickle=False) as data:
            arrays = {k: data[k] for k in data.files}
    except Exception as exc:
        raise error(f"{npz_path} is unreadable: {exc}") from None
    shapes = doc.get("arrays")
    if not isinstance(shapes, dict) or set(arrays) != set(shapes):
        listed = sorted(shapes) if isinstance(shapes, dict) else shapes
        raise error(f"{npz_path} holds arrays {sorted(arrays)}, the JSON lists {listed}.")
    for name, shape in shapes.items():
        array = arrays[name]
        if not isinstance(shape, list) or list(array.shape) != shape:
            raise error(f"Array {name!r} has shape {list(array.shape)}; the JSON says {shape}.")
        if array.dtype.kind != "f":
            raise error(f"Array {name!r} is not floating point.")
        if np.isinf(array).any() or (not allow_nan and np.isnan(array).any()):
            raise error(
                f"Array {name!r} contains {'infinite' if allow_nan else 'non-finite'} values."
            )
    return arrays
