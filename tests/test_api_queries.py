"""Named questions as REST against a live uvicorn: catalogue, one documented route per .rq file,
validation naming the parameter, formats by Accept, paging, and hostile values bound as terms."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import httpx
import pytest

pytestmark = [pytest.mark.live, pytest.mark.timeout(120)]
QUERIES = sorted(p.stem for p in (Path(__file__).resolve().parent.parent / "queries").glob("*.rq"))


def test_catalogue_lists_every_query(live_server: str) -> None:
    body = httpx.get(live_server + "/api/queries").json()
    names = [q["name"] for q in body["queries"]]
    assert names == QUERIES
    flagship = next(q for q in body["queries"] if q["name"] == "in-both-frameworks")
    assert [(p["name"], p["type"], p["default"]) for p in flagship["params"]] == [
        ("a", "framework", "sosa"), ("b", "framework", "dpa-domestic-source"), ("as_of", "date", "today")]
    assert flagship["url"] == "/api/queries/in-both-frameworks"


def test_openapi_documents_each_query(live_server: str) -> None:
    spec = httpx.get(live_server + "/openapi.json").json()
    assert spec["openapi"].startswith("3.1")
    for name in QUERIES:
        assert f"/api/queries/{name}" in spec["paths"], name
    params = {p["name"]: p for p in spec["paths"]["/api/queries/in-both-frameworks"]["get"]["parameters"]}
    assert set(params) == {"a", "b", "as_of", "limit", "offset"}
    assert params["a"]["schema"]["default"] == "sosa" and "sosa" in params["a"]["schema"]["enum"]
    assert "nato" in params["b"]["schema"]["enum"] and params["b"]["schema"]["examples"] == ["dpa-domestic-source"]
    assert params["as_of"]["schema"]["format"] == "date" and params["as_of"]["schema"]["examples"] == ["2025-06-23"]
    country = {p["name"]: p for p in spec["paths"]["/api/queries/country-timeline"]["get"]["parameters"]}["country"]
    assert "AU" in country["schema"]["enum"]
    assert "/api/qualify" in spec["paths"] and "/sparql" in spec["paths"]


def test_flagship_json(live_server: str) -> None:
    r = httpx.get(live_server + "/api/queries/in-both-frameworks", params={"as_of": "2025-06-23"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    body = r.json()
    iso = body["columns"].index("iso2")
    cert = body["columns"].index("countryCertainty")
    assert {(row[iso], row[cert]) for row in body["rows"]} == {("AU", "uncertain"), ("CA", "certain"),
                                                               ("GB", "uncertain")}
    assert body["total"] == len(body["rows"]) and body["offset"] == 0


def test_formats_by_accept(live_server: str) -> None:
    url = live_server + "/api/queries/in-both-frameworks?as_of=2025-06-23"
    srj = httpx.get(url, headers={"Accept": "application/sparql-results+json"})
    assert srj.headers["content-type"] == "application/sparql-results+json"
    assert {b["iso2"]["value"] for b in srj.json()["results"]["bindings"]} == {"AU", "CA", "GB"}
    c = httpx.get(url, headers={"Accept": "text/csv"})
    assert c.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(c.text)))
    assert {r["iso2"] for r in rows} == {"AU", "CA", "GB"}
    assert httpx.get(url, headers={"Accept": "image/png"}).status_code == 406


def test_paging(live_server: str) -> None:
    url = live_server + "/api/queries/framework-members"
    full = httpx.get(url, params={"framework": "nato", "as_of": "2025-06-23", "limit": 1000}).json()
    page1 = httpx.get(url, params={"framework": "nato", "as_of": "2025-06-23", "limit": 10})
    page2 = httpx.get(url, params={"framework": "nato", "as_of": "2025-06-23", "limit": 10, "offset": 10}).json()
    assert page1.json()["rows"] + page2["rows"] == full["rows"][:20]
    assert page1.headers["x-total-count"] == str(full["total"]) and 'rel="next"' in page1.headers["link"]
    assert httpx.get(url, params={"framework": "nato", "limit": 0}).status_code == 422


@pytest.mark.parametrize(("query", "params", "param"), [
    ("in-both-frameworks", {"a": "nope"}, "a"),
    ("in-both-frameworks", {"b": 'AU" } ; DROP ALL #'}, "b"),
    ("in-both-frameworks", {"as_of": "2025-02-30"}, "as_of"),
    ("in-both-frameworks", {"as_of": "yesterday"}, "as_of"),
    ("country-timeline", {"country": "ZZ"}, "country"),
    ("country-timeline", {"country": 'AU" } ; DROP ALL #'}, "country"),
    ("sources-behind", {"resource": "participation/<x>"}, "resource"),
    ("framework-members", {"framework": "sosa", "limit": "many"}, "limit"),
])
def test_validation_names_the_parameter(live_server: str, query: str, params: dict, param: str) -> None:
    r = httpx.get(f"{live_server}/api/queries/{query}", params=params)
    assert r.status_code == 422
    detail = r.json()["detail"]
    named = detail["parameter"] if isinstance(detail, dict) else detail[0]["parameter"]
    assert named == param
    assert httpx.get(live_server + "/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True


def test_string_parameter_is_bound_as_a_literal(live_server: str) -> None:
    r = httpx.get(live_server + "/api/queries/search-labels", params={"q": 'AU" } ; DROP ALL #'})
    assert r.status_code == 200 and r.json()["rows"] == []
    ok = httpx.get(live_server + "/api/queries/search-labels", params={"q": "canada"}).json()
    assert ok["rows"][0][ok["columns"].index("resource")] == "https://w3id.org/dckg/id/country/CA"


def test_unknown_query_is_404(live_server: str) -> None:
    r = httpx.get(live_server + "/api/queries/no-such-question")
    assert r.status_code == 404 and r.json()["error"]
