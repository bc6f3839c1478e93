"""Plan BPJS Ketenagakerjaan premium funding for vulnerable workers with a proven-optimal LP.

Pipeline: scenario -> checks -> model -> solve -> result -> report.
"""

import sys

try:
    from optimizer.io import load_scenario
    from optimizer.optimize import optimize
except ModuleNotFoundError as exc:
    # `python -m optimizer` with a Python where the tool is not installed: one line, not a traceback.
    if sys.argv[:1] != ["-m"]:
        raise
    missing = f"error: {exc.name!r} is not installed for {sys.executable}; run `pip install .` first"
    print(missing, file=sys.stderr)
    sys.exit(2)

__all__ = ["load_scenario", "optimize"]
