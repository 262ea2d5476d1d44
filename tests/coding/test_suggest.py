"""Coding suggestions: estimator, contract JSON, storage, accept/edit/reject, carry-over of a new version."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from align.align_fakes import BagEncoder
from sqlalchemy import select

from redline.cases.loader import import_bundle
from redline.cli.main import main
from redline.coding.suggest import (
    DimensionSpec,
    Example,
    Suggester,
    first_sentence,
    lead_in,
    majority_baseline,
)
from redline.coding.suggest_store import (
    decide,
    list_suggestions,
    make_suggester,
    suggest_document,
    training_examples,
)
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
# a dimension no provision is coded on: only the codebook (examples and level descriptions) teaches it
SANCTIONS = DimensionSpec(
    "sanctions",
    "Sanctions",
    "Sanctions on Russia",
    (
        (0, "kept", "sanctions stay in force"),
        (50, "eased", "sanctions eased step by step"),
        (100, "lifted", "all sanctions lifted at once"),
    ),
    (
        "Western sanctions are maintained and widened.",
        "Relief in stages tied to the deal.",
        "Every restrictive measure is removed before a ceasefire.",
    ),
)
EXAMPLES = [
    Example("Russian forces withdraw behind the border of 1991", "d1", "1", (("border", 0),), "en"),
    Example("The contact line is frozen where it runs", "d1", "2", (("border", 50),), "en"),
    Example("The army of Ukraine is capped at 600,000 troops", "d2", "1", (("army", 50),), "en"),
    Example("No limits apply to the armed forces", "d2", "2", (("army", 0),), "en"),
    Example("The parties meet again in Geneva next week", "d2", "3", (), "en"),
]


def test_suggester_finds_dimension_value_and_reasons() -> None:
    s = Suggester(BagEncoder()).fit(EXAMPLES, DIMS)
    out = s.predict(["The army is capped at 600,000 troops in peacetime", "The parties meet in Geneva"])
    top = out[0][0]
    assert top.dimension == "army" and top.value == 50
    assert top.because[0][:2] == ("d2", "1")
    assert s.min_score <= top.confidence <= 1
    assert all(x.dimension != "border" or x.confidence < top.confidence for x in out[0])
    assert out[1] == []  # like the uncoded Geneva provision: no suggestion


def test_scores_are_probabilities_over_dimensions_and_not_coded() -> None:
    s = Suggester(BagEncoder()).fit(EXAMPLES, DIMS)
    scores, values, sims = s.scores(["The army is capped at 600,000 troops", "The parties meet in Geneva"])
    assert scores.shape == values.shape == (2, 2) and sims.shape == (2, len(EXAMPLES))
    assert (scores >= 0).all() and (scores.sum(axis=1) <= 1 + 1e-9).all()
    assert scores[1].sum() < 0.5  # most of the Geneva text's probability is on "not coded"
    # a provision coded on two dimensions teaches both: a similar text gets both suggested
    both = Example(
        "Troops are capped and the border line is frozen", "d3", "1", (("army", 50), ("border", 50))
    )
    out = Suggester(BagEncoder()).fit([*EXAMPLES, both], DIMS).predict(["troops capped, border line frozen"])
    assert {x.dimension for x in out[0]} == {"army", "border"}


def test_codebook_anchors_teach_a_dimension_nobody_coded_yet() -> None:
    s = Suggester(BagEncoder()).fit(EXAMPLES, [*DIMS, SANCTIONS])
    out = s.predict(["All sanctions are lifted at once", "every restrictive measure is removed"])
    assert [o[0].dimension for o in out] == ["sanctions", "sanctions"]
    assert [o[0].value for o in out] == [100, 100]  # the second only matches a level *description*
    assert out[0][0].because == ()  # anchors are not provisions: no coded provision to point to
    texts = [t for t, _ in SANCTIONS.anchor_examples()]
    assert "all sanctions lifted at once" in texts and "Relief in stages tied to the deal." in texts
    assert "Sanctions: lifted. Every restrictive measure is removed before a ceasefire." in texts


class _OffsetEncoder(BagEncoder):
    """Texts marked "xx: " stand for another language: their bag plus one constant offset, which points to
    the border provisions (a multilingual encoder's language-specific direction)."""

    name = "test-offset-v1"

    def encode(self, texts):  # type: ignore[no-untyped-def]
        base = super().encode([t.removeprefix("xx: ") for t in texts])
        offset = super().encode(["contact line frozen border withdraw"])[0]
        out = base + np.array([2.0 * offset * t.startswith("xx: ") for t in texts])
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def test_texts_in_another_language_are_moved_to_the_training_language() -> None:
    s = Suggester(_OffsetEncoder()).fit(EXAMPLES, DIMS)
    assert s.language_ == "en"
    batch = [
        "xx: The army is capped at 600,000 troops",
        "xx: No limits on the armed forces",
        "xx: The parties meet in Geneva",
        "xx: meet again next week",
    ] * 3
    unknown, _, _ = s.scores(batch)
    moved, _, _ = s.scores(batch, language="xx")
    assert unknown[0].argmax() == unknown[1].argmax() == 0  # the offset makes everything look like "border"
    assert moved[0].argmax() == moved[1].argmax() == 1  # "army" once the batch is moved
    same, _, _ = s.scores(batch, language="en")
    assert np.allclose(same, unknown)  # the training language itself is not moved


def test_the_parent_lead_in_is_context_for_a_sub_point() -> None:
    examples = [
        Example("stays where it is today", "d1", "1.a", (("border", 50),), "en", "The contact line:"),
        Example("is moved", "d1", "1.b", (("border", 0),), "en", "The contact line:"),
        Example("stays where it is today", "d2", "1.a", (("army", 50),), "en", "The army size:"),
        Example("is reduced", "d2", "1.b", (("army", 100),), "en", "The army size:"),
    ]
    s = Suggester(BagEncoder()).fit(examples, DIMS)
    line, _, _ = s.scores(["stays where it is today"], "en", ["The contact line:"])
    army, _, _ = s.scores(["stays where it is today"], "en", ["The army size:"])
    assert line[0].argmax() == 0 and army[0].argmax() == 1
    assert lead_in("Territories:\n   a.") == "Territories:"
    assert lead_in('Option 2, the "package proposal":\n      iv)') == 'Option 2, the "package proposal":'
    assert lead_in("No sub-point label here.") == "No sub-point label here."


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


def test_training_examples_carry_language_and_lead_in_and_the_target_language_picks_the_encoder(
    loaded: str, monkeypatch
) -> None:
    import redline.align.encoders as enc

    with session_scope(loaded) as s:
        examples = {e.ref: e for e in training_examples(s, "mini") if e.document == "b-plan"}
        assert examples["2.a"].language == "en" and examples["2.a"].context == "A's army is capped:"
        assert examples["1"].context == ""
        assert dict(examples["2.a"].codings) == {"army-cap": 50}

        class _Named(BagEncoder):
            def __init__(self, name: str) -> None:
                super().__init__()
                self.name = name

        both = enc.CombinedEncoder(
            [(_Named("e5-like"), 0.5), (_Named("use-like"), 0.5)], {"use-like": frozenset({"en", "de"})}
        )
        monkeypatch.setattr(enc, "default_encoder", lambda: both)
        assert make_suggester(s, "mini", language="de").encoder is both
        assert make_suggester(s, "mini", language="uk").encoder.name == "e5-like"  # the other part is unfit
        assert make_suggester(s, "mini", language="uk", encoder=both).encoder.name == "e5-like"  # given: too


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


def test_cli_suggest_for_a_file_is_not_stored(loaded: str, tmp_path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import redline.align.encoders as enc

    monkeypatch.setattr(enc, "default_encoder", lambda: _Combined())
    draft = tmp_path / "draft.txt"
    draft.write_text(
        "1. The contact line is frozen where it runs.\n2. The army is capped at 600,000 troops.\n"
    )
    assert main(["code", "suggest", str(draft), "--case", "mini", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["document"] == str(draft) and [p["label"] for p in out["provisions"]] == ["1", "2"]
    with session_scope(loaded) as s:
        assert s.scalars(select(m.Suggestion)).first() is None
