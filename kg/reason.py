"""Reasoning: explicit rules (ontology/rules/*.rq, SPARQL CONSTRUCT) run to a fixpoint over the union of
the loaded graphs. Each rule's new triples go to its own named graph ``graph/derived/<rule>``, so every
derived triple is traceable to the rule that made it; ``graph/rules`` describes the rules. A triple
already asserted anywhere is not derived again (the union default graph would return it twice).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.namespace import PROV

from kg.headers import split_header
from kg.vocab import DCKG, graph_iri, mint

RULES_GRAPH = graph_iri("rules")
MAX_ROUNDS = 6


@dataclass(frozen=True)
class Rule:
    """An inference rule: its name (file stem without order prefix), label, description and CONSTRUCT text."""

    name: str
    label: str
    description: str
    query: str
    shacl: bool = True  # False: the rule adds nothing the shapes constrain, so validation skips its graph

    @property
    def iri(self) -> URIRef:
        return mint("rule", self.name)

    @property
    def graph(self) -> URIRef:
        return graph_iri(f"derived/{self.name}")


def load_rules(rules_dir: Path) -> list[Rule]:
    """Read the rules in file-name order."""
    rules = []
    for path in sorted(rules_dir.glob("*.rq")):
        header, body = split_header(path.read_text(encoding="utf-8"))
        name = path.stem.split("-", 1)[1] if path.stem[:2].isdigit() else path.stem
        rules.append(Rule(name, str(header["label"]), str(header["description"]), body,
                          bool(header.get("shacl", True))))
    return rules


def apply_rules(store: ox.Store, rules: list[Rule]) -> dict[str, int]:
    """Run `rules` over the union of `store` until nothing new is derived; return new triples per rule."""
    counts = {r.name: 0 for r in rules}
    for _ in range(MAX_ROUNDS):
        added = 0
        for rule in rules:
            target = ox.NamedNode(str(rule.graph))
            new = list({
                ox.Quad(t.subject, t.predicate, t.object, target)
                for t in store.query(rule.query, use_default_graph_as_union=True)  # type: ignore[union-attr]
                if not any(True for _ in store.quads_for_pattern(t.subject, t.predicate, t.object, None))
            })
            if new:
                store.extend(new)
                counts[rule.name] += len(new)
                added += len(new)
        if not added:
            return counts
    raise RuntimeError(f"rules did not reach a fixpoint in {MAX_ROUNDS} rounds")


def describe_rules(rules: list[Rule], counts: dict[str, int]) -> Graph:
    """The ``graph/rules`` graph: each rule, its text, and the derived graph it produced."""
    g = Graph()
    for rule in rules:
        g.add((rule.iri, RDF.type, DCKG.InferenceRule))
        g.add((rule.iri, RDFS.label, Literal(rule.label, lang="en")))
        g.add((rule.iri, SKOS.definition, Literal(rule.description, lang="en")))
        g.add((rule.iri, DCKG.ruleQuery, Literal(rule.query)))
        g.add((rule.graph, RDF.type, PROV.Entity))
        g.add((rule.graph, RDFS.label, Literal(f"Triples derived by the rule '{rule.label}'", lang="en")))
        g.add((rule.graph, DCKG.producedByRule, rule.iri))
        g.add((rule.graph, PROV.wasGeneratedBy, URIRef(str(rule.graph) + "#run")))
        g.add((URIRef(str(rule.graph) + "#run"), RDF.type, PROV.Activity))
        g.add((URIRef(str(rule.graph) + "#run"), PROV.used, rule.iri))
    return g
