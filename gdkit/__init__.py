"""gdkit: gradient descent derived with SymPy and run with NumPy.

The companion package of *Gradient Descent, an executable course*. The public API is flat::

    import gdkit as gd
    f = gd.functions.rosenbrock()
    res = gd.minimize(f, x0=[-1.5, 2.0], optimizer=gd.Adam(lr=0.01), max_iter=5000)

Numerics live here; plots are in :mod:`gdkit.plots` and sliders in :mod:`gdkit.explorers`, which
import matplotlib and ipywidgets only when used.
"""

from . import functions, schedules, views
from ._data import Dataset, circles, linear_data, two_moons
from ._descent import CRITERIA, Result, minimize
from ._line_search import ArmijoStep, LineSearchResult, backtracking, line_search_gd, newton
from ._models import LeastSquares, LogisticRegression, sigmoid
from ._nn import MLP, gradient_check, rnn_gradient_norms
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
from ._train import DIVERGENCE_LOSS, TrainResult, clip_by_norm, fit, gradient_variance
from ._view_basins import basin_labels, final_points, which_minimum
from ._view_directional import DirectionalSlope, directional_derivative
from ._view_robustness import LRSweep, good_windows, learning_rate_sweep, learning_rate_sweeps
from .explorers import Choice, Explorer, Slider
from .quickchecks import check

__version__ = "0.1.0"


def __getattr__(name: str):
    """``gd.plots`` imports matplotlib only when a chapter first draws with it."""
    if name == "plots":
        import importlib

        return importlib.import_module(".plots", __name__)
    raise AttributeError(f"module 'gdkit' has no attribute {name!r}")

#: Every optimiser class, in the order the book introduces them.
OPTIMIZERS = (GD, Momentum, Nesterov, AdaGrad, RMSprop, Adam, Adadelta, AdamW, AMSGrad, NAdam)

__all__ = [
    "ArmijoStep",
    "LineSearchResult",
    "backtracking",
    "line_search_gd",
    "newton",
    "basin_labels",
    "final_points",
    "which_minimum",
    "DirectionalSlope",
    "directional_derivative",
    "LRSweep",
    "good_windows",
    "learning_rate_sweep",
    "learning_rate_sweeps",
    "Dataset",
    "circles",
    "linear_data",
    "two_moons",
    "LeastSquares",
    "LogisticRegression",
    "sigmoid",
    "MLP",
    "gradient_check",
    "rnn_gradient_norms",
    "DIVERGENCE_LOSS",
    "TrainResult",
    "clip_by_norm",
    "fit",
    "gradient_variance",
    "CRITERIA",
    "Choice",
    "check",
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
    "plots",
    "revision",
    "schedules",
]
