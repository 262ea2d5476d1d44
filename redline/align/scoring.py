"""Pair scores between provisions and their neighbourhood-normalised margins.

Raw cosines are not comparable across encoders and language pairs (e5 puts unrelated provisions at ~0.78,
USE at ~0.2; translations score lower than same-language rewordings).  So the aligner thresholds a margin:

1. ``sim``: cosine of the (combined) embeddings, blended for same-language pairs with the cosine of
   character 2-4-gram TF-IDF vectors (weight ``lexical_weight``), which rewards shared wording and numbers.
2. ``z``: sim standardised by the background of all pairs (median and MAD of the matrix: most pairs of two
   drafts are unrelated), which removes each encoder's scale.
3. ``margin``: CSLS on ``z`` (Conneau et al. 2018), ``z_ij - (r_a(i) + r_b(j)) / 2`` with ``r`` the mean
   ``z`` of the ``k`` nearest neighbours on the other side.  A provision whose best match is not clearly
   better than its neighbourhood (a dropped one, typically) gets a low margin whatever the language.

Groups (for split/merge) are scored with the normalised sum of their members' vectors, and their
neighbourhood is the mean of the members' neighbourhoods.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def _unit(v: np.ndarray) -> np.ndarray:
    return v / max(float(np.linalg.norm(v)), 1e-12)


def char_tfidf(texts: Sequence[str]) -> np.ndarray:
    """Row-normalised character 2-4-gram TF-IDF vectors (dense; documents are small)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, lowercase=True)
    return np.asarray(vectorizer.fit_transform(list(texts)).toarray(), dtype=np.float32)


class Scorer:
    """Similarities and margins between provisions (or groups of provisions) of sides A and B."""

    def __init__(
        self,
        emb_a: np.ndarray,
        emb_b: np.ndarray,
        lex_a: np.ndarray | None = None,
        lex_b: np.ndarray | None = None,
        lexical_weight: float = 0.0,
        k: int = 3,
    ) -> None:
        self.emb_a, self.emb_b = emb_a, emb_b
        self.lex_a, self.lex_b = lex_a, lex_b
        self.lexical_weight = lexical_weight if lex_a is not None else 0.0
        self.sim = self._sim(emb_a, emb_b, lex_a, lex_b)
        flat = self.sim.ravel()
        self.mu = float(np.median(flat))
        mad = float(np.median(np.abs(flat - self.mu))) * 1.4826
        # Floor for tiny or near-constant matrices, where the MAD says little about the background.
        self.sigma = max(mad, float(np.std(flat)), 0.02)
        self.z = (self.sim - self.mu) / self.sigma
        n, m = self.z.shape
        self.r_a = self._knn_mean(self.z, min(k, m))
        self.r_b = self._knn_mean(self.z.T, min(k, n))
        self.margin = self.z - (self.r_a[:, None] + self.r_b[None, :]) / 2

    @staticmethod
    def _knn_mean(z: np.ndarray, k: int) -> np.ndarray:
        if z.shape[1] == 0:
            return np.zeros(z.shape[0])
        return np.sort(z, axis=1)[:, -k:].mean(axis=1)

    def _sim(
        self, ea: np.ndarray, eb: np.ndarray, la: np.ndarray | None, lb: np.ndarray | None
    ) -> np.ndarray:
        sim = ea @ eb.T
        if self.lexical_weight and la is not None and lb is not None:
            sim = (1 - self.lexical_weight) * sim + self.lexical_weight * (la @ lb.T)
        return np.asarray(sim, dtype=np.float64)

    def _group(self, emb: np.ndarray, lex: np.ndarray | None, idx: Sequence[int]) -> tuple:
        e = _unit(emb[list(idx)].sum(axis=0))[None, :]
        x = _unit(lex[list(idx)].sum(axis=0))[None, :] if lex is not None else None
        return e, x

    def group_scores(self, a_idx: Sequence[int], b_idx: Sequence[int]) -> tuple[float, float]:
        """(similarity, margin) of group ``a_idx`` against group ``b_idx``."""
        if len(a_idx) == 1 and len(b_idx) == 1:
            i, j = a_idx[0], b_idx[0]
            return float(self.sim[i, j]), float(self.margin[i, j])
        ea, la = self._group(self.emb_a, self.lex_a, a_idx)
        eb, lb = self._group(self.emb_b, self.lex_b, b_idx)
        sim = float(self._sim(ea, eb, la, lb)[0, 0])
        z = (sim - self.mu) / self.sigma
        r = (float(self.r_a[list(a_idx)].mean()) + float(self.r_b[list(b_idx)].mean())) / 2
        return sim, z - r
