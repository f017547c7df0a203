"""The FastAPI app: `create_app(settings)` wires the routers; the lifespan opens the store read-only.

Routers, one per concern, are listed in `ROUTERS` (module paths under api.routes, each exposing
`router`). Run it with ``dckg serve`` or ``uvicorn --factory api.main:app_from_env``.
"""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api import errors
from api.deps import Runtime
from kg.queries import load_queries
from kg.settings import Settings, get_settings
from kg.store import open_store

#: Router modules, in order of inclusion.
ROUTERS: list[str] = ["resources", "ontology", "dumps", "explorer", "analytics", "sparql", "queries", "domain"]


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app for `settings` (from the environment when None)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store, build = open_store(settings.store_dir)
        app.state.runtime = Runtime(settings, store, build, load_queries(settings.queries_dir))
        try:
            yield
        finally:
            for hook in getattr(app.state, "shutdown_hooks", []):
                hook()
            del app.state.runtime

    app = FastAPI(
        title="dckg",
        version="0.1.0",
        summary="Defense cooperation knowledge graph: SPARQL, named questions, linked data",
        lifespan=lifespan,
    )
    errors.install(app)
    for module in ROUTERS:
        app.include_router(importlib.import_module(f"api.routes.{module}").router)
    app.mount("/static", StaticFiles(directory=Path(__file__).resolve().parent / "static"), name="static")
    return app


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory``."""
    return create_app(get_settings())
