"""Every page renders from the core's data; untrusted text stays text; security headers are set."""

from __future__ import annotations

import re

import pytest
from conftest import csrf_of, make_app
from fastapi.testclient import TestClient

CASE = "webcase"
PAGES = [
    "/cases/webcase",
    "/cases/webcase/positions",
    "/cases/webcase/positions/us-plan/crimea",
    "/cases/webcase/drift",
    "/cases/webcase/drift?measure=index",
    "/cases/webcase/drift?dimension=donbas&actor=us",
    "/cases/webcase/territory",
    "/cases/webcase/territory?document=us-plan",
    "/cases/webcase/criteria",
    "/cases/webcase/affinity",
    "/cases/webcase/documents/us-plan",
    "/cases/webcase/compare",
    "/cases/webcase/compare?a=us-plan&b=us-plan-2",
    "/cases/webcase/simulate",
    "/cases/webcase/coding",
    "/cases/webcase/coding/us-plan",
    "/cases/webcase/upload",
    "/cases/webcase/search?q=line+contact",
    "/api",
]
XSS_MARKERS = (
    "<script>window.__xss",
    'onerror="window',
    "onerror=window",
    'onmouseover="window',
    'href="javascript:',
)


@pytest.fixture(scope="module")
def client(web_db: str) -> TestClient:
    return TestClient(make_app(web_db))


def test_every_page_renders_with_security_headers(client: TestClient) -> None:
    for path in PAGES:
        r = client.get(path)
        assert r.status_code == 200, (path, r.text[:500])
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp, path
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "SAMEORIGIN"
        assert "<script>" not in r.text.replace(
            '<script src="/static/vendor/htmx.min.js" defer></script>', ""
        ).replace('<script src="/static/js/redline.js" defer></script>', ""), path
        for marker in XSS_MARKERS:
            assert marker not in r.text, (path, marker)


def test_untrusted_text_is_escaped_not_dropped(client: TestClient) -> None:
    page = client.get("/cases/webcase/documents/us-plan").text
    assert "US framework &lt;script&gt;window.__xss=&#39;doc-title&#39;&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=" in page  # provision text and evidence quote, shown as text
    assert "&lt;a href=&#34;javascript:" in page
    ua = client.get("/cases/webcase/documents/ua-formula").text
    assert "javascript:window" in ua and 'href="javascript:' not in ua  # a bad source URL is not a link


def test_redline_frame_has_strict_policy(client: TestClient) -> None:
    r = client.get("/cases/webcase/compare/redline?a=us-plan&b=us-plan-2")
    assert r.status_code == 200
    csp = r.headers["content-security-policy"]
    assert "sandbox" in csp and "script-src" not in csp and "default-src 'none'" in csp
    assert "<script" not in r.text.lower()


def test_heatmap_matches_the_positions_contract(client: TestClient) -> None:
    contract = client.get("/api/cases/webcase/positions").json()
    assert set(contract) >= {"case", "scale", "issues", "documents"}
    us = next(d for d in contract["documents"] if d["id"] == "us-plan")
    assert us["positions"]["crimea"] == 90 and us["positions"]["other-occupied"] is None
    page = client.get("/cases/webcase/positions").text
    cell = re.search(r'data-testid="cell-us-plan-crimea">([^<]+)<', page)
    assert cell and cell.group(1) == "90"
    fragment = client.get("/cases/webcase/positions/us-plan/crimea", headers={"HX-Request": "true"})
    assert "<html" not in fragment.text and "recognises Crimea as Russian in law" in fragment.text


def test_territory_colours_regions_from_the_document(client: TestClient) -> None:
    page = client.get("/cases/webcase/territory?document=us-plan-2").text
    assert re.search(r'data-testid="tile-crimea" data-status="de-facto/de-facto"', page)
    assert re.search(r'data-testid="tile-donetsk" data-status="de-facto/de-facto"', page)
    assert re.search(r'data-testid="tile-kherson" data-status="frozen/ukrainian"', page)
    assert re.search(r'data-testid="tile-lviv" data-status="ukrainian/ukrainian"', page)
    api = client.get("/api/cases/webcase/territory", params={"document": "ru-demands"}).json()
    statuses = {r["id"]: (r["occupied"], r["held"]) for r in api["regions"]}
    assert statuses["crimea"] == ("de-jure", "de-jure") and statuses["sumy"] == ("de-facto", "dmz")
    slider = client.get("/cases/webcase/territory?i=0", headers={"HX-Request": "true"}).text
    assert "Ukraine&#39;s peace formula" in slider


def test_drift_shows_intervals_and_the_criteria_page_verdicts(client: TestClient) -> None:
    drift = client.get("/api/cases/webcase/drift/us").json()
    assert [d["document"] for d in drift["documents"]] == ["us-plan", "us-plan-2", "ua-counter"]
    page = client.get("/cases/webcase/drift?measure=ru&actor=us").text
    assert 'id="drift-table"' in page and "whisker" in page
    crit = client.get("/cases/webcase/criteria").text
    assert "v-fail" in crit and "v-pass" in crit and "v-violated" in crit and "v-respected" in crit


def test_german_interface(client: TestClient) -> None:
    token = csrf_of(client)
    r = client.post("/lang", data={"lang": "de", "next": "/cases/webcase/positions", "csrf_token": token})
    assert r.status_code == 200 and "Positionen: Dokumente × Dimensionen" in r.text
    assert '<html lang="de">' in r.text
    client.post("/lang", data={"lang": "en", "next": "/", "csrf_token": token})
    assert "Positions: documents" in client.get("/cases/webcase/positions").text


def test_search_text_and_filters(client: TestClient) -> None:
    r = client.get("/api/cases/webcase/search", params={"q": "line of contact"}).json()
    assert {h["document"] for h in r["hits"]} >= {"ua-counter", "us-plan-2"}
    only_ua = client.get("/api/cases/webcase/search", params={"q": "line of contact", "actor": "ua"}).json()
    assert {h["document"] for h in only_ua["hits"]} == {"ua-counter"}
    coded = client.get("/api/cases/webcase/search", params={"q": "Crimea", "dimension": "crimea"}).json()
    assert coded["hits"] and all("crimea" in h["dimensions"] for h in coded["hits"])
    early = client.get("/api/cases/webcase/search", params={"q": "Crimea", "date_to": "2023-01-01"}).json()
    assert {h["document"] for h in early["hits"]} == {"ua-formula"}
    semantic = client.get(
        "/api/cases/webcase/search", params={"q": "Crimea recognised", "mode": "semantic"}
    ).json()
    assert semantic["hits"][0]["score"] >= semantic["hits"][-1]["score"]
    page = client.get("/cases/webcase/search?q=Crimea").text
    assert '<mark class="hit">Crimea</mark>' in page


def test_unknown_things_are_404(client: TestClient) -> None:
    assert client.get("/cases/nope").status_code == 404
    assert client.get("/cases/webcase/documents/nope").status_code == 404
    assert client.get("/api/cases/webcase/drift/nobody").status_code == 404
    assert client.get("/cases/webcase/territory?document=nope").status_code == 404


def test_cached_pages_carry_each_sessions_own_csrf_token(web_db: str) -> None:
    app = make_app(web_db)
    a, b = TestClient(app), TestClient(app)
    pages = [c.get("/cases/webcase/criteria").text for c in (a, b, a)]
    tokens = [re.search(r'name="csrf_token" value="([^"]+)"', p).group(1) for p in pages]  # type: ignore[union-attr]
    assert tokens[0] == tokens[2] == csrf_of(a) and tokens[1] == csrf_of(b) and tokens[0] != tokens[1]
    assert "csrf-" not in pages[1].split("hx-headers")[0]  # no placeholder left in the page


def test_german_pages_name_the_case_terms_from_its_translations_and_the_api_does_not(
    client: TestClient,
) -> None:
    token = csrf_of(client)
    english_api = client.get("/api/cases/webcase/positions").json()
    client.post("/lang", data={"lang": "de", "next": "/", "csrf_token": token})
    try:
        page = client.get("/cases/webcase/positions").text
        assert "Krim" in page
        assert "Donetsk and Luhansk" in page  # not translated: the case's own name
        assert "<td>Russland</td>" in client.get("/cases/webcase").text  # actors too, in the overview table
        # scripts get the same JSON whatever the browser's language
        assert client.get("/api/cases/webcase/positions").json() == english_api
    finally:
        client.post("/lang", data={"lang": "en", "next": "/", "csrf_token": token})
    assert "Krim" not in client.get("/cases/webcase/positions").text
