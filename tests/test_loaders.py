"""Loaders: good records load; each kind of broken record is rejected with its exact file:line: field: reason,
and every problem of one pass is reported together."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from kg.errors import RecordErrors
from kg.vocab import DCKG, graph_iri
from loaders import LOADERS, kind_of, load_all

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"
EVIDENCE = '    evidence:\n      - {source: src-one, locator: "p. 1", confidence: high, ref: "fixture"}\n'


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    dest = tmp_path / "data"
    shutil.copytree(CORPUS, dest)
    return dest


def write_participation(corpus: Path, body: str) -> None:
    """Write participations/omega.yaml: line 1 recorded, line 2 records, the record from line 3."""
    (corpus / "participations" / "omega.yaml").write_text("recorded: 2026-01-01\nrecords:\n" + body)


def problems_of(corpus: Path) -> list[str]:
    with pytest.raises(RecordErrors) as exc:
        load_all(corpus)
    return [str(p) for p in exc.value.problems]


def test_fixture_corpus_loads_one_graph_per_file() -> None:
    result = load_all(CORPUS)
    assert graph_iri("participations/alpha") in result.graphs
    assert graph_iri("countries") in result.graphs
    assert len(result.graphs) == len(list(CORPUS.rglob("*.yaml")))
    alpha = result.graphs[graph_iri("participations/alpha")]
    p = URIRef("https://w3id.org/dckg/id/participation/alpha-XC")
    assert (p, RDF.type, DCKG.Participation) in alpha
    assert alpha.value(p, DCKG.validFromEarliest) == Literal("2018-01-01", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))
    assert str(alpha.value(p, DCKG.validFromLatest)) == "2019-06-30"
    assert alpha.value(p, DCKG.validFrom) is None  # only bounds are known
    assert alpha.value(p, DCKG.recordFile) == Literal("participations/alpha.yaml")
    assert result.origins[p] == ("participations/alpha.yaml", 16)


def test_source_graph_has_provenance() -> None:
    g = load_all(CORPUS).graphs[graph_iri("participations/alpha")]
    gi = graph_iri("participations/alpha")
    assert (gi, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), URIRef("https://w3id.org/dckg/id/source/src-one")) in g
    assert g.value(gi, URIRef("http://purl.org/dc/terms/source")) == Literal("data/participations/alpha.yaml")


def rec(*lines: str, evidence: str | None = EVIDENCE) -> str:
    """A block-style record: its first line is line 3 of omega.yaml, each further line one more."""
    body = "  - " + lines[0] + "\n" + "".join(f"    {ln}\n" for ln in lines[1:])
    return body + (evidence or "")


BASE = ("country: XA", "framework: delta", "status: in-force")


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (rec(*BASE, 'from: "2020"', evidence='    evidence:\n'
             '      - {source: nope, locator: "p. 1", confidence: high, ref: "fixture"}\n'),
         "participations/omega.yaml:8: evidence[1].source: unknown source 'nope'"),
        (rec(*BASE, 'from: "2023-02-30"'), "participations/omega.yaml:6: from: '2023-02-30' is an impossible date"),
        (rec("country: ZZ", "framework: delta", "status: in-force", 'from: "2020"'),
         "participations/omega.yaml:3: country: unknown country code 'ZZ'"),
        (rec("country: XA", "framework: omega", "status: in-force", 'from: "2020"'),
         "participations/omega.yaml:4: framework: unknown framework 'omega'"),
        (rec(*BASE, "status: signed"), "participations/omega.yaml:6: yaml: duplicate key 'status' (first at line 5)"),
        (rec("country: XA", "framework: delta", 'from: "2020"'), "participations/omega.yaml:3: status: is required"),
        (rec(*BASE, "stauts: x"),
         "participations/omega.yaml:6: stauts: unknown field (allowed: caveat, condition, conditional, country, "
         "ended_by, evidence, framework, from, id, instrument, note, status, until)"),
        (rec("country: XA", "framework: delta", "status: active"),
         "participations/omega.yaml:5: status: 'active' is not one of in-force, signed, under-negotiation, "
         "observer, terminated, announced"),
        (rec(*BASE, 'from: {not_before: "2020", not_after: "2019"}'),
         "participations/omega.yaml:6: from: not_before 2020-01-01 is after not_after 2019-12-31"),
        (rec(*BASE, 'from: "2020-05"', 'until: "2019"'),
         "participations/omega.yaml:7: until: ends (2019-12-31) before it can have started (2020-05-01)"),
        (rec(*BASE, 'from: "2020"', evidence='    evidence:\n'
             '      - {source: src-one, locator: "p. 1", confidence: low, ref: "fixture"}\n'),
         "participations/omega.yaml:8: evidence[1].confidence: 'low' is not one of high, medium"),
        (rec(*BASE, 'from: "2020"', evidence=None), "participations/omega.yaml:3: evidence: is required"),
        (rec(*BASE, "instrument: agreement/none"), "participations/omega.yaml:6: instrument: unknown agreement 'none'"),
        (rec(*BASE, "instrument: privilege/alpha-waiver"),
         "participations/omega.yaml:6: instrument: 'privilege/alpha-waiver' must refer to a agreement or statute "
         "or regulation or executive-action"),
        (rec("country: XA", "framework: alpha", "status: in-force", 'from: "2020"'),
         "participations/omega.yaml:3: id: duplicate: https://w3id.org/dckg/id/participation/alpha-XA is already "
         "defined at participations/alpha.yaml:3"),
    ],
    ids=["missing-source", "impossible-date", "unknown-country", "unknown-framework", "duplicate-key",
         "missing-field", "unknown-field", "bad-status", "reversed-bounds", "ends-before-start", "low-confidence",
         "no-evidence", "unknown-instrument", "wrong-kind", "duplicate-id"],
)
def test_broken_record_is_rejected_with_file_line_field(corpus: Path, record: str, expected: str) -> None:
    write_participation(corpus, record)
    assert problems_of(corpus) == [expected]


def test_all_problems_of_all_files_in_one_pass(corpus: Path) -> None:
    write_participation(corpus, rec("country: ZZ", "framework: delta", "status: in-force", 'from: "2020-13"'))
    countries = corpus / "countries.yaml"
    countries.write_text(countries.read_text().replace("iso3: XEE", "iso3: XE"))
    assert problems_of(corpus) == [
        "countries.yaml:24: iso3: 'XE' is not an ISO 3166-1 alpha-3 code (three capital letters)",
        "participations/omega.yaml:3: country: unknown country code 'ZZ'",
        "participations/omega.yaml:6: from: '2020-13' has no month 13",
    ]


def test_malformed_yaml_names_line(corpus: Path) -> None:
    write_participation(corpus, "  - {country: XA\n")
    (problem,) = problems_of(corpus)
    assert problem.startswith("participations/omega.yaml:4: yaml: ")


def test_file_shape_and_unknown_files(corpus: Path) -> None:
    (corpus / "participations" / "omega.yaml").write_text("records: []\n")
    (corpus / "notes.yaml").write_text("recorded: 2026-01-01\nrecords: []\n")
    assert problems_of(corpus) == [
        "notes.yaml:0: file: no loader reads this file (kinds: " + ", ".join(LOADERS) + ")",
        "participations/omega.yaml:1: file: must be a mapping with exactly 'recorded' and 'records'",
    ]


def test_kind_of_paths() -> None:
    assert kind_of("participations/sosa.yaml") == "participations"
    assert kind_of("countries.yaml") == "countries"
    assert kind_of("participations/x/y.yaml") is None
    assert kind_of("unknown.yaml") is None
