"""`kg.export.export`: the dump files, their checksums, their content and the VoID/DCAT description."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, VOID

from kg.export import export
from kg.settings import Settings
from kg.store import open_store

SPDX = Namespace("http://spdx.org/rdf/terms#")


def test_export_writes_every_file_with_its_checksum(real_settings: Settings, tmp_path: Path) -> None:
    files = export(real_settings.store_dir, tmp_path / "out")
    assert [f.name for f in files] == ["dckg.trig.gz", "dckg.nq.gz", "dckg.ttl", "dckg.jsonld", "void.ttl",
                                       "SHA256SUMS"]
    sums = dict(line.split("  ")[::-1] for line in (tmp_path / "out" / "SHA256SUMS").read_text().splitlines())
    for f in files[:-1]:
        assert hashlib.sha256(f.read_bytes()).hexdigest() == sums[f.name]


def test_export_content_matches_the_store(real_settings: Settings, tmp_path: Path) -> None:
    out = tmp_path / "out"
    export(real_settings.store_dir, out)
    store, build = open_store(real_settings.store_dir)
    quads = set(store.quads_for_pattern(None, None, None, None))
    assert set(ox.parse(gzip.decompress((out / "dckg.nq.gz").read_bytes()), format=ox.RdfFormat.N_QUADS)) == quads
    assert set(ox.parse(gzip.decompress((out / "dckg.trig.gz").read_bytes()), format=ox.RdfFormat.TRIG)) == quads
    union = {q.triple for q in quads}
    assert {q.triple for q in ox.parse(path=str(out / "dckg.ttl"), format=ox.RdfFormat.TURTLE)} == union
    # the named graphs carry their provenance (each graph is a prov:Entity described in itself)
    graph = ox.NamedNode("https://w3id.org/dckg/graph/participations/nato")
    assert any(q.graph_name == graph for q in quads if q.subject == graph)

    void = Graph().parse(out / "void.ttl")
    ds = URIRef("https://w3id.org/dckg/dataset")
    assert void.value(ds, VOID.triples) == Literal(len(union))
    assert str(void.value(ds, URIRef("http://purl.org/dc/terms/modified"))) == build.meta["built_at"]
    for dist in void.objects(ds, DCAT.distribution):
        name = str(void.value(dist, DCAT.downloadURL)).rsplit("/", 1)[1]
        checksum = void.value(dist, SPDX.checksum)
        assert str(void.value(checksum, SPDX.checksumValue)) == hashlib.sha256((out / name).read_bytes()).hexdigest()
        assert int(void.value(dist, DCAT.byteSize)) == (out / name).stat().st_size


def test_export_is_reproducible(real_settings: Settings, tmp_path: Path) -> None:
    export(real_settings.store_dir, tmp_path / "a")
    export(real_settings.store_dir, tmp_path / "b")
    assert (tmp_path / "a" / "SHA256SUMS").read_text() == (tmp_path / "b" / "SHA256SUMS").read_text()


def test_export_honours_the_base_iri(real_settings: Settings, tmp_path: Path) -> None:
    export(real_settings.store_dir, tmp_path / "out", base_iri="http://localhost:8000/")
    void = Graph().parse(tmp_path / "out" / "void.ttl")
    assert (URIRef("http://localhost:8000/dataset"), VOID.sparqlEndpoint, URIRef("http://localhost:8000/sparql")) in void
