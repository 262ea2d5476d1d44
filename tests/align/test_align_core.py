"""The aligner's mechanics on a fast stand-in encoder: assignment, thresholds, groups, labels, cache."""

import random
from pathlib import Path

import numpy as np
import pytest
import yaml
from align_fakes import BagEncoder

from redline.align.aligner import align
from redline.align.cache import MemoryCache, embed, text_hash
from redline.align.encoders import CombinedEncoder, E5Encoder, USEEncoder, default_encoder
from redline.align.result import DocMeta
from redline.align.scoring import Scorer

GOLD = Path(__file__).parents[1] / "fixtures" / "align"


def plan(version: str, lang: str = "en") -> list[str]:
    data = yaml.safe_load((GOLD / f"plan_{version}.yaml").read_text(encoding="utf-8"))
    return [p[lang] for p in data["provisions"]]


def test_shuffled_same_document_links_everything_as_same() -> None:
    a = plan("v1")
    order = list(range(len(a)))
    random.Random(1).shuffle(order)
    b = [a[i] for i in order]
    res = align(a, b, "en", "en", BagEncoder())
    assert not res.dropped and not res.added
    assert sorted((x.a[0], x.b[0]) for x in res.links) == sorted((i, order.index(i)) for i in range(len(a)))
    assert {x.relation for x in res.links} == {"same"}


def test_unrelated_provisions_are_dropped_and_added() -> None:
    a = plan("v1")[:6] + ["Whaling quotas in the Antarctic will be halved by every signatory."]
    b = plan("v1")[:6] + ["Chess tournaments between youth teams resume at the regional level."]
    res = align(a, b, "en", "en", BagEncoder())
    assert res.dropped == [6] and res.added == [6]
    assert len(res.links) == 6


def test_number_change_is_modified_and_reported() -> None:
    a = plan("v1")
    b = list(a)
    b[3] = b[3].replace("600,000", "800,000")
    res = align(a, b, "en", "en", BagEncoder())
    link = next(x for x in res.links if x.a == [3])
    assert link.relation == "modified"
    assert [(c.kind, c.a, c.b) for c in link.changes] == [("number", "600000", "800000")]
    assert {x.relation for x in res.links if x.a != [3]} == {"same"}


def test_split_and_merge_groups() -> None:
    a = plan("v1")
    b = list(a)
    first, second = a[9].split(", and ")
    b[9] = first + "."
    b.append(second[0].upper() + second[1:])  # the second half lands at the end: groups need not be adjacent
    merged = a[4].rstrip(".") + "; " + a[5][0].lower() + a[5][1:]
    b = b[:4] + [merged] + b[6:]
    res = align(a, b, "en", "en", BagEncoder())
    rel = {(tuple(x.a), tuple(x.b)): x.relation for x in res.links}
    assert rel[((4, 5), (4,))] == "merged"
    assert rel[((9,), (8, len(b) - 1))] == "split"
    assert not res.dropped and not res.added


def test_contract_covers_every_provision_exactly_once() -> None:
    a, b = plan("v1"), plan("v2")
    a_ids = [10 * (i + 1) for i in range(len(a))]  # top-level indexes need not be contiguous
    res = align(a, b, "en", "en", BagEncoder(), a_ids=a_ids)
    out = res.to_contract(DocMeta("v1", "en", len(a)), DocMeta(None, "en", len(b)))
    assert list(out)[:6] == ["a", "b", "encoder", "links", "dropped", "added"]
    assert out["a"] == {"title": "v1", "language": "en", "provisions": len(a)}
    assert out["encoder"] == "test-bag-v1"
    seen_a = sorted([i for x in out["links"] for i in x["a"]] + out["dropped"])
    seen_b = sorted([j for x in out["links"] for j in x["b"]] + out["added"])
    assert seen_a == a_ids and seen_b == list(range(1, len(b) + 1))
    for link in out["links"]:
        assert set(link) >= {"a", "b", "relation", "score", "changes"}
        assert link["relation"] in {"same", "modified", "split", "merged"}
        assert all(set(c) >= {"kind", "a", "b"} for c in link["changes"])


def test_empty_side() -> None:
    res = align(["One provision."], [], "en", "en", BagEncoder())
    assert res.dropped == [0] and res.links == []


def test_cache_means_no_model_work_the_second_time() -> None:
    enc, cache = BagEncoder(), MemoryCache()
    a, b = plan("v1"), plan("v2")
    align(a, b, "en", "en", enc, cache)
    calls = enc.calls
    first = align(a, b, "en", "en", enc, cache).to_contract(DocMeta(None, None, 0), DocMeta(None, None, 0))
    assert enc.calls == calls
    assert cache.get_many("test-bag-v1", [text_hash(a[0])])
    fresh = align(a, b, "en", "en", BagEncoder()).to_contract(DocMeta(None, None, 0), DocMeta(None, None, 0))
    assert first == fresh


def test_combined_encoder_caches_parts_and_drops_use_for_ukrainian() -> None:
    enc = default_encoder()
    assert isinstance(enc.for_languages("en", "ru"), CombinedEncoder)
    assert isinstance(enc.for_languages("en", "uk"), E5Encoder)
    assert enc.for_languages(None, "uk") is enc
    a, b = BagEncoder(), BagEncoder()
    b.name = "other-bag"
    combined = CombinedEncoder([(a, 1.0), (b, 3.0)])
    cache = MemoryCache()
    vectors = embed(combined, ["alpha beta", "gamma"], cache)
    assert vectors.shape == (2, 1024)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert len(cache) == 4
    assert isinstance(USEEncoder().name, str)


def test_margins_punish_hubs() -> None:
    emb_a = np.eye(3, dtype=np.float32)
    emb_b = np.array([[1, 0, 0], [0.6, 0.6, 0.5], [0, 0, 1]], dtype=np.float32)
    emb_b /= np.linalg.norm(emb_b, axis=1, keepdims=True)
    s = Scorer(emb_a, emb_b, k=2)
    assert s.margin[0, 0] > s.margin[0, 1]
    sim, margin = s.group_scores([0, 1], [1])
    assert -1 <= sim <= 1 and np.isfinite(margin)


def test_mismatched_ids_are_rejected() -> None:
    with pytest.raises(ValueError):
        align(["a"], ["b"], "en", "en", BagEncoder(), a_ids=[1, 2])
