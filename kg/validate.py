"""SHACL validation of the union of the graphs the shapes constrain.

Every violation is reported with the curated file and line of the record it concerns (the focus
node's own record, or the record of the resource that links to it, e.g. for an evidence node).

Graphs up to `LARGE_FROM` triples (the curated graph among them) get one pass of pyshacl, the
validator of record. Larger graphs are split into record partitions validated in parallel worker
processes by pyshacl-turbo (a Rust engine with pyshacl's API; the tests check that both engines and
both paths report the same violations). A record partition holds some records with the nodes they
own (evidence, claims), plus, shared by all partitions, the ontology and every node of a class the
shapes name in sh:class: the shapes are node-local apart from sh:class, so each partition sees every
node it validates whole and every node a sh:class constraint looks at.
"""

from __future__ import annotations

import collections
import zlib
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pyshacl
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from kg.vocab import DCKG

LARGE_FROM = 200_000  # triples: from here on, record partitions validated in parallel by pyshacl-turbo
PARTITION_SIZE = 100_000  # triples per partition (pyshacl-turbo slows down more than linearly past ~300k)
RDF_TYPE = b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
OWNING = {f"<{DCKG.hasEvidence}>".encode(), f"<{DCKG.hasClaim}>".encode()}


@dataclass(frozen=True)
class Violation:
    """One SHACL result: the focus node, the path, the shape's message and where the record is."""

    focus: str
    path: str
    message: str
    origin: str

    def __str__(self) -> str:
        path = f" {self.path}" if self.path else ""
        return f"{self.origin}: <{self.focus}>{path}: {self.message}"


def _ntriples(store: ox.Store, graphs: list[ox.NamedNode]) -> bytes:
    return b"".join(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g) or b"" for g in graphs)


def _violations(data: bytes, shapes_text: str, engine: str = "pyshacl") -> list[tuple[str, str, str]]:
    """Validate N-Triples `data` with `engine` (pyshacl or pyshacl_turbo); (focus, path, message) per violation."""
    validator = pyshacl if engine == "pyshacl" else __import__(engine)
    g = Graph()
    g.parse(data=data, format="nt")
    shapes = Graph().parse(data=shapes_text, format="turtle")
    conforms, report, _ = validator.validate(g, shacl_graph=shapes, inference="none", allow_infos=True,
                                             allow_warnings=True)
    out = []
    if not conforms:
        for result in report.subjects(SH.resultSeverity, SH.Violation):
            focus = report.value(result, SH.focusNode)
            path = report.value(result, SH.resultPath)
            msg = report.value(result, SH.resultMessage)
            out.append((str(focus), str(path) if isinstance(path, URIRef) else "", str(msg)))
    return out


def _origin(store: ox.Store, focus: str) -> str:
    node: ox.NamedNode | ox.BlankNode = ox.BlankNode(focus) if not focus.startswith(("http:", "https:")) else ox.NamedNode(focus)
    rf, rl = ox.NamedNode(str(DCKG.recordFile)), ox.NamedNode(str(DCKG.recordLine))
    for _ in range(3):
        f = next(iter(store.quads_for_pattern(node, rf, None, None)), None)
        line = next(iter(store.quads_for_pattern(node, rl, None, None)), None)
        if f and line:
            return f"{f.object.value}:{line.object.value}"
        parent = next(iter(store.quads_for_pattern(None, None, node, None)), None)
        if parent is None or not isinstance(parent.subject, (ox.NamedNode, ox.BlankNode)):
            break
        node = parent.subject
    return "(no record)"


def _shared_classes(shapes: Graph, store: ox.Store) -> set[bytes]:
    """The classes named in sh:class and their subclasses, as N-Triples IRIs."""
    classes = {str(o) for o in shapes.objects(None, SH["class"])}
    axioms = [(q.subject.value, q.object.value) for q in store.quads_for_pattern(None, ox.NamedNode(SUBCLASS), None, None)
              if isinstance(q.object, ox.NamedNode)]
    grown = True
    while grown:
        new = {sub for sub, sup in axioms if sup in classes} - classes
        classes |= new
        grown = bool(new)
    return {f"<{c}>".encode() for c in classes}


def record_partitions(lines: list[bytes], shared: list[bytes], shared_classes: set[bytes], parts: int) -> list[bytes]:
    """Split N-Triples lines into `parts` record partitions (see the module docstring)."""
    by_subject: dict[bytes, list[bytes]] = collections.defaultdict(list)
    types: dict[bytes, set[bytes]] = collections.defaultdict(set)
    owner: dict[bytes, bytes] = {}
    for line in lines:
        subject, predicate, rest = line.split(b" ", 2)
        by_subject[subject].append(line)
        obj = rest.rsplit(b" ", 1)[0]
        if predicate == RDF_TYPE:
            types[subject].add(obj)
        elif predicate in OWNING:
            owner[obj] = subject
    common, buckets = list(shared), [[] for _ in range(parts)]
    for subject, subject_lines in by_subject.items():
        root = subject
        while root in owner:
            root = owner[root]
        if not types[root] or types[root] & shared_classes:
            common.extend(subject_lines)
        else:
            buckets[zlib.crc32(root) % parts].extend(subject_lines)
    return [b"\n".join(common + bucket) + b"\n" for bucket in buckets]


def _turbo_chunk(args: tuple[bytes, str]) -> list[tuple[str, str, str]]:
    return _violations(args[0], args[1], engine="pyshacl_turbo")


def validate(store: ox.Store, shapes_path: Path, exclude: frozenset[str] = frozenset(),
             ontology_graph: str | None = None, workers: int = 2,
             large_from: int = LARGE_FROM) -> list[Violation]:
    """Validate the union of `store` (less the `exclude` graphs) against the shapes; return the
    violations, each with its record (empty when it conforms)."""
    shapes_text = shapes_path.read_text(encoding="utf-8")
    graphs = [g for g in store.named_graphs() if g.value not in exclude]
    shared = _ntriples(store, [g for g in graphs if g.value == ontology_graph]).splitlines()
    rest = _ntriples(store, [g for g in graphs if g.value != ontology_graph]).splitlines()
    if len(shared) + len(rest) < large_from:
        raw = _violations(b"\n".join(shared + rest) + b"\n", shapes_text)
    else:
        classes = _shared_classes(Graph().parse(data=shapes_text, format="turtle"), store)
        chunks = record_partitions(rest, shared, classes, max(workers, -(-len(rest) // PARTITION_SIZE)))
        with ProcessPoolExecutor(max_workers=workers) as pool:
            raw = [v for part in pool.map(_turbo_chunk, [(c, shapes_text) for c in chunks]) for v in part]
    return [Violation(f, p, m, _origin(store, f)) for f, p, m in sorted(set(raw))]
