"""Model registry: the names used on the command line (``redline simulate --model NAME``)."""

from __future__ import annotations

from typing import Any

from redline.errors import InputError
from redline.simulate.base import BargainingModel
from redline.simulate.eum import ExpectedUtilityModel
from redline.simulate.nash import NashBargainingModel
from redline.simulate.simple import CompromiseModel, WeightedMedianModel
from redline.simulate.smp import SpatialModel

MODELS: dict[str, type[BargainingModel]] = {
    cls.name: cls
    for cls in (CompromiseModel, WeightedMedianModel, NashBargainingModel, ExpectedUtilityModel, SpatialModel)
}

# which constructor parameter a command-line --variant sets, and the values it takes
VARIANT_PARAMETER: dict[str, tuple[str, tuple[str, ...]]] = {
    "eum": ("variant", ("code", "printed")),
    "nash": ("disagreement", ("worst", "status-quo")),
}


def model_names() -> list[str]:
    return list(MODELS)


def get_model(name: str, **params: Any) -> BargainingModel:
    """A model by registry name, with constructor parameters."""
    try:
        cls = MODELS[name]
    except KeyError:
        raise InputError(f"unknown model {name!r} (choose from {', '.join(MODELS)})") from None
    try:
        return cls(**params)
    except (TypeError, ValueError) as exc:
        raise InputError(f"model {name!r}: {exc}") from None


def build_model(name: str, *, variant: str | None = None, rounds: int | None = None) -> BargainingModel:
    """A model configured from the command-line options ``--variant`` and ``--rounds``."""
    params: dict[str, Any] = {}
    if variant is not None:
        if name not in VARIANT_PARAMETER:
            raise InputError(f"model {name!r} has no variants")
        key, allowed = VARIANT_PARAMETER[name]
        if variant not in allowed:
            raise InputError(
                f"model {name!r}: unknown variant {variant!r} (choose from {', '.join(allowed)})"
            )
        params[key] = variant
    if rounds is not None:
        if name not in MODELS or not MODELS[name].iterative:
            iterative = ", ".join(n for n, c in MODELS.items() if c.iterative)
            raise InputError(f"--rounds applies to the iterative models ({iterative}), not {name!r}")
        if rounds < 1:
            raise InputError("--rounds must be at least 1")
        params["rounds"] = rounds
    return get_model(name, **params)
