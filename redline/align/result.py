"""The result of aligning two documents, and its JSON form (the ``redline compare`` contract).

Positions inside :class:`Alignment` are 0-based into the lists of top-level provision texts that were
aligned; ``a_ids``/``b_ids`` map them to the documents' provision ``index`` values for output.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from redline.align.changes import Change, DiffOp


@dataclass(frozen=True)
class DocMeta:
    """What the contract says about each side."""

    title: str | None
    language: str | None
    provisions: int


@dataclass
class Link:
    """One alignment link: 1-1 (``same``/``modified``), 1-n (``split``) or n-1 (``merged``)."""

    a: list[int]
    b: list[int]
    relation: str
    score: float  # blended cosine similarity of the (joined) texts
    margin: float  # the neighbourhood-normalised score the thresholds apply to
    changes: list[Change] = field(default_factory=list)
    diff: list[DiffOp] | None = None  # word diff, same-language pairs only
    borderline: bool = False


@dataclass
class Alignment:
    """Links plus dropped (A only) and added (B only) provisions."""

    a_ids: list[int]
    b_ids: list[int]
    links: list[Link]
    dropped: list[int]
    added: list[int]
    encoder: str
    threshold: float
    band: float
    lang_a: str | None = None
    lang_b: str | None = None
    borderline_unlinked: list[tuple[int, int, float]] = field(default_factory=list)

    def to_contract(self, a_meta: DocMeta, b_meta: DocMeta) -> dict[str, Any]:
        """The exact JSON of ``redline compare`` (shared/CONTRACTS.md), plus added keys:
        ``margin`` and ``borderline`` on links, ``unit`` on number changes, and ``thresholds``."""
        links = []
        for link in sorted(self.links, key=lambda x: (min(x.a), min(x.b))):
            links.append(
                {
                    "a": [self.a_ids[i] for i in link.a],
                    "b": [self.b_ids[j] for j in link.b],
                    "relation": link.relation,
                    "score": round(link.score, 4),
                    "changes": [c.to_dict() for c in link.changes],
                    "margin": round(link.margin, 4),
                    "borderline": link.borderline,
                }
            )
        return {
            "a": {"title": a_meta.title, "language": a_meta.language, "provisions": a_meta.provisions},
            "b": {"title": b_meta.title, "language": b_meta.language, "provisions": b_meta.provisions},
            "encoder": self.encoder,
            "links": links,
            "dropped": [self.a_ids[i] for i in sorted(self.dropped)],
            "added": [self.b_ids[j] for j in sorted(self.added)],
            "thresholds": {
                "link": self.threshold,
                "borderline_band": self.band,
                "borderline_unlinked": [
                    {"a": self.a_ids[i], "b": self.b_ids[j], "margin": round(m, 4)}
                    for i, j, m in self.borderline_unlinked
                ],
            },
        }
