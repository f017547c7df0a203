"""The curated graph answers as the cited facts say (shared/domain/facts.md): the flagship at several
dates, membership counts, and the conflicts recorded rather than resolved silently."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.queries import load_queries
from tests.conftest import ROOT
from tests.helpers import project, rows

QUERIES = load_queries(ROOT / "queries")
pytestmark = pytest.mark.timeout(30)


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        # CA: domestic source since 1992; SOSA signed after 2021-08-10 (CRS), listed by 2023-10 (DoD)
        ("2020-01-01", set()),
        ("2022-01-01", {("CA", "uncertain")}),
        ("2023-11-01", {("CA", "certain")}),
        # AU, GB: domestic sources from the FY2024 NDAA (2023-12-22), subject to clause (ii): conditional
        ("2024-01-01", {("AU", "uncertain"), ("CA", "certain"), ("GB", "uncertain")}),
        ("2025-06-23", {("AU", "uncertain"), ("CA", "certain"), ("GB", "uncertain")}),
        # DPA authorities lapsed 2025-09-30 (50 USC 4564); no reauthorization established
        ("2025-10-01", {("AU", "uncertain"), ("CA", "uncertain"), ("GB", "uncertain")}),
    ],
)
def test_flagship_sosa_and_dpa_domestic_source(real_store: ox.Store, as_of: str, expected: set[tuple[str, str]]) -> None:
    got = rows(real_store, QUERIES["in-both-frameworks"], {"as_of": as_of})
    assert project(got, "iso2", "countryCertainty") == expected


def test_flagship_after_lapse_carries_the_lapse_caveat(real_store: ox.Store) -> None:
    got = rows(real_store, QUERIES["in-both-frameworks"], {"as_of": "2026-01-01"})
    dpa = [r for r in got if r["framework"].endswith("/dpa-domestic-source")]
    assert {r["iso2"] for r in dpa} == {"AU", "CA", "GB"}
    assert all("terminated on 2025-09-30" in (r["caveat"] or "") for r in dpa)


def counts(store: ox.Store, as_of: str) -> dict[str, tuple[int, int]]:
    got = rows(store, QUERIES["framework-counts"], {"as_of": as_of})
    return {r["slug"]: (int(r["certain"] or 0), int(r["uncertain"] or 0)) for r in got}


def test_membership_counts_on_report_date(real_store: ox.Store) -> None:
    c = counts(real_store, "2025-06-23")
    assert c["rdp-mou"] == (28, 0)
    assert c["dfars-qualifying-country"] == (28, 0)
    assert c["sosa"] == (19, 0)
    assert c["nato"] == (32, 0)
    assert c["mnna"] == (19, 0)
    assert c["ntib"] == (4, 0)
    assert c["aukus"] == (3, 0)
    assert c["rgqa"] == (7, 0)
    assert c["miea"] == (0, 0)  # no public list of MIEA partners was found


@pytest.mark.parametrize(("as_of", "members"), [("2023-04-03", 30), ("2023-04-04", 31), ("2024-03-06", 31), ("2024-03-07", 32)])
def test_nato_accessions(real_store: ox.Store, as_of: str, members: int) -> None:
    assert counts(real_store, as_of)["nato"] == (members, 0)


def test_sosa_before_canada(real_store: ox.Store) -> None:
    assert counts(real_store, "2022-01-01")["sosa"] == (8, 1)  # CA's signing lies within its bounds
    got = rows(real_store, QUERIES["framework-members"], {"framework": "sosa", "as_of": "2022-01-01"})
    assert project(got, "iso2", "certainty") == {(c, "certain") for c in ("NL", "SE", "IT", "FI", "AU", "ES", "GB", "NO")} \
        | {("CA", "uncertain")}


def test_mnna_excludes_taiwan_afghanistan_and_saudi_arabia(real_store: ox.Store) -> None:
    got = rows(real_store, QUERIES["in-a-not-b"], {"a": "mnna", "b": "nato", "as_of": "2025-06-23"})
    isos = {r["iso2"] for r in got}
    assert isos == {"AR", "AU", "BH", "BR", "CO", "EG", "IL", "JO", "JP", "KE", "KR", "KW", "MA", "NZ", "PH", "PK",
                    "QA", "TH", "TN"}
    in_2020 = {r["iso2"] for r in rows(real_store, QUERIES["in-a-not-b"], {"a": "mnna", "b": "nato", "as_of": "2020-01-01"})}
    assert "AF" in in_2020 and "CO" not in in_2020


def test_rdp_nato_overlap_is_22_and_csis_23_is_recorded(real_store: ox.Store) -> None:
    (row,) = rows(real_store, QUERIES["framework-overlap-count"], {})
    assert (row["inA"], row["inBoth"], row["inBothCertain"]) == ("28", "22", "22")
    non_nato = {r["iso2"] for r in rows(real_store, QUERIES["in-a-not-b"], {"a": "rdp-mou", "b": "nato", "as_of": "2025-06-23"})}
    assert non_nato == {"AU", "AT", "EG", "IL", "JP", "CH"}
    conflicts = rows(real_store, QUERIES["source-conflicts"], {})
    values = {r["value"] for r in conflicts}
    assert {"23", "22"} <= values


def test_conflicts_recorded_both_ways(real_store: ox.Store) -> None:
    conflicts = rows(real_store, QUERIES["source-conflicts"], {})
    claims_per_conflict: dict[str, set[str]] = {}
    for r in conflicts:
        claims_per_conflict.setdefault(r["conflict"] or "", set()).add(r["claim"] or "")
    assert len(claims_per_conflict) == 8
    assert all(len(c) >= 2 for c in claims_per_conflict.values())


def test_every_participation_and_agreement_has_evidence(real_store: ox.Store) -> None:
    q = """PREFIX dckg: <https://w3id.org/dckg/ontology#>
    SELECT ?x WHERE { VALUES ?c { dckg:Participation dckg:Agreement } ?x a ?c FILTER NOT EXISTS { ?x dckg:hasEvidence ?e } }"""
    assert list(real_store.query(q, use_default_graph_as_union=True)) == []
