"""Bargaining simulation: spatial models of negotiation fed from coded positions.

Models (scikit-learn-like: parameters in the constructor, ``run``/``predict``; named in
:data:`~redline.simulate.registry.MODELS`): the compromise model and the weighted median, the
Nash bargaining solution, Bueno de Mesquita's expected utility model (Scholz et al. 2011
reconstruction, two variants), and KTAB's spatial model; a Monte Carlo runs any of them over
input uncertainty.  Inputs come from the long CSV of ``redline simulate`` or from scenario files.
See ``docs/simulate.md``.
"""

from redline.simulate.base import BargainingModel, IssueResult
from redline.simulate.data import Issue, make_issue
from redline.simulate.eum import ExpectedUtilityModel
from redline.simulate.montecarlo import Distribution, MonteCarlo
from redline.simulate.nash import NashBargainingModel
from redline.simulate.registry import MODELS, build_model, get_model
from redline.simulate.runner import simulate
from redline.simulate.simple import CompromiseModel, WeightedMedianModel
from redline.simulate.smp import SpatialModel

__all__ = [
    "MODELS",
    "BargainingModel",
    "CompromiseModel",
    "Distribution",
    "ExpectedUtilityModel",
    "Issue",
    "IssueResult",
    "MonteCarlo",
    "NashBargainingModel",
    "SpatialModel",
    "WeightedMedianModel",
    "build_model",
    "get_model",
    "make_issue",
    "simulate",
]
