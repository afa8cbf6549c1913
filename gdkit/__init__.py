"""gdkit: gradient descent derived with SymPy and run with NumPy.

The companion package of *Gradient Descent, an executable course*. The public API is flat::

    import gdkit as gd
    f = gd.functions.rosenbrock()
    res = gd.minimize(f, x0=[-1.5, 2.0], optimizer=gd.Adam(lr=0.01), max_iter=5000)

Numerics live here; plots are in :mod:`gdkit.plots` and sliders in :mod:`gdkit.explorers`, which
import matplotlib and ipywidgets only when used.
"""

from . import functions, schedules
from ._descent import CRITERIA, Result, minimize
from ._objective import Objective, ObjectiveError, parse_expression
from ._optimizers import (
    GD,
    Adadelta,
    AdaGrad,
    Adam,
    AdamW,
    AMSGrad,
    Momentum,
    NAdam,
    Nesterov,
    Optimizer,
    RMSprop,
)
from .explorers import Choice, Explorer, Slider, views

__version__ = "0.1.0"

#: Every optimiser class, in the order the book introduces them.
OPTIMIZERS = (GD, Momentum, Nesterov, AdaGrad, RMSprop, Adam, Adadelta, AdamW, AMSGrad, NAdam)

__all__ = [
    "CRITERIA",
    "Choice",
    "Explorer",
    "Slider",
    "views",
    "OPTIMIZERS",
    "GD",
    "AdaGrad",
    "Adadelta",
    "Adam",
    "AdamW",
    "AMSGrad",
    "Momentum",
    "NAdam",
    "Nesterov",
    "Objective",
    "ObjectiveError",
    "Optimizer",
    "RMSprop",
    "Result",
    "functions",
    "minimize",
    "parse_expression",
    "schedules",
]
