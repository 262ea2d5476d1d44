"""Machine coding suggestions: which dimensions a provision touches, and at what value.

A scikit-learn-like estimator (:class:`Suggester`): ``fit`` on the coded provisions of
a case (each provision with the set of (dimension, value) codings it carries — an
uncoded provision of a coded document is a useful negative example), plus the
codebook's anchor texts; ``predict`` for new provision texts.

For a provision ``t`` with multilingual embedding ``e(t)`` (default encoder: e5 + USE,
see :mod:`redline.align.encoders`):

- neighbour score of dimension ``d``: the share of the softmax-weighted ``k`` nearest
  coded provisions (weights ``exp(cos / T)``) that are coded on ``d``;
- anchor score of ``d``: softmax over dimensions of the best cosine between ``e(t)`` and
  ``d``'s anchor texts (name, description, level labels and examples);
- score = ``(1 - a) * neighbour + a * anchor``; dimensions scoring at least
  ``min_score`` are suggested, best first, with the score as confidence;
- value on ``d``: the softmax-weighted mean of the values of the ``k_value`` nearest
  provisions coded on ``d``, snapped to the nearest anchored level.

The reasons (``because``) are the nearest coded provisions on that dimension.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from redline.align.cache import EmbeddingCache, embed
from redline.align.encoders import Encoder


@dataclass(frozen=True)
class Example:
    """A provision of a coded document with its codings (possibly none)."""

    text: str
    document: str
    ref: str
    codings: tuple[tuple[str, float], ...]  # (dimension, value)


@dataclass(frozen=True)
class DimensionSpec:
    id: str
    name: str
    description: str
    levels: tuple[tuple[float, str, str], ...]  # (value, label, example)

    def anchor_texts(self) -> list[str]:
        texts = [f"{self.name}. {self.description}".strip()]
        texts += [f"{self.name}: {label}. {example}".strip() for _, label, example in self.levels]
        return texts

    def snap(self, value: float) -> float:
        values = [v for v, _, _ in self.levels]
        return min(values, key=lambda v: abs(v - value)) if values else value


@dataclass(frozen=True)
class Suggestion:
    dimension: str
    value: float
    confidence: float
    because: tuple[tuple[str, str, float], ...]  # (document, ref, similarity)


def first_sentence(text: str, limit: int = 200) -> str:
    """A verbatim evidence span to propose: the provision's first sentence or line, at most ``limit`` chars."""
    line = text.strip().split("\n", 1)[0].strip()
    m = re.search(r"(?<=[.;:])\s", line)
    span = line[: m.start()] if m and m.start() > 20 else line
    return span[:limit].rstrip()


@dataclass
class Suggester:
    """Suggest dimensions and values for provisions from already coded ones."""

    encoder: Encoder
    k: int = 8
    k_value: int = 5
    temperature: float = 0.05
    anchor_weight: float = 0.25
    min_score: float = 0.3
    cache: EmbeddingCache | None = None
    examples_: list[Example] = field(default_factory=list, init=False)
    dimensions_: list[DimensionSpec] = field(default_factory=list, init=False)

    def fit(self, examples: Sequence[Example], dimensions: Sequence[DimensionSpec]) -> Suggester:
        if not examples:
            from redline.errors import InputError

            raise InputError("no coded provisions to learn from: code some documents first")
        self.examples_ = list(examples)
        self.dimensions_ = list(dimensions)
        self._dim_index = {d.id: i for i, d in enumerate(self.dimensions_)}
        self._x = embed(self.encoder, [e.text for e in self.examples_], self.cache)
        anchor_texts, owners = [], []
        for i, d in enumerate(self.dimensions_):
            for t in d.anchor_texts():
                anchor_texts.append(t)
                owners.append(i)
        self._anchors = embed(self.encoder, anchor_texts, self.cache)
        self._anchor_owner = np.array(owners)
        n, m = len(self.examples_), len(self.dimensions_)
        self._coded = np.zeros((n, m), dtype=bool)
        self._values = np.full((n, m), np.nan)
        for i, e in enumerate(self.examples_):
            for dim, value in e.codings:
                j = self._dim_index.get(dim)
                if j is not None:
                    self._coded[i, j] = True
                    self._values[i, j] = value
        return self

    def _softmax_weights(self, sims: np.ndarray) -> np.ndarray:
        return np.exp((sims - sims.max()) / self.temperature)

    def scores(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per text and dimension: combined score, predicted value, and the similarity matrix to examples."""
        q = embed(self.encoder, list(texts), self.cache)
        sims = q @ self._x.T  # (t, n)
        anchor_sims = q @ self._anchors.T  # (t, a)
        m = len(self.dimensions_)
        scores = np.zeros((len(texts), m))
        values = np.full((len(texts), m), np.nan)
        for t in range(len(texts)):
            s = sims[t]
            top = np.argsort(-s)[: self.k]
            w = self._softmax_weights(s[top])
            neighbour = (w[:, None] * self._coded[top]).sum(0) / w.sum()
            best_anchor = np.full(m, -1.0)
            np.maximum.at(best_anchor, self._anchor_owner, anchor_sims[t])
            a = np.exp((best_anchor - best_anchor.max()) / self.temperature)
            anchor = a / a.sum()
            scores[t] = (1 - self.anchor_weight) * neighbour + self.anchor_weight * anchor
            for j, dim in enumerate(self.dimensions_):
                idx = np.flatnonzero(self._coded[:, j])
                if len(idx) == 0:
                    continue
                near = idx[np.argsort(-s[idx])[: self.k_value]]
                wv = self._softmax_weights(s[near])
                values[t, j] = dim.snap(float(np.sum(wv * self._values[near, j]) / wv.sum()))
        return scores, values, sims

    def predict(self, texts: Sequence[str]) -> list[list[Suggestion]]:
        """Suggestions per text, best first (possibly none)."""
        scores, values, sims = self.scores(texts)
        out = []
        for t in range(len(texts)):
            order = np.argsort(-scores[t])
            sugg = []
            for j in order:
                if scores[t, j] < self.min_score or np.isnan(values[t, j]):
                    continue
                idx = np.flatnonzero(self._coded[:, j])
                near = idx[np.argsort(-sims[t, idx])[:3]]
                because = tuple(
                    (self.examples_[i].document, self.examples_[i].ref, round(float(sims[t, i]), 3))
                    for i in near
                )
                sugg.append(
                    Suggestion(
                        self.dimensions_[j].id, float(values[t, j]), round(float(scores[t, j]), 3), because
                    )
                )
            out.append(sugg)
        return out


def majority_baseline(examples: Sequence[Example]) -> tuple[str | None, dict[str, float]]:
    """The most frequent dimension, and each dimension's most frequent value (for benchmarks)."""
    dims = Counter(d for e in examples for d, _ in e.codings)
    values: dict[str, Counter] = {}
    for e in examples:
        for d, v in e.codings:
            values.setdefault(d, Counter())[v] += 1
    top = dims.most_common(1)[0][0] if dims else None
    return top, {d: c.most_common(1)[0][0] for d, c in values.items()}
