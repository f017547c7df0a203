"""The ontology: every term labelled and defined; DCKG matches it both ways; no term used in the data
that the ontology lacks."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, URIRef

from kg.vocab import DCKG

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = Graph().parse(ROOT / "ontology" / "dckg.ttl")
NS = str(DCKG._NS)
TERMS = sorted({s for s in ONTOLOGY.subjects() if isinstance(s, URIRef) and str(s).startswith(NS)})


def test_ontology_declares_terms() -> None:
    assert len(TERMS) > 60
    assert (URIRef("https://w3id.org/dckg/ontology"), RDF.type, OWL.Ontology) in ONTOLOGY


@pytest.mark.parametrize("term", TERMS, ids=[str(t)[len(NS):] for t in TERMS])
def test_every_term_has_label_definition_and_type(term: URIRef) -> None:
    assert ONTOLOGY.value(term, RDFS.label) is not None
    assert ONTOLOGY.value(term, SKOS.definition) is not None
    assert set(ONTOLOGY.objects(term, RDF.type)) & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}


def test_python_namespace_matches_ontology() -> None:
    declared = {t for t in DCKG.__annotations__}
    assert declared == {str(t)[len(NS):] for t in TERMS}
    with pytest.raises(AttributeError):
        DCKG.participantt  # noqa: B018  (a misspelt term fails)


def test_no_term_used_in_data_is_missing_from_ontology(real_store: ox.Store) -> None:
    used: set[str] = set()
    for q in real_store.quads_for_pattern(None, None, None, None):
        for term in (q.predicate, q.object if q.predicate.value.endswith("#type") else None):
            if isinstance(term, ox.NamedNode) and term.value.startswith(NS):
                used.add(term.value)
    missing = sorted(used - {str(t) for t in TERMS})
    assert missing == []
    assert len(used) > 40


def test_shapes_cover_every_class_and_carry_messages() -> None:
    shapes = Graph().parse(ROOT / "ontology" / "shapes.ttl")
    sh = "http://www.w3.org/ns/shacl#"
    targets = {o for o in shapes.objects(None, URIRef(sh + "targetClass"))}
    classes = {t for t in TERMS if (t, RDF.type, OWL.Class) in ONTOLOGY}
    derived_or_abstract = {DCKG.QualifyingCountry, DCKG.ProscribedCountry, DCKG.LegalInstrument,
                           DCKG.InferenceRule, DCKG.DatePrecision, DCKG.ParticipationStatus}
    assert classes - derived_or_abstract <= targets
    for node_shape in shapes.subjects(RDF.type, URIRef(sh + "NodeShape")):
        if shapes.value(node_shape, URIRef(sh + "message")) is not None:
            continue  # one message for the whole node shape (its sh:or / sh:not parts)
        for prop in shapes.objects(node_shape, URIRef(sh + "property")):
            assert shapes.value(prop, URIRef(sh + "message")) is not None, (node_shape, prop)
