"""Coding consistency review in the dashboard and the API (admins only, because of blind mode)."""

from __future__ import annotations

import pytest
from conftest import make_app
from fastapi.testclient import TestClient

from redline.store.db import session_scope
from redline.web.auth import create_user

PASSWORD = "a long password 1"


@pytest.fixture(scope="module")
def admin(web_db: str) -> TestClient:
    return TestClient(make_app(web_db))  # single-user mode: the local analyst is admin


def test_api_and_page_list_twins_coded_differently(admin: TestClient) -> None:
    out = admin.get("/api/cases/webcase/consistency", params={"min_similarity": 0.6}).json()
    assert out["case"] == "webcase" and out["min_similarity"] == 0.6
    pairs = out["pairs"]
    assert pairs and [p["similarity"] for p in pairs] == sorted(
        (p["similarity"] for p in pairs), reverse=True
    )
    first = pairs[0]
    assert set(first) == {"kind", "dimension", "similarity", "levels_apart", "a", "b"}
    assert (first["a"]["value"] is None) != (first["b"]["value"] is None)  # coded on one side only
    assert admin.get("/api/cases/webcase/consistency", params={"min_similarity": 0.99}).json()["pairs"] == []
    assert admin.get("/api/cases/webcase/consistency", params={"min_similarity": 0.2}).status_code == 422
    page = admin.get("/cases/webcase/consistency", params={"min_similarity": 0.6}).text
    assert 'id="consistency"' in page and f"{len(pairs)} pairs to review" in page
    assert first["a"]["text"][:30] in page or first["b"]["text"][:30] in page
    assert 'data-testid="consistency-link"' in admin.get("/cases/webcase/coding").text


def test_coders_do_not_see_it(web_db: str) -> None:
    with session_scope(web_db) as s:
        create_user(s, "coder-c", PASSWORD, "coder")
    c = TestClient(make_app(web_db, multi_user=True))
    token = c.get("/login").text.split('name="csrf_token" value="')[1].split('"')[0]
    c.post("/login", data={"username": "coder-c", "password": PASSWORD, "csrf_token": token})
    assert c.get("/api/cases/webcase/consistency").status_code == 403
    assert c.get("/cases/webcase/consistency").status_code == 403
    assert 'data-testid="consistency-link"' not in c.get("/cases/webcase/coding").text
