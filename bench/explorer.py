"""First-render time of the explorer for the whole dataset in headless Chromium.

Builds the curated data into a temporary store (or uses ``--store DIR``), serves it with uvicorn on
a loopback port, opens ``/explore`` (no filter, today) in Debian's Chromium through Playwright and
reads ``window.dckgExplorer.firstRenderMs``: milliseconds from navigation start to the first frame
vis-network draws after its layout has stabilised. Prints one line per run and the median.
Usage: python bench/explorer.py [--store DIR] [--runs N]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def serve(store_dir: Path) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "--factory", "api.main:app_from_env", "--host",
                             "127.0.0.1", "--port", str(port), "--log-level", "warning"],
                            cwd=ROOT, env={**os.environ, "DCKG_STORE_DIR": str(store_dir)})
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(base + "/openapi.json", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("uvicorn did not start")


def measure(base: str, runs: int) -> list[tuple[float, int, int]]:
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS, headless=True)
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(base + "/explore")
            page.wait_for_function("window.dckgExplorer && window.dckgExplorer.firstRenderMs !== null",
                                   timeout=60_000)
            ms = page.evaluate("window.dckgExplorer.firstRenderMs")
            nodes = page.evaluate("window.dckgExplorer.nodes.length")
            edges = page.evaluate("window.dckgExplorer.edges.length")
            out.append((ms, nodes, edges))
            page.close()
        browser.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="a built store (default: build data/ into a temp dir)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = args.store
        if store is None:
            from kg.build import build
            from kg.settings import get_settings

            store = Path(tmp) / "store"
            build(get_settings(store_dir=store))
        proc, base = serve(store)
        try:
            httpx.get(base + "/api/graph", timeout=30)  # warm the server once
            results = measure(base, args.runs)
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    for i, (ms, nodes, edges) in enumerate(results, start=1):
        print(f"run {i}: first render {ms:.0f} ms ({nodes} nodes, {edges} edges)")
    print(f"median first render: {statistics.median(r[0] for r in results):.0f} ms over {len(results)} runs")


if __name__ == "__main__":
    main()
