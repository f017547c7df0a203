"""A bare FastAPI app over pyoxigraph: the flagship named query as JSON rows, nothing else.

bench/api.py serves it beside dckg to measure what a minimal FastAPI + pyoxigraph stack adds on this
machine with the same client, so /api/qualify's overhead can be read against that baseline.
Run: DCKG_STORE_DIR=... uvicorn --app-dir bench bare_app:app
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import Response

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.queries import load_queries, run  # noqa: E402
from kg.store import open_store  # noqa: E402

STORE, _ = open_store(Path(os.environ["DCKG_STORE_DIR"]))
FLAGSHIP = load_queries(Path(__file__).resolve().parent.parent / "queries")["in-both-frameworks"]
app = FastAPI()


@app.get("/flagship")
def flagship(as_of: str = "2025-06-23") -> Response:
    """The flagship rows as JSON."""
    solutions = run(STORE, FLAGSHIP, {"as_of": as_of})
    names = [v.value for v in solutions.variables]
    rows = [{n: (s[n].value if s[n] is not None else None) for n in names} for s in solutions]
    return Response(json.dumps({"rows": rows}).encode(), media_type="application/json")
