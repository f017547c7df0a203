"""The explorer and the SPARQL editor in headless Chromium (Debian's package, driven by Playwright).

Counts are checked against the facts: NATO had 30 members until 2023-04-03, 31 from 2023-04-04 and
32 from 2024-03-07 (shared/domain/facts.md §3). Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.live]
import playwright.sync_api as playwright_sync  # noqa: E402  (a test dependency: never skipped)

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
EARLIEST = dt.date(1949, 1, 1)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not shutil.which("chromium") and not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is missing in CI: `make test` installs it through `make browser`")
        pytest.skip("chromium is not installed (make browser)")
    with playwright_sync.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture()
def page(browser: object, live_server: str) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    outside: list[str] = []
    pg.on("request", lambda r: outside.append(r.url) if not r.url.startswith(live_server) else None)
    pg.outside_requests = outside  # type: ignore[attr-defined]
    yield pg
    context.close()


def wait_ready(pg: object, renders: int) -> None:
    pg.wait_for_function(f"Number(document.getElementById('network').dataset.renders || 0) >= {renders} "  # type: ignore[attr-defined]
                         "&& document.body.dataset.state === 'ready'")


def count(pg: object) -> int:
    return int(pg.inner_text("#node-count"))  # type: ignore[attr-defined]


def set_date(pg: object, day: str) -> None:
    """Move the date slider to `day` (as a user's drag ends: input, then change)."""
    value = (dt.date.fromisoformat(day) - EARLIEST).days
    pg.eval_on_selector("#as-of-slider",  # type: ignore[attr-defined]
                        "(el, v) => { el.value = v; el.dispatchEvent(new Event('input'));"
                        " el.dispatchEvent(new Event('change')); }", value)


def test_explorer_whole_graph_filters_and_slider(page: object, live_server: str) -> None:
    pg = page
    ARTIFACTS.mkdir(exist_ok=True)
    pg.goto(f"{live_server}/explore")  # type: ignore[attr-defined]
    wait_ready(pg, 1)
    expected = httpx.get(f"{live_server}/api/graph", params={"as_of": dt.date.today().isoformat()}).json()
    assert count(pg) == len(expected["nodes"]) == pg.evaluate("window.dckgExplorer.nodes.length")  # type: ignore[attr-defined]
    assert pg.evaluate("window.dckgExplorer.edges.length") == len(expected["edges"])  # type: ignore[attr-defined]
    first_ms = pg.evaluate("window.dckgExplorer.firstRenderMs")  # type: ignore[attr-defined]
    print(f"explorer first render: {first_ms:.0f} ms")
    assert first_ms < 2000, f"first render took {first_ms:.0f} ms (the issue asks for under 2 s)"
    pg.screenshot(path=str(ARTIFACTS / "explorer-whole.png"))  # type: ignore[attr-defined]

    # countries and frameworks only, NATO only, the day before Finland joined
    for cls in ("agreement", "regulation", "privilege"):
        pg.uncheck(f'input[name="class"][value="{cls}"]')  # type: ignore[attr-defined]
    pg.select_option("#frameworks", ["nato"])  # type: ignore[attr-defined]
    renders = int(pg.get_attribute("#network", "data-renders"))  # type: ignore[attr-defined]
    set_date(pg, "2023-04-03")
    pg.wait_for_function("document.getElementById('shown-date').textContent === '2023-04-03'")  # type: ignore[attr-defined]
    wait_ready(pg, renders + 1)
    assert count(pg) == 30 + 1  # 30 members and the NATO node
    set_date(pg, "2023-04-04")
    pg.wait_for_function("document.getElementById('shown-date').textContent === '2023-04-04'")  # type: ignore[attr-defined]
    assert count(pg) == 31 + 1
    set_date(pg, "2024-03-07")
    pg.wait_for_function("document.getElementById('shown-date').textContent === '2024-03-07'")  # type: ignore[attr-defined]
    assert count(pg) == 32 + 1
    pg.screenshot(path=str(ARTIFACTS / "explorer-nato-2024-03-07.png"))  # type: ignore[attr-defined]

    # click the NATO node on the canvas: its details and sources appear
    pos = pg.evaluate("""() => { const n = window.dckgExplorer.network;
        const id = 'https://w3id.org/dckg/id/framework/nato';
        const p = n.canvasToDOM(n.getPositions([id])[id]);
        const r = document.getElementById('network').getBoundingClientRect();
        return {x: r.left + p.x, y: r.top + p.y}; }""")  # type: ignore[attr-defined]
    pg.mouse.click(pos["x"], pos["y"])  # type: ignore[attr-defined]
    pg.wait_for_selector("#details-page-link")  # type: ignore[attr-defined]
    assert "North Atlantic" in pg.inner_text("#details") or "NATO" in pg.inner_text("#details")  # type: ignore[attr-defined]
    assert pg.outside_requests == []  # type: ignore[attr-defined]


def test_search_a_country_and_open_its_page(page: object, live_server: str) -> None:
    pg = page
    pg.goto(f"{live_server}/explore")  # type: ignore[attr-defined]
    wait_ready(pg, 1)
    options = pg.eval_on_selector_all("#node-list option", "os => os.map(o => o.value)")  # type: ignore[attr-defined]
    assert "Finland" in options  # autocomplete offers the labels of the nodes drawn
    pg.fill("#search", "Finland")  # type: ignore[attr-defined]
    pg.dispatch_event("#search", "change")  # type: ignore[attr-defined]
    pg.wait_for_selector("#details-page-link")  # type: ignore[attr-defined]
    assert pg.evaluate("window.dckgExplorer.network.getSelectedNodes()") == [  # type: ignore[attr-defined]
        "https://w3id.org/dckg/id/country/FI"]
    pg.screenshot(path=str(ARTIFACTS / "explorer-search-finland.png"))  # type: ignore[attr-defined]
    pg.click("#details-page-link")  # type: ignore[attr-defined]
    pg.wait_for_url(f"{live_server}/id/country/FI")  # type: ignore[attr-defined]
    assert pg.inner_text("h1") == "Finland"  # type: ignore[attr-defined]
    pg.screenshot(path=str(ARTIFACTS / "resource-finland.png"), full_page=True)  # type: ignore[attr-defined]
    pg.click("#explorer-link")  # type: ignore[attr-defined]
    wait_ready(pg, 1)
    assert "https://w3id.org/dckg/id/country/FI" in pg.evaluate("window.dckgExplorer.nodes.getIds()")  # type: ignore[attr-defined]
    assert pg.outside_requests == []  # type: ignore[attr-defined]


def test_explorer_page_has_no_external_url(live_server: str) -> None:
    html = httpx.get(f"{live_server}/explore").text
    for marker in ('src="http', "src='http", 'href="http', "href='http", "//cdn", "@import"):
        assert marker not in html, marker
    js = httpx.get(f"{live_server}/static/explorer.js").text
    assert "http://" not in js and "https://" not in js
    assert httpx.get(f"{live_server}/static/vendor/vis-network.min.js").status_code == 200


def test_sparql_editor_runs_a_named_question(page: object, live_server: str) -> None:
    pg = page
    ARTIFACTS.mkdir(exist_ok=True)
    response = pg.goto(f"{live_server}/sparql", wait_until="networkidle")  # type: ignore[attr-defined]
    if response is None or response.status != 200:
        pytest.fail(f"/sparql answered {response and response.status}")
    pg.wait_for_selector(".yasqe")  # type: ignore[attr-defined]
    pg.click("text=Countries in both frameworks")  # type: ignore[attr-defined]
    pg.click(".yasqe_queryButton >> visible=true")  # type: ignore[attr-defined]
    pg.wait_for_selector(".yasr table tbody tr >> visible=true", timeout=30_000)  # type: ignore[attr-defined]
    rows = pg.locator(".yasr table tbody tr >> visible=true").count()  # type: ignore[attr-defined]
    assert rows > 0
    pg.screenshot(path=str(ARTIFACTS / "sparql-named-question.png"))  # type: ignore[attr-defined]
    assert pg.outside_requests == []  # type: ignore[attr-defined]
