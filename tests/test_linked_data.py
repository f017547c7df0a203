"""Linked data: dereferencing, content negotiation, ETags, CORS, 404s, ontology pages, dumps and VoID.

Every RDF answer is parsed by two strict parsers (rdflib and pyoxigraph) and compared, as a graph, with
what the store holds; JSON-LD is also expanded with pyld through the context published at
/context.jsonld.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from pyld import jsonld
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import VOID

from api.main import create_app
from api.routes.resources import describe
from kg.settings import Settings

ID = "https://w3id.org/dckg/id/"
SAMPLE = ["country/FI", "framework/nato", "participation/nato-FI", "agreement/north-atlantic-treaty",
          "conflict/japan-sosa-day", "evidence/country-FI-1"]
RDF_FORMATS = {  # key: (media type, rdflib format, pyoxigraph format)
    "ttl": ("text/turtle", "turtle", ox.RdfFormat.TURTLE),
    "nt": ("application/n-triples", "nt", ox.RdfFormat.N_TRIPLES),
    "rdf": ("application/rdf+xml", "xml", ox.RdfFormat.RDF_XML),
    "jsonld": ("application/ld+json", "json-ld", ox.RdfFormat.JSON_LD),
}


@pytest.fixture(scope="module")
def client(real_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(real_settings)) as c:
        yield c


@pytest.fixture(scope="module")
def store(client: TestClient) -> ox.Store:
    return client.app.state.runtime.store  # type: ignore[attr-defined]


def reference(triples: list[ox.Triple]) -> Graph:
    return Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"", format="nt")


def inline_context(client: TestClient, body: bytes) -> bytes:
    """Replace a remote @context by the document published at /context.jsonld (strict parsers stay offline)."""
    doc = json.loads(body)
    if isinstance(doc.get("@context"), str):
        assert doc["@context"].endswith("/context.jsonld")
        doc["@context"] = client.get("/context.jsonld").json()["@context"]
    return json.dumps(doc).encode()


def loader(client: TestClient) -> Any:
    def load(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
        assert url.endswith("/context.jsonld"), url
        return {"contextUrl": None, "documentUrl": url, "document": client.get("/context.jsonld").json()}
    return load


def parse_both(client: TestClient, body: bytes, key: str) -> tuple[Graph, Graph]:
    """The body parsed by rdflib and by pyoxigraph (each as an rdflib graph for comparison)."""
    _, rdflib_format, ox_format = RDF_FORMATS[key]
    if key == "jsonld":
        body = inline_context(client, body)
    by_rdflib = Graph().parse(data=body, format=rdflib_format)
    by_ox = reference([q.triple for q in ox.parse(body, format=ox_format)])
    return by_rdflib, by_ox


@pytest.mark.parametrize("path", SAMPLE)
@pytest.mark.parametrize("key", sorted(RDF_FORMATS))
def test_each_format_parses_and_round_trips(client: TestClient, store: ox.Store, path: str, key: str) -> None:
    media = RDF_FORMATS[key][0]
    r = client.get(f"/id/{path}", headers={"Accept": media})
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == media
    expected = reference(describe(store, ID + path))
    assert len(expected) > 0
    by_rdflib, by_ox = parse_both(client, r.content, key)
    assert isomorphic(by_rdflib, expected), f"rdflib reading of {key} differs"
    assert isomorphic(by_ox, expected), f"pyoxigraph reading of {key} differs"
    again = Graph().parse(data=by_rdflib.serialize(format=RDF_FORMATS[key][1]), format=RDF_FORMATS[key][1]) \
        if key != "jsonld" else by_rdflib
    assert isomorphic(again, expected)


@pytest.mark.parametrize("path", SAMPLE[:3])
def test_jsonld_expands_with_pyld_through_the_published_context(client: TestClient, store: ox.Store,
                                                                 path: str) -> None:
    doc = client.get(f"/id/{path}", headers={"Accept": "application/ld+json"}).json()
    assert isinstance(doc["@context"], str) and doc["@context"].endswith("/context.jsonld")
    options = {"documentLoader": loader(client)}
    expanded = jsonld.expand(doc, options)
    assert expanded and all("@id" in node for node in expanded)
    nquads = jsonld.to_rdf(doc, {**options, "format": "application/n-quads"})
    assert isomorphic(Graph().parse(data=nquads, format="nt"), reference(describe(store, ID + path)))


@pytest.mark.parametrize(("accept", "expected"), [
    ("text/html", "text/html"),
    ("text/turtle", "text/turtle"),
    ("application/ld+json", "application/ld+json"),
    ("application/json", "application/ld+json"),
    ("application/n-triples", "application/n-triples"),
    ("application/rdf+xml", "application/rdf+xml"),
    ("text/turtle;q=0.5, application/ld+json;q=0.9", "application/ld+json"),
    ("text/html;q=0.1, text/turtle", "text/turtle"),
    ("*/*", "text/html"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),
    ("application/*", "application/ld+json"),  # a type wildcard: the first RDF type it covers
    ("text/*;q=0.2, application/rdf+xml", "application/rdf+xml"),
])
def test_accept_header_chooses_the_format(client: TestClient, accept: str, expected: str) -> None:
    r = client.get("/id/country/FI", headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == expected
    assert r.headers["vary"] == "Accept"


@pytest.mark.parametrize(("fmt", "expected"), [("ttl", "text/turtle"), ("turtle", "text/turtle"),
                                               ("jsonld", "application/ld+json"), ("nt", "application/n-triples"),
                                               ("rdf", "application/rdf+xml"), ("html", "text/html")])
def test_format_parameter_overrides_accept(client: TestClient, fmt: str, expected: str) -> None:
    r = client.get(f"/id/country/FI?format={fmt}", headers={"Accept": "text/html"})
    assert r.headers["content-type"].split(";")[0] == expected


def test_unacceptable_and_unknown_formats(client: TestClient) -> None:
    assert client.get("/id/country/FI", headers={"Accept": "image/png"}).status_code == 406
    r = client.get("/id/country/FI?format=yaml")
    assert r.status_code == 400 and r.json()["error"] == "unknown format"


def test_link_headers_name_every_other_format(client: TestClient) -> None:
    link = client.get("/id/country/FI", headers={"Accept": "text/turtle"}).headers["link"]
    for media in ("text/html", "application/ld+json", "application/n-triples", "application/rdf+xml"):
        assert f'rel="alternate"; type="{media}"' in link
    assert "format=jsonld" in link and 'type="text/turtle"' not in link


def test_etag_revalidation_gives_304(client: TestClient) -> None:
    first = client.get("/id/country/FI", headers={"Accept": "text/turtle"})
    etag = first.headers["etag"]
    again = client.get("/id/country/FI", headers={"Accept": "text/turtle", "If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    other = client.get("/id/country/FI", headers={"Accept": "application/ld+json", "If-None-Match": etag})
    assert other.status_code == 200 and other.headers["etag"] != etag
    build_id = client.app.state.runtime.build.build_id  # type: ignore[attr-defined]
    assert build_id  # the tag is derived from it (a new build changes every tag)


def test_cors_on_get_and_preflight(client: TestClient) -> None:
    r = client.get("/id/country/FI", headers={"Accept": "text/turtle", "Origin": "https://example.org"})
    assert r.headers["access-control-allow-origin"] == "*"
    assert "ETag" in r.headers["access-control-expose-headers"]
    pre = client.options("/id/country/FI", headers={"Origin": "https://example.org",
                                                     "Access-Control-Request-Method": "GET"})
    assert pre.status_code == 204 and "GET" in pre.headers["access-control-allow-methods"]


@pytest.mark.parametrize("key", sorted(RDF_FORMATS))
def test_404_in_the_negotiated_format(client: TestClient, key: str) -> None:
    media = RDF_FORMATS[key][0]
    r = client.get("/id/country/ZZ", headers={"Accept": media})
    assert r.status_code == 404
    assert r.headers["content-type"].split(";")[0] == media
    by_rdflib, by_ox = parse_both(client, r.content, key)
    assert len(by_ox) == 0 and len(by_rdflib) == 0
    assert "ZZ" in r.text  # says which IRI (a comment, or an unmapped JSON-LD key)


def test_404_page(client: TestClient) -> None:
    r = client.get("/id/country/ZZ", headers={"Accept": "text/html"})
    assert r.status_code == 404 and "text/html" in r.headers["content-type"] and "Not found" in r.text


def test_resource_page_shows_what_it_should(client: TestClient) -> None:
    page = client.get("/id/country/JP?as_of=2023-06-01", headers={"Accept": "text/html"}).text
    assert '<h1 id="label">Japan</h1>' in page
    assert "Query this in SPARQL" in page and "/sparql?query=DESCRIBE%20%3Chttps%3A//w3id.org/dckg/id/country/JP%3E" in page
    assert "/explore?focus=country/JP" in page.replace("%2F", "/")
    assert 'class="timeline"' in page and "Security of Supply Arrangement partner" in page
    assert 'class="conflict"' in page and "Day of the U.S.-Japan SOSA signing" in page  # facts.md 2.11 vs ExecutiveGov
    assert 'class="evidence"' in page and "locator" in page.lower()
    assert 'value="2023-06-01"' in page  # the as-of selector keeps the date


def test_timeline_state_follows_the_date(client: TestClient) -> None:
    before = client.get("/id/country/FI?as_of=2023-04-03", headers={"Accept": "text/html"}).text
    after = client.get("/id/country/FI?as_of=2023-04-04", headers={"Accept": "text/html"}).text
    row = 'data-framework="https://w3id.org/dckg/id/framework/nato" data-country="https://w3id.org/dckg/id/country/FI"'
    assert f'{row} data-state="not held"' in before  # Finland joined NATO on 2023-04-04 (facts.md 3.10)
    assert f'{row} data-state="certain"' in after


def test_ontology_iri_and_terms_dereference(client: TestClient, store: ox.Store) -> None:
    page = client.get("/ontology", headers={"Accept": "text/html"})
    assert page.status_code == 200 and 'id="Country"' in page.text and 'id="participant"' in page.text
    r = client.get("/ontology", headers={"Accept": "text/turtle"})
    by_rdflib, by_ox = parse_both(client, r.content, "ttl")
    assert (URIRef("https://w3id.org/dckg/ontology"), None, None) in by_rdflib
    assert isomorphic(by_rdflib, by_ox)
    assert client.get("/shapes", headers={"Accept": "text/html"}).status_code == 200
    shapes = client.get("/shapes?format=ttl")
    assert len(parse_both(client, shapes.content, "ttl")[1]) > 50


def test_validation_report_of_the_build(client: TestClient) -> None:
    page = client.get("/validation", headers={"Accept": "text/html"}).text
    assert "conforms" in page
    r = client.get("/validation?format=nt")
    assert "http://www.w3.org/ns/shacl#conforms" in r.text


def test_dumps_listed_with_checksums_and_parse(client: TestClient, store: ox.Store) -> None:
    listing = client.get("/dumps/?format=json").json()
    names = {f["name"] for f in listing["files"]}
    assert {"dckg.trig.gz", "dckg.nq.gz", "dckg.ttl", "dckg.jsonld", "void.ttl"} <= names
    quads = {q for q in store.quads_for_pattern(None, None, None, None)}
    union = reference(list({q.triple for q in quads}))
    assert listing["triples"] == len(union) and listing["quads"] == len(quads)
    sums = dict(line.split("  ")[::-1] for line in client.get("/dumps/SHA256SUMS").text.splitlines())
    for f in listing["files"]:
        body = client.get(f["href"]).content
        assert hashlib.sha256(body).hexdigest() == f["sha256"] == sums[f["name"]]
    for name, rdflib_format, ox_format in (("dckg.trig.gz", "trig", ox.RdfFormat.TRIG),
                                           ("dckg.nq.gz", "nquads", ox.RdfFormat.N_QUADS)):
        data = gzip.decompress(client.get(f"/dumps/{name}").content)
        parsed = set(ox.parse(data, format=ox_format))
        assert parsed == quads
        ds = Dataset()
        ds.parse(data=data, format=rdflib_format)
        assert sum(1 for _ in ds.quads((None, None, None, None))) == len(quads)
        assert len({str(g.identifier) for g in ds.graphs()} - {"urn:x-rdflib:default"}) == len(
            {q.graph_name for q in quads})
    for name, key in (("dckg.ttl", "ttl"), ("dckg.jsonld", "jsonld")):
        by_rdflib, by_ox = parse_both(client, client.get(f"/dumps/{name}").content, key)
        assert isomorphic(by_rdflib, union) and isomorphic(by_ox, union)
    doc = client.get("/dumps/dckg.jsonld").json()
    assert len(jsonld.expand(doc)) > 1000


def test_void_and_dcat_description(client: TestClient, store: ox.Store) -> None:
    for path in ("/.well-known/void", "/dataset?format=ttl"):
        r = client.get(path, headers={"Accept": "text/turtle"})
        assert r.status_code == 200
        g = Graph().parse(data=r.content, format="turtle")
        ds = URIRef("https://w3id.org/dckg/dataset")
        union = {q.triple for q in store.quads_for_pattern(None, None, None, None)}
        assert g.value(ds, VOID.triples) == Literal(len(union))
        assert g.value(ds, VOID.sparqlEndpoint) == URIRef("https://w3id.org/dckg/sparql")
        assert str(g.value(ds, URIRef("http://purl.org/dc/terms/license"))).startswith("https://creativecommons.org/")
        assert g.value(ds, VOID.classes) is not None and g.value(ds, VOID.properties) is not None
        assert len(list(g.objects(ds, URIRef("http://purl.org/dc/terms/source")))) > 50
        assert len(list(g.objects(ds, VOID.dataDump))) == 4
    page = client.get("/dataset", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "SHA256SUMS" in page.text


def test_dump_file_revalidates(client: TestClient) -> None:
    r = client.get("/dumps/dckg.ttl")
    assert client.get("/dumps/dckg.ttl", headers={"If-None-Match": r.headers["etag"]}).status_code == 304
    assert client.get("/dumps/nope.txt").status_code == 404
    assert io.BytesIO(r.content).read(7) == b"@prefix"
