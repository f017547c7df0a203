"""Every named query against its exact answer set on the fixture corpus (tests/data/corpus).

The corpus is fictional (ISO user-assigned codes XA–XE); its dates exercise day/month/year
precision, bounds, an ended standing (XD alpha until 2012-07), a conditional standing (XB beta)
and a sunset legal basis (gamma: Test Act, 2030-06-30, no reauthorization).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import QueryError
from kg.queries import NamedQuery, load_queries, parse_query_file
from tests.helpers import project, rows

ROOT = Path(__file__).resolve().parent.parent
QUERIES = load_queries(ROOT / "queries")
pytestmark = pytest.mark.timeout(20)


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2014-01-01", {("XA", "certain")}),
        ("2015-06-01", {("XA", "certain")}),  # XB's alpha start (2015) is inside the year; beta not yet
        ("2016-06-01", {("XA", "certain"), ("XB", "uncertain")}),  # XB beta is conditional
        ("2018-06-01", {("XA", "certain"), ("XB", "uncertain"), ("XC", "uncertain")}),  # XC alpha within bounds
        ("2020-01-01", {("XA", "certain"), ("XB", "uncertain"), ("XC", "certain")}),
        ("2012-06-15", {("XA", "certain"), ("XD", "certain")}),
        ("2012-07-15", {("XA", "certain"), ("XD", "uncertain")}),  # XD alpha ended some day in 2012-07
        ("2012-08-01", {("XA", "certain")}),
        ("1999-12-31", set()),
    ],
)
def test_flagship_on_fixture(fixture_store: ox.Store, as_of: str, expected: set[tuple[str, str]]) -> None:
    got = rows(fixture_store, QUERIES["in-both-frameworks"], {"a": "alpha", "b": "beta", "as_of": as_of})
    assert project(got, "iso2", "countryCertainty") == expected


def test_flagship_lists_participations_and_citations(fixture_store: ox.Store) -> None:
    got = rows(fixture_store, QUERIES["in-both-frameworks"], {"a": "alpha", "b": "beta", "as_of": "2016-06-01"})
    assert project(got, "participation", "status", "certainty", "validFrom") == {
        ("https://w3id.org/dckg/id/participation/alpha-XA", "in-force", "certain", "2010-05-01"),
        ("https://w3id.org/dckg/id/participation/beta-XA", "in-force", "certain", "2012-01-01"),
        ("https://w3id.org/dckg/id/participation/alpha-XB", "signed", "certain", "2015"),
        ("https://w3id.org/dckg/id/participation/beta-XB", "in-force", "uncertain", "2016-03-15"),
    }
    xa = [r for r in got if r["participation"].endswith("alpha-XA")][0]
    assert (xa["sourceTitle"], xa["locator"], xa["confidence"]) == ("Fixture report one", "p. 1", "high")
    assert xa["instrument"] == "https://w3id.org/dckg/id/agreement/alpha-xa"
    xb = [r for r in got if r["participation"].endswith("beta-XB")][0]
    assert xb["condition"] == "Subject to conditions not retrieved."


def test_flagship_after_sunset_is_uncertain_with_caveat(fixture_store: ox.Store) -> None:
    before = rows(fixture_store, QUERIES["in-both-frameworks"], {"a": "alpha", "b": "gamma", "as_of": "2030-06-29"})
    after = rows(fixture_store, QUERIES["in-both-frameworks"], {"a": "alpha", "b": "gamma", "as_of": "2030-06-30"})
    assert project(before, "iso2", "countryCertainty") == {("XA", "certain"), ("XC", "certain")}
    assert project(after, "iso2", "countryCertainty") == {("XA", "uncertain"), ("XC", "uncertain")}
    gamma_rows = [r for r in after if r["framework"].endswith("/gamma")]
    assert gamma_rows and all("Test Act" in (r["caveat"] or "") for r in gamma_rows)


CASES: list[tuple[str, dict[str, str], tuple[str, ...], set[tuple[str | None, ...]]]] = [
    ("in-a-not-b", {"a": "alpha", "b": "beta", "as_of": "2016-06-01"}, ("iso2", "certainty"), {("XB", "uncertain")}),
    ("in-a-not-b", {"a": "beta", "b": "alpha", "as_of": "2013-01-01"}, ("iso2", "certainty"),
     {("XC", "certain"), ("XD", "certain")}),
    ("in-a-none-of", {"a": "beta", "b": "alpha", "c": "gamma", "as_of": "2022-01-01"}, ("iso2", "certainty"),
     {("XD", "certain"), ("XE", "certain")}),
    ("in-any-of", {"a": "gamma", "b": "delta", "as_of": "2020-06-01"}, ("iso2", "certainty", "frameworks"),
     {("XA", "certain", "gamma"), ("XB", "certain", "delta"), ("XC", "certain", "gamma")}),
    ("framework-counts", {"as_of": "2016-06-01"}, ("slug", "certain", "uncertain"),
     {("alpha", "2", "0"), ("beta", "3", "1"), ("gamma", "2", "0"), ("delta", "0", "0")}),
    ("membership-over-time", {"framework": "alpha"}, ("date", "certain", "uncertain"), {
        ("2000-01-01", "1", "0"), ("2010-05-01", "2", "0"), ("2012-07-01", "1", "1"), ("2012-07-31", "1", "0"),
        ("2015-01-01", "1", "1"), ("2015-12-31", "2", "0"), ("2018-01-01", "2", "1"), ("2019-06-30", "3", "0"),
        ("2020-01-01", "3", "0"), ("2020-12-31", "3", "0")}),
    ("country-privileges", {"country": "XA", "as_of": "2031-01-01"}, ("privilegeLabel", "relaxesLabel", "certainty"),
     {("Alpha waiver", "Test Act", "certain"), ("Gamma access", "Test process", "uncertain")}),
    ("country-privileges", {"country": "xe", "as_of": "2020-06-01"}, ("privilegeLabel",), set()),
    ("regulations-relaxed", {"framework": "alpha"}, ("privilegeLabel", "relaxesLabel", "citation"),
     {("Alpha waiver", "Test Act", "1 TC 1")}),
    ("concerning", {"target": "regulation/test-reg"}, ("kind", "label", "ordinal"),
     {("finding", "Test Regulation is hard", None), ("recommendation", "Review the Test Regulation", "1")}),
    ("concerning", {"target": "framework/alpha"}, ("label",), {("Review the Test Regulation",)}),
    ("sources-behind", {"resource": "conflict/betania-beta-start"}, ("sourceTitle", "locator", "confidence", "issued"),
     {("Fixture report one", "p. 2", "high", "2025-06-23"), ("Fixture press two", "para 3", "medium", "2024")}),
    ("sources-behind", {"resource": "participation/alpha-XC"}, ("sourceTitle", "locator", "recordedOn", "url"),
     {("Fixture report one", "p. 1", "2026-01-01", "https://example.org/one")}),
    ("source-conflicts", {}, ("label", "value", "sourceTitle"),
     {("Betania's beta start", "2016-03-15", "Fixture report one"), ("Betania's beta start", "2016-03-14", "Fixture press two")}),
    ("framework-overlap-count", {"a": "alpha", "b": "beta", "as_of": "2016-06-01"}, ("inA", "inBoth", "inBothCertain"),
     {("2", "2", "1")}),
    ("framework-overlap-count", {"a": "delta", "b": "alpha", "as_of": "2021-01-01"}, ("inA", "inBoth", "inBothCertain"),
     {("1", "1", "1")}),
    ("country-agreements", {"country": "XB"}, ("label", "kind", "signed"),
     {("Alpha arrangement with Alphaland", "arrangement", "2010-05-01")}),
    ("country-timeline", {"country": "XE"}, ("framework", "status", "validFrom", "fromEarliest", "fromLatest"), {
        ("https://w3id.org/dckg/id/framework/alpha", "under-negotiation", "2020", "2020-01-01", "2020-12-31"),
        ("https://w3id.org/dckg/id/framework/beta", "in-force", "2021-01-01", "2021-01-01", "2021-01-01")}),
    ("pending-standings", {}, ("iso2", "status"), {("XE", "under-negotiation")}),
    ("lapsed-legal-basis", {}, ("iso2", "lawLabel", "sunset"), {("XA", "Test Act", "2030-06-30"), ("XC", "Test Act", "2030-06-30")}),
    ("derived-facts", {"resource": "participation/gamma-XA"}, ("property", "ruleLabel"), {
        ("https://w3id.org/dckg/ontology#caveat", "Lapse of a sunset legal basis"),
        ("https://w3id.org/dckg/ontology#validUntilEarliest", "Lapse of a sunset legal basis"),
        ("https://w3id.org/dckg/ontology#validUntilPrecision", "Lapse of a sunset legal basis"),
        ("http://www.w3.org/ns/prov#wasDerivedFrom", "Super-properties"),
        ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "Types from subclasses")}),
    # queries used by the service, the linked-data pages and the explorer
    ("changes-between", {"start": "2012-01-01", "end": "2016-12-31"}, ("iso2", "slug", "change", "date", "certainty"), {
        ("XA", "beta", "gained", "2012-01-01", "certain"), ("XD", "alpha", "lost", "2012-07", "certain"),
        ("XB", "alpha", "gained", "2015", "certain"), ("XB", "beta", "gained", "2016-03-15", "certain")}),
    ("countries", {}, ("iso2", "frameworks"), {("XA", "3"), ("XB", "3"), ("XC", "3"), ("XD", "2"), ("XE", "1")}),
    ("country-standings", {"country": "XB", "as_of": "2016-06-01"}, ("slug", "status", "certainty"),
     {("alpha", "signed", "certain"), ("beta", "in-force", "uncertain")}),
    ("explain-standing", {"country": "XD", "framework": "alpha", "as_of": "2012-07-15"}, ("status", "st", "en", "state"),
     {("in-force", "2", "1", "1")}),
    ("framework-caveats", {"framework": "gamma"}, ("kind", "lawLabel", "sunset", "reauthorized"),
     {("legal-basis", "Test Act", "2030-06-30", "false")}),
    ("framework-members", {"framework": "beta", "as_of": "2016-06-01"}, ("iso2", "certainty"),
     {("XA", "certain"), ("XB", "uncertain"), ("XC", "certain"), ("XD", "certain")}),
    ("resource-conflicts", {"resource": "participation/beta-XB"}, ("label", "value"),
     {("Betania's beta start", "2016-03-15"), ("Betania's beta start", "2016-03-14")}),
    ("resource-evidence", {"resource": "country/XC"}, ("subject",), {
        ("https://w3id.org/dckg/id/country/XC",), ("https://w3id.org/dckg/id/participation/alpha-XC",),
        ("https://w3id.org/dckg/id/participation/beta-XC",), ("https://w3id.org/dckg/id/participation/gamma-XC",)}),
    ("resource-participations", {"resource": "framework/alpha", "as_of": "2012-07-15"}, ("p", "state"), {
        ("https://w3id.org/dckg/id/participation/alpha-XA", "2"), ("https://w3id.org/dckg/id/participation/alpha-XB", "0"),
        ("https://w3id.org/dckg/id/participation/alpha-XC", "0"), ("https://w3id.org/dckg/id/participation/alpha-XD", "1"),
        ("https://w3id.org/dckg/id/participation/alpha-XE", "0")}),
    ("search-labels", {"q": "land"}, ("label",), {("Alphaland",), ("Ceeland",), ("Deeland",), ("Eland",),
                                                 ("Alpha arrangement with Alphaland",)}),
    ("standings-as-of", {"as_of": "2016-06-01"}, ("iso2", "slug", "state"), {
        ("XA", "alpha", "2"), ("XB", "alpha", "2"), ("XA", "beta", "2"), ("XB", "beta", "1"), ("XC", "beta", "2"),
        ("XD", "beta", "2"), ("XA", "gamma", "2"), ("XC", "gamma", "2")}),
    ("explorer-nodes", {"as_of": "2016-06-01"}, ("node",), {(f"https://w3id.org/dckg/id/{n}",) for n in (
        "agreement/alpha-xa", "country/XA", "country/XB", "country/XC", "country/XD", "country/XE", "framework/alpha",
        "framework/beta", "framework/delta", "framework/gamma", "privilege/alpha-waiver", "privilege/gamma-access",
        "regulation/test-reg", "statute/test-act", "statute/test-act-s1")}),
    ("frameworks", {"as_of": "2016-06-01"}, ("slug", "certain", "uncertain"),
     {("alpha", "2", "0"), ("beta", "3", "1"), ("delta", "0", "0"), ("gamma", "2", "0")}),
    ("explorer-links", {}, ("p",), {(f"https://w3id.org/dckg/ontology#{p}",) for p in (
        "instrument", "party", "legalBasis", "grantedBy", "relaxes")} | {("http://purl.org/dc/terms/isPartOf",)}),
]


@pytest.mark.parametrize(("name", "params", "cols", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_named_query_answer_set(fixture_store: ox.Store, name: str, params: dict[str, str],
                                cols: tuple[str, ...], expected: set[tuple[str | None, ...]]) -> None:
    assert project(rows(fixture_store, QUERIES[name], params), *cols) == expected


def test_framework_profile_aggregates(fixture_store: ox.Store) -> None:
    (row,) = rows(fixture_store, QUERIES["framework-profile"], {"framework": "alpha"})
    assert (row["label"], row["legalBasis"], row["administeredBy"], row["privileges"]) == (
        "Alpha framework", "Test Regulation", "Test Agency", "Alpha waiver")
    assert set((row["participations"] or "").split(", ")) == {"in-force: 3", "signed: 1", "under-negotiation: 1"}


def test_agreement_parties_listed(fixture_store: ox.Store) -> None:
    (row,) = rows(fixture_store, QUERIES["country-agreements"], {"country": "XA"})
    assert set((row["parties"] or "").split(", ")) == {"XA", "XB"}


@pytest.mark.parametrize(
    ("name", "params", "param", "fragment"),
    [
        ("in-both-frameworks", {"a": "nope"}, "a", "unknown framework 'nope'"),
        ("in-both-frameworks", {"a": 'AU" } ; DROP ALL #'}, "a", "is not a framework slug"),
        ("in-both-frameworks", {"a": "alpha", "b": "beta", "as_of": "2024-02-30"}, "as_of", "is not a date"),
        ("in-both-frameworks", {"a": "alpha", "b": "beta", "as_of": "2024"}, "as_of", "is not a date"),
        ("country-timeline", {"country": "ZZ"}, "country", "unknown country 'ZZ'"),
        ("country-timeline", {"country": "XAA"}, "country", "not an ISO 3166-1 alpha-2 code"),
        ("concerning", {"target": "regulation/none"}, "target", "unknown resource"),
        ("concerning", {"target": "nonsense"}, "target", "not a resource reference"),
        ("country-timeline", {"country": "XA", "extra": "1"}, "extra", "has no parameter"),
    ],
)
def test_bad_parameters_are_rejected(fixture_store: ox.Store, name: str, params: dict[str, str],
                                     param: str, fragment: str) -> None:
    with pytest.raises(QueryError) as exc:
        rows(fixture_store, QUERIES[name], params)
    assert exc.value.param == param
    assert fragment in exc.value.message


def test_unprojected_parameter_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad-query.rq"
    bad.write_text('#+ title: "t"\n#+ description: "d"\n#+ params:\n#+   x: {type: string}\n'
                   "SELECT ?s WHERE { ?s ?p ?x }\n")
    with pytest.raises(QueryError, match=r"\?x must be in the top-level projection"):
        parse_query_file(bad)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_query_has_header_and_runs_on_real_data(real_store: ox.Store, name: str) -> None:
    query: NamedQuery = QUERIES[name]
    assert query.title and query.description
    for p in query.params:
        assert p.description, f"{name}: parameter {p.name} has no description"
    params = {p.name: p.example for p in query.params if p.example}
    rows(real_store, query, params)  # raises on a bad example; the timeout mark bounds its time


def test_every_named_query_has_a_fixture_answer_set() -> None:
    covered = {c[0] for c in CASES} | {"in-both-frameworks", "framework-profile"}
    assert sorted(set(QUERIES) - covered) == []
