"""SHACL validation with pyshacl over the union of the graphs the shapes constrain.

Every violation is reported with the curated file and line of the record it concerns (the focus
node's own record, or the record of the resource that links to it, e.g. for an evidence node).
One pyshacl pass: subject-partitioned parallel runs were tried and dropped (see the closing note of
issue 3): partitions need pyshacl's `focus_nodes`, which made each run about 4x slower.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pyshacl
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from kg.vocab import DCKG


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


def _union_ntriples(store: ox.Store, exclude: frozenset[str]) -> bytes:
    """N-Triples of every graph of `store` not named in `exclude`."""
    return b"".join(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g) or b""
                    for g in store.named_graphs() if g.value not in exclude)


def _violations(data: bytes, shapes_text: str) -> list[tuple[str, str, str]]:
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


def validate(store: ox.Store, shapes_path: Path, exclude: frozenset[str] = frozenset()) -> list[Violation]:
    """Validate the union of `store` (less the `exclude` graphs) against the shapes; return the
    violations, each with its record (empty when it conforms)."""
    raw = _violations(_union_ntriples(store, exclude), shapes_path.read_text(encoding="utf-8"))
    return [Violation(f, p, m, _origin(store, f)) for f, p, m in sorted(set(raw))]
