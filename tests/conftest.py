"""Shared fixtures: stores built once per session into temporary directories, apps, a live server.

`real_settings` builds the curated data in data/; `fixture_settings` builds the small corpus in
tests/data/corpus whose answers the named-query tests know exactly. Nothing is module-global.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from kg.build import build
from kg.settings import Settings, get_settings
from kg.store import open_store

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "corpus"


def build_settings(data_dir: Path, store_dir: Path, **extra: object) -> Settings:
    """Settings for a store built from `data_dir` into `store_dir`."""
    return get_settings(data_dir=data_dir, store_dir=store_dir, **extra)


@pytest.fixture(scope="session")
def real_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = build_settings(ROOT / "data", tmp_path_factory.mktemp("real") / "store")
    build(settings)
    return settings


@pytest.fixture(scope="session")
def fixture_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = build_settings(CORPUS, tmp_path_factory.mktemp("fixture") / "store")
    build(settings)
    return settings


@pytest.fixture(scope="session")
def real_store(real_settings: Settings) -> ox.Store:
    return open_store(real_settings.store_dir)[0]


@pytest.fixture(scope="session")
def fixture_store(fixture_settings: Settings) -> ox.Store:
    return open_store(fixture_settings.store_dir)[0]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(settings: Settings, extra_env: dict[str, str] | None = None) -> tuple[subprocess.Popen[bytes], str]:
    """Start uvicorn for `settings` on a free loopback port; return the process and base URL."""
    port = free_port()
    env = {**os.environ, "DCKG_STORE_DIR": str(settings.store_dir), "DCKG_DATA_DIR": str(settings.data_dir),
           **(extra_env or {})}
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "api.main:app_from_env", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/openapi.json", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
        if proc.poll() is not None:
            raise RuntimeError(f"uvicorn exited with {proc.returncode}")
    proc.kill()
    raise RuntimeError("uvicorn did not start within 60 s")


@pytest.fixture(scope="session")
def live_server(real_settings: Settings) -> Iterator[str]:
    """Base URL of a live uvicorn serving the real data on a loopback port."""
    proc, base = start_server(real_settings, {"DCKG_QUERY_TIMEOUT": "3"})
    try:
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
