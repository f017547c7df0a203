"""Build time and peak memory: the curated graph end to end (load, reason, HermiT, SHACL, store), and
synthetic graphs of 100k and 1M triples through load, rules, SHACL and store.

Each size runs in its own process so its peak memory (max RSS of the process and of its SHACL
workers) is its own. Prints a table; `--one SIZE` runs a single case and prints JSON.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _peak_mib() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return round(own, 1), round(children, 1)


def run_curated(store_dir: Path) -> dict[str, object]:
    from kg.build import build
    from kg.settings import get_settings

    start = time.perf_counter()
    report = build(get_settings(store_dir=store_dir))
    return {"case": "curated", "triples": report.triples, "seconds": round(time.perf_counter() - start, 2),
            "steps": report.seconds}


def run_synthetic(target: int, store_dir: Path) -> dict[str, object]:
    import pyoxigraph as ox

    from bench.synthetic import synthetic_nquads
    from kg import store as kstore
    from kg.build import ONTOLOGY_GRAPH, BuildReport, add_graph, process
    from kg.settings import get_settings
    from loaders import load_all

    settings = get_settings(store_dir=store_dir, check_consistency=False)
    steps: dict[str, float] = {}
    start = time.perf_counter()
    loaded = load_all(settings.data_dir)
    mem = ox.Store()
    mem.load(path=str(settings.ontology_dir / "dckg.ttl"), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(str(ONTOLOGY_GRAPH)))
    for gi, g in loaded.graphs.items():
        add_graph(mem, g, str(gi))
    curated = len(mem)
    data, _ = synthetic_nquads(target - curated, {q.object.value for q in mem.quads_for_pattern(
        None, ox.NamedNode("https://w3id.org/dckg/ontology#iso2"), None, None)})
    mem.bulk_load(data, format=ox.RdfFormat.N_QUADS)
    del data
    loaded_triples = len(mem)
    steps["load"] = round(time.perf_counter() - start, 2)
    report = BuildReport()
    ttl = process(mem, settings, report)
    steps.update(report.seconds)
    t = time.perf_counter()
    build_id, path = kstore.new_build_dir(settings.store_dir)
    kstore.write_build(mem, path, {"build_id": build_id, "synthetic": target}, ttl)
    kstore.switch_to(settings.store_dir, path)
    steps["store"] = round(time.perf_counter() - t, 2)
    return {"case": f"synthetic {target:,}", "triples": len(mem), "loaded": loaded_triples,
            "seconds": round(time.perf_counter() - start, 2), "steps": steps}


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        with tempfile.TemporaryDirectory() as tmp:
            size = sys.argv[2]
            result = run_curated(Path(tmp) / "store") if size == "curated" else run_synthetic(int(size), Path(tmp) / "store")
        own, children = _peak_mib()
        result["peak_mib"] = own
        result["peak_mib_shacl_worker"] = children
        print(json.dumps(result))
        return
    sizes = sys.argv[1:] or ["curated", "100000", "1000000"]
    print(f"{'case':<20}{'triples':>10}{'seconds':>9}{'peak MiB':>10}{'worker MiB':>11}  steps (s)")
    for size in sizes:
        done = subprocess.run([sys.executable, __file__, "--one", size], capture_output=True, text=True, cwd=ROOT)
        if done.returncode != 0:
            print(f"{size}: failed\n{done.stderr[-2000:]}")
            continue
        r = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"{r['case']:<20}{r['triples']:>10,}{r['seconds']:>9}{r['peak_mib']:>10}{r['peak_mib_shacl_worker']:>11}  {r['steps']}")


if __name__ == "__main__":
    main()
