"""/sparql against a live uvicorn: real clients, the protocol matrix, the service description, the editor,
and the safety cases (update, SERVICE, timeout, body cap, hostile values)."""

from __future__ import annotations

import re
import threading
import time
from urllib.parse import urlencode

import httpx
import pytest
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

pytestmark = [pytest.mark.live, pytest.mark.timeout(120)]
SELECT = "PREFIX dckg: <https://w3id.org/dckg/ontology#> SELECT ?iso2 WHERE { ?c dckg:iso2 ?iso2 } ORDER BY ?iso2 LIMIT 3"
ASK = "ASK { <https://w3id.org/dckg/id/country/AU> ?p ?o }"
CONSTRUCT = "CONSTRUCT { ?c <http://www.w3.org/2000/01/rdf-schema#label> ?l } WHERE { ?c <https://w3id.org/dckg/ontology#iso2> \"AU\" ; <http://www.w3.org/2000/01/rdf-schema#label> ?l }"
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SOSA_GRAPH = "https://w3id.org/dckg/graph/participations/sosa"


def test_sparqlwrapper_formats(live_server: str) -> None:
    sw = SPARQLWrapper(live_server + "/sparql")
    sw.setQuery(SELECT)
    sw.setReturnFormat(JSON)
    rows = [b["iso2"]["value"] for b in sw.query().convert()["results"]["bindings"]]
    assert rows == sorted(rows) and len(rows) == 3
    sw.setReturnFormat(XML)
    assert len(sw.query().convert().getElementsByTagName("result")) == 3
    sw.setReturnFormat(CSV)
    assert sw.query().convert().decode().splitlines() == ["iso2", *rows]
    sw.setQuery(ASK)
    sw.setReturnFormat(JSON)
    assert sw.query().convert()["boolean"] is True
    sw.setQuery(CONSTRUCT)
    sw.setReturnFormat(TURTLE)
    g = Graph().parse(data=sw.query().convert(), format="turtle")
    assert {str(o) for o in g.objects()} == {"Australia"}
    sw.setMethod("POST")
    sw.setQuery(SELECT)
    sw.setReturnFormat(JSON)
    assert len(sw.query().convert()["results"]["bindings"]) == 3


def test_rdflib_sparqlstore(live_server: str) -> None:
    store = SPARQLStore(live_server + "/sparql")
    graph = Graph(store=store)
    result = list(graph.query(SELECT))
    assert len(result) == 3
    labels = list(graph.query(
        "SELECT ?l WHERE { <https://w3id.org/dckg/id/country/CA> <http://www.w3.org/2000/01/rdf-schema#label> ?l }"))
    assert [str(r[0]) for r in labels] == ["Canada"]


RESULT_TYPES = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values"]
GRAPH_TYPES = ["text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml",
               "application/trig", "application/n-quads"]


def _send(base: str, method: str, query: str, accept: str | None = None, **extra: str) -> httpx.Response:
    headers = {"Accept": accept} if accept else {}
    if method == "GET":
        return httpx.get(base + "/sparql", params={"query": query, **extra}, headers=headers, timeout=30)
    if method == "POST-form":
        return httpx.post(base + "/sparql", data={"query": query, **extra}, headers=headers, timeout=30)
    return httpx.post(base + "/sparql?" + urlencode(extra), content=query.encode(),
                      headers={**headers, "Content-Type": "application/sparql-query"}, timeout=30)


@pytest.mark.parametrize("method", ["GET", "POST-form", "POST-direct"])
@pytest.mark.parametrize("accept", RESULT_TYPES)
def test_matrix_results(live_server: str, method: str, accept: str) -> None:
    r = _send(live_server, method, SELECT, accept)
    assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == accept
    assert "iso2" in r.text
    a = _send(live_server, method, ASK, accept)
    assert a.status_code == 200 and "true" in a.text


@pytest.mark.parametrize("method", ["GET", "POST-form", "POST-direct"])
@pytest.mark.parametrize("accept", GRAPH_TYPES)
def test_matrix_graphs(live_server: str, method: str, accept: str) -> None:
    r = _send(live_server, method, CONSTRUCT, accept)
    assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == accept
    fmt = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld",
           "application/rdf+xml": "xml", "application/trig": "trig", "application/n-quads": "nquads"}[accept]
    from rdflib import Dataset
    ds = Dataset()
    ds.parse(data=r.text, format=fmt)
    assert {str(o) for _, _, o, _ in ds.quads()} == {"Australia"}


@pytest.mark.parametrize(("accept", "fmt", "query", "status", "media"), [
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", None, SELECT, 200, "application/sparql-results+xml"),
    ("*/*", None, SELECT, 200, "application/sparql-results+json"),
    ("text/*", None, SELECT, 200, "text/csv"),
    ("application/json", None, SELECT, 200, "application/sparql-results+json"),
    ("*/*", None, CONSTRUCT, 200, "text/turtle"),
    ("application/*;q=0.3, text/turtle;q=0.2", None, CONSTRUCT, 200, "application/n-triples"),
    ("text/turtle", None, SELECT, 406, "application/json"),
    ("text/csv", None, CONSTRUCT, 406, "application/json"),
    ("image/png", None, SELECT, 406, "application/json"),
    ("image/png", "tsv", SELECT, 200, "text/tab-separated-values"),
    (None, "jsonld", CONSTRUCT, 200, "application/ld+json"),
])
def test_negotiation_live(live_server: str, accept: str | None, fmt: str | None, query: str, status: int,
                          media: str) -> None:
    extra = {"format": fmt} if fmt else {}
    r = _send(live_server, "GET", query, accept, **extra)
    assert r.status_code == status and r.headers["content-type"].split(";")[0] == media
    if status == 406:
        assert r.json()["error"] == "not acceptable"


def test_dataset_selection(live_server: str) -> None:
    q = "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?p <https://w3id.org/dckg/ontology#participant> ?c }"
    union = int(_send(live_server, "GET", q).json()["results"]["bindings"][0]["n"]["value"])
    r = _send(live_server, "GET", q, **{"default-graph-uri": SOSA_GRAPH})
    assert int(r.json()["results"]["bindings"][0]["n"]["value"]) == 19 < union
    g = _send(live_server, "GET", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", **{"named-graph-uri": SOSA_GRAPH})
    assert [b["g"]["value"] for b in g.json()["results"]["bindings"]] == [SOSA_GRAPH]
    named = _send(live_server, "GET", f"SELECT (COUNT(*) AS ?n) FROM <{SOSA_GRAPH}> WHERE {{ ?s ?p ?o }}")
    assert 0 < int(named.json()["results"]["bindings"][0]["n"]["value"]) < 2000
    bad = _send(live_server, "GET", q, **{"default-graph-uri": "not an iri"})
    assert bad.status_code == 400


def test_service_description(live_server: str) -> None:
    r = httpx.get(live_server + "/sparql", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == "text/turtle"
    g = Graph().parse(data=r.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert (None, URIRef(sd + "feature"), URIRef(sd + "UnionDefaultGraph")) in g
    assert (None, URIRef(sd + "endpoint"), URIRef(live_server + "/sparql")) in g
    names = {str(o) for o in g.objects(None, URIRef(sd + "name"))}
    assert SOSA_GRAPH in names and "https://w3id.org/dckg/graph/derived/participates-in" in names
    assert "union of all named graphs" in r.text
    x = httpx.get(live_server + "/sparql", headers={"Accept": "application/rdf+xml"})
    assert x.status_code == 200 and x.headers["content-type"] == "application/rdf+xml"
    assert httpx.get(live_server + "/sparql", headers={"Accept": "text/csv"}).status_code == 406


def test_editor_page_is_local(live_server: str) -> None:
    r = httpx.get(live_server + "/sparql",
                  headers={"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    refs = re.findall(r'(?:src|href)="([^"]+)"', r.text)
    assert "/static/vendor/yasgui.min.js" in refs and "/static/vendor/yasgui.min.css" in refs
    assert all(ref.startswith("/") and not ref.startswith("//") for ref in refs), refs
    assert "in-both-frameworks" in r.text and '"dckg": "https://w3id.org/dckg/ontology#"' in r.text
    assert "</script" not in r.text.split('id="dckg-config">')[1].split("</script>")[0]
    for ref in refs:
        assert httpx.get(live_server + ref).status_code == 200
    js = httpx.get(live_server + "/static/sparql.js").text
    assert not re.search(r"https?://", js)


@pytest.mark.parametrize(("method", "body", "status", "word"), [
    ("GET", "DROP ALL", 403, "read-only"),
    ("GET", "PREFIX x: <http://x/> INSERT DATA { x:a x:b x:c }", 403, "read-only"),
    ("POST-update", "CLEAR DEFAULT", 403, "read-only"),
    ("POST-form-update", "DELETE WHERE { ?s ?p ?o }", 403, "read-only"),
    ("GET", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", 403, "SERVICE"),
    ("GET", "SELECT * WHERE { SERVICE SILENT <http://example.org/sparql> { ?s ?p ?o } }", 403, "SERVICE"),
    ("GET", "SELECT * WHERE { BIND(<http://x/> AS ?e) SERVICE ?e { ?s ?p ?o } }", 403, "SERVICE"),
    ("GET", "PREFIX e: <http://evil/> SELECT * WHERE { SERVICE e:sparql { ?s ?p ?o } }", 403, "SERVICE"),
    ("GET", "SELECT * WHERE { sErViCe # hidden\n <http://evil/> { ?s ?p ?o } }", 403, "SERVICE"),
    ("GET", "SELECT * WHERE { ?s ?p }", 400, "error at"),
    ("GET", 'SELECT * WHERE { ?s ?p "SERVICE <http://evil/>" } LIMIT 1', 200, ""),
])
def test_refusals(live_server: str, method: str, body: str, status: int, word: str) -> None:
    if method == "POST-update":
        r = httpx.post(live_server + "/sparql", content=body, headers={"Content-Type": "application/sparql-update"})
    elif method == "POST-form-update":
        r = httpx.post(live_server + "/sparql", data={"update": body})
    else:
        r = _send(live_server, method, body)
    assert r.status_code == status
    if status != 200:
        assert word in str(r.json()["detail"])
    after = _send(live_server, "GET", "ASK { ?s ?p ?o }")
    assert after.json()["boolean"] is True  # nothing was dropped


def test_oversized_body(live_server: str) -> None:
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 1_100_000
    r = httpx.post(live_server + "/sparql", content=big, headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413 and "max_body_bytes" in r.json()["detail"]
    f = httpx.post(live_server + "/sparql", data={"query": big})
    assert f.status_code == 413


def test_row_cap_header(live_server: str) -> None:
    r = _send(live_server, "GET", "SELECT * WHERE { ?s ?p ?o }")
    assert r.status_code == 200 and r.headers["x-dckg-truncated"] == "max_rows=10000"
    assert len(r.json()["results"]["bindings"]) == 10000


@pytest.mark.timeout(60)
def test_timeout_kills_query_and_others_are_answered(live_server: str) -> None:
    slow: dict[str, object] = {}

    def run_slow() -> None:
        t = time.monotonic()
        r = httpx.get(live_server + "/sparql", params={"query": CARTESIAN}, timeout=30)
        slow.update(status=r.status_code, body=r.json(), seconds=time.monotonic() - t)

    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.5)
    t = time.monotonic()
    quick = _send(live_server, "GET", SELECT)
    assert quick.status_code == 200 and time.monotonic() - t < 2.5  # answered while the other query runs
    thread.join(30)
    assert slow["status"] == 503
    body = slow["body"]
    assert body["error"] == "query timeout" and body["detail"]["limit"] == "query_timeout"  # type: ignore[index]
    assert body["detail"]["seconds"] == 3.0  # type: ignore[index]
    assert 2.5 < slow["seconds"] < 10  # type: ignore[operator]
    for _ in range(3):  # the killed worker is replaced; the server keeps answering
        assert _send(live_server, "GET", ASK).json()["boolean"] is True


def test_hostile_value_is_just_text(live_server: str) -> None:
    hostile = 'AU" } ; DROP ALL #'
    escaped = hostile.replace('"', '\\"')
    r = _send(live_server, "GET", f'SELECT ?c WHERE {{ ?c <https://w3id.org/dckg/ontology#iso2> "{escaped}" }}')
    assert r.status_code == 200 and r.json()["results"]["bindings"] == []
    pasted = _send(live_server, "GET", f'SELECT ?c WHERE {{ ?c <https://w3id.org/dckg/ontology#iso2> "{hostile}" }}')
    assert pasted.status_code == 400 and pasted.json()["error"] == "syntax error"
    assert _send(live_server, "GET", "ASK { ?s ?p ?o }").json()["boolean"] is True
