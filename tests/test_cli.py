"""The dckg console script, run as a subprocess: outputs and exit codes (0 ok, 1 does not conform, 2 bad input)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.settings import Settings
from tests.conftest import CORPUS, ROOT

pytestmark = pytest.mark.timeout(120)
DCKG = str(Path(sys.executable).parent / "dckg")


def dckg(*args: str, store: Path | None = None, data: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    if store is not None:
        env["DCKG_STORE_DIR"] = str(store)
    if data is not None:
        env["DCKG_DATA_DIR"] = str(data)
    return subprocess.run([DCKG, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=110)


@pytest.mark.parametrize("command", ["build", "validate", "query", "queries", "explain", "serve", "export", "analyze"])
def test_every_command_has_help(command: str) -> None:
    done = dckg(command, "--help")
    assert done.returncode == 0, done.stderr
    assert "Usage" in done.stdout


def test_flagship_json_is_sparql_results(fixture_settings: Settings) -> None:
    done = dckg("query", "in-both-frameworks", "-p", "a=alpha", "-p", "b=beta", "--as-of", "2016-06-01",
                "--format", "json", store=fixture_settings.store_dir)
    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout)
    assert "countryCertainty" in body["head"]["vars"]
    countries = {(b["country"]["value"], b["countryCertainty"]["value"]) for b in body["results"]["bindings"]}
    assert countries == {("https://w3id.org/dckg/id/country/XA", "certain"),
                         ("https://w3id.org/dckg/id/country/XB", "uncertain")}
    assert {b["country"]["type"] for b in body["results"]["bindings"]} == {"uri"}


def test_table_and_csv(fixture_settings: Settings) -> None:
    table = dckg("query", "in-a-not-b", "-p", "a=alpha", "-p", "b=beta", "--as-of", "2016-06-01", store=fixture_settings.store_dir)
    assert table.returncode == 0 and "Betania" in table.stdout and "1 row(s)" in table.stdout
    csv = dckg("query", "in-a-not-b", "-p", "a=alpha", "-p", "b=beta", "--as-of", "2016-06-01", "-f", "csv",
               store=fixture_settings.store_dir)
    assert csv.stdout.splitlines()[0].startswith("country,iso2,label,certainty")
    assert "XB" in csv.stdout.splitlines()[1]


def test_rq_file_and_inline_sparql(fixture_settings: Settings, tmp_path: Path) -> None:
    done = dckg("query", str(ROOT / "queries" / "pending-standings.rq"), "-f", "csv", store=fixture_settings.store_dir)
    assert done.returncode == 0 and "XE,Eland" in done.stdout
    inline = dckg("query", "SELECT (COUNT(*) AS ?n) WHERE { ?c a <https://w3id.org/dckg/ontology#Country> }",
                  "-f", "csv", store=fixture_settings.store_dir)
    assert inline.returncode == 0 and inline.stdout.splitlines() == ["n", "5"]
    ask = dckg("query", "ASK { <https://w3id.org/dckg/id/country/XA> ?p ?o }", store=fixture_settings.store_dir)
    assert ask.stdout.strip() == "true"


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("query", "in-both-frameworks", "-p", "a=nope"), "a: unknown framework 'nope'"),
        (("query", "in-both-frameworks", "-p", "a=alpha", "-p", "b=beta", "--as-of", "2025-13-01"), "as_of: '2025-13-01' is not a date"),
        (("query", "no-such-question"), "is neither a named question"),
        (("query", "SELECT * WHERE { ?s ?p }"), "SPARQL syntax error"),
        (("query", "pending-standings", "-p", "oops"), "expected key=value"),
        (("query", "in-a-not-b", "-f", "xml"), "choose table, json or csv"),
    ],
)
def test_bad_input_exits_2(fixture_settings: Settings, args: tuple[str, ...], fragment: str) -> None:
    done = dckg(*args, store=fixture_settings.store_dir)
    assert done.returncode == 2
    assert fragment in " ".join(done.stderr.split())


def test_broken_record_exits_2_and_previous_store_answers(tmp_path: Path) -> None:
    data, store = tmp_path / "data", tmp_path / "store"
    shutil.copytree(CORPUS, data)
    assert dckg("build", store=store, data=data).returncode == 0
    (data / "participations" / "delta.yaml").write_text(
        (data / "participations" / "delta.yaml").read_text().replace("country: XB", "country: QQ"))
    failed = dckg("build", store=store, data=data)
    assert failed.returncode == 2
    assert "participations/delta.yaml:3: country: unknown country code 'QQ'" in failed.stderr
    still = dckg("query", "in-any-of", "-p", "a=gamma", "-p", "b=delta", "--as-of", "2020-06-01", "-f", "csv", store=store)
    assert still.returncode == 0
    assert sorted(line.split(",")[1] for line in still.stdout.splitlines()[1:]) == ["XA", "XB", "XC"]


def test_shacl_violation_exits_1(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(CORPUS, data)
    (data / "participations" / "delta.yaml").write_text(
        (data / "participations" / "delta.yaml").read_text().replace('from: "2020-01-01"', "conditional: true"))
    done = dckg("validate", data=data)
    assert done.returncode == 1
    assert "participations/delta.yaml:3:" in done.stderr and "needs a start" in " ".join(done.stderr.split())


def test_missing_store_exits_2(tmp_path: Path) -> None:
    done = dckg("query", "pending-standings", store=tmp_path / "none")
    assert done.returncode == 2
    assert "run `dckg build` first" in " ".join(done.stderr.split())


def test_analyze_path_and_similar_on_fixture(fixture_settings: Settings) -> None:
    path = dckg("analyze", "path", "--country", "XD", "--to", "XB", "--as-of", "2016-06-01", store=fixture_settings.store_dir)
    assert path.returncode == 0, path.stderr
    assert path.stdout.split() == ["XD", "(Deeland)", "→", "beta", "(Beta", "framework)", "→", "XB", "(Betania)"]
    bad = dckg("analyze", "similar", store=fixture_settings.store_dir)
    assert bad.returncode == 2 and "similar needs --country" in bad.stderr
