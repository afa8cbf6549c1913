"""Views: how an :class:`~gdkit.Explorer` draws what its ``compute`` returns.

Each view draws on :class:`~gdkit._svg.Panel` primitives, so the live widget and the static book
show the same picture. Join two views with ``|`` to put them side by side.

=====================  ==========================================================  =========
view                   draws                                                       chapter
=====================  ==========================================================  =========
``Trajectory(f)``      runs (Results) on the contours of a 2-D objective            3, 4, 6, 7
``Walk1D(f)``          1-D iterates as dots on the curve                            1
``Curves()``           loss, gradient norm or any ``label -> (x, y)`` curves        4, 9, 11
``Keyed(view, key)``   one entry of a dict that ``compute`` returns                 12
``Directional(f)``     a point, its gradient, a direction and D_u f by angle        2
``FitRuns(...)``       ``gd.fit`` runs: (w, b) path and loss by gradient evals      5
``Basins(f)``          which minimum each start reaches                             8
``DecisionBoundary``   a classifier's regions and boundary on 2-D data              10
``LearningRateWindow`` final loss against α for several optimisers                  14
``PhaseDiagram``       the (α, β) plane of heavy ball or Nesterov, a chosen point   6
=====================  ==========================================================  =========
"""

from __future__ import annotations

from .basins import Basins
from .boundary import DecisionBoundary, Snapshot
from .core import Curves, Row, Trajectory, View, Walk1D
from .directional import Directional
from .fit import FitRuns
from .keyed import Keyed
from .phase import PhaseDiagram
from .robustness import LearningRateWindow

__all__ = [
    "View",
    "Row",
    "Trajectory",
    "Walk1D",
    "Curves",
    "Keyed",
    "Directional",
    "FitRuns",
    "Basins",
    "DecisionBoundary",
    "Snapshot",
    "LearningRateWindow",
    "PhaseDiagram",
    "NAMES",
    "get",
]

#: The views by name, for ``get``.
NAMES = {
    "trajectory": Trajectory,
    "walk": Walk1D,
    "curves": Curves,
    "directional": Directional,
    "fit": FitRuns,
    "basins": Basins,
    "boundary": DecisionBoundary,
    "lr-window": LearningRateWindow,
    "phase": PhaseDiagram,
}


def get(name: str, *args, **kwargs) -> View:
    """A view by name, e.g. ``get("trajectory", f)``; a clear error for an unknown name."""
    if name not in NAMES:
        raise ValueError(f"unknown view {name!r}; choose from {sorted(NAMES)}")
    return NAMES[name](*args, **kwargs)
