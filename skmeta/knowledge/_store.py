"""The on-disk store of a knowledge build: one small file per finished unit of work.

Layout of a store directory::

    manifest.json            protocol, spaces and configurations of the build
    tasks/<task>.json        a task's description: meta-features, sizes, ids (or why it
                             could not be evaluated)
    units/<task>/<family>.npz  scores, timings and failures of every configuration of one
                             family on one task

Every file is written to a temporary name in the same directory, flushed to disk and
renamed over its final name (an atomic operation on POSIX and Windows), so a build
killed at any moment (Ctrl-C, ``kill -9``, a full disk) leaves only whole files; stray
temporary files are ignored and removed on the next run.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import numpy as np

from ..utils._atomic import atomic_write_bytes

__all__ = ["BuildStore", "StoreError", "atomic_write_bytes"]

STORE_SCHEMA = "skmeta.build-store"
STORE_VERSION = 1
_SAFE = re.compile(r"[^A-Za-z0-9_.-]")


class StoreError(ValueError):
    """A build store is unusable: corrupt, from another protocol, or unreadable."""


def _file_key(name: str) -> str:
    """A file-system-safe, collision-free file name for a task or family name."""
    safe = _SAFE.sub("_", name)
    return safe if safe == name else f"{safe}-{abs(hash_name(name)) % 10**8:08d}"


def hash_name(name: str) -> int:
    """A stable (not salted) hash of a string."""
    h = 1469598103934665603
    for b in name.encode():
        h = ((h ^ b) * 1099511628211) % 2**64
    return h


class BuildStore:
    """Read and write the files of a resumable knowledge build.

    Parameters
    ----------
    path : path-like
        The store directory (created if missing).
    manifest : dict
        What the build is: protocol, spaces, configurations. A store that already holds
        a different manifest raises :class:`StoreError` rather than mixing two builds,
        unless the only difference is configurations appended to its tables: then the
        manifest is updated and ``extended`` is True (the units are topped up with
        :meth:`extend_unit`).
    """

    def __init__(self, path, manifest: dict):
        self.path = Path(path)
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"{self.path} is a file; a build store is a directory. Name one.")
        self.path.mkdir(parents=True, exist_ok=True)
        for stray in self.path.rglob(".tmp-*"):
            stray.unlink(missing_ok=True)
        manifest = {"schema": STORE_SCHEMA, "version": STORE_VERSION, **manifest}
        target = self.path / "manifest.json"
        if target.exists():
            existing = self._read_json(target)
            if existing.get("schema") != STORE_SCHEMA:
                raise StoreError(f"{target} is not a skmeta build store manifest.")
            if existing.get("version", 0) > STORE_VERSION:
                raise StoreError(
                    f"{target} was written by a newer skmeta (store version "
                    f"{existing.get('version')}; this one reads up to {STORE_VERSION})."
                )
            self.extended = _extends(existing, manifest)
            if self.extended:  # configurations appended: the units are topped up
                atomic_write_bytes(target, _dumps(manifest))
            elif _canonical(existing) != _canonical(manifest):
                diff = sorted(
                    k
                    for k in set(existing) | set(manifest)
                    if _canonical(existing.get(k)) != _canonical(manifest.get(k))
                )
                raise StoreError(
                    f"The store {self.path} holds a build with other settings: "
                    f"{_differences(diff, existing, manifest)}; resume it with the same "
                    "settings, or use a new store directory."
                )
        else:
            self.extended = False
            atomic_write_bytes(target, _dumps(manifest))
        self.manifest = manifest

    @staticmethod
    def _read_json(path: Path) -> dict:
        try:
            return json.loads(path.read_text())
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise StoreError(
                f"{path} is unreadable ({exc}); delete it to evaluate that part again."
            ) from None

    def task_path(self, task: str) -> Path:
        return self.path / "tasks" / f"{_file_key(task)}.json"

    def unit_path(self, task: str, family: str) -> Path:
        return self.path / "units" / _file_key(task) / f"{_file_key(family)}.npz"

    def has_task(self, task: str) -> bool:
        return self.task_path(task).exists()

    def has_unit(self, task: str, family: str) -> bool:
        return self.unit_path(task, family).exists()

    def unit_size(self, task: str, family: str) -> int:
        """How many configurations the unit holds (0 if it is not written yet)."""
        if not self.has_unit(task, family):
            return 0
        return int(self._load_unit(task, family, ("errors",))["errors"].shape[0])

    def _load_unit(self, task: str, family: str, keys=None) -> dict[str, np.ndarray]:
        """The arrays ``keys`` (None: all) of a unit file; an unreadable file is named."""
        path = self.unit_path(task, family)
        try:
            with np.load(path, allow_pickle=False) as data:
                return {k: data[k] for k in (data.files if keys is None else keys)}
        except Exception as exc:
            raise StoreError(
                f"{path} is unreadable ({type(exc).__name__}: {exc}); delete it to evaluate "
                "that unit again."
            ) from None

    def write_task(self, task: str, info: dict) -> None:
        atomic_write_bytes(self.task_path(task), _dumps({"name": task, **info}))

    def read_task(self, task: str) -> dict:
        info = self._read_json(self.task_path(task))
        if info.get("name") != task:
            raise StoreError(
                f"{self.task_path(task)} describes {info.get('name')!r}, not {task!r}."
            )
        return info

    def write_unit(self, task: str, family: str, arrays: dict[str, np.ndarray]) -> None:
        buf = io.BytesIO()
        np.savez_compressed(buf, **arrays)
        atomic_write_bytes(self.unit_path(task, family), buf.getvalue())

    def read_unit(self, task: str, family: str, expected_shape: tuple[int, ...]) -> dict:
        path = self.unit_path(task, family)
        arrays = self._load_unit(task, family)
        for key in ("scores", "fit_time", "predict_time", "errors"):
            if key not in arrays:
                raise StoreError(f"{path} lacks the array {key!r}; delete it to evaluate again.")
        if arrays["scores"].shape != expected_shape:
            raise StoreError(
                f"{path} holds scores of shape {arrays['scores'].shape}, expected "
                f"{expected_shape}; delete it to evaluate again."
            )
        return arrays

    def extend_unit(self, task: str, family: str, arrays: dict[str, np.ndarray]) -> None:
        """Append the results of further configurations to a written unit."""
        old = self._load_unit(task, family, list(arrays))
        self.write_unit(task, family, {k: np.concatenate([old[k], arrays[k]]) for k in arrays})


def _extends(existing: dict, manifest: dict) -> bool:
    """Whether ``manifest`` is ``existing`` with configurations appended to its tables
    (every other entry equal, every table's configurations a continuation)."""
    if set(existing) != set(manifest) or _canonical(existing) == _canonical(manifest):
        return False
    for key in manifest:
        if key != "configs" and _canonical(existing[key]) != _canonical(manifest[key]):
            return False
    old, new = existing["configs"], manifest["configs"]
    if set(old) != set(new):
        return False
    return all(
        len(new[k]) >= len(old[k]) and _canonical(new[k][: len(old[k])]) == _canonical(old[k])
        for k in new
    )


def _dumps(obj) -> bytes:
    return json.dumps(obj, indent=1, sort_keys=False, allow_nan=True).encode()


def _canonical(obj) -> str:
    return json.dumps(obj, sort_keys=True, allow_nan=True)


def _differences(keys, stored: dict, wanted: dict) -> str:
    """What differs between a stored manifest and a wanted one, for people: the
    protocol's settings with both values (n_configs 48 there, 8 here), other parts by
    name (configs, tasks, spaces)."""
    parts = []
    for key in sorted(keys, key=lambda k: k != "protocol"):  # the settings first
        old, new = stored.get(key), wanted.get(key)
        if key == "protocol" and isinstance(old, dict) and isinstance(new, dict):
            parts += [
                f"{k} {old.get(k)!r} there, {new.get(k)!r} here"
                for k in sorted(set(old) | set(new))
                if _canonical(old.get(k)) != _canonical(new.get(k))
            ]
        else:
            parts.append(f"its {key}")
    return "; ".join(parts)
