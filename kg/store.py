"""The on-disk Oxigraph store and its atomic switch.

``store_dir`` (default ``.dckg/store``) is a symbolic link to the current build directory
``<store_dir>.builds/<build-id>/``, which holds ``oxigraph/`` (the store), ``build.json`` (what was
built) and ``validation.ttl`` (the SHACL report). A build writes a new directory and only then
re-points the link (an atomic rename), so a failed build never touches the store being served.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import StoreMissing

KEEP_BUILDS = 3


@dataclass(frozen=True)
class BuildInfo:
    """Metadata of the build a store directory holds (read from its build.json)."""

    build_id: str
    path: Path
    meta: dict[str, Any]


def builds_dir(store_dir: Path) -> Path:
    return store_dir.parent / (store_dir.name + ".builds")


def new_build_dir(store_dir: Path) -> tuple[str, Path]:
    """Create and return a fresh, empty build directory with a new build id."""
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    build_id = f"{stamp}-{os.getpid()}"
    path = builds_dir(store_dir) / build_id
    path.mkdir(parents=True)
    return build_id, path


def write_build(mem: ox.Store, build_path: Path, meta: dict[str, Any], validation_ttl: bytes) -> None:
    """Bulk-load the dataset into ``build_path/oxigraph`` and write its metadata files."""
    disk = ox.Store(str(build_path / "oxigraph"))
    disk.bulk_load(mem.dump(format=ox.RdfFormat.N_QUADS) or b"", format=ox.RdfFormat.N_QUADS)
    disk.flush()  # no optimize(): compaction took seconds at 1M triples, and serving reads an in-memory copy
    del disk
    (build_path / "validation.ttl").write_bytes(validation_ttl)
    (build_path / "build.json").write_text(json.dumps(meta, indent=2, sort_keys=True), encoding="utf-8")


def switch_to(store_dir: Path, build_path: Path) -> None:
    """Point `store_dir` at `build_path` atomically, then prune old builds not in use."""
    store_dir.parent.mkdir(parents=True, exist_ok=True)
    if store_dir.exists() and not store_dir.is_symlink():
        raise StoreMissing(f"{store_dir} exists and is not a link made by dckg build; move it away")
    tmp = store_dir.parent / f".{store_dir.name}.{os.getpid()}.tmp"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(build_path.resolve(), target_is_directory=True)
    os.replace(tmp, store_dir)
    _prune(store_dir, keep=build_path.resolve())


def discard(build_path: Path) -> None:
    """Remove a build directory that failed."""
    shutil.rmtree(build_path, ignore_errors=True)


def _prune(store_dir: Path, keep: Path) -> None:
    builds = sorted(p for p in builds_dir(store_dir).iterdir() if p.is_dir())
    for old in builds[:-KEEP_BUILDS]:
        if old.resolve() != keep:
            shutil.rmtree(old, ignore_errors=True)


def current_build(store_dir: Path) -> BuildInfo:
    """The build `store_dir` points at.

    Raises:
        StoreMissing: when no build has been made yet.
    """
    path = store_dir.resolve()
    meta_file = path / "build.json"
    if not meta_file.is_file() or not (path / "oxigraph").is_dir():
        raise StoreMissing(f"no built store at {store_dir}: run `dckg build` first")
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    return BuildInfo(str(meta["build_id"]), path, meta)


def read_store(path: Path, copy_up_to: int | None = None) -> ox.Store:
    """Open the Oxigraph store at `path` read-only and, unless it holds more than `copy_up_to` quads
    (None: no limit; 0: never copy), serve it from an in-memory copy: our queries ran 1.6-7x faster
    there than on the read-only disk store, and the curated graph copies in about 0.1 s."""
    disk = ox.Store.read_only(str(path))
    if copy_up_to is not None and (copy_up_to == 0 or len(disk) > copy_up_to):
        return disk
    mem = ox.Store()
    mem.bulk_load(disk.dump(format=ox.RdfFormat.N_QUADS) or b"", format=ox.RdfFormat.N_QUADS)
    return mem


def open_store(store_dir: Path, in_memory: bool = True) -> tuple[ox.Store, BuildInfo]:
    """Open the current build read-only (safe from several processes, never written again), from an
    in-memory copy unless `in_memory` is False."""
    info = current_build(store_dir)
    return read_store(info.path / "oxigraph", None if in_memory else 0), info
