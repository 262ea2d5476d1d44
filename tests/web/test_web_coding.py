"""Coding workspace and coding API: add, edit with optimistic locking, delete, blind mode, agreement."""

from __future__ import annotations

import pytest
from conftest import csrf_of, make_app
from fastapi.testclient import TestClient

from redline.store.db import session_scope
from redline.web.auth import create_user

PASSWORD = "a long password 1"


@pytest.fixture(scope="module")
def single(web_db: str) -> TestClient:
    return TestClient(make_app(web_db))


def test_add_edit_conflict_and_delete_through_the_forms(single: TestClient) -> None:
    token = csrf_of(single)
    page = "http://testserver/cases/webcase/coding/us-plan-2"
    r = single.post(
        "/cases/webcase/coding/us-plan-2/add",
        data={
            "csrf_token": token,
            "provision": 4,
            "dimension": "army-cap",
            "value": 75,
            "quote": "600,000 personnel",
        },
        headers={"referer": page},
    )
    assert r.status_code == 200 and "600,000 personnel" in r.text
    mine = [c for c in single.get("/api/cases/webcase/codings?document=us-plan-2&coder=analyst").json()]
    assert len(mine) == 1 and mine[0]["value"] == 75 and mine[0]["version"] == 1
    cid = mine[0]["id"]
    edit = {"csrf_token": token, "coding_id": cid, "version": 1, "value": 50, "quote": "600,000 personnel"}
    assert (
        single.post("/cases/webcase/coding/us-plan-2/edit", data=edit, headers={"referer": page}).status_code
        == 200
    )
    stale = single.post(
        "/cases/webcase/coding/us-plan-2/edit", data=edit | {"value": 100}, headers={"referer": page}
    )
    assert stale.status_code == 200 and "changed by someone else" in stale.text  # shown on the page, not lost
    api = single.patch(
        f"/api/cases/webcase/codings/{cid}", json={"version": 1, "value": 25}, headers={"X-CSRF-Token": token}
    )
    assert api.status_code == 409
    bad_quote = single.post(
        "/cases/webcase/coding/us-plan-2/add",
        data={
            "csrf_token": token,
            "provision": 3,
            "dimension": "south",
            "value": 50,
            "quote": "not in the text",
        },
        headers={"referer": page},
    )
    assert "not found verbatim" in bad_quote.text
    history = single.get("/cases/webcase/coding/us-plan-2").text
    assert "History (2)" in history
    gone = single.post(
        "/cases/webcase/coding/us-plan-2/delete",
        data={"csrf_token": token, "coding_id": cid, "version": 2},
        headers={"referer": page},
    )
    assert gone.status_code == 200
    assert single.get("/api/cases/webcase/codings?document=us-plan-2&coder=analyst").json() == []


def test_a_new_coding_changes_the_measures_at_once(single: TestClient) -> None:
    token = csrf_of(single)
    before = single.get("/api/cases/webcase/positions").json()
    doc = next(d for d in before["documents"] if d["id"] == "ua-counter")
    assert doc["positions"]["other-occupied"] == 25
    r = single.post(
        "/cases/webcase/coding/ua-counter/adjudicate",
        data={
            "csrf_token": token,
            "provision": 4,
            "dimension": "other-occupied",
            "value": 0,
            "quote": "Russia withdraws from the occupied parts",
            "reasons": "full withdrawal",
        },
    )
    assert r.status_code == 200
    after = single.get("/api/cases/webcase/positions").json()
    assert next(d for d in after["documents"] if d["id"] == "ua-counter")["positions"]["other-occupied"] == 0


def test_blind_mode_and_agreement(web_db: str, single: TestClient) -> None:
    with session_scope(web_db) as s:
        create_user(s, "coder-a", PASSWORD, "coder")
    app = make_app(web_db, multi_user=True, fingerprint_ttl=0)  # sees the other app's change at once
    c = TestClient(app)
    token = c.get("/login").text.split('name="csrf_token" value="')[1].split('"')[0]
    c.post("/login", data={"username": "coder-a", "password": PASSWORD, "csrf_token": token})
    seen = {x["coder"] for x in c.get("/api/cases/webcase/codings?document=us-plan").json()}
    assert seen == {"coder-a"}  # blind: coder-b's and final's codings of an open document are hidden
    page = c.get("/cases/webcase/coding/us-plan").text
    assert "Blind mode" in page and 'id="agreement"' not in page
    admin = single  # single-user mode: the local analyst is admin
    admin.post("/cases/webcase/coding/us-plan/close", data={"csrf_token": csrf_of(admin), "closed": "true"})
    seen = {x["coder"] for x in c.get("/api/cases/webcase/codings?document=us-plan").json()}
    assert seen == {"coder-a", "coder-b", "final"}
    page = c.get("/cases/webcase/coding/us-plan").text
    assert 'id="agreement"' in page and 'class="disagree"' in page
