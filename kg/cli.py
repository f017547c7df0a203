"""The `dckg` command line: build, validate, query, explain, serve, export, analyze.

Thin over `kg`: each command calls one function and maps errors to exit codes
(0 ok, 1 does not conform, 2 bad input). Human reports go to stderr, machine output to stdout.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from kg.errors import DckgError
from kg.settings import Settings, get_settings

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, no_args_is_help=True, help="dckg: the defense cooperation knowledge graph.")
err = Console(stderr=True)

StoreOpt = Annotated[Optional[Path], typer.Option("--store", help="store directory (default DCKG_STORE_DIR or .dckg/store)")]
DataOpt = Annotated[Optional[Path], typer.Option("--data", help="curated data directory (default DCKG_DATA_DIR or data/)")]


def _settings(store: Path | None = None, data: Path | None = None) -> Settings:
    overrides: dict[str, object] = {}
    if store is not None:
        overrides["store_dir"] = store
    if data is not None:
        overrides["data_dir"] = data
    return get_settings(**overrides)


def _fail(exc: DckgError) -> typer.Exit:
    err.print(f"[bold red]error[/]: {exc}", highlight=False, markup=True, soft_wrap=True)
    return typer.Exit(exc.exit_code)


@app.command()
def build(store: StoreOpt = None, data: DataOpt = None) -> None:
    """Load, reason, check (HermiT), validate (SHACL) and write a new store; switch to it on success."""
    from kg.build import build as run_build

    settings = _settings(store, data)
    try:
        with err.status("building…") as status:
            report = run_build(settings, progress=lambda step: status.update(f"building: {step}…"))
    except DckgError as exc:
        raise _fail(exc) from None
    err.print(f"built {report.build_id}: {report.records} records, {report.triples} triples "
              f"in {report.seconds['total']} s {report.seconds}")
    err.print(f"store: {settings.store_dir} -> {report.path}")


@app.command()
def validate(data: DataOpt = None) -> None:
    """Load, reason, check and validate without writing a store."""
    import pyoxigraph as ox

    from kg.build import ONTOLOGY_GRAPH, BuildReport, add_graph, process
    from loaders import load_all

    settings = _settings(data=data)
    try:
        loaded = load_all(settings.data_dir)
        mem = ox.Store()
        mem.load(path=str(settings.ontology_dir / "dckg.ttl"), format=ox.RdfFormat.TURTLE,
                 to_graph=ox.NamedNode(str(ONTOLOGY_GRAPH)))
        for gi, g in loaded.graphs.items():
            add_graph(mem, g, str(gi))
        report = BuildReport(records=loaded.records)
        process(mem, settings, report)
    except DckgError as exc:
        raise _fail(exc) from None
    err.print(f"conforms: {loaded.records} records, {len(mem)} triples {report.seconds}")


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
    sys.exit(0)
