"""SHACL shapes, one valid and one invalid case per shape: the fixture graph conforms, and each
case breaks one thing in it and expects that shape's message on that focus node."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pyshacl
import pyshacl_turbo
import pytest
from rdflib import XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SH, SKOS

from kg.vocab import DCKG, ID

ROOT = Path(__file__).resolve().parent.parent
SHAPES = Graph().parse(ROOT / "ontology" / "shapes.ttl")
pytestmark = pytest.mark.timeout(60)


@pytest.fixture(scope="module")
def union(fixture_store: ox.Store) -> Graph:
    g = Graph()
    for name in fixture_store.named_graphs():
        g.parse(data=fixture_store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name), format="nt")
    return g


ENGINES = {"pyshacl": pyshacl, "pyshacl_turbo": pyshacl_turbo}


def violations(g: Graph, engine: str = "pyshacl") -> set[tuple[str, str]]:
    conforms, report, _ = ENGINES[engine].validate(g, shacl_graph=SHAPES, inference="none")
    return {(str(report.value(r, SH.focusNode)), str(report.value(r, SH.resultMessage)))
            for r in report.subjects(SH.resultSeverity, SH.Violation)}


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_fixture_graph_conforms(union: Graph, engine: str) -> None:
    assert violations(union, engine) == set()


def u(path: str) -> URIRef:
    return URIRef(str(ID) + path)


D = XSD.date
CASES = [  # (shape, focus, triples to remove (s, p, None = all), triples to add, expected message)
    ("Country", "country/XA", [(DCKG.iso2, None)], [], "needs exactly one ISO 3166-1 alpha-2 code (two capital letters)"),
    ("Country", "country/XB", [(DCKG.iso3, None)], [(DCKG.iso3, Literal("xbb"))],
     "needs exactly one ISO 3166-1 alpha-3 code (three capital letters)"),
    ("Organization", "organization/test-agency", [(SKOS.definition, None)], [], "needs a definition (skos:definition)"),
    ("Framework", "framework/alpha", [(DCKG.hasEvidence, None)], [], "needs at least one evidence item citing a source"),
    ("Participation", "participation/alpha-XA", [(DCKG.participant, None)], [], "needs exactly one participant country"),
    ("Participation", "participation/alpha-XA", [], [(DCKG.validUntilLatest, Literal("2009-01-01", datatype=D))],
     "valid-from must not be after valid-until"),
    ("Participation", "participation/alpha-XA", [], [(DCKG.validFrom, Literal("May 2010"))],
     "valid-from must be one xsd:date, xsd:gYearMonth or xsd:gYear"),
    ("Agreement", "agreement/alpha-xa", [(DCKG.party, None)], [], "an agreement needs at least one party country"),
    ("LegalInstrument", "statute/test-act", [], [(DCKG.sunsetDate, Literal("2030"))], "sunset date must be one xsd:date"),
    ("Process", "process/test-process", [(SKOS.definition, None)], [], "needs a definition (skos:definition)"),
    ("Privilege", "privilege/alpha-waiver", [(DCKG.grantedBy, None)], [],
     "a privilege is granted by exactly one framework"),
    ("Marking", "marking/test-mark", [(SKOS.notation, None)], [], "a marking needs its notation (e.g. NOFORN)"),
    ("Program", "program/test-program", [(RDFS.label, None)], [], "needs a label (rdfs:label)"),
    ("SurveyFinding", "finding/finding-reg-hard", [(DCKG.statement, None)], [], "a finding needs exactly one statement"),
    ("Recommendation", "recommendation/rec-review", [(DCKG.ordinal, None)], [],
     "a recommendation needs its number in the report (an integer from 1)"),
    ("SourceDocument", "source/src-one", [(DCKG.kind, None)], [(DCKG.kind, Literal("blog"))],
     "a source needs exactly one known kind"),
    ("Evidence", "evidence/participation-alpha-XA-1", [(DCKG.confidence, None)], [(DCKG.confidence, Literal("low"))],
     "evidence confidence must be high or medium (low-confidence facts are not loaded)"),
    ("Evidence", "evidence/participation-alpha-XA-1", [(DCTERMS.source, None)], [], "evidence cites exactly one source document"),
    ("SourceConflict", "conflict/betania-beta-start", [(DCKG.handling, None)], [], "a conflict must say how the graph handles it"),
    ("Claim", "claim/betania-beta-start-1", [(DCKG.statement, None)], [], "a claim needs a statement"),
]


@pytest.mark.parametrize("engine", sorted(ENGINES))
@pytest.mark.parametrize(("shape", "focus", "remove", "add", "message"), CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_invalid_case_per_shape(union: Graph, shape: str, focus: str, remove: list, add: list, message: str,
                                engine: str) -> None:
    """Each engine reports exactly the pyshacl violations: large graphs are validated by pyshacl-turbo."""
    g = Graph()
    g += union
    node = u(focus)
    assert (node, None, None) in g, f"{focus} is not in the fixture graph"
    for p, o in remove:
        g.remove((node, p, o))
    for p, o in add:
        g.add((node, p, o))
    got = violations(g, engine)
    assert (str(node), message) in got
    if engine != "pyshacl":
        assert got == violations(g, "pyshacl")
