"""SHACL validation with pyshacl over the union of all graphs (sources, derived, ontology).

Every violation is reported with the curated file and line of the record it concerns (the focus
node's own record, or the record of the resource that links to it, e.g. for an evidence node).
Large graphs are validated in subject partitions in parallel worker processes: the shapes are
node-local apart from sh:class, so each partition carries every rdf:type triple and the ontology.
"""

from __future__ import annotations

import zlib
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from kg.vocab import DCKG

PARALLEL_FROM = 200_000  # triples; below this one in-process pass is faster than starting workers
PARTITION_SIZE = 250_000  # triples per pyshacl run: bounds a worker's memory (rdflib holds ~2 KB a triple)
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


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


def _union_ntriples(store: ox.Store, shared_graph: str | None,
                    exclude: frozenset[str] = frozenset()) -> tuple[list[bytes], list[bytes]]:
    """All triples as N-Triples lines, and separately those of `shared_graph` (given to every partition);
    graphs named in `exclude` are left out."""
    lines: list[bytes] = []
    shared: list[bytes] = []
    for g in store.named_graphs():
        if g.value in exclude:
            continue
        data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g) or b""
        (shared if shared_graph and g.value == shared_graph else lines).extend(data.splitlines())
    return lines, shared


def _validate_chunk(args: tuple[bytes, str]) -> list[tuple[str, str, str]]:
    import pyshacl

    data, shapes_text = args
    g = Graph()
    g.parse(data=data, format="nt")
    shapes = Graph().parse(data=shapes_text, format="turtle")
    conforms, report, _ = pyshacl.validate(g, shacl_graph=shapes, inference="none", allow_infos=True,
                                           allow_warnings=True)
    out = []
    if not conforms:
        for result in report.subjects(SH.resultSeverity, SH.Violation):
            focus = report.value(result, SH.focusNode)
            path = report.value(result, SH.resultPath)
            msg = report.value(result, SH.resultMessage)
            out.append((str(focus), str(path) if isinstance(path, URIRef) else "", str(msg)))
    return out


def _partitions(lines: list[bytes], shared: list[bytes], parts: int) -> list[bytes]:
    types = [ln for ln in lines if RDF_TYPE.encode() in ln] + shared
    buckets: list[list[bytes]] = [[] for _ in range(parts)]
    for ln in lines:
        subject = ln.split(b" ", 1)[0]
        buckets[zlib.crc32(subject) % parts].append(ln)
    return [b"\n".join(sorted(set(b) | set(types))) + b"\n" for b in buckets]


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


def validate(store: ox.Store, shapes_path: Path, ontology_graph: str | None = None,
             workers: int = 2, exclude: frozenset[str] = frozenset()) -> list[Violation]:
    """Validate the union of `store` (less the `exclude` graphs) against the shapes; return the
    violations (empty when it conforms)."""
    lines, shared = _union_ntriples(store, ontology_graph, exclude)
    shapes_text = shapes_path.read_text(encoding="utf-8")
    if len(lines) < PARALLEL_FROM or workers < 2:
        raw = _validate_chunk((b"\n".join(lines + shared) + b"\n", shapes_text))
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            parts = max(workers, -(-len(lines) // PARTITION_SIZE))
            chunks = _partitions(lines, shared, parts)
            raw = [v for part in pool.map(_validate_chunk, [(c, shapes_text) for c in chunks]) for v in part]
    unique = sorted(set(raw))
    return [Violation(f, p, m, _origin(store, f)) for f, p, m in unique]
