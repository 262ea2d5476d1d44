"""Coding suggestions: estimator, contract JSON, storage, accept/edit/reject, carry-over of a new version."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from align.align_fakes import BagEncoder
from sqlalchemy import select

from redline.cases.loader import import_bundle
from redline.cli.main import main
from redline.coding.suggest import DimensionSpec, Example, Suggester, first_sentence, majority_baseline
from redline.coding.suggest_store import decide, list_suggestions, suggest_document
from redline.errors import InputError
from redline.store import models as m
from redline.store.db import session_scope

DIMS = [
    DimensionSpec(
        "border",
        "Border",
        "Where the border runs",
        (
            (0, "restored", "withdraw behind the border"),
            (50, "frozen", "line of contact frozen"),
            (100, "annexed", "recognised as Russian"),
        ),
    ),
    DimensionSpec(
        "army",
        "Army cap",
        "Limits on the army",
        (
            (0, "no limit", "no limits on forces"),
            (50, "600,000", "army capped at 600,000"),
            (100, "disarmed", "demilitarised"),
        ),
    ),
]
EXAMPLES = [
    Example("Russian forces withdraw behind the border of 1991", "d1", "1", (("border", 0),)),
    Example("The contact line is frozen where it runs", "d1", "2", (("border", 50),)),
    Example("The army of Ukraine is capped at 600,000 troops", "d2", "1", (("army", 50),)),
    Example("No limits apply to the armed forces", "d2", "2", (("army", 0),)),
    Example("The parties meet again in Geneva next week", "d2", "3", ()),
]


def test_suggester_finds_dimension_value_and_reasons() -> None:
    s = Suggester(BagEncoder(), min_score=0.3).fit(EXAMPLES, DIMS)
    out = s.predict(["The army is capped at 600,000 troops in peacetime", "The parties meet in Geneva"])
    top = out[0][0]
    assert top.dimension == "army" and top.value == 50
    assert top.because[0][:2] == ("d2", "1")
    assert 0 < top.confidence <= 1
    assert all(x.dimension != "border" or x.confidence < top.confidence for x in out[0])
    assert out[1] == [] or out[1][0].confidence < 0.5  # an uncoded-like provision gets little or nothing


def test_fit_needs_examples_and_baseline() -> None:
    with pytest.raises(InputError):
        Suggester(BagEncoder()).fit([], DIMS)
    assert majority_baseline(EXAMPLES) == ("border", {"border": 0, "army": 50})
    assert first_sentence("The first sentence is long enough. Two.") == "The first sentence is long enough."
    assert first_sentence("Short. Then more text follows here.") == "Short. Then more text follows here."


@pytest.fixture
def loaded(sqlite_url: str, mini_bundle: Path) -> str:
    with session_scope(sqlite_url) as s:
        import_bundle(s, mini_bundle)
    return sqlite_url


def test_suggest_store_accept_edit_reject_and_carry_over(loaded: str) -> None:
    with session_scope(loaded) as s:
        out = suggest_document(s, "mini", "b-plan", encoder=BagEncoder())
    assert out["document"] == "b-plan"
    assert [p["index"] for p in out["provisions"]] == list(range(1, 8))
    p = out["provisions"][0]
    assert set(p) == {"index", "label", "text", "suggestions"}
    for sg in p["suggestions"]:
        assert set(sg) == {"issue", "value", "confidence", "because"}
        assert all(set(b) == {"document", "label", "similarity"} for b in sg["because"])
    # b-plan is a new version of a-opening: its codings are carried over along the alignment
    assert out["carried_over"] >= 1
    with session_scope(loaded) as s:
        pending = list_suggestions(s, "mini", "b-plan")
        assert pending and all(x.status == "pending" for x in pending)
        carried = [x for x in pending if x.source == "carry-over"]
        assert carried and all(x.because[0]["document"] == "a-opening" for x in carried)
        first, second = pending[0], pending[-1]
        decide(s, first.id, who="ann", accept=True, value=first.value)
        decide(s, second.id, who="ann", accept=False)
        fid, sid = first.id, second.id
    with session_scope(loaded) as s:
        f = s.get(m.Suggestion, fid)
        assert f.status == "accepted" and f.coding_id is not None
        coding = s.get(m.Coding, f.coding_id)
        assert coding.origin == "suggestion" and coding.coder == "ann"
        assert s.get(m.Suggestion, sid).status == "rejected"
        with pytest.raises(InputError, match="already"):
            decide(s, sid, who="ann", accept=True)
    # suggesting again keeps decided suggestions
    with session_scope(loaded) as s:
        suggest_document(s, "mini", "b-plan", encoder=BagEncoder())
        statuses = {x.status for x in s.scalars(select(m.Suggestion))}
        assert {"accepted", "rejected", "pending"} <= statuses


def test_cli_suggest_json_and_accept(loaded: str, capsys, monkeypatch) -> None:
    import redline.align.encoders as enc

    monkeypatch.setattr(enc, "default_encoder", lambda: _Combined())
    assert main(["code", "suggest", "mini/b-plan", "--case", "mini", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["document"] == "b-plan" and len(out["provisions"]) == 7
    assert main(["code", "suggestions", "b-plan", "--case", "mini", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["suggestions"]
    assert rows
    assert main(["code", "accept", str(rows[0]["id"]), "--coder", "ann"]) == 0
    assert main(["code", "accept", str(rows[0]["id"]), "--coder", "ann"]) == 2
    assert main(["code", "suggest", "nope", "--case", "mini"]) == 2


class _Combined(BagEncoder):
    def for_languages(self, *langs):  # type: ignore[no-untyped-def]
        return self


def test_frame_suggestions_for_a_strategy_document(loaded: str) -> None:
    with session_scope(loaded) as s:
        out = suggest_document(s, "mini", "a-opening", encoder=BagEncoder(), kind="frame", store=True)
    issues = {sg["issue"] for p in out["provisions"] for sg in p["suggestions"]}
    assert issues <= {"spheres"}  # only frames are suggested, never positions
    with session_scope(loaded) as s:
        stored = s.scalars(select(m.Suggestion)).all()
        assert all(x.source == "frame-neighbours" for x in stored)


def test_cli_usage_error_is_exit_2(capsys) -> None:
    assert main(["positions", "--case", "mini", "--bogus"]) == 2
    assert "No such option" in capsys.readouterr().err


def test_carry_over_follows_the_alignment(loaded: str) -> None:
    with session_scope(loaded) as s:
        suggest_document(s, "mini", "b-plan", encoder=BagEncoder())
        carried = {
            (x.provision.ref, x.dimension.key): x.because[0]["label"]
            for x in list_suggestions(s, "mini", "b-plan")
            if x.source == "carry-over"
        }
    # a-opening 2 (army) is aligned with b-plan 2 (army capped); a-opening 1 (border) with b-plan 1
    assert carried[("2", "army-cap")] == "2"
    assert carried[("1", "border")] == "1"
