"""The build pipeline: derived graphs per rule, HermiT catches contradictions, SHACL violations name
file and line, and a failed build leaves the previous store answering."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build import build
from kg.errors import Inconsistent, RecordErrors, ValidationFailed
from kg.settings import Settings
from kg.store import current_build, open_store
from tests.conftest import CORPUS, build_settings

EV = '    evidence:\n      - {source: src-one, locator: "p. 1", confidence: high, ref: "fixture"}\n'
pytestmark = pytest.mark.timeout(120)


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    dest = tmp_path / "data"
    shutil.copytree(CORPUS, dest)
    return dest


def count(store: ox.Store, graph: str) -> int:
    return sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))


def test_derived_triples_live_in_one_graph_per_rule(fixture_store: ox.Store) -> None:
    base = "https://w3id.org/dckg/graph/derived/"
    for rule in ("subclass-types", "subproperties", "inverses", "participates-in", "sunset-lapse"):
        assert count(fixture_store, base + rule) > 0, rule
    # the derived participates-in link exists only for standing-conferring participations
    xe, alpha = ox.NamedNode("https://w3id.org/dckg/id/country/XE"), ox.NamedNode("https://w3id.org/dckg/id/framework/alpha")
    link = ox.NamedNode("https://w3id.org/dckg/ontology#participatesIn")
    assert not list(fixture_store.quads_for_pattern(xe, link, alpha, None))  # XE is only negotiating alpha
    assert list(fixture_store.quads_for_pattern(xe, link, ox.NamedNode("https://w3id.org/dckg/id/framework/beta"), None))


def test_no_derived_triple_duplicates_an_asserted_one(fixture_store: ox.Store) -> None:
    seen: dict[tuple[str, str, str], int] = {}
    for q in fixture_store.quads_for_pattern(None, None, None, None):
        key = (str(q.subject), str(q.predicate), str(q.object))
        seen[key] = seen.get(key, 0) + 1
    derived_dupes = [k for k, n in seen.items() if n > 1]
    assert derived_dupes == []


def test_failed_build_keeps_previous_store_answering(corpus: Path, tmp_path: Path) -> None:
    settings = build_settings(corpus, tmp_path / "store")
    first = build(settings)
    before = current_build(settings.store_dir)
    store, _ = open_store(settings.store_dir, in_memory=False)
    (corpus / "participations" / "alpha.yaml").write_text(
        (corpus / "participations" / "alpha.yaml").read_text().replace('from: "2010-05-01"', 'from: "2010-02-30"'))
    with pytest.raises(RecordErrors) as exc:
        build(settings)
    assert "participations/alpha.yaml:6: from: '2010-02-30' is an impossible date" in str(exc.value)
    assert current_build(settings.store_dir).build_id == before.build_id == first.build_id
    assert len(list(store.quads_for_pattern(None, None, None, None))) > 1000  # the open store still answers
    reopened, _ = open_store(settings.store_dir, in_memory=False)
    assert len(list(reopened.quads_for_pattern(None, None, None, None))) == first.triples


def test_consistency_catches_qualifying_and_proscribed(corpus: Path, tmp_path: Path) -> None:
    with (corpus / "frameworks.yaml").open("a") as f:
        for slug in ("dfars-qualifying-country", "itar-126-1"):
            f.write(f'  - id: {slug}\n    label: "{slug}"\n    definition: "fixture {slug}"\n{EV}')
    for n, slug in enumerate(("dfars-qualifying-country", "itar-126-1")):
        (corpus / "participations" / f"{slug}.yaml").write_text(
            f'recorded: 2026-01-01\nrecords:\n  - country: XC\n    framework: {slug}\n    status: in-force\n'
            f'    from: "201{n}"\n{EV}')
    with pytest.raises(Inconsistent) as exc:
        build(build_settings(corpus, tmp_path / "store"))
    message = str(exc.value)
    assert "https://w3id.org/dckg/id/country/XC is both https://w3id.org/dckg/ontology#QualifyingCountry" in message
    assert "(record countries.yaml:" in message


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        ("  - country: XA\n    framework: delta\n    status: in-force\n",
         "participations/omega.yaml:3: <https://w3id.org/dckg/id/participation/delta-XA> "
         "https://w3id.org/dckg/ontology#validFromPrecision: a participation needs a start (valid-from or its bounds)"),
        ('  - country: XA\n    framework: delta\n    status: in-force\n    from: "2020"\n    conditional: true\n',
         "participations/omega.yaml:3: <https://w3id.org/dckg/id/participation/delta-XA>: a conditional "
         "participation must state its condition (dckg:condition)"),
    ],
    ids=["no-start", "condition-missing"],
)
def test_shacl_violation_fails_build_naming_file_and_line(corpus: Path, tmp_path: Path, record: str, expected: str) -> None:
    (corpus / "participations" / "omega.yaml").write_text("recorded: 2026-01-01\nrecords:\n" + record + EV)
    settings: Settings = build_settings(corpus, tmp_path / "store")
    with pytest.raises(ValidationFailed) as exc:
        build(settings)
    assert exc.value.violations == [expected]
    assert not settings.store_dir.exists()
