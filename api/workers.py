"""A small pool of worker processes that run untrusted SPARQL with a real, killable deadline.

pyoxigraph has no timeout or cancel, so each query runs in a worker process that opened the store
with `Store.read_only` (and, for a small store, copied it into memory: 2–4× faster). A query still
running at its deadline has its worker killed and replaced in the background; the caller gets
`QueryTimeout` naming the limit, and the other workers keep answering. Results are serialised inside
the worker (row cap applied), so only bytes cross the pipe.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing as mp
import queue
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

log = logging.getLogger("dckg.workers")
IN_MEMORY_MAX_QUADS = 500_000


@dataclass(frozen=True)
class Job:
    """One query for a worker: its text, the dataset, and the media type to answer each query form with
    (None: nothing acceptable for that form, answered 406 once the form is known)."""

    query: str
    results_media: str | None
    graph_media: str | None
    union: bool = True
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    max_rows: int = 10_000


@dataclass(frozen=True)
class Answer:
    """What a worker sends back: the body, its media type, the query form and whether rows were cut."""

    body: bytes
    media_type: str
    form: str
    truncated: bool = False
    rows: int = 0


class QueryTimeout(Exception):
    """The query ran past `limit` seconds (the worker was killed)."""

    def __init__(self, limit: float, setting: str = "query_timeout") -> None:
        super().__init__(f"the query ran longer than {setting} = {limit:g} s and was stopped")
        self.limit, self.setting = limit, setting


class PoolBusy(Exception):
    """No worker became free before the deadline."""


class NotAcceptable(Exception):
    """No acceptable media type for the query's form (``results`` or ``graph``)."""


class WorkerFailed(Exception):
    """The worker died for another reason (logged; answered as a server error)."""


@dataclass
class _Worker:
    process: Any
    conn: Connection
    ident: int = field(default=0)


def _serve(conn: Connection, store_path: str) -> None:  # runs in the child process
    from pathlib import Path

    from kg.store import read_store

    store = read_store(Path(store_path), IN_MEMORY_MAX_QUADS)
    try:
        conn.send(("ready", None))
    except (OSError, BrokenPipeError):  # the pool closed while this worker started
        return
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        conn.send(execute(store, job))


class WorkerPool:
    """`size` worker processes over the store at `store_path`; `run(job, timeout)` is thread-safe."""

    def __init__(self, store_path: str, size: int = 2, start_timeout: float = 60.0) -> None:
        self.store_path, self.size, self.start_timeout = store_path, size, start_timeout
        self._ctx = mp.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._ids = itertools.count(1)
        self._closed = False
        self._all: dict[int, _Worker] = {}
        self._starting = 0
        self._lock = threading.Lock()
        starters = [threading.Thread(target=self._add, daemon=True) for _ in range(size)]
        for t in starters:
            t.start()
        for t in starters:
            t.join()

    def _spawn(self) -> _Worker:
        parent, child = self._ctx.Pipe(duplex=True)
        proc = self._ctx.Process(target=_serve, args=(child, self.store_path), daemon=True, name="dckg-sparql")
        proc.start()
        child.close()
        if not parent.poll(self.start_timeout):
            proc.kill()
            raise WorkerFailed("a SPARQL worker did not start in time")
        tag, _ = parent.recv()
        if tag != "ready":
            raise WorkerFailed("a SPARQL worker failed to start")
        return _Worker(proc, parent, next(self._ids))

    def _add(self) -> None:
        with self._lock:
            self._starting += 1
        try:
            worker = self._spawn()
        except Exception:  # noqa: BLE001 - logged; the pool runs with one worker less
            log.exception("could not start a SPARQL worker")
            with self._lock:
                self._starting -= 1
            return
        with self._lock:
            self._starting -= 1
            if self._closed:
                self._stop(worker)
                return
            self._all[worker.ident] = worker
        self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        with self._lock:
            self._all.pop(worker.ident, None)
        worker.process.kill()
        worker.process.join(5)
        worker.conn.close()
        if not self._closed:
            threading.Thread(target=self._add, daemon=True, name="dckg-sparql-respawn").start()

    def run(self, job: Job, timeout: float) -> Answer:
        """Run `job` on a free worker within `timeout` seconds (waiting for a worker counts).

        Raises:
            QueryTimeout: the query was still running at the deadline (its worker was killed).
            PoolBusy: no worker became free in time.
            SyntaxError, ValueError: from the query (bad syntax, bad graph IRI), with the parser's message.
            WorkerFailed: the worker died.
        """
        deadline = time.monotonic() + timeout
        with self._lock:
            if not self._all and not self._starting:
                raise WorkerFailed("no SPARQL worker is running")
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise PoolBusy(f"all {self.size} SPARQL workers stayed busy for {timeout:g} s") from None
        try:
            worker.conn.send(job)
            remaining = max(0.0, deadline - time.monotonic())
            if not worker.conn.poll(remaining):
                self._replace(worker)
                worker = None  # type: ignore[assignment]
                raise QueryTimeout(timeout)
            tag, payload = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError) as exc:
            if worker is not None:
                self._replace(worker)
                worker = None  # type: ignore[assignment]
            raise WorkerFailed(f"SPARQL worker died: {exc}") from None
        finally:
            if worker is not None:
                self._idle.put(worker)
        if tag == "ok":
            return payload  # type: ignore[no-any-return]
        if tag == "syntax":
            raise SyntaxError(payload)
        if tag == "value":
            raise ValueError(payload)
        if tag == "notacceptable":
            raise NotAcceptable(payload)
        raise WorkerFailed(payload)

    @staticmethod
    def _stop(worker: _Worker) -> None:
        try:
            worker.conn.send(None)
        except (OSError, BrokenPipeError):
            pass
        worker.process.join(2)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join(2)
        worker.conn.close()

    def close(self) -> None:
        """Stop every worker (idle ones politely, busy ones by kill)."""
        with self._lock:
            self._closed = True
            workers = list(self._all.values())
            self._all.clear()
        for w in workers:
            if w.process.is_alive():
                w.process.kill()
            w.process.join(2)
            w.conn.close()


# --- executed inside the worker ------------------------------------------------------------------

def execute(store: Any, job: Job) -> tuple[str, Any]:
    """Run `job` on `store` and serialise the answer; errors come back as ``(tag, message)``."""
    import pyoxigraph as ox

    from api.negotiation import GRAPHS_OX, RESULTS_OX
    from kg.vocab import PREFIXES

    kwargs: dict[str, Any] = {}
    try:
        if job.default_graphs is not None:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
        elif job.union:
            kwargs["use_default_graph_as_union"] = True
        if job.named_graphs is not None:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
        result = store.query(job.query, **kwargs)
        if isinstance(result, ox.QueryBoolean):
            if job.results_media is None:
                return ("notacceptable", "results")
            body = result.serialize(format=RESULTS_OX[job.results_media])
            return ("ok", Answer(body, job.results_media, "ask", False, 1))
        if isinstance(result, ox.QuerySolutions):
            if job.results_media is None:
                return ("notacceptable", "results")
            names = [v.value for v in result.variables]
            rows = list(itertools.islice(result, job.max_rows + 1))
            truncated = len(rows) > job.max_rows
            rows = rows[: job.max_rows]
            body = WRITERS[job.results_media](names, rows)
            return ("ok", Answer(body, job.results_media, "select", truncated, len(rows)))
        if job.graph_media is None:
            return ("notacceptable", "graph")
        triples = list(itertools.islice(result, job.max_rows + 1))
        truncated = len(triples) > job.max_rows
        triples = triples[: job.max_rows]
        fmt = GRAPHS_OX[job.graph_media]
        items: list[Any] = triples
        if fmt in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):
            items = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]
        prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
        body = ox.serialize(items, format=fmt, prefixes=prefixes) if prefixes else ox.serialize(items, format=fmt)
        return ("ok", Answer(body or b"", job.graph_media, "graph", truncated, len(triples)))
    except SyntaxError as exc:
        return ("syntax", str(exc))
    except ValueError as exc:
        return ("value", str(exc))
    except OSError as exc:
        return ("error", f"store error: {exc}")


def _json_term(term: Any) -> dict[str, Any]:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": {"subject": _json_term(term.subject), "predicate": _json_term(term.predicate),
                                        "object": _json_term(term.object)}}


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _write_json(names: list[str], rows: list[Any]) -> bytes:
    import json

    bindings = [{n: _json_term(r[n]) for n in names if r[n] is not None} for r in rows]
    return json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}, ensure_ascii=False,
                      separators=(",", ":")).encode()


def _xml_term(term: Any) -> str:
    from xml.sax.saxutils import escape, quoteattr

    j = _json_term(term)
    if j["type"] == "uri":
        return f"<uri>{escape(j['value'])}</uri>"
    if j["type"] == "bnode":
        return f"<bnode>{escape(j['value'])}</bnode>"
    if j["type"] == "literal":
        attr = (f" xml:lang={quoteattr(j['xml:lang'])}" if "xml:lang" in j else
                f" datatype={quoteattr(j['datatype'])}" if "datatype" in j else "")
        return f"<literal{attr}>{escape(j['value'])}</literal>"
    return (f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}</predicate>"
            f"<object>{_xml_term(term.object)}</object></triple>")


def _write_xml(names: list[str], rows: list[Any]) -> bytes:
    from xml.sax.saxutils import quoteattr

    out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
    out += [f"<variable name={quoteattr(n)}/>" for n in names]
    out.append("</head><results>")
    for r in rows:
        out.append("<result>")
        out += [f"<binding name={quoteattr(n)}>{_xml_term(r[n])}</binding>" for n in names if r[n] is not None]
        out.append("</result>")
    out.append("</results></sparql>\n")
    return "".join(out).encode()


def _csv_value(term: Any) -> str:
    import pyoxigraph as ox

    if term is None:
        return ""
    text = ("_:" + term.value) if isinstance(term, ox.BlankNode) else term.value if not isinstance(term, ox.Triple) \
        else str(term)
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"\r\n') else text


def _write_csv(names: list[str], rows: list[Any]) -> bytes:
    lines = [",".join(names)] + [",".join(_csv_value(r[n]) for n in names) for r in rows]
    return ("\r\n".join(lines) + "\r\n").encode()


def _write_tsv(names: list[str], rows: list[Any]) -> bytes:
    lines = ["\t".join("?" + n for n in names)]
    lines += ["\t".join("" if r[n] is None else str(r[n]) for n in names) for r in rows]
    return ("\n".join(lines) + "\n").encode()


WRITERS = {"application/sparql-results+json": _write_json, "application/sparql-results+xml": _write_xml,
            "text/csv": _write_csv, "text/tab-separated-values": _write_tsv}
