"""The graph explorer: ``/explore`` (page) and ``/api/graph`` (the network it draws).

The network holds countries, frameworks, agreements, legal instruments (regulations, statutes,
executive actions) and privileges that exist on ``as_of``; standings are the dated country–framework
edges (dashed when uncertain). It is assembled as a pyvis network and handed to the page as JSON; the
page draws it with the vis-network bundle served from ``/static/vendor`` (pyvis's own HTML links
Bootstrap from a CDN, so it is not used). Node size comes from `kg.analytics` degree.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import networkx as nx
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pyvis.network import Network

from api.deps import Runtime, RuntimeDep
from api.errors import ApiError
from api.routes.resources import (
    DEFINITION_PROPERTIES, TEMPLATES, literal_of, named_rows, curie, exists, href, label_of, pick_label,
)
from kg import analytics

router = APIRouter(tags=["explorer"])
CLASSES = ("country", "framework", "agreement", "regulation", "privilege")
COLOURS = {"country": "#2b7bba", "framework": "#e8590c", "agreement": "#2f9e44", "regulation": "#7048e8",
           "privilege": "#c2255c"}
LEGEND = {"country": "Country", "framework": "Framework", "agreement": "Agreement",
          "regulation": "Regulation or statute", "privilege": "Privilege"}
EARLIEST = dt.date(1949, 1, 1)


@dataclass(frozen=True)
class GraphRequest:
    """What to draw: the date, framework slugs and classes to keep, and an optional focus with a depth."""

    as_of: dt.date
    frameworks: tuple[str, ...] = ()
    classes: tuple[str, ...] = CLASSES
    focus: str | None = None
    depth: int = 1


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split(",") if v.strip())


def parse_request(as_of: dt.date | None, frameworks: str | None, classes: str | None, focus: str | None,
                  depth: int) -> GraphRequest:
    """Validate the query parameters of /api/graph and /explore.

    Raises:
        ApiError: 422 naming an unknown class.
    """
    wanted = _split(classes) or CLASSES
    unknown = [c for c in wanted if c not in CLASSES]
    if unknown:
        raise ApiError(422, "invalid parameter", {"parameter": "classes", "message": f"unknown class {unknown[0]!r}",
                                                   "classes": list(CLASSES)})
    return GraphRequest(as_of or dt.date.today(), _split(frameworks), wanted, (focus or "").strip("/ ") or None, depth)


def network(runtime: Runtime, req: GraphRequest) -> nx.Graph:
    """The full network on `req.as_of` before filters (node attributes: group, label)."""
    graph = nx.Graph()
    for r in named_rows(runtime, "explorer-nodes", {"as_of": req.as_of.isoformat()}):
        graph.add_node(r["node"].value, group=r["group"].value,
                       label=pick_label(r["label"], r["prefLabel"], r["name"]) or curie(r["node"].value))
    for s in analytics.standings(runtime.store, runtime.queries, req.as_of):
        if s.country in graph and s.framework in graph:
            graph.add_edge(s.country, s.framework, label="standing", certain=s.state == 2)
    for r in named_rows(runtime, "explorer-links", {}):
        a, b = r["s"].value, r["o"].value
        if a in graph and b in graph and not graph.has_edge(a, b):
            graph.add_edge(a, b, label=pick_label(r["pLabel"]) or curie(r["p"].value), certain=True)
    return graph


def select(graph: nx.Graph, req: GraphRequest, base_iri: str) -> nx.Graph:
    """Apply the framework, class and focus filters; drop countries left without a link."""
    keep = set(graph.nodes)
    if req.frameworks:
        chosen = {f"{base_iri}id/framework/{slug}" for slug in req.frameworks} & keep
        keep = chosen | {n for f in chosen for n in graph[f] if graph.nodes[n]["group"] != "framework"}
    keep = {n for n in keep if graph.nodes[n]["group"] in req.classes}
    sub = graph.subgraph(keep)
    if req.focus:
        centre = f"{base_iri}id/{req.focus}"
        if centre not in sub:
            return nx.Graph()
        sub = nx.ego_graph(sub, centre, radius=req.depth)
        return sub
    return sub.subgraph([n for n in sub if sub.degree(n) > 0 or sub.nodes[n]["group"] != "country"])


def to_json(runtime: Runtime, graph: nx.Graph, req: GraphRequest) -> dict[str, Any]:
    """The network as pyvis node and edge dicts plus counts and legend."""
    base = runtime.settings.base_iri
    degree = {c.node.iri: c.degree for c in analytics.centrality(
        analytics.membership_graph(runtime.store, runtime.queries, req.as_of))}
    net = Network(directed=True)
    for n, data in sorted(graph.nodes(data=True)):
        group = data["group"]
        weight = degree.get(n, graph.degree(n))
        net.add_node(n, label=data["label"], color=COLOURS[group], shape="dot", cls=group,
                     size=round(8 + 4 * math.sqrt(weight), 1), value=weight,
                     title=f"{data['label']} ({LEGEND[group]})", href=href(base, n), key=n[len(base) + 3:])
    for i, (a, b, data) in enumerate(sorted(graph.edges(data=True))):
        net.add_edge(a, b, id=i, title=data["label"], dashes=not data["certain"], color="#adb5bd")
    nodes = [{k: v for k, v in node.items() if k != "font"} for node in net.nodes]
    counts = {c: sum(1 for n in nodes if n["cls"] == c) for c in CLASSES}
    return {"as_of": req.as_of.isoformat(), "frameworks": list(req.frameworks), "classes": list(req.classes),
            "focus": req.focus, "depth": req.depth, "nodes": nodes, "edges": net.edges,
            "counts": counts, "legend": [{"class": c, "label": LEGEND[c], "color": COLOURS[c]} for c in CLASSES]}


@router.get("/api/graph")
def graph_json(runtime: RuntimeDep,
               as_of: dt.date | None = Query(None, description="the date (YYYY-MM-DD); today when omitted"),
               frameworks: str | None = Query(None, description="comma-separated framework slugs"),
               classes: str | None = Query(None, description="comma-separated classes: " + ", ".join(CLASSES)),
               focus: str | None = Query(None, description="kind/id of the resource to centre on"),
               depth: int = Query(1, ge=1, le=4, description="hops around the focus")) -> dict[str, Any]:
    """The explorer network as JSON: nodes (with class, colour, size, page link), edges, counts, legend."""
    req = parse_request(as_of, frameworks, classes, focus, depth)
    base = runtime.settings.base_iri
    return to_json(runtime, select(network(runtime, req), req, base), req)


@router.get("/api/graph/node/{kind}/{slug:path}")
def node_details(runtime: RuntimeDep, kind: str, slug: str) -> dict[str, Any]:
    """What the explorer shows for a clicked node: label, definition, page link and sources."""
    base = runtime.settings.base_iri
    iri = f"{base}id/{kind}/{slug}"
    if not exists(runtime.store, iri):
        raise ApiError(404, "not found", {"iri": iri})
    rows = named_rows(runtime, "resource-evidence", {"resource": f"{kind}/{slug}"})
    sources = [{"title": r["sourceTitle"].value, "locator": r["locator"].value, "confidence": r["confidence"].value,
                "url": r["sourceUrl"].value if r["sourceUrl"] is not None else None,
                "href": href(base, r["source"].value)}
               for r in rows if r["subject"].value == iri]
    text = next((v.value for p in DEFINITION_PROPERTIES if (v := literal_of(runtime.store, iri, p)) is not None), None)
    return {"iri": iri, "label": label_of(runtime.store, iri), "href": href(base, iri), "definition": text,
            "sources": sources}


@router.get("/explore", response_model=None)
def explore(request: Request, runtime: RuntimeDep, as_of: dt.date | None = None, frameworks: str | None = None,
            classes: str | None = None, focus: str | None = None, depth: int = Query(1, ge=1, le=4)) -> Response:
    """The explorer page (the network is drawn by /static/explorer.js from /api/graph)."""
    req = parse_request(as_of, frameworks, classes, focus, depth)
    graph = network(runtime, req)
    options = sorted(({"slug": n.rsplit("/", 1)[1], "label": d["label"]} for n, d in graph.nodes(data=True)
                      if d["group"] == "framework"), key=lambda o: o["label"])
    today = dt.date.today()
    return TEMPLATES.TemplateResponse(request, "explorer.html", {
        "req": req, "frameworks": options, "legend": [(c, LEGEND[c], COLOURS[c]) for c in CLASSES],
        "min_date": EARLIEST.isoformat(), "max_date": today.isoformat(),
        "slider_max": (today - EARLIEST).days, "slider_value": (req.as_of - EARLIEST).days})
