"""Dependencies as `Annotated` aliases: the settings, the read-only store and the named queries.

All of them live on `app.state`, set by the lifespan in `api.main`; nothing is global.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import pyoxigraph as ox
from fastapi import Depends, Request

from kg.queries import NamedQuery
from kg.settings import Settings
from kg.store import BuildInfo


@dataclass
class Runtime:
    """What the app serves from: settings, the open store, its build, and the named queries."""

    settings: Settings
    store: ox.Store
    build: BuildInfo
    queries: dict[str, NamedQuery]


# `async def` on purpose: they only read app.state, and FastAPI would run a plain `def` dependency
# in the threadpool, one more thread hop per request.
async def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


async def get_settings_dep(request: Request) -> Settings:
    runtime: Runtime = request.app.state.runtime
    return runtime.settings


async def get_store(request: Request) -> ox.Store:
    runtime: Runtime = request.app.state.runtime
    return runtime.store


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
StoreDep = Annotated[ox.Store, Depends(get_store)]
