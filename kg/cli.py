"""The `dckg` command line: build, validate, query, explain, serve, export, analyze.

Thin over `kg`: each command calls one function and maps errors to exit codes
(0 ok, 1 does not conform, 2 bad input). Human reports go to stderr, machine output to stdout.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.console import Console

from kg.errors import DckgError
from kg.settings import Settings, get_settings

if TYPE_CHECKING:
    import pyoxigraph as ox

    from kg.queries import NamedQuery

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
    from kg.build import check

    try:
        report = check(_settings(data=data))
    except DckgError as exc:
        raise _fail(exc) from None
    err.print(f"conforms: {report.records} records, {report.triples} triples {report.seconds}")


def _open(settings: Settings) -> tuple["ox.Store", dict[str, "NamedQuery"]]:
    from kg.queries import load_queries
    from kg.store import open_store

    store, _ = open_store(settings.store_dir)
    return store, load_queries(settings.queries_dir)


def _parse_params(pairs: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise DckgError(f"--param {pair!r}: expected key=value")
        params[key.strip()] = value
    return params


@app.command()
def query(
    query: Annotated[str, typer.Argument(help="a named question (see `dckg queries`), a .rq file, or SPARQL text")],
    param: Annotated[list[str], typer.Option("--param", "-p", help="parameter key=value (repeatable)")] = [],  # noqa: B006
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="date YYYY-MM-DD (sets the as_of parameter)")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table | json | csv")] = "table",
    store: StoreOpt = None,
) -> None:
    """Run a named question, a .rq file or inline SPARQL; json is SPARQL 1.1 JSON results."""
    from kg.queries import parse_query_file, run, run_text

    if fmt not in ("table", "json", "csv"):
        raise _fail(DckgError(f"--format {fmt!r}: choose table, json or csv"))
    settings = _settings(store)
    try:
        db, named = _open(settings)
        params = _parse_params(param)
        if as_of is not None:
            params["as_of"] = as_of
        path = Path(query)
        nq: NamedQuery | None = named.get(query) or (parse_query_file(path) if query.endswith(".rq") and path.is_file() else None)
        if nq is not None:
            result: object = run(db, nq, params)
        else:
            if params:
                raise DckgError("--param and --as-of apply to named questions and .rq files, not inline SPARQL")
            if query.endswith(".rq") or not any(k in query.upper() for k in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")):
                raise DckgError(f"{query!r} is neither a named question, a .rq file nor SPARQL text "
                                f"(named questions: {', '.join(sorted(named))})")
            result = run_text(db, query)
    except DckgError as exc:
        raise _fail(exc) from None
    from kg.output import emit_result

    emit_result(result, fmt, sys.stdout, hide=tuple(p.name for p in nq.params) if nq else ())


@app.command()
def queries(store: StoreOpt = None) -> None:
    """List the named questions with their parameters."""
    from kg.queries import load_queries

    from rich.table import Table

    table = Table("name", "title", "parameters")
    for q in load_queries(_settings(store).queries_dir).values():
        table.add_row(q.name, q.title, ", ".join(f"{p.name}:{p.type}={p.default}" for p in q.params))
    Console().print(table)


@app.command()
def explain(
    country: Annotated[str, typer.Argument(help="ISO 3166-1 alpha-2 code, e.g. AU")],
    framework: Annotated[str, typer.Argument(help="framework slug, e.g. dpa-domestic-source")],
    as_of: Annotated[str, typer.Option("--as-of", help="date YYYY-MM-DD")] = "today",
    fmt: Annotated[str, typer.Option("--format", "-f", help="text | json")] = "text",
    store: StoreOpt = None,
) -> None:
    """The chain of facts and sources behind (or against) a country's standing in a framework."""
    import json

    from kg import service
    from kg.output import print_explanation

    try:
        db, named = _open(_settings(store))
        answer = service.explain(db, named, country, framework, as_of)
    except DckgError as exc:
        raise _fail(exc) from None
    if fmt == "json":
        sys.stdout.write(json.dumps(answer, indent=2, ensure_ascii=False) + "\n")
    else:
        print_explanation(answer, Console())


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port")] = 8000,
    store: StoreOpt = None,
) -> None:
    """Serve the current store: SPARQL endpoint, REST API, linked data and explorer."""
    import os

    import uvicorn

    if store is not None:
        os.environ["DCKG_STORE_DIR"] = str(store)
    try:
        from kg.store import current_build

        current_build(_settings(store).store_dir)
    except DckgError as exc:
        raise _fail(exc) from None
    uvicorn.run("api.main:app_from_env", factory=True, host=host, port=port)


@app.command()
def export(
    out: Annotated[Path, typer.Argument(help="directory to write the dumps and descriptions into")] = Path("dumps"),
    store: StoreOpt = None,
) -> None:
    """Write the dataset dumps (TriG, N-Quads, Turtle, JSON-LD, checksums) and VoID/DCAT descriptions."""
    from kg.export import export as run_export

    try:
        written = run_export(_settings(store).store_dir, out)
    except DckgError as exc:
        raise _fail(exc) from None
    for path in written:
        err.print(str(path))


@app.command()
def analyze(
    what: Annotated[str, typer.Argument(help="centrality | communities | similar | path")],
    country: Annotated[Optional[str], typer.Option("--country", help="ISO alpha-2 (for similar, and path from)")] = None,
    to: Annotated[Optional[str], typer.Option("--to", help="ISO alpha-2 (path to)")] = None,
    as_of: Annotated[str, typer.Option("--as-of", help="date YYYY-MM-DD")] = "today",
    store: StoreOpt = None,
) -> None:
    """Network analytics of the country-framework graph as of a date (networkx)."""
    from rich.table import Table

    from kg import analytics
    from kg.queries import parse_date

    console = Console()
    try:
        db, named = _open(_settings(store))
        graph = analytics.membership_graph(db, named, parse_date(as_of, "as_of"))
        if what == "centrality":
            table = Table("kind", "key", "label", "degree", "betweenness")
            for c in analytics.centrality(graph):
                table.add_row(c.node.kind, c.node.key, c.node.label, str(c.degree), f"{c.betweenness:.3f}")
            console.print(table)
        elif what == "communities":
            for com in analytics.communities(graph):
                console.print(f"[bold]community {com.index}[/]: frameworks {', '.join(n.key for n in com.frameworks)}; "
                              f"countries {', '.join(n.key for n in com.countries)}", highlight=False)
        elif what == "similar":
            if not country:
                raise DckgError("similar needs --country")
            table = Table("country", "label", "jaccard", "shared frameworks")
            for sim in analytics.similar_countries(graph, country.upper()):
                table.add_row(sim.country.key, sim.country.label, f"{sim.jaccard:.2f}", ", ".join(n.key for n in sim.shared))
            console.print(table)
        elif what == "path":
            if not country or not to:
                raise DckgError("path needs --country and --to")
            path = analytics.shortest_path(graph, country.upper(), to.upper())
            console.print(" → ".join(f"{n.key} ({n.label})" for n in path) if path else "no path", highlight=False)
        else:
            raise DckgError(f"{what!r}: choose centrality, communities, similar or path")
    except DckgError as exc:
        raise _fail(exc) from None


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
    sys.exit(0)
