"""Codings: create/edit/delete with history, optimistic locking, blind mode, adjudication, reliability."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from redline.cli.main import main
from redline.coding.codings import (
    add_coding,
    adjudicate,
    delete_coding,
    edit_coding,
    find_dimension,
    find_provision,
    list_codings,
    set_closed,
)
from redline.coding.reliability import reliability
from redline.errors import ConflictError, InputError, NotFoundError
from redline.store import models as m
from redline.store.db import session_scope


def test_edit_and_delete_keep_history(mini_db: str) -> None:
    with session_scope(mini_db) as s:
        p = find_provision(s, "mini", "b-plan", "2.a")
        c = add_coding(s, p, find_dimension(s, "mini", "army-cap"), coder="ann", value=50, quote="600,000")
        cid = c.id
    with session_scope(mini_db) as s:
        c = edit_coding(s, cid, expected_version=1, who="ann", value=60, note="closer to 25%")
        assert c.version == 2
    with session_scope(mini_db) as s:
        delete_coding(s, cid, expected_version=2, who="bob")
    with session_scope(mini_db) as s:
        c = s.get(m.Coding, cid)
        assert c.deleted
        assert [h.action for h in c.history] == ["create", "edit", "delete"]
        assert c.history[1].old["value"] == 50 and c.history[1].new["value"] == 60
        assert c.history[2].who == "bob"
        assert cid not in [x.id for x in list_codings(s, "mini")]
        assert cid in [x.id for x in list_codings(s, "mini", include_deleted=True)]


def test_concurrent_edit_is_a_conflict_not_an_overwrite(mini_db: str) -> None:
    with session_scope(mini_db) as s:
        p = find_provision(s, "mini", "b-plan", "1")
        cid = add_coding(s, p, find_dimension(s, "mini", "border"), coder="ann", value=50, quote="frozen").id
    # two coders read version 1 in two sessions; the first saves, the second must get a conflict
    from redline.store.db import _sessionmaker

    s1 = _sessionmaker(mini_db)()
    s2 = _sessionmaker(mini_db)()
    try:
        s1.get(m.Coding, cid)
        s2.get(m.Coding, cid)
        edit_coding(s1, cid, expected_version=1, who="ann", value=60)
        s1.commit()
        with pytest.raises(ConflictError):
            edit_coding(s2, cid, expected_version=1, who="bob", value=40)
            s2.commit()
    finally:
        s1.close()
        s2.close()
    with session_scope(mini_db) as s:
        c = s.get(m.Coding, cid)
        assert c.value == 60 and c.version == 2  # the first edit stands
    # a stale version number is refused up front, too
    with pytest.raises(ConflictError), session_scope(mini_db) as s:
        edit_coding(s, cid, expected_version=1, who="bob", value=40)


def test_quote_and_value_are_validated(mini_db: str) -> None:
    with session_scope(mini_db) as s:
        p = find_provision(s, "mini", "b-plan", "1")
        dim = find_dimension(s, "mini", "border")
        with pytest.raises(InputError, match="not found verbatim"):
            add_coding(s, p, dim, coder="ann", value=50, quote="thawed")
        with pytest.raises(InputError, match="outside the scale"):
            add_coding(s, p, dim, coder="ann", value=150, quote="frozen")
        with pytest.raises(InputError, match="outside the scale"):
            add_coding(s, p, find_dimension(s, "mini", "spheres"), coder="ann", value=5, quote="frozen")


def test_blind_mode_until_closed(mini_db: str) -> None:
    with session_scope(mini_db) as s:
        p = find_provision(s, "mini", "b-plan", "1")
        add_coding(s, p, find_dimension(s, "mini", "border"), coder="coder-b", value=75, quote="frozen")
    with session_scope(mini_db) as s:
        seen = {c.coder for c in list_codings(s, "mini", document="b-plan", viewer="coder-b")}
        assert seen == {"coder-b"}
        set_closed(s, "mini", "b-plan")
    with session_scope(mini_db) as s:
        seen = {c.coder for c in list_codings(s, "mini", document="b-plan", viewer="coder-b")}
        assert seen == {"coder-a", "coder-b", "final"}


def test_reliability_and_adjudication(mini_db: str) -> None:
    with session_scope(mini_db) as s:
        border = find_dimension(s, "mini", "border")
        cap = find_dimension(s, "mini", "army-cap")
        add_coding(
            s, find_provision(s, "mini", "b-plan", "1"), border, coder="coder-b", value=75, quote="frozen"
        )
        p2a = find_provision(s, "mini", "b-plan", "2.a")
        add_coding(s, p2a, cap, coder="coder-a", value=50, quote="600,000")
        add_coding(s, p2a, cap, coder="coder-b", value=50, quote="600,000")
        p2b = find_provision(s, "mini", "b-plan", "2.b")
        add_coding(s, p2b, cap, coder="coder-a", value=60, quote="long-range")
        add_coding(s, p2b, cap, coder="coder-b", value=75, quote="long-range")
    with session_scope(mini_db) as s:
        rep = reliability(s, "mini")
    assert rep["coders"] == ["coder-a", "coder-b"]
    assert rep["documents"] == 1
    assert rep["overall"]["units"] == 3
    assert rep["overall"]["percent_agreement"] == pytest.approx(1 / 3, abs=1e-4)
    assert rep["overall"]["alpha_interval"] is not None and rep["overall"]["alpha_interval"] < 1
    assert {(d["label"], d["issue"]) for d in rep["disagreements"]} == {("1", "border"), ("2.b", "army-cap")}
    with session_scope(mini_db) as s:
        assert reliability(s, "mini", documents=["a-opening"])["documents"] == 0  # coded by one coder only
        assert reliability(s, "mini", documents=["b-plan"])["overall"] == rep["overall"]
        only_a = reliability(s, "mini", coders=["coder-a"])
        assert only_a["documents"] == 0 and only_a["overall"]["units"] == 0
        with pytest.raises(NotFoundError, match="no document 'nope'"):
            reliability(s, "mini", documents=["nope"])
    with session_scope(mini_db) as s:
        c = adjudicate(
            s,
            find_provision(s, "mini", "b-plan", "1"),
            find_dimension(s, "mini", "border"),
            value=60,
            quote="frozen",
            reasons="frozen line without recognition",
            who="lead",
        )
        assert c.coder == "final" and c.value == 60 and "frozen line" in c.note
        values = {x.coder: x.value for x in list_codings(s, "mini", document="b-plan", dimension="border")}
        assert values == {"coder-a": 50, "coder-b": 75, "final": 60}


def test_cli_code_workflow(sqlite_url: str, mini_bundle: Path, capsys) -> None:
    assert main(["case", "import", str(mini_bundle)]) == 0
    capsys.readouterr()
    assert (
        main(
            [
                "code",
                "add",
                "b-plan/2.b",
                "army-cap",
                "75",
                "-q",
                "long-range",
                "--case",
                "mini",
                "--coder",
                "ann",
                "--format",
                "json",
            ]
        )
        == 0
    )
    added = json.loads(capsys.readouterr().out)
    assert added["version"] == 1 and added["evidence_end"] > added["evidence_start"]
    assert main(["code", "edit", str(added["id"]), "--version", "1", "--value", "60", "--coder", "ann"]) == 0
    assert main(["code", "edit", str(added["id"]), "--version", "1", "--value", "70", "--coder", "bob"]) == 1
    assert "changed by someone else" in capsys.readouterr().err
    assert main(["code", "history", str(added["id"]), "--format", "json"]) == 0
    hist = json.loads(capsys.readouterr().out)["history"]
    assert [h["action"] for h in hist] == ["create", "edit"]
    assert main(["code", "add", "b-plan/2.b", "army-cap", "75", "-q", "not in text", "--case", "mini"]) == 2
    assert main(["reliability", "--case", "mini", "--format", "json"]) == 0
    rep = json.loads(capsys.readouterr().out)
    assert set(rep) == {"case", "coders", "documents", "overall", "dimensions", "disagreements"}
    assert set(rep["overall"]) == {"alpha_interval", "alpha_ordinal", "percent_agreement", "units"}
