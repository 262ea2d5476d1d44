"""Users and safety: login, roles on every route, CSRF on every unsafe route, rate limit, cookies, uploads."""

from __future__ import annotations

import pytest
from conftest import csrf_of, make_app
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from redline.errors import InputError
from redline.store.db import session_scope
from redline.web.auth import create_user
from redline.web.deps import ROLE_DEPENDENCIES
from redline.web.security import check_upload

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def app(web_db: str):  # type: ignore[no-untyped-def]
    with session_scope(web_db) as s:
        for name, role in (("vera", "viewer"), ("cora", "coder"), ("ada", "admin")):
            create_user(s, name, PASSWORD, role)
    return make_app(web_db, multi_user=True, login_attempts=3)


def login(app, name: str) -> TestClient:  # type: ignore[no-untyped-def]
    c = TestClient(app)
    token = c.get("/login").text.split('name="csrf_token" value="')[1].split('"')[0]
    r = c.post(
        "/login", data={"username": name, "password": PASSWORD, "csrf_token": token, "next": "/cases/webcase"}
    )
    assert r.status_code == 200, r.text[:300]
    return c


def _dependencies(route: APIRoute) -> set:  # type: ignore[type-arg]
    seen, todo = set(), list(route.dependant.dependencies)
    while todo:
        d = todo.pop()
        seen.add(d.call)
        todo.extend(d.dependencies)
    return seen


def test_every_route_requires_a_role(app) -> None:  # type: ignore[no-untyped-def]
    public = {"/login", "/logout", "/lang", "/healthz"}
    for route in app.routes:
        if isinstance(route, APIRoute) and route.path not in public:
            assert _dependencies(route) & set(ROLE_DEPENDENCIES), route.path


def test_every_unsafe_route_refuses_a_missing_csrf_token(app) -> None:  # type: ignore[no-untyped-def]
    client = login(app, "ada")
    for route in app.routes:
        if not isinstance(route, APIRoute):
            continue
        for method in route.methods - {"GET", "HEAD"}:
            path = route.path.replace("{case_id}", "webcase").replace("{document}", "us-plan")
            path = path.replace("{coding_id}", "1").replace("{suggestion_id}", "1").replace("{scenario}", "x")
            r = client.request(method, path, data={"x": "1"})
            assert r.status_code == 403, (method, path, r.status_code)


def test_login_required_and_api_401(app) -> None:  # type: ignore[no-untyped-def]
    anon = TestClient(app)
    r = anon.get("/cases/webcase/positions", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")
    assert anon.get("/api/cases").status_code == 401
    assert anon.get("/api/openapi.json").status_code == 200  # the schema itself is public
    assert anon.get("/healthz").json() == {"status": "ok"}


def test_session_cookie_flags_and_argon2(app, web_db: str) -> None:  # type: ignore[no-untyped-def]
    c = TestClient(app)
    token = c.get("/login").text.split('name="csrf_token" value="')[1].split('"')[0]
    r = c.post(
        "/login", data={"username": "vera", "password": PASSWORD, "csrf_token": token}, follow_redirects=False
    )
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    from redline.web.auth import find_user

    with session_scope(web_db) as s:
        assert find_user(s, "vera").password_hash.startswith("$argon2id$")  # type: ignore[union-attr]


def test_viewer_reads_but_is_refused_edits(app) -> None:  # type: ignore[no-untyped-def]
    viewer = login(app, "vera")
    assert viewer.get("/cases/webcase/coding/us-plan").status_code == 200
    token = csrf_of(viewer)
    body = {
        "document": "us-plan",
        "provision": 1,
        "dimension": "crimea",
        "value": 75,
        "quote": "recognises Crimea",
    }
    r = viewer.post("/api/cases/webcase/codings", json=body, headers={"X-CSRF-Token": token})
    assert r.status_code == 403 and "coder role" in r.json()["detail"]
    r = viewer.post(
        "/cases/webcase/coding/us-plan/add",
        data={
            "csrf_token": token,
            "provision": 1,
            "dimension": "crimea",
            "value": 75,
            "quote": "recognises Crimea",
        },
    )
    assert r.status_code == 403
    assert viewer.get("/admin/users").status_code == 403
    coder = login(app, "cora")
    r = coder.post("/api/cases/webcase/codings", json=body, headers={"X-CSRF-Token": csrf_of(coder)})
    assert r.status_code == 201 and r.json()["coder"] == "cora"
    assert coder.get("/admin/users").status_code == 403
    assert login(app, "ada").get("/admin/users").status_code == 200


def test_login_is_rate_limited(app) -> None:  # type: ignore[no-untyped-def]
    c = TestClient(app)
    token = c.get("/login").text.split('name="csrf_token" value="')[1].split('"')[0]
    codes = [
        c.post(
            "/login", data={"username": "nobody", "password": "wrong-password!", "csrf_token": token}
        ).status_code
        for _ in range(4)
    ]
    assert codes == [401, 401, 401, 429]
    # blocked also for a correct password, until the window passes
    r = c.post("/login", data={"username": "vera", "password": PASSWORD, "csrf_token": token})
    assert r.status_code == 429 and "Retry-After" in r.headers
    app.state.login_limiter.reset("ip:testclient", "user:nobody", "user:vera")


def test_deactivation_ends_sessions(app, web_db: str) -> None:  # type: ignore[no-untyped-def]
    with session_scope(web_db) as s:
        create_user(s, "temp", PASSWORD, "viewer")
    c = login(app, "temp")
    assert c.get("/api/cases").status_code == 200
    admin = login(app, "ada")
    admin.post(
        "/admin/users", data={"csrf_token": csrf_of(admin), "action": "deactivate", "username": "temp"}
    )
    assert c.get("/api/cases").status_code == 401


def test_upload_checks() -> None:
    assert check_upload("draft.md", b"1. text", 100) == ".md"
    with pytest.raises(InputError, match="not accepted"):
        check_upload("draft.exe", b"MZ", 100)
    with pytest.raises(InputError, match="too large"):
        check_upload("draft.txt", b"x" * 101, 100)
    with pytest.raises(InputError, match="not a .pdf"):
        check_upload("draft.pdf", b"<html>", 100)
    with pytest.raises(InputError, match="binary"):
        check_upload("draft.txt", b"\x00\x01\x02", 100)


def test_open_redirects_are_refused(app) -> None:  # type: ignore[no-untyped-def]
    c = TestClient(app)
    token = c.get("/login").text.split('name="csrf_token" value="')[1].split('"')[0]
    r = c.post(
        "/lang", data={"lang": "de", "next": "//evil.example/", "csrf_token": token}, follow_redirects=False
    )
    assert r.headers["location"] == "/"
