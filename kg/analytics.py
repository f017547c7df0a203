"""Network analytics of the graph as of a date, with networkx.

The projection is the bipartite graph of countries and frameworks: an edge joins a country to a
framework in which it holds a standing on the date (state 2 certain, 1 uncertain), read through the
named query ``standings-as-of``. On it: centrality of countries and frameworks, communities, the
countries most similar to a given one (by shared standings) and the shortest path between two
countries through shared frameworks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import networkx as nx
import pyoxigraph as ox

from kg.errors import DckgError
from kg.queries import NamedQuery, run

COUNTRY, FRAMEWORK = "country", "framework"


class NotInGraph(DckgError):
    """A country asked about holds no standing on the date (or does not exist)."""


@dataclass(frozen=True)
class Standing:
    """One country's best standing in one framework on a date (state 2 certain, 1 uncertain)."""

    country: str
    iso2: str
    country_label: str
    framework: str
    slug: str
    framework_label: str
    state: int


@dataclass(frozen=True)
class Node:
    """A node of the projection: its IRI, kind (country or framework), key (ISO code or slug) and label."""

    iri: str
    kind: str
    key: str
    label: str


@dataclass(frozen=True)
class Centrality:
    """Centrality of one node: degree (number of neighbours), normalised degree and betweenness."""

    node: Node
    degree: int
    degree_centrality: float
    betweenness: float


@dataclass(frozen=True)
class Community:
    """A community (Louvain, fixed seed) of countries and frameworks."""

    index: int
    countries: tuple[Node, ...]
    frameworks: tuple[Node, ...]


@dataclass(frozen=True)
class Similarity:
    """How alike two countries are: the frameworks they share and the Jaccard index of their sets."""

    country: Node
    shared: tuple[Node, ...]
    jaccard: float


def standings(store: ox.Store, queries: Mapping[str, NamedQuery], as_of: dt.date) -> list[Standing]:
    """Every (country, framework) standing held on `as_of`, certain or uncertain."""
    rows = run(store, queries["standings-as-of"], {"as_of": as_of.isoformat()})
    return [Standing(r["country"].value, r["iso2"].value, r["countryLabel"].value, r["framework"].value,
                     r["slug"].value, r["frameworkLabel"].value, int(r["state"].value)) for r in rows]


def project(rows: list[Standing]) -> nx.Graph:
    """The countries–frameworks bipartite graph of `rows` (node attributes: kind, key, label, bipartite)."""
    graph = nx.Graph()
    for s in rows:
        graph.add_node(s.country, kind=COUNTRY, key=s.iso2, label=s.country_label, bipartite=0)
        graph.add_node(s.framework, kind=FRAMEWORK, key=s.slug, label=s.framework_label, bipartite=1)
        graph.add_edge(s.country, s.framework, state=s.state)
    return graph


def membership_graph(store: ox.Store, queries: Mapping[str, NamedQuery], as_of: dt.date) -> nx.Graph:
    """The bipartite projection of the standings held on `as_of`."""
    return project(standings(store, queries, as_of))


def node(graph: nx.Graph, iri: str) -> Node:
    data = graph.nodes[iri]
    return Node(iri, data["kind"], data["key"], data["label"])


def _country(graph: nx.Graph, iso2: str) -> str:
    iri = next((n for n, d in graph.nodes(data=True) if d["kind"] == COUNTRY and d["key"] == iso2.upper()), None)
    if iri is None:
        raise NotInGraph(f"{iso2.upper()} holds no standing in any framework on that date")
    return iri


def centrality(graph: nx.Graph, kind: str | None = None) -> list[Centrality]:
    """Degree and betweenness of every node (or of one `kind`), most central first."""
    if graph.number_of_nodes() == 0:
        return []
    countries = {n for n, d in graph.nodes(data=True) if d["kind"] == COUNTRY}
    degree = nx.bipartite.degree_centrality(graph, countries)
    between = nx.bipartite.betweenness_centrality(graph, countries)
    out = [Centrality(node(graph, n), graph.degree(n), round(degree[n], 6), round(between[n], 6))
           for n in graph.nodes if kind is None or graph.nodes[n]["kind"] == kind]
    return sorted(out, key=lambda c: (-c.degree, -c.betweenness, c.node.kind, c.node.key))


def communities(graph: nx.Graph, seed: int = 7) -> list[Community]:
    """Louvain communities (deterministic for a given seed), largest first."""
    if graph.number_of_nodes() == 0:
        return []
    parts = nx.community.louvain_communities(graph, seed=seed)
    groups = []
    for members in parts:
        nodes = sorted((node(graph, n) for n in members), key=lambda n: n.key)
        groups.append(([n for n in nodes if n.kind == COUNTRY], [n for n in nodes if n.kind == FRAMEWORK]))
    groups.sort(key=lambda g: (-(len(g[0]) + len(g[1])), g[0][0].key if g[0] else g[1][0].key))
    return [Community(i, tuple(c), tuple(f)) for i, (c, f) in enumerate(groups, start=1)]


def frameworks_of(graph: nx.Graph, iso2: str) -> list[Node]:
    """The frameworks in which a country holds a standing in `graph`."""
    return sorted((node(graph, f) for f in graph[_country(graph, iso2)]), key=lambda n: n.key)


def similar_countries(graph: nx.Graph, iso2: str, limit: int = 10) -> list[Similarity]:
    """Countries sharing the most standings with `iso2`, by Jaccard index of their framework sets.

    Raises:
        NotInGraph: when `iso2` holds no standing in the graph.
    """
    me = _country(graph, iso2)
    mine = set(graph[me])
    out = []
    for other, data in graph.nodes(data=True):
        if data["kind"] != COUNTRY or other == me:
            continue
        theirs = set(graph[other])
        shared = mine & theirs
        if shared:
            out.append(Similarity(node(graph, other), tuple(sorted((node(graph, f) for f in shared),
                                                                   key=lambda n: n.key)),
                                  round(len(shared) / len(mine | theirs), 6)))
    out.sort(key=lambda s: (-s.jaccard, -len(s.shared), s.country.key))
    return out[:limit]


def shortest_path(graph: nx.Graph, from_iso2: str, to_iso2: str) -> list[Node] | None:
    """The shortest path country → framework → country … between two countries, or None.

    Raises:
        NotInGraph: when either country holds no standing in the graph.
    """
    a, b = _country(graph, from_iso2), _country(graph, to_iso2)
    try:
        return [node(graph, n) for n in nx.shortest_path(graph, a, b)]
    except nx.NetworkXNoPath:
        return None
