"""Plan BPJS Ketenagakerjaan premium funding for vulnerable workers with a proven-optimal LP.

Pipeline: scenario -> checks -> model -> solve -> result -> report.
"""

from optimizer.io import load_scenario
from optimizer.optimize import optimize

__all__ = ["load_scenario", "optimize"]
