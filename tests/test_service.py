"""kg.service on the real curated data: answer sets derived from shared/domain/facts.md."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg import service
from kg.errors import QueryError
from kg.queries import NamedQuery, load_queries
from kg.settings import Settings

SOSA_2025 = {"AU", "CA", "DK", "DE", "EE", "ES", "FI", "GB", "IL", "IN", "IT", "JP", "KR", "LT", "LV", "NL", "NO",
             "SE", "SG"}  # facts.md 2.x, "SOSA set as of 2025-06-23"
MNNA_2025 = {"AR", "AU", "BH", "BR", "CO", "EG", "IL", "JO", "JP", "KE", "KR", "KW", "MA", "NZ", "PH", "PK", "QA",
             "TH", "TN"}  # facts.md 4.x
FLAGSHIP = ["sosa", "dpa-domestic-source"]


@pytest.fixture(scope="module")
def queries(real_settings: Settings) -> dict[str, NamedQuery]:
    return load_queries(real_settings.queries_dir)


@pytest.fixture(scope="module")
def lookups(real_store: ox.Store, queries: dict[str, NamedQuery]) -> service.Lookups:
    return service.Lookups(real_store, queries)


def certainty(answer: dict) -> dict[str, str]:
    return {c["iso2"]: c["certainty"] for c in answer["countries"]}


@pytest.mark.parametrize(("as_of", "expected"), [
    ("2025-06-23", {"AU": "uncertain", "CA": "certain", "GB": "uncertain"}),   # AU/GB conditional (facts 6.2)
    ("2024-01-01", {"AU": "uncertain", "CA": "certain", "GB": "uncertain"}),   # CA SOSA by 2023-10 (2.9, 2.14)
    ("2023-06-01", {"CA": "uncertain"}),        # CA SOSA between 2021-08-10 and 2023-10; AU/GB DPA from 2023-12-22
    ("2021-01-01", {}),                          # CA had no SOSA on 2021-08-10
    ("2020-01-01", {}),
    ("2025-10-01", {"AU": "uncertain", "CA": "uncertain", "GB": "uncertain"}),  # DPA lapse 2025-09-30 (6.4)
    ("2026-11-25", {"AU": "uncertain", "CA": "uncertain", "GB": "uncertain"}),
])
def test_qualify_flagship(real_store: ox.Store, queries: dict, lookups: service.Lookups, as_of: str,
                          expected: dict[str, str]) -> None:
    answer = service.qualify(real_store, queries, FLAGSHIP, as_of, lookups=lookups)
    assert answer["as_of"] == as_of and answer["frameworks"] == FLAGSHIP and answer["mode"] == "all"
    assert certainty(answer) == expected
    lapse = [c for c in answer["caveats"] if c["kind"] == "lapsed-legal-basis"]
    if as_of >= "2025-09-30":
        assert [(c["framework"], c["date"]) for c in lapse] == [("dpa-domestic-source", "2025-09-30")]
        assert "no reauthorization is established" in lapse[0]["text"]
    else:
        assert lapse == []


def test_qualify_body_carries_evidence_and_caveats(real_store: ox.Store, queries: dict) -> None:
    answer = service.qualify(real_store, queries, "sosa,dpa-domestic-source", "2025-06-23")  # no Lookups: CLI path
    au = next(c for c in answer["countries"] if c["iso2"] == "AU")
    assert (au["iso3"], au["label"], au["iri"]) == ("AUS", "Australia", "https://w3id.org/dckg/id/country/AU")
    by_fw = {e["framework"]: e for e in au["evidence"]}
    assert set(by_fw) == set(FLAGSHIP)
    dpa = by_fw["dpa-domestic-source"]
    assert (dpa["status"], dpa["valid_from"], dpa["valid_until"], dpa["certainty"]) == ("in-force", "2023-12-22", None,
                                                                                        "uncertain")
    assert dpa["instrument"]["iri"] == "https://w3id.org/dckg/id/statute/pl-118-31-s1080"
    assert {b["iri"].rsplit("/", 1)[1] for b in dpa["legal_basis"]} >= {"dpa-702-7", "pl-118-31-s1080"}
    assert dpa["sources"] and all(s["title"] and s["locator"] for s in dpa["sources"])
    kinds = {(c["kind"], c["iso2"]) for c in answer["caveats"]}
    assert {("conditional", "AU"), ("conditional", "GB")} <= kinds and ("conditional", "CA") not in kinds
    conflicts = {c["conflict"].rsplit("/", 1)[1] for c in answer["caveats"] if c["kind"] == "source-conflict"}
    assert {"dpa-after-sunset", "canada-sosa"} <= conflicts


def test_qualify_general_path_agrees_with_flagship(real_store: ox.Store, queries: dict) -> None:
    held = service._standings(real_store, queries, FLAGSHIP, "2025-06-23")
    both = {iso: e for iso, e in held.items() if len(e["by"]) == 2}
    assert set(both) == {"AU", "CA", "GB"}


def test_qualify_exclude_and_any(real_store: ox.Store, queries: dict, lookups: service.Lookups) -> None:
    only = service.qualify(real_store, queries, ["sosa"], "2025-06-23", exclude=["nato", "mnna"], lookups=lookups)
    assert certainty(only) == {"IN": "certain", "SG": "certain"}
    anyof = service.qualify(real_store, queries, ["ntib", "aukus"], "2025-06-23", mode="any", lookups=lookups)
    assert set(certainty(anyof)) == {"AU", "CA", "GB", "NZ", "US"}
    assert set(certainty(service.qualify(real_store, queries, ["sosa"], "2025-06-23"))) == SOSA_2025
    assert set(certainty(service.qualify(real_store, queries, ["mnna"], "2025-06-23"))) == MNNA_2025


@pytest.mark.parametrize(("kwargs", "param"), [
    ({"frameworks": ["sosa", "nope"]}, "frameworks"),
    ({"frameworks": []}, "frameworks"),
    ({"frameworks": ['AU" } ; DROP ALL #']}, "frameworks"),
    ({"frameworks": ["sosa"], "as_of": "2025-02-30"}, "as_of"),
    ({"frameworks": ["sosa"], "as_of": "23/06/2025"}, "as_of"),
    ({"frameworks": ["sosa"], "mode": "most"}, "mode"),
    ({"frameworks": ["sosa"], "exclude": ["natoo"]}, "exclude"),
])
def test_qualify_rejects(real_store: ox.Store, queries: dict, kwargs: dict, param: str) -> None:
    with pytest.raises(QueryError) as err:
        service.qualify(real_store, queries, **kwargs)
    assert err.value.param == param


def test_explain_uncertain_after_lapse(real_store: ox.Store, queries: dict) -> None:
    answer = service.explain(real_store, queries, "au", "dpa-domestic-source", "2025-10-01")
    assert (answer["holds"], answer["certainty"]) == (True, "uncertain")
    [fact] = answer["facts"]
    assert fact["verdict"] == {"start": "certain", "end": "uncertain", "state": "uncertain"}
    assert fact["start"]["latest"] == "2023-12-22" and fact["end"] == {"earliest": "2025-09-30", "latest": None,
                                                                        "precision": "bounds"}
    assert fact["conditional"] is True and "clause (ii)" in fact["condition"]
    assert any("may have ended" in r for r in fact["reasons"])
    assert fact["record"]["file"] == "participations/dpa-domestic-source.yaml"
    assert {c["kind"] for c in answer["caveats"]} >= {"lapsed-legal-basis", "conditional", "source-conflict"}
    rules = {(d["rule_label"], d["value"]) for d in answer["derived"]}
    assert ("Participates in", "https://w3id.org/dckg/id/framework/dpa-domestic-source") in rules
    assert answer["citations"]


def test_explain_not_held(real_store: ox.Store, queries: dict) -> None:
    before = service.explain(real_store, queries, "GB", "dpa-domestic-source", "2023-01-01")
    assert (before["holds"], before["certainty"]) == (False, None)
    assert before["facts"][0]["verdict"]["start"] == "not held"
    assert "had not started" in before["summary"]
    none = service.explain(real_store, queries, "JP", "nato", "2025-06-23")
    assert none["holds"] is False and none["facts"] == [] and "no participation" in none["summary"]
    ca = service.explain(real_store, queries, "CA", "dpa-domestic-source", "2025-06-23")
    assert (ca["holds"], ca["certainty"]) == (True, "certain")


def test_changes(real_store: ox.Store, queries: dict) -> None:
    answer = service.changes(real_store, queries, "2024-01-01", "2024-12-31", ["sosa", "nato", "mnna"])
    got = {(c["iso2"], c["framework"], c["change"], c["date"], c["certainty"]) for c in answer["changes"]}
    assert got == {("SE", "nato", "gained", "2024-03-07", "certain"), ("KE", "mnna", "gained", "2024-06-24", "certain"),
                   ("IN", "sosa", "gained", "2024-08-22", "certain"), ("DE", "sosa", "gained", "2024-10-22", "certain")}
    assert all(c["evidence"] for c in answer["changes"])
    lapse = service.changes(real_store, queries, "2025-01-01", "2025-12-31", "dpa-domestic-source")
    assert {(c["iso2"], c["change"], c["certainty"], c["earliest"]) for c in lapse["changes"]} == {
        ("AU", "lost", "uncertain", "2025-09-30"), ("CA", "lost", "uncertain", "2025-09-30"),
        ("GB", "lost", "uncertain", "2025-09-30")}
    edge = service.changes(real_store, queries, "2024-03-07", "2024-03-07", "nato")  # both ends inclusive
    assert [(c["iso2"], c["change"]) for c in edge["changes"]] == [("SE", "gained")]
    with pytest.raises(QueryError) as err:
        service.changes(real_store, queries, "2024-12-31", "2024-01-01")
    assert err.value.param == "to"


def test_profiles_lists_and_search(real_store: ox.Store, queries: dict, lookups: service.Lookups) -> None:
    au = service.country_profile(real_store, queries, "AU", "2025-06-23", lookups)
    assert au["country"]["iso3"] == "AUS"
    held = {s["framework"] for s in au["standings"]}
    assert {"sosa", "mnna", "five-eyes", "dpa-domestic-source", "aukus", "ntib"} <= held and "nato" not in held
    assert au["privileges"] and au["agreements"] and au["sources"]
    with pytest.raises(service.UnknownResource):
        service.country_profile(real_store, queries, "ZZ")
    fws = {f["slug"]: f for f in service.frameworks_list(real_store, queries, "2025-06-23")["frameworks"]}
    assert fws["sosa"]["members"] == {"certain": 19, "uncertain": 0} and fws["nato"]["members"]["certain"] == 32
    members = service.members(real_store, queries, "sosa", "2025-06-23", lookups)
    assert {m["iso2"] for m in members["members"]} == SOSA_2025
    with pytest.raises(service.UnknownResource):
        service.members(real_store, queries, "nope")
    found = service.search(real_store, queries, "aus")["results"]
    assert [r["id"] for r in found[:2]] == ["AU", "AT"]
    assert service.search(real_store, queries, '" } DROP ALL #')["results"] == []
    with pytest.raises(QueryError):
        service.search(real_store, queries, "  ")
    assert len(service.countries_list(real_store, queries)["countries"]) >= 60
