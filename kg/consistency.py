"""OWL consistency with HermiT (through owlready2): the ontology plus every typed individual.

owlready2 does not read Turtle, so the input is written as N-Triples. Only the TBox and rdf:type
assertions are given to HermiT: the disjointness axioms (e.g. qualifying vs proscribed country) are
about types, and literals of XSD types HermiT does not know (gYear) would stop it. When HermiT finds
a contradiction, the individuals typed with two disjoint classes are named with their record.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pyoxigraph as ox

from kg.errors import Inconsistent
from kg.vocab import DCKG

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DISJOINT = ox.NamedNode("http://www.w3.org/2002/07/owl#disjointWith")
RECORD_FILE, RECORD_LINE = ox.NamedNode(str(DCKG.recordFile)), ox.NamedNode(str(DCKG.recordLine))


# Ranges HermiT cannot reason with (not in the OWL 2 datatype map); SHACL checks these datatypes instead.
_NOT_OWL2 = {ox.NamedNode(f"http://www.w3.org/2001/XMLSchema#{t}") for t in ("date", "gYear", "gYearMonth")}


def _input_triples(store: ox.Store, ontology_graph: ox.NamedNode) -> list[ox.Triple]:
    ns = str(DCKG._NS)
    out = [ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, ontology_graph)
           if q.object not in _NOT_OWL2]
    out += [
        ox.Triple(q.subject, q.predicate, q.object)
        for q in store.quads_for_pattern(None, RDF_TYPE, None, None)
        if isinstance(q.object, ox.NamedNode) and q.object.value.startswith(ns) and q.graph_name != ontology_graph
    ]
    return out


def _culprits(store: ox.Store, ontology_graph: ox.NamedNode) -> list[str]:
    """Individuals typed with both classes of an owl:disjointWith pair, with their record origin."""
    found = []
    for axiom in store.quads_for_pattern(None, DISJOINT, None, ontology_graph):
        a = {q.subject for q in store.quads_for_pattern(None, RDF_TYPE, axiom.subject, None)}
        b = {q.subject for q in store.quads_for_pattern(None, RDF_TYPE, axiom.object, None)}
        for ind in sorted(a & b, key=str):
            where = ""
            files = list(store.quads_for_pattern(ind, RECORD_FILE, None, None))
            lines = list(store.quads_for_pattern(ind, RECORD_LINE, None, None))
            if files and lines:
                where = f" (record {files[0].object.value}:{lines[0].object.value})"
            found.append(f"{ind.value} is both {axiom.subject.value} and {axiom.object.value}, which are disjoint{where}")
    return found


def check_consistency(store: ox.Store, ontology_graph: str) -> None:
    """Run HermiT over the ontology and all dckg-typed individuals in `store`.

    Raises:
        Inconsistent: naming the individuals in disjoint classes, when the graph is inconsistent.
    """
    import owlready2  # imported here: only the build needs it, and it is slow to import

    onto_node = ox.NamedNode(ontology_graph)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "kb.nt"
        path.write_bytes(ox.serialize(_input_triples(store, onto_node), format=ox.RdfFormat.N_TRIPLES) or b"")
        world = owlready2.World()
        onto = world.get_ontology(path.as_uri()).load(format="ntriples")
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            culprits = _culprits(store, onto_node)
            raise Inconsistent(
                "the graph is inconsistent under OWL (HermiT): "
                + ("; ".join(culprits) if culprits else "HermiT found a contradiction between the ontology and the data")
            ) from exc
        finally:
            world.close()
