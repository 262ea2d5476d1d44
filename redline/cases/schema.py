"""Pydantic models of a case bundle (``case.yaml``, document front matter, codings).

These models are the single definition of what a valid bundle is; the file reader
(:mod:`redline.cases.bundle`) adds file names and line numbers to their errors.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Key = str  # [a-z0-9-]+, checked by _check_key
_KEY_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789-")

DocumentKind = Literal["proposal", "memorandum", "declaration", "statement", "strategy"]
DocumentStatus = Literal["official", "leaked", "reported"]
Reliability = Literal["A", "B", "C", "D"]
FRAME_MAX = 3


def _check_key(v: str) -> str:
    if not v or not set(v) <= _KEY_CHARS or v.startswith("-"):
        raise ValueError(f"{v!r} is not a valid id (use lower-case letters, digits and '-')")
    return v


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


class ScaleSpec(_Model):
    min: float = 0
    max: float = 100
    min_means: str
    max_means: str


class ActorSpec(_Model):
    id: Key
    name: str
    kind: Literal["state", "bloc", "coalition", "organisation", "other"] = "state"
    capability: float = Field(1.0, gt=0)
    capability_note: str = ""
    maximal_demand: list[Key] = []

    _k = field_validator("id")(_check_key)


class CategorySpec(_Model):
    id: Key
    name: str

    _k = field_validator("id")(_check_key)


class LevelSpec(_Model):
    value: float
    label: str
    description: str = ""
    example: str = ""


class SalienceSpec(_Model):
    value: float = Field(ge=0, le=1)
    note: str = ""


class DimensionSpec(_Model):
    id: Key
    name: str
    kind: Literal["position", "frame"] = "position"
    category: Key | None = None
    description: str = ""
    levels: list[LevelSpec]
    salience: dict[Key, SalienceSpec] = {}

    _k = field_validator("id")(_check_key)

    @model_validator(mode="after")
    def _levels_ok(self) -> DimensionSpec:
        values = [lv.value for lv in self.levels]
        if values != sorted(values) or len(set(values)) != len(values):
            raise ValueError("levels must have distinct values in ascending order")
        if self.kind == "frame":
            if values != [0, 1, 2, 3]:
                raise ValueError("a frame has exactly the levels 0, 1, 2, 3")
        elif len(values) < 5:
            raise ValueError("a position dimension needs at least five anchored levels")
        return self


class RedLineSpec(_Model):
    actor: Key
    dimension: Key
    min: float | None = None
    max: float | None = None
    note: str = ""
    source: str = ""

    @model_validator(mode="after")
    def _bound(self) -> RedLineSpec:
        if self.min is None and self.max is None:
            raise ValueError("a red line needs `min` or `max`")
        return self


class ConditionSpec(_Model):
    dimension: Key
    min: float | None = None
    max: float | None = None

    @model_validator(mode="after")
    def _bound(self) -> ConditionSpec:
        if self.min is None and self.max is None:
            raise ValueError("a condition needs `min` or `max`")
        return self


class CriterionSpec(_Model):
    id: Key
    name: str
    definition: str = ""
    passes_if: str = ""
    conditions: list[ConditionSpec] = []

    _k = field_validator("id")(_check_key)


class CriterionSetSpec(_Model):
    id: Key
    name: str
    source: str = ""
    criteria: list[CriterionSpec]

    _k = field_validator("id")(_check_key)


ClaimKind = Literal["movement", "position", "index", "closest", "affinity"]
Expectation = Literal[
    "toward-max", "toward-min", "greater", "less", "not-less", "not-greater", "equal", "dropped", "no-fall"
]


class ClaimSpec(_Model):
    """A finding stated in words that redline checks against the codings (see docs/claims.md).

    - ``movement``: the concession from document ``a`` to ``b`` goes ``toward-max`` / ``toward-min``;
    - ``position``: ``a``'s position on ``dimension`` compared with ``b``'s (or with ``value``);
      ``dropped``: ``a`` addresses the dimension and ``b`` does not, or is lower;
      ``no-fall`` (with ``index`` or ``position``): ``a`` is not lower than ``b`` beyond measurement
      uncertainty (the 95% interval of ``a - b`` reaches 0 or above);
    - ``index``: ``a``'s index compared with ``b``'s;
    - ``closest``: among the documents ``among``, ``a`` is the closest to actor ``target``'s maximal demand;
    - ``affinity``: affinity(``a``, ``b``) compared with affinity(``a``, ``c``) over ``frames`` (all if empty).
    """

    id: Key
    text: str
    source: str = ""
    kind: ClaimKind
    a: Key
    b: Key | None = None
    c: Key | None = None
    dimension: Key | None = None
    value: float | None = None
    target: Key | None = None
    among: list[Key] = []
    frames: list[Key] = []
    expect: Expectation = "greater"

    _k = field_validator("id")(_check_key)


class TranslationSpec(_Model):
    """Names of the case's own terms in another language (for reports and figures in that language).

    Keys are ids; anything not listed keeps its name from the case (English for the built-in case).
    ``levels``: dimension id -> {level value: label}.
    """

    title: str = ""
    description: str = ""
    min_means: str = ""  # the scale's ends
    max_means: str = ""
    actors: dict[str, str] = {}
    categories: dict[str, str] = {}
    dimensions: dict[str, str] = {}
    levels: dict[str, dict[float, str]] = {}
    criteria_sets: dict[str, str] = {}
    criteria: dict[str, str] = {}
    claims: dict[str, str] = {}

    def plain(self) -> dict[str, Any]:
        """What is set, with level values as text keys (``'25'``): the form kept as JSON and written as YAML."""
        out = self.model_dump(exclude_defaults=True, exclude={"levels"})
        if self.levels:
            out["levels"] = {d: {f"{v:g}": t for v, t in ls.items()} for d, ls in self.levels.items()}
        return out


class CaseSpec(_Model):
    id: Key
    title: str
    description: str = ""
    codebook_version: int = Field(1, ge=1)
    primary_coder: str = "final"
    scale: ScaleSpec
    actors: list[ActorSpec]
    categories: list[CategorySpec] = []
    dimensions: list[DimensionSpec]
    red_lines: list[RedLineSpec] = []
    criteria_sets: list[CriterionSetSpec] = []
    claims: list[ClaimSpec] = []
    translations: dict[str, TranslationSpec] = {}  # ISO 639-1 language code -> names in that language

    _k = field_validator("id")(_check_key)

    @field_validator("translations")
    @classmethod
    def _languages(cls, v: dict[str, TranslationSpec]) -> dict[str, TranslationSpec]:
        bad = [k for k in v if not (len(k) == 2 and k.isalpha() and k.islower())]
        if bad:
            raise ValueError(f"translations: {bad[0]!r} is not a two-letter language code")
        return v


class SourceSpec(_Model):
    url: str
    title: str = ""
    publisher: str = ""
    note: str = ""


class ProvisionSpan(_Model):
    """Explicit provision offsets, for documents whose text is not in bundle markup."""

    index: int
    label: str | None
    level: int = 0
    parent: int | None = None
    start: int
    end: int


class DocumentMeta(_Model):
    id: Key
    title: str
    date: dt.date | None = None
    actor: Key | None = None
    co_actors: list[Key] = []
    venue: str = ""
    kind: DocumentKind = "proposal"
    status: DocumentStatus = "reported"
    reliability: Reliability = "C"
    language: str = "en"
    version_of: Key | None = None
    sources: list[SourceSpec] = []
    notes: str = ""
    provisions: list[ProvisionSpan] | None = None

    _k = field_validator("id")(_check_key)


class CodingRow(_Model):
    document: Key
    provision: str
    dimension: Key
    value: float
    quote: str = Field(min_length=1)
    coder: str = Field(min_length=1)
    confidence: float = Field(1.0, ge=0, le=1)
    note: str = ""


CODING_COLUMNS = ("document", "provision", "dimension", "value", "quote", "coder", "confidence", "note")
