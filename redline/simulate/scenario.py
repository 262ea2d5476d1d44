"""Scenario files: editable YAML inputs for the bargaining models, with named variants.

A scenario lists actors (with a capability), issues (each actor's position on 0-100 and salience
on 0-1, an optional status quo and optional input uncertainty) and variants that change any of
these or exclude actors — "Europe at the table" vs "Europe excluded", "the US raises the salience
of sanctions".  The format is documented in ``docs/simulate.md``; :meth:`Scenario.to_issues`
turns a scenario (or a variant) into model inputs, :func:`scenario_from_positions` builds one from
a case's coded positions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from redline.errors import InputError, ValidationErrors
from redline.simulate.data import Issue
from redline.simulate.uncertainty import FIELDS, Uncertainty

Score = float  # a position on 0-100


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Spread(_Strict):
    """Uncertainty of one input: a uniform range (low, high) or a normal sd."""

    low: float | None = None
    high: float | None = None
    sd: float | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _complete(self) -> Spread:
        if (self.low is None) != (self.high is None):
            raise ValueError("give both low and high, or neither")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError("low must not exceed high")
        if self.low is None and self.sd is None:
            raise ValueError("give low and high, or sd")
        return self


class ActorSpec(_Strict):
    name: str | None = None
    capability: float = Field(gt=0)


class IssueUncertainty(_Strict):
    positions: dict[str, Spread] = {}
    saliences: dict[str, Spread] = {}
    capabilities: dict[str, Spread] = {}


class IssueSpec(_Strict):
    name: str | None = None
    status_quo: float | None = Field(default=None, ge=0, le=100)
    salience: float | None = Field(
        default=None, ge=0, le=1, description="default salience of the issue's actors"
    )
    positions: dict[str, float]
    saliences: dict[str, float] = {}
    uncertainty: IssueUncertainty | None = None

    @field_validator("positions")
    @classmethod
    def _positions(cls, v: dict[str, float]) -> dict[str, float]:
        for actor, p in v.items():
            if not 0 <= p <= 100:
                raise ValueError(f"position of {actor!r} must be within 0-100, got {p:g}")
        return v

    @field_validator("saliences")
    @classmethod
    def _saliences(cls, v: dict[str, float]) -> dict[str, float]:
        for actor, s in v.items():
            if not 0 <= s <= 1:
                raise ValueError(f"salience of {actor!r} must be within 0-1, got {s:g}")
        return v


class VariantSpec(_Strict):
    description: str | None = None
    base: str | None = Field(default=None, description="another variant this one builds on")
    exclude: list[str] = []
    capabilities: dict[str, float] = {}
    positions: dict[str, dict[str, float]] = {}
    saliences: dict[str, dict[str, float]] = {}
    status_quo: dict[str, float | None] = {}


class Scenario(_Strict):
    """A scenario file (see the module docstring and ``docs/simulate.md``)."""

    scenario: str = Field(min_length=1, description="scenario id")
    title: str | None = None
    case: str | None = None
    description: str | None = None
    actors: dict[str, ActorSpec]
    issues: dict[str, IssueSpec]
    variants: dict[str, VariantSpec] = {}

    @property
    def id(self) -> str:
        return self.scenario

    @model_validator(mode="after")
    def _references(self) -> Scenario:
        known = set(self.actors)
        for iid, iss in self.issues.items():
            if len(iss.positions) == 0:
                raise ValueError(f"issue {iid!r} has no positions")
            for group in (iss.positions, iss.saliences):
                unknown = set(group) - known
                if unknown:
                    raise ValueError(f"issue {iid!r} names unknown actor(s): {', '.join(sorted(unknown))}")
            without = [a for a in iss.positions if a not in iss.saliences and iss.salience is None]
            if without:
                raise ValueError(
                    f"issue {iid!r}: no salience for {', '.join(without)} (give saliences or salience)"
                )
        for name, var in self.variants.items():
            if var.base is not None and var.base not in self.variants:
                raise ValueError(f"variant {name!r} builds on unknown variant {var.base!r}")
            unknown = (set(var.exclude) | set(var.capabilities)) - known
            unknown |= {a for per in (*var.positions.values(), *var.saliences.values()) for a in per} - known
            if unknown:
                raise ValueError(f"variant {name!r} names unknown actor(s): {', '.join(sorted(unknown))}")
            bad = (set(var.positions) | set(var.saliences) | set(var.status_quo)) - set(self.issues)
            if bad:
                raise ValueError(f"variant {name!r} names unknown issue(s): {', '.join(sorted(bad))}")
        for name in self.variants:
            self._chain(name)
        return self

    def _chain(self, name: str) -> list[VariantSpec]:
        chain, seen = [], []
        current: str | None = name
        while current is not None:
            if current in seen:
                raise ValueError(f"variants build on each other in a circle: {' -> '.join([*seen, current])}")
            seen.append(current)
            chain.append(self.variants[current])
            current = self.variants[current].base
        return chain[::-1]

    def resolve(self, variant: str | None = None) -> Scenario:
        """The scenario with a variant (and the variants it builds on) applied, without variants."""
        data = self.model_dump(by_alias=True, exclude={"variants"})
        if variant is None:
            return Scenario.model_validate(data)
        if variant not in self.variants:
            names = ", ".join(self.variants) or "none defined"
            raise InputError(f"scenario {self.id!r} has no variant {variant!r} (variants: {names})")
        for var in self._chain(variant):
            for actor, cap in var.capabilities.items():
                data["actors"][actor]["capability"] = cap
            for iid, per in var.positions.items():
                data["issues"][iid]["positions"].update(per)
            for iid, per in var.saliences.items():
                data["issues"][iid]["saliences"].update(per)
            for iid, sq in var.status_quo.items():
                data["issues"][iid]["status_quo"] = sq
            for actor in var.exclude:
                data["actors"].pop(actor, None)
                for iss in data["issues"].values():
                    iss["positions"].pop(actor, None)
                    iss["saliences"].pop(actor, None)
                    if iss.get("uncertainty"):
                        for group in iss["uncertainty"].values():
                            group.pop(actor, None)
        data["issues"] = {k: v for k, v in data["issues"].items() if v["positions"]}
        try:
            return Scenario.model_validate(data)
        except ValidationError as exc:
            raise InputError(f"variant {variant!r}: {_first_error(exc)}") from None

    def to_issues(self, variant: str | None = None) -> tuple[list[Issue], dict[str, Uncertainty]]:
        """Model inputs (one issue per scenario issue) and any stated input uncertainty."""
        sc = self.resolve(variant)
        issues, spreads = [], {}
        for iid, spec in sc.issues.items():
            actors = list(spec.positions)
            sal = [spec.saliences.get(a, spec.salience) for a in actors]
            issues.append(
                Issue(
                    id=iid,
                    actors=tuple(actors),
                    positions=np.array([spec.positions[a] for a in actors], dtype=float),
                    saliences=np.array(sal, dtype=float),
                    capabilities=np.array([sc.actors[a].capability for a in actors], dtype=float),
                    status_quo=spec.status_quo,
                )
            )
            if spec.uncertainty is not None:
                spreads[iid] = _uncertainty(spec.uncertainty, actors)
        return issues, spreads

    def to_yaml(self) -> str:
        data = self.model_dump(by_alias=True, exclude_none=True, exclude_defaults=False)
        for iss in data["issues"].values():
            if not iss.get("saliences"):
                iss.pop("saliences", None)
        if not data.get("variants"):
            data.pop("variants", None)
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def _uncertainty(spec: IssueUncertainty, actors: Sequence[str]) -> Uncertainty:
    groups = {"position": spec.positions, "salience": spec.saliences, "capability": spec.capabilities}

    def arr(f: str, attr: str) -> np.ndarray:
        return np.array(
            [
                np.nan if (s := groups[f].get(a)) is None or getattr(s, attr) is None else getattr(s, attr)
                for a in actors
            ]
        )

    return Uncertainty(
        low={f: arr(f, "low") for f in FIELDS},
        high={f: arr(f, "high") for f in FIELDS},
        sd={f: arr(f, "sd") for f in FIELDS},
    )


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"])
    return f"{where}: {err['msg']}" if where else err["msg"]


def _line_of(node: yaml.Node | None, loc: Sequence[Any]) -> int | None:
    """1-based line of the YAML node at ``loc`` (or of the deepest ancestor found)."""
    line = None
    for key in loc:
        if node is None:
            break
        line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == str(key)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            node = None
    if node is not None:
        line = node.start_mark.line + 1
    return line


def parse_scenario(text: str, path: str = "<scenario>") -> Scenario:
    """Validate scenario YAML; errors name the file, the line and the field."""
    try:
        node = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(
            f"not valid YAML: {getattr(exc, 'problem', exc)}", path=path, line=mark.line + 1 if mark else None
        ) from None
    if not isinstance(data, dict):
        raise InputError(
            "a scenario file is a YAML mapping (scenario:, actors:, issues:, variants:)", path=path, line=1
        )
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        problems = [
            InputError(
                f"{'.'.join(str(p) for p in e['loc']) or 'scenario'}: {e['msg']}",
                path=path,
                line=_line_of(node, e["loc"]),
            )
            for e in exc.errors()
        ]
        raise (problems[0] if len(problems) == 1 else ValidationErrors(problems)) from None


def load_scenario(path: str | Path) -> Scenario:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("file not found", path=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read: {exc}", path=path) from None
    return parse_scenario(text, str(path))


def save_scenario(scenario: Scenario, path: str | Path) -> None:
    """Write a scenario as YAML (atomically)."""
    target = Path(path)
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        tmp.write_text(scenario.to_yaml(), encoding="utf-8")
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(f"cannot write: {exc.strerror}", path=target) from None


def scenario_from_positions(
    case_id: str,
    actors: Mapping[str, str | None] | Sequence[str],
    positions: Mapping[str, Mapping[str, float | None]],
    saliences: Mapping[str, Mapping[str, float] | float],
    capabilities: Mapping[str, float],
    *,
    scenario_id: str | None = None,
    title: str | None = None,
) -> Scenario:
    """A scenario built from a case's coded positions, saliences and capabilities (plain dicts).

    ``actors``: actor ids (or id -> display name); ``positions[issue][actor]`` on 0-100, None for
    "no position" (the actor then takes no part in the issue); ``saliences[issue]`` either per
    actor or one number for all actors of the issue, on 0-1 (or 0-100: values above 1 are read
    as percentages); ``capabilities[actor]`` > 0.
    """
    names = dict(actors) if isinstance(actors, Mapping) else {a: None for a in actors}
    missing = [a for a in names if a not in capabilities]
    if missing:
        raise InputError(f"no capability for actor(s): {', '.join(missing)}")

    def pct(v: float) -> float:
        return v / 100.0 if v > 1 else v

    issues: dict[str, Any] = {}
    for iid, per_actor in positions.items():
        pos = {a: float(p) for a, p in per_actor.items() if p is not None and a in names}
        if not pos:
            continue
        sal = saliences.get(iid)
        if sal is None:
            raise InputError(f"no salience for issue {iid!r}")
        spec: dict[str, Any] = {"positions": pos}
        if isinstance(sal, Mapping):
            spec["saliences"] = {a: pct(float(v)) for a, v in sal.items() if a in pos}
        else:
            spec["salience"] = pct(float(sal))
        issues[iid] = spec
    data = {
        "scenario": scenario_id or f"{case_id}-baseline",
        "title": title or f"Baseline from the coded positions of {case_id}",
        "case": case_id,
        "actors": {
            a: {"name": n, "capability": float(capabilities[a])}
            if n
            else {"capability": float(capabilities[a])}
            for a, n in names.items()
        },
        "issues": issues,
    }
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise InputError(f"cannot build a scenario from case {case_id!r}: {_first_error(exc)}") from None
