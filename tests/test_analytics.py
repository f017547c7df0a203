"""Analytics on the curated data at given dates; the expected answers come from shared/domain/facts.md."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import networkx as nx
import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from kg import analytics
from kg.queries import NamedQuery, load_queries
from kg.settings import Settings

SOSA_2025 = {"AU", "CA", "DK", "DE", "EE", "ES", "FI", "GB", "IL", "IN", "IT", "JP", "KR", "LT", "LV", "NL",
             "NO", "SE", "SG"}  # facts.md §2, "SOSA set as of 2025-06-23"
RDP_2025 = {"AU", "AT", "BE", "CA", "CZ", "DK", "EG", "EE", "FI", "FR", "DE", "GR", "IL", "IT", "JP", "LV", "LT",
            "LU", "NL", "NO", "PL", "PT", "SI", "ES", "SE", "CH", "TR", "GB"}  # facts.md 1.1
FIVE_EYES = {"AU", "CA", "NZ", "GB", "US"}  # facts.md 11.8


@pytest.fixture(scope="module")
def queries(real_settings: Settings) -> dict[str, NamedQuery]:
    return load_queries(real_settings.queries_dir)


def graph_on(store: ox.Store, queries: dict[str, NamedQuery], day: str) -> nx.Graph:
    return analytics.membership_graph(store, queries, dt.date.fromisoformat(day))


def members(graph: nx.Graph, slug: str) -> set[str]:
    return {graph.nodes[n]["key"] for n in graph[f"https://w3id.org/dckg/id/framework/{slug}"]}


@pytest.mark.parametrize(("day", "count"), [("2023-04-03", 30), ("2023-04-04", 31), ("2024-03-06", 31),
                                            ("2024-03-07", 32)])
def test_nato_degree_follows_accessions(real_store: ox.Store, queries: dict[str, NamedQuery], day: str,
                                        count: int) -> None:
    # facts.md §3: 30 members until 2023-04-03, 31 from 2023-04-04 (Finland), 32 from 2024-03-07 (Sweden)
    graph = graph_on(real_store, queries, day)
    nato = next(c for c in analytics.centrality(graph, "framework") if c.node.key == "nato")
    assert nato.degree == count


def test_framework_member_sets(real_store: ox.Store, queries: dict[str, NamedQuery]) -> None:
    graph = graph_on(real_store, queries, "2025-06-23")
    assert members(graph, "sosa") == SOSA_2025
    assert members(graph, "rdp-mou") == RDP_2025
    assert members(graph, "five-eyes") == FIVE_EYES


def test_centrality_ranks_nato_first_among_frameworks(real_store: ox.Store, queries: dict[str, NamedQuery]) -> None:
    graph = graph_on(real_store, queries, "2025-06-23")
    ranked = analytics.centrality(graph, "framework")
    assert (ranked[0].node.key, ranked[0].degree) == ("nato", 32)
    assert all(c.node.kind == "framework" for c in ranked)
    assert {c.node.key for c in analytics.centrality(graph, "country")} >= SOSA_2025 | RDP_2025
    assert 0 < ranked[0].degree_centrality <= 1 and ranked[0].betweenness >= 0


def test_shortest_path_through_shared_frameworks(real_store: ox.Store, queries: dict[str, NamedQuery]) -> None:
    graph = graph_on(real_store, queries, "2025-06-23")
    # Finland (NATO, RDP, SOSA…) and New Zealand (MNNA, Five Eyes, NTIB) share no framework, but Australia
    # is both a SOSA partner and an MNNA (facts.md 2.5, 4.1): two frameworks apart.
    path = analytics.shortest_path(graph, "FI", "NZ")
    assert path is not None and len(path) == 5
    assert [n.kind for n in path] == ["country", "framework", "country", "framework", "country"]
    assert (path[0].key, path[-1].key) == ("FI", "NZ")
    # South Korea and the UK are both SOSA partners on 2024-01-01 (facts.md 2.7, 2.16): one framework apart.
    short = analytics.shortest_path(graph_on(real_store, queries, "2024-01-01"), "KR", "GB")
    assert short is not None and len(short) == 3


def test_similar_countries(real_store: ox.Store, queries: dict[str, NamedQuery]) -> None:
    graph = graph_on(real_store, queries, "2025-06-23")
    similar = analytics.similar_countries(graph, "GB", limit=5)
    assert similar[0].country.key == "AU"
    shared = {f.key for f in similar[0].shared}
    assert {"aukus", "five-eyes", "ntib", "sosa", "rdp-mou"} <= shared  # facts.md 7.1, 11.8, 2.x, 1.1
    assert similar == sorted(similar, key=lambda s: (-s.jaccard, -len(s.shared), s.country.key))


def test_communities_partition_the_graph(real_store: ox.Store, queries: dict[str, NamedQuery]) -> None:
    graph = graph_on(real_store, queries, "2025-06-23")
    parts = analytics.communities(graph)
    seen = [n.iri for c in parts for n in (*c.countries, *c.frameworks)]
    assert sorted(seen) == sorted(graph.nodes)
    assert parts == analytics.communities(graph)  # fixed seed: the same answer every time
    five_eyes_home = {i for c in parts for i in [c.index] if FIVE_EYES & {n.key for n in c.countries}}
    assert len(five_eyes_home) == 1  # the Five Eyes countries fall in one community


def test_unknown_country_is_named(real_store: ox.Store, queries: dict[str, NamedQuery]) -> None:
    graph = graph_on(real_store, queries, "2025-06-23")
    with pytest.raises(analytics.NotInGraph, match="CN"):
        analytics.similar_countries(graph, "CN")


@pytest.fixture(scope="module")
def client(real_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(real_settings)) as c:
        yield c


def test_analytics_endpoints(client: TestClient) -> None:
    c = client.get("/api/analytics/centrality?as_of=2023-04-04&kind=framework").json()
    assert c["as_of"] == "2023-04-04" and c["nodes"][0]["node"]["key"] == "nato" and c["nodes"][0]["degree"] == 31
    assert client.get("/api/analytics/communities?as_of=2025-06-23").json()["communities"]
    s = client.get("/api/analytics/similar/gb?as_of=2025-06-23&limit=3").json()
    assert s["country"] == "GB" and s["similar"][0]["country"]["key"] == "AU" and len(s["similar"]) == 3
    p = client.get("/api/analytics/path?from=FI&to=NZ&as_of=2025-06-23").json()
    assert p["length"] == 4 and p["path"][0]["key"] == "FI"
    assert client.get("/api/analytics/path?from=FI&to=CN&as_of=2025-06-23").status_code == 404
    assert client.get("/api/analytics/centrality?as_of=2025-13-01").status_code == 422
