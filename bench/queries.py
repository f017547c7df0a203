"""Latency of every named query, in process: on the curated store and on a 1M-triple synthetic store.

Each query runs with its example parameters; p50 over repeated runs is printed with the row count.
The synthetic store is built once into .dckg/bench-1m (reused while it exists; delete it to rebuild).
Usage: python bench/queries.py [--skip-1m]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.build import build  # noqa: E402
from kg.queries import NamedQuery, load_queries, run  # noqa: E402
from kg.settings import get_settings  # noqa: E402
from kg.store import open_store  # noqa: E402

BENCH_1M = ROOT / ".dckg" / "bench-1m" / "store"


def time_query(store: object, query: NamedQuery, repeat: int) -> tuple[float, float, int]:
    params = {p.name: p.example for p in query.params if p.example}
    samples, rows = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        rows = sum(1 for _ in run(store, query, params))  # type: ignore[arg-type]
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))], rows


def report(title: str, store_dir: Path, repeat: int) -> None:
    store, _ = open_store(store_dir)
    queries = load_queries(ROOT / "queries")
    print(f"\n{title}: {sum(1 for _ in store.quads_for_pattern(None, None, None, None)):,} quads")
    print(f"{'query':<28}{'p50 ms':>9}{'p95 ms':>9}{'rows':>7}")
    worst = 0.0
    for name, q in queries.items():
        p50, p95, rows = time_query(store, q, repeat)
        worst = max(worst, p50)
        print(f"{name:<28}{p50:>9.2f}{p95:>9.2f}{rows:>7}")
    print(f"{'slowest p50':<28}{worst:>9.2f}")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = get_settings(store_dir=Path(tmp) / "store")
        build(settings)
        report("curated graph (read-only store, served from an in-memory copy)", settings.store_dir, repeat=31)
    if "--skip-1m" in sys.argv:
        return
    if not (BENCH_1M / "oxigraph").exists():
        from bench.build import run_synthetic

        print("building the 1M synthetic store (once)…")
        run_synthetic(1_000_000, BENCH_1M)
    report("synthetic 1M graph (read-only store, served from an in-memory copy)", BENCH_1M, repeat=5)


if __name__ == "__main__":
    main()
