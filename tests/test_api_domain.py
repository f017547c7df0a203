"""The domain endpoints against a live uvicorn on the real data (answers from shared/domain/facts.md)."""

from __future__ import annotations

import httpx
import pytest
from pyld import jsonld

pytestmark = [pytest.mark.live, pytest.mark.timeout(120)]


def get(base: str, path: str, **params: object) -> httpx.Response:
    return httpx.get(base + path, params=params, timeout=30)


@pytest.mark.parametrize(("as_of", "expected"), [
    ("2025-06-23", {"AU": "uncertain", "CA": "certain", "GB": "uncertain"}),
    ("2024-01-01", {"AU": "uncertain", "CA": "certain", "GB": "uncertain"}),
    ("2020-01-01", {}),
    ("2025-10-01", {"AU": "uncertain", "CA": "uncertain", "GB": "uncertain"}),
])
def test_qualify_flagship(live_server: str, as_of: str, expected: dict[str, str]) -> None:
    r = get(live_server, "/api/qualify", frameworks="sosa,dpa-domestic-source", as_of=as_of)
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    body = r.json()
    assert (body["as_of"], body["frameworks"]) == (as_of, ["sosa", "dpa-domestic-source"])
    assert {c["iso2"]: c["certainty"] for c in body["countries"]} == expected
    for c in body["countries"]:
        assert set(c) == {"iso2", "iso3", "label", "iri", "certainty", "evidence"}
        for e in c["evidence"]:
            assert {"framework", "status", "valid_from", "valid_until", "instrument", "legal_basis", "sources"} <= set(e)
            assert all({"title", "url", "locator"} <= set(s) for s in e["sources"])
    lapsed = [c for c in body["caveats"] if c["kind"] == "lapsed-legal-basis"]
    assert bool(lapsed) is (as_of >= "2025-09-30")


def test_qualify_repeated_param_exclude_and_mode(live_server: str) -> None:
    r = httpx.get(live_server + "/api/qualify?frameworks=sosa&frameworks=dpa-domestic-source&as_of=2025-06-23")
    assert {c["iso2"] for c in r.json()["countries"]} == {"AU", "CA", "GB"}
    ex = get(live_server, "/api/qualify", frameworks="sosa", exclude="nato,mnna", as_of="2025-06-23").json()
    assert [c["iso2"] for c in ex["countries"]] == ["IN", "SG"]
    anyof = get(live_server, "/api/qualify", frameworks="ntib,aukus", mode="any", as_of="2025-06-23").json()
    assert {c["iso2"] for c in anyof["countries"]} == {"AU", "CA", "GB", "NZ", "US"}


@pytest.mark.parametrize(("params", "param"), [
    ({"frameworks": "sosa,nope"}, "frameworks"),
    ({"frameworks": 'AU" } ; DROP ALL #'}, "frameworks"),
    ({"frameworks": "sosa", "as_of": "2025-13-01"}, "as_of"),
    ({"frameworks": "sosa", "mode": "most"}, "mode"),
    ({"frameworks": "sosa", "exclude": "natoo"}, "exclude"),
    ({}, "frameworks"),
])
def test_qualify_422(live_server: str, params: dict, param: str) -> None:
    r = get(live_server, "/api/qualify", **params)
    assert r.status_code == 422 and r.json()["error"] == "invalid parameter"
    detail = r.json()["detail"]
    assert (detail["parameter"] if isinstance(detail, dict) else detail[0]["parameter"]) == param


def test_explain(live_server: str) -> None:
    body = get(live_server, "/api/explain", country="AU", framework="dpa-domestic-source", as_of="2025-10-01").json()
    assert (body["holds"], body["certainty"]) == (True, "uncertain")
    assert body["facts"][0]["verdict"] == {"start": "certain", "end": "uncertain", "state": "uncertain"}
    assert any(d["rule_label"] == "Participates in" for d in body["derived"]) and body["citations"]
    no = get(live_server, "/api/explain", country="GB", framework="dpa-domestic-source", as_of="2023-01-01").json()
    assert no["holds"] is False and no["facts"][0]["verdict"]["start"] == "not held"
    bad = get(live_server, "/api/explain", country='AU" } ; DROP ALL #', framework="sosa")
    assert bad.status_code == 422 and bad.json()["detail"]["parameter"] == "country"


def test_changes(live_server: str) -> None:
    body = get(live_server, "/api/changes", **{"from": "2024-01-01", "to": "2024-12-31",
                                               "frameworks": "sosa,nato,mnna"}).json()
    assert (body["from"], body["to"]) == ("2024-01-01", "2024-12-31")
    assert [(c["iso2"], c["framework"], c["change"], c["date"]) for c in body["changes"]] == [
        ("SE", "nato", "gained", "2024-03-07"), ("KE", "mnna", "gained", "2024-06-24"),
        ("IN", "sosa", "gained", "2024-08-22"), ("DE", "sosa", "gained", "2024-10-22")]
    assert all(c["evidence"] for c in body["changes"])
    bad = get(live_server, "/api/changes", **{"from": "2024-12-31", "to": "2024-01-01"})
    assert bad.status_code == 422 and bad.json()["detail"]["parameter"] == "to"
    missing = get(live_server, "/api/changes", to="2024-01-01")
    assert missing.status_code == 422 and missing.json()["detail"][0]["parameter"] == "from"


def test_countries_frameworks_members_search(live_server: str) -> None:
    countries = get(live_server, "/api/countries").json()["countries"]
    assert {"iso2": "AU", "iso3": "AUS"}.items() <= next(c for c in countries if c["iso2"] == "AU").items()
    au = get(live_server, "/api/countries/AU", as_of="2025-06-23").json()
    assert {"sosa", "mnna", "dpa-domestic-source"} <= {s["framework"] for s in au["standings"]}
    assert au["privileges"] and au["agreements"] and au["sources"]
    assert get(live_server, "/api/countries/ZZ").status_code == 404
    fws = {f["slug"]: f for f in get(live_server, "/api/frameworks", as_of="2025-06-23").json()["frameworks"]}
    assert fws["sosa"]["members"] == {"certain": 19, "uncertain": 0}
    members = get(live_server, "/api/frameworks/nato/members", as_of="2024-03-07").json()
    assert len(members["members"]) == 32 and "SE" in {m["iso2"] for m in members["members"]}
    before = get(live_server, "/api/frameworks/nato/members", as_of="2024-03-06").json()
    assert len(before["members"]) == 31
    assert get(live_server, "/api/frameworks/nope/members").status_code == 404
    found = get(live_server, "/api/search", q="aus").json()["results"]
    assert [r["id"] for r in found[:2]] == ["AU", "AT"]
    assert get(live_server, "/api/search", q="").status_code == 422


def test_jsonld_on_request(live_server: str) -> None:
    r = httpx.get(live_server + "/api/qualify", params={"frameworks": "sosa,dpa-domestic-source",
                                                        "as_of": "2025-06-23"},
                  headers={"Accept": "application/ld+json"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/ld+json"
    expanded = jsonld.expand(r.json())
    ids = {c["@id"] for c in expanded[0]["https://w3id.org/dckg/api#countries"]}
    assert ids == {f"https://w3id.org/dckg/id/country/{c}" for c in ("AU", "CA", "GB")}
    assert get(live_server, "/api/countries").headers["content-type"] == "application/json"
