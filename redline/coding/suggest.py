"""Machine coding suggestions: which dimensions a provision touches, and at what value.

A scikit-learn-like estimator (:class:`Suggester`): ``fit`` on the coded provisions of a case (each
provision with the set of (dimension, value) codings it carries; an uncoded provision of a coded
document is a useful negative example) and on the codebook, ``predict`` for new provision texts.

Training rows are the coded documents' provisions plus the codebook's *anchor texts*: every anchored
level's example, its description and "dimension: label. description" are labelled (dimension, level
value), so a dimension is learnable even where few provisions were coded on it, and values have a
reference point on every level.

Which dimensions (a distribution over the dimensions plus "not coded"; a provision coded on several
dimensions spreads its weight over them), the mean of three members:

- neighbours: the softmax-weighted (``exp(cos / temperature)``) ``k`` nearest training rows in the
  multilingual embedding (default encoder e5 + USE, see :mod:`redline.align.encoders`);
- a multinomial logistic regression on the standardised embeddings (``C``);
- a multinomial logistic regression on word TF-IDF (``C_text``), used only for texts in
  the training language (words do not carry across languages).  This member also reads the provision's
  *context*, the lead-in of the provision it is a sub-point of ("Territories:" before "a. Crimea ...");
  the embedding members read the provision alone (a generic heading as context made them worse).

The score of dimension ``d`` is its probability; ``d`` is suggested when it reaches ``min_score``.

Value on ``d``: the softmax-weighted (``value_temperature``) mean value of the ``k_value`` nearest rows
coded on ``d`` (provisions and anchors), snapped to the nearest anchored level.

Texts in another language than the training texts (``language=`` given and different) are moved by the
difference of the two languages' mean embeddings before anything else (the language-specific part of a
multilingual embedding is largely a constant offset); the target language's mean is estimated from the
texts being scored, shrunk towards no shift for small batches (weight ``n / (n + 5)``).

The reasons (``because``) are the coded provisions on that dimension nearest to the text.
Parameter choices and measured accuracy: docs/suggest.md and benchmarks/bench_suggest.py.
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from redline.align.cache import EmbeddingCache, embed
from redline.align.encoders import Encoder

SHIFT_PRIOR = 5  # texts: a batch of n texts moves by n / (n + SHIFT_PRIOR) of the language offset


@dataclass(frozen=True)
class Example:
    """A provision of a coded document with its codings (possibly none)."""

    text: str
    document: str
    ref: str
    codings: tuple[tuple[str, float], ...]  # (dimension, value)
    language: str | None = None  # ISO 639-1 code of the document, when known
    context: str = ""  # lead-in of the parent provision (see :func:`lead_in`), "" for top-level ones


@dataclass(frozen=True)
class DimensionSpec:
    """A codebook dimension: anchored levels (value, label, example) and, aligned, the level descriptions."""

    id: str
    name: str
    description: str
    levels: tuple[tuple[float, str, str], ...]  # (value, label, example)
    level_descriptions: tuple[str, ...] = ()

    def anchor_examples(self) -> list[tuple[str, float]]:
        """Codebook texts that stand for a level: its example, its description, "name: label. description"."""
        out: list[tuple[str, float]] = []
        descriptions = self.level_descriptions or ("",) * len(self.levels)
        for (value, label, example), desc in zip(self.levels, descriptions, strict=True):
            texts = [example, desc, f"{self.name}: {label}. {desc}".strip().rstrip(".") + "."]
            out += [(t.strip(), value) for t in dict.fromkeys(texts) if t.strip()]
        return out

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


def lead_in(parent_own_text: str) -> str:
    """A parent's own text as context for its sub-points: without the first sub-point's label at its end."""
    return re.sub(r"\n\s*\S{1,6}[.)]\s*$", "", parent_own_text.strip()).strip()


def _with_context(texts: Sequence[str], contexts: Sequence[str] | None) -> list[str]:
    if contexts is None:
        return list(texts)
    return [f"{c} {t}" if c else t for t, c in zip(texts, contexts, strict=True)]


def _class_rows(coded: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Multi-label rows as multinomial rows: one per coded dimension (weight split), class m = not coded."""
    triples: list[tuple[int, int, float]] = []
    for i, row in enumerate(coded):
        dims = np.flatnonzero(row)
        if len(dims) == 0:
            triples.append((i, coded.shape[1], float(weights[i])))
        triples += [(i, int(j), float(weights[i]) / len(dims)) for j in dims]
    rows, classes, w = zip(*triples, strict=True)
    return np.array(rows), np.array(classes), np.array(w)


def _fit_multinomial(
    x: np.ndarray, rows: np.ndarray, classes: np.ndarray, w: np.ndarray, c: float
) -> LogisticRegression | None:
    if len(set(classes.tolist())) < 2:
        return None  # a single class: nothing to discriminate
    # one BLAS thread: these matrices are small, and more threads make the fit several times slower
    with warnings.catch_warnings(), threadpool_limits(1):
        warnings.simplefilter("ignore", ConvergenceWarning)
        return LogisticRegression(C=c, tol=1e-3, max_iter=1000).fit(x[rows], classes, sample_weight=w)


def _proba(model: LogisticRegression, x: np.ndarray, n_classes: int) -> np.ndarray:
    out = np.zeros((x.shape[0], n_classes))
    out[:, model.classes_] = model.predict_proba(x)
    return out


def _softmax_rows(sims: np.ndarray, temperature: float) -> np.ndarray:
    w = np.exp((sims - sims.max(axis=1, keepdims=True)) / temperature)
    return w / w.sum(axis=1, keepdims=True)


@dataclass
class Suggester:
    """Suggest dimensions and values for provisions from already coded ones and the codebook."""

    encoder: Encoder
    k: int = 10
    temperature: float = 0.02
    k_value: int = 5
    value_temperature: float = 0.05
    C: float = 0.1
    C_text: float = 10.0
    anchor_weight: float = 1.0
    min_score: float = 0.2
    cache: EmbeddingCache | None = None
    examples_: list[Example] = field(default_factory=list, init=False)
    dimensions_: list[DimensionSpec] = field(default_factory=list, init=False)
    language_: str | None = field(default=None, init=False)

    def fit(self, examples: Sequence[Example], dimensions: Sequence[DimensionSpec]) -> Suggester:
        """Learn from coded (and uncoded) provisions and the dimensions' anchor texts; embeds via the cache."""
        if not examples:
            from redline.errors import InputError

            raise InputError("no coded provisions to learn from: code some documents first")
        self.examples_ = list(examples)
        self.dimensions_ = list(dimensions)
        langs = Counter(e.language for e in self.examples_ if e.language)
        self.language_ = langs.most_common(1)[0][0] if langs else None
        index = {d.id: j for j, d in enumerate(self.dimensions_)}
        anchors = [(t, j, v) for j, d in enumerate(self.dimensions_) for t, v in d.anchor_examples()]
        n_ex, m = len(self.examples_), len(self.dimensions_)
        texts = [e.text for e in self.examples_] + [t for t, _, _ in anchors]
        self._coded = np.zeros((len(texts), m), dtype=bool)
        self._values = np.full((len(texts), m), np.nan)
        for i, e in enumerate(self.examples_):
            for dim, value in e.codings:
                if (j := index.get(dim)) is not None:
                    self._coded[i, j], self._values[i, j] = True, value
        for i, (_, j, value) in enumerate(anchors, start=n_ex):
            self._coded[i, j], self._values[i, j] = True, value
        weights = np.r_[np.ones(n_ex), np.full(len(anchors), self.anchor_weight)]
        self._n_examples = n_ex
        self._x = embed(self.encoder, texts, self.cache)
        self._mean = self._x[:n_ex].mean(axis=0)
        # class distribution of each row for the neighbour vote (multi-label rows split their weight)
        labels = np.hstack([self._coded, ~self._coded.any(axis=1, keepdims=True)]).astype(float)
        self._labels = labels / labels.sum(axis=1, keepdims=True)
        rows, classes, w = _class_rows(self._coded, weights)
        self._scaler = StandardScaler().fit(self._x)
        self._lr = _fit_multinomial(self._scaler.transform(self._x), rows, classes, w, self.C)
        self._tfidf = TfidfVectorizer(sublinear_tf=True)
        lexical = _with_context(texts[:n_ex], [e.context for e in self.examples_]) + texts[n_ex:]
        self._lr_text = _fit_multinomial(self._tfidf.fit_transform(lexical), rows, classes, w, self.C_text)
        return self

    def _embed(self, texts: Sequence[str], language: str | None) -> np.ndarray:
        q = embed(self.encoder, list(texts), self.cache)
        if language and self.language_ and language != self.language_:
            shift = (self._mean - q.mean(axis=0)) * len(texts) / (len(texts) + SHIFT_PRIOR)
            q = q + shift
            q /= np.maximum(np.linalg.norm(q, axis=1, keepdims=True), 1e-12)
        return q

    def _distribution(self, lexical: Sequence[str], q: np.ndarray, same_language: bool) -> np.ndarray:
        """(texts, dimensions + 1): probability of each dimension and of "not coded", averaged members."""
        n_classes = len(self.dimensions_) + 1
        sims = q @ self._x.T
        top = np.argsort(-sims, axis=1)[:, : self.k]
        w = _softmax_rows(np.take_along_axis(sims, top, axis=1), self.temperature)
        members = [np.einsum("tk,tkc->tc", w, self._labels[top])]
        if self._lr is not None:
            members.append(_proba(self._lr, self._scaler.transform(q), n_classes))
        if same_language and self._lr_text is not None:
            members.append(_proba(self._lr_text, self._tfidf.transform(lexical), n_classes))
        return np.mean(members, axis=0)

    def _values_for(self, q: np.ndarray) -> np.ndarray:
        values = np.full((len(q), len(self.dimensions_)), np.nan)
        sims = q @ self._x.T
        for j, dim in enumerate(self.dimensions_):
            idx = np.flatnonzero(self._coded[:, j])
            if len(idx) == 0:
                continue
            s = sims[:, idx]
            near = np.argsort(-s, axis=1)[:, : self.k_value]
            w = _softmax_rows(np.take_along_axis(s, near, axis=1), self.value_temperature)
            mean = (w * self._values[idx][near, j]).sum(axis=1)
            values[:, j] = [dim.snap(float(v)) for v in mean]
        return values

    def scores(
        self, texts: Sequence[str], language: str | None = None, contexts: Sequence[str] | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per text and dimension: score (probability), predicted value; and the similarities to examples.

        ``language``: the texts' language (ISO 639-1), if known; ``contexts``: per text the lead-in of its
        parent provision ("" for none), see the module docstring.
        """
        q = self._embed(texts, language)
        same = not (language and self.language_ and language != self.language_)
        scores = self._distribution(_with_context(texts, contexts), q, same)[:, :-1]
        return scores, self._values_for(q), q @ self._x[: self._n_examples].T

    def predict(
        self, texts: Sequence[str], language: str | None = None, contexts: Sequence[str] | None = None
    ) -> list[list[Suggestion]]:
        """Suggestions per text, best first (possibly none); arguments as for :meth:`scores`."""
        scores, values, sims = self.scores(texts, language, contexts)
        out = []
        for t in range(len(texts)):
            sugg = []
            for j in np.argsort(-scores[t]):
                if scores[t, j] < self.min_score or np.isnan(values[t, j]):
                    continue
                idx = np.flatnonzero(self._coded[: self._n_examples, j])
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
