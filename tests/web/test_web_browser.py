"""Browser tests (Playwright driving Debian's Chromium): the main flows, with a screenshot of each page.

Skipped when /usr/bin/chromium is absent, except in CI (``CI`` set), where that is an error.
Screenshots go to ``test-output/screenshots/``.  Document text of the test case carries script
tags, event handlers and ``javascript:`` links; every page checks that none of them ran
(``window.__xss`` stays unset, no dialog opened) and that the CSP reported no violation.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import make_app

from redline.store.db import session_scope
from redline.web.auth import create_user

CHROMIUM = os.environ.get("REDLINE_CHROMIUM", "/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
pytestmark = pytest.mark.browser


def _need_chromium() -> None:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing in CI: .ci/run installs chromium")
        pytest.skip(f"browser tests need Chromium at {CHROMIUM}")


def _serve(app) -> tuple[str, object]:  # type: ignore[no-untyped-def]
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


@pytest.fixture(scope="module")
def servers(web_db: str) -> Iterator[dict[str, str]]:
    _need_chromium()
    with session_scope(web_db) as s:
        create_user(s, "vera", "viewer password 1", "viewer")
    single, s1 = _serve(make_app(web_db))
    multi, s2 = _serve(make_app(web_db, multi_user=True))
    yield {"single": single, "multi": multi, "db": "pg" if web_db.startswith("postgresql") else "sqlite"}
    s1.should_exit = True  # type: ignore[attr-defined]
    s2.should_exit = True  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def browser(servers: dict[str, str]) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


class Watch:
    """Collects what must not happen on a page: dialogs, CSP violations, script errors."""

    def __init__(self, page) -> None:  # type: ignore[no-untyped-def]
        self.problems: list[str] = []
        page.on("dialog", lambda d: (self.problems.append(f"dialog: {d.message}"), d.dismiss()))
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on(
            "console",
            lambda m: self.problems.append(f"console: {m.text}") if m.type == "error" else None,
        )

    def check(self, page) -> None:  # type: ignore[no-untyped-def]
        assert page.evaluate("window.__xss === undefined"), page.evaluate("String(window.__xss)")
        assert not self.problems, self.problems


@pytest.fixture
def page(browser, servers):  # type: ignore[no-untyped-def]
    ctx = browser.new_context(viewport={"width": 1400, "height": 950}, locale="en-GB")
    pg = ctx.new_page()
    pg.watch = Watch(pg)
    yield pg
    ctx.close()


def shot(page, servers, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{servers['db']}-{name}.png"), full_page=True)


PAGES = {
    "overview": "/cases/webcase",
    "positions": "/cases/webcase/positions",
    "drift": "/cases/webcase/drift",
    "territory": "/cases/webcase/territory",
    "document": "/cases/webcase/documents/us-plan",
    "document-bad-source": "/cases/webcase/documents/ua-formula",
    "compare": "/cases/webcase/compare",
    "criteria": "/cases/webcase/criteria",
    "affinity": "/cases/webcase/affinity",
    "simulation": "/cases/webcase/simulate",
    "coding": "/cases/webcase/coding/us-plan",
    "upload": "/cases/webcase/upload",
    "search": "/cases/webcase/search?q=Crimea",
    "api": "/api",
}


def test_open_each_page(page, servers) -> None:  # type: ignore[no-untyped-def]
    for name, path in PAGES.items():
        page.goto(servers["single"] + path)
        assert page.locator("main h1").count() >= 1, name
        shot(page, servers, name)
        page.watch.check(page)
    # hovering and clicking the untrusted link text runs nothing either
    page.goto(servers["single"] + "/cases/webcase/documents/us-plan")
    page.get_by_text("the annex", exact=False).first.click()
    page.watch.check(page)


def test_heatmap_cell_opens_its_provisions(page, servers) -> None:  # type: ignore[no-untyped-def]
    page.goto(servers["single"] + "/cases/webcase/positions")
    page.get_by_test_id("cell-us-plan-crimea").click()
    page.get_by_test_id("explain-title").wait_for()
    assert "recognises Crimea as Russian in law" in page.locator("#explain").inner_text()
    assert page.url.endswith("/positions")  # swapped in place by htmx
    shot(page, servers, "positions-cell")
    page.watch.check(page)


def test_territory_slider_moves_through_time(page, servers) -> None:  # type: ignore[no-untyped-def]
    page.goto(servers["single"] + "/cases/webcase/territory")
    assert page.get_by_test_id("tile-crimea").get_attribute("data-status") == "frozen/frozen"
    page.locator("#doc-slider").fill("0")
    page.get_by_test_id("territory-doc").filter(has_text="peace formula").wait_for()
    assert page.get_by_test_id("tile-crimea").get_attribute("data-status") == "ukrainian/ukrainian"
    shot(page, servers, "territory-slider")
    page.watch.check(page)


def test_compare_two_documents(page, servers) -> None:  # type: ignore[no-untyped-def]
    page.goto(servers["single"] + "/cases/webcase/compare")
    page.get_by_test_id("compare-a").select_option("us-plan")
    page.get_by_test_id("compare-b").select_option("us-plan-2")
    page.get_by_role("button", name="Compare").click()
    page.get_by_test_id("compare-summary").wait_for()
    frame = page.frame_locator("iframe.redline")
    frame.locator("table").wait_for()
    assert frame.locator("tr").count() > 2
    shot(page, servers, "compare-result")
    page.watch.check(page)


def test_accept_a_suggestion(page, servers) -> None:  # type: ignore[no-untyped-def]
    page.goto(servers["single"] + "/cases/webcase/coding/ua-formula")
    page.get_by_test_id("get-suggestions").click()
    page.get_by_test_id("flash").wait_for()
    accept = page.locator("[data-testid^=accept-]").first
    accept.wait_for()
    sid = accept.get_attribute("data-testid").split("-", 1)[1]
    before = page.locator("[data-testid^=coding-]").count()
    accept.click()
    page.wait_for_load_state("networkidle")
    assert page.locator(f"[data-testid=suggestion-{sid}]").count() == 0
    assert page.locator("[data-testid^=coding-]").count() == before + 1
    assert "suggestion" in page.locator("main").inner_text()
    shot(page, servers, "coding-accepted")
    page.watch.check(page)


def test_run_a_scenario(page, servers) -> None:  # type: ignore[no-untyped-def]
    page.goto(servers["single"] + "/cases/webcase/simulate")
    page.get_by_test_id("build-baseline").click()
    page.get_by_test_id("model").select_option("eum")
    page.get_by_test_id("runs").fill("20")
    page.get_by_test_id("run").click()
    page.get_by_test_id("sim-result").wait_for()
    assert page.locator("#sim-table tbody tr").count() >= 3
    assert page.locator("[data-testid^=rounds-]").count() >= 1
    shot(page, servers, "simulation-result")
    page.watch.check(page)


def test_upload_a_draft(page, servers, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    draft = tmp_path / "us-plan-3.md"
    draft.write_text(
        "# US plan, third draft\n\n1. Crimea is recognised de facto as Russian.\n"
        "2. Ukraine's armed forces are limited to 800,000 personnel.\n3. Elections within 100 days.\n",
        encoding="utf-8",
    )
    page.goto(servers["single"] + "/cases/webcase/upload")
    page.get_by_test_id("file").set_input_files(str(draft))
    page.get_by_test_id("actor").select_option("us")
    page.get_by_test_id("date").fill("2026-01-10")
    page.get_by_test_id("status").select_option("leaked")
    page.get_by_test_id("version-of").select_option("us-plan-2")
    page.locator("input[name=suggest]").uncheck()
    page.get_by_test_id("upload").click()
    page.get_by_test_id("flash").wait_for()
    assert "provisions" in page.get_by_test_id("flash").inner_text()
    assert "/coding/" in page.url
    key = page.url.rsplit("/", 1)[1]
    page.goto(servers["single"] + f"/cases/webcase/documents/{key}")
    assert "us-plan-2" in page.locator("aside").inner_text()
    shot(page, servers, "upload-stored")
    page.watch.check(page)


def test_viewer_is_refused_an_edit(page, servers) -> None:  # type: ignore[no-untyped-def]
    page.goto(servers["multi"] + "/cases/webcase/coding/us-plan")
    assert "/login" in page.url
    page.fill("input[name=username]", "vera")
    page.fill("input[name=password]", "viewer password 1")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/coding/us-plan")
    assert page.get_by_test_id("who").inner_text().startswith("vera")
    assert page.locator("form[action$='/add']").count() == 0  # no edit forms for a viewer
    status = page.evaluate(
        """async () => {
            const token = JSON.parse(document.body.getAttribute('hx-headers'))['X-CSRF-Token'];
            const body = new URLSearchParams({csrf_token: token, provision: '1', dimension: 'crimea',
                                              value: '75', quote: 'recognises Crimea'});
            const r = await fetch('/cases/webcase/coding/us-plan/add', {method: 'POST', body});
            return r.status;
        }"""
    )
    assert status == 403
    page.watch.problems.clear()  # the refused fetch logs a console error, as it should
    shot(page, servers, "viewer-coding")


def test_language_switch(page, servers) -> None:  # type: ignore[no-untyped-def]
    page.goto(servers["single"] + "/cases/webcase/positions")
    page.get_by_test_id("lang-select").select_option("de")
    page.locator("h1").filter(has_text="Positionen: Dokumente × Dimensionen").wait_for()
    shot(page, servers, "positions-de")
    page.get_by_test_id("lang-select").select_option("en")
    page.locator("h1").filter(has_text="Positions: documents").wait_for()
    page.watch.check(page)
