"""The shipped models embed offline, and the default aligner gets a cross-lingual version pair right."""

import os
from pathlib import Path

import numpy as np
import pytest
import yaml

from redline.align.aligner import align
from redline.align.encoders import E5Encoder, SentenceTransformerEncoder, USEEncoder, get_encoder
from redline.errors import InputError

GOLD = Path(__file__).parents[1] / "fixtures" / "align"


def test_shipped_models_embed_offline() -> None:
    texts = ["The ceasefire begins tomorrow.", "Die Waffenruhe beginnt morgen.", "Sanctions will be lifted."]
    for enc, dim in ((E5Encoder(), 384), (USEEncoder(), 512)):
        v = enc.encode(texts)
        assert v.shape == (3, dim)
        assert np.allclose(np.linalg.norm(v, axis=1), 1, atol=1e-4)
        assert v[0] @ v[1] > v[0] @ v[2]  # the translation is nearer than the other provision


def test_default_aligner_on_gold_version_pair_en_to_ru() -> None:
    v1 = yaml.safe_load((GOLD / "plan_v1.yaml").read_text(encoding="utf-8"))["provisions"]
    v2 = yaml.safe_load((GOLD / "plan_v2.yaml").read_text(encoding="utf-8"))["provisions"]
    gold = yaml.safe_load((GOLD / "gold_v1_v2.yaml").read_text(encoding="utf-8"))
    res = align([p["en"] for p in v1], [p["ru"] for p in v2], "en", "ru")
    a_id, b_id = [p["id"] for p in v1], [p["id"] for p in v2]
    got = {(tuple(a_id[i] for i in x.a), tuple(b_id[j] for j in x.b)): x for x in res.links}
    want = {(tuple(x["a"]), tuple(x["b"])): x for x in gold["links"]}
    correct = got.keys() & want.keys()
    assert 2 * len(correct) / (len(got) + len(want)) >= 0.9
    assert {a_id[i] for i in res.dropped} == set(gold["dropped"])
    assert {b_id[j] for j in res.added} == set(gold["added"])
    for key in correct:
        assert got[key].relation == want[key]["relation"]
        found = {(c.a, c.b) for c in got[key].changes if c.kind in ("number", "date")}
        assert {tuple(n) for n in want[key].get("numbers", [])} <= found


def test_unknown_encoder_and_missing_st_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        get_encoder("word2vec")
    with pytest.raises(InputError):
        SentenceTransformerEncoder(tmp_path / "missing")


@pytest.mark.skipif(
    not os.environ.get("REDLINE_TEST_ST_MODEL"), reason="set REDLINE_TEST_ST_MODEL to a model folder"
)
def test_sentence_transformers_folder() -> None:
    pytest.importorskip("sentence_transformers")
    enc = get_encoder("st:" + os.environ["REDLINE_TEST_ST_MODEL"])
    v = enc.encode(["one provision", "another provision"])
    assert v.shape[0] == 2 and np.allclose(np.linalg.norm(v, axis=1), 1, atol=1e-4)
