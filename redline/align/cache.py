"""Embedding cache keyed by (model name, sha256 of the text).

Comparing the same documents again must do no model work: :func:`embed` looks every text up first and only
encodes the misses.  The cache is a small protocol so the aligner works with or without the database;
:class:`MemoryCache` keeps vectors in a dict, ``redline.align.dbcache.DBEmbeddingCache`` in the store.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol

import numpy as np

from redline.align.encoders import CombinedEncoder, Encoder


def text_hash(text: str) -> str:
    """The cache key of a text: hex sha256 of its UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingCache(Protocol):
    """Stores vectors by (model, text hash)."""

    def get_many(self, model: str, hashes: Sequence[str]) -> dict[str, np.ndarray]: ...

    def put_many(self, model: str, vectors: Mapping[str, np.ndarray]) -> None: ...


class MemoryCache:
    """An in-process cache; also counts model work so tests can check that a second run does none."""

    def __init__(self) -> None:
        self._data: dict[tuple[str, str], np.ndarray] = {}
        self.encoded = 0

    def get_many(self, model: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        return {h: self._data[(model, h)] for h in hashes if (model, h) in self._data}

    def put_many(self, model: str, vectors: Mapping[str, np.ndarray]) -> None:
        self.encoded += len(vectors)
        for h, v in vectors.items():
            self._data[(model, h)] = np.asarray(v, dtype=np.float32)

    def __len__(self) -> int:
        return len(self._data)


def _lookup(
    encoder: Encoder, texts: Sequence[str], cache: EmbeddingCache | None
) -> tuple[list[str], dict[str, np.ndarray], list[str], list[str]]:
    """Hashes of ``texts``, the cached vectors found, and the (hash, text) pairs still to encode."""
    hashes = [text_hash(t) for t in texts]
    found = cache.get_many(encoder.name, list(dict.fromkeys(hashes))) if cache is not None else {}
    by_hash = dict(zip(hashes, texts, strict=True))
    missing = [h for h in dict.fromkeys(hashes) if h not in found]
    return hashes, found, missing, [by_hash[h] for h in missing]


def embed(encoder: Encoder, texts: Sequence[str], cache: EmbeddingCache | None = None) -> np.ndarray:
    """Embed texts, using and filling the cache; a combined encoder caches each part under its own name.

    Only the texts missing from the cache are encoded.  The parts of a combined encoder encode in parallel
    threads.  That is what makes a cold comparison fast on two cores: e5 spends its time in C with the GIL
    released (one thread per core, see :class:`~redline.align.encoders.E5Encoder`), while USE's loading and
    tokenizing are Python that needs the GIL, so the two overlap instead of adding up.  The cache itself is
    only touched from the calling thread.
    """
    if not texts:
        raise ValueError("nothing to embed")
    parts = encoder.parts if isinstance(encoder, CombinedEncoder) else [(encoder, 1.0)]
    lookups = [_lookup(enc, texts, cache) for enc, _ in parts]
    jobs = [(enc, todo) for (enc, _), (_, _, _, todo) in zip(parts, lookups, strict=True) if todo]
    if len(jobs) > 1:
        with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
            results = list(pool.map(lambda job: job[0].encode(job[1]), jobs))
    else:
        results = [enc.encode(todo) for enc, todo in jobs]
    fresh = iter(results)
    vectors = []
    for (enc, _), (hashes, found, missing, _) in zip(parts, lookups, strict=True):
        if missing:
            new = dict(zip(missing, next(fresh), strict=True))
            if cache is not None:
                cache.put_many(enc.name, new)
            found = {**found, **new}
        vectors.append(np.vstack([found[h] for h in hashes]).astype(np.float32))
    if isinstance(encoder, CombinedEncoder):
        return encoder.combine(vectors)
    return vectors[0]
