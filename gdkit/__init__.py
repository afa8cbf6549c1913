"""gdkit: gradient descent derived with SymPy and run with NumPy.

The companion package of *Gradient Descent, an executable course*. The top level holds the
course's vocabulary::

    import gdkit as gd
    f = gd.functions.rosenbrock()
    res = gd.minimize(f, x0=[-1.5, 2.0], optimizer=gd.Adam(lr=0.01), max_iter=5000)

The package has three layers (see CONTRIBUTING.md, "Layout"):

* the maths: :mod:`~gdkit.objective`, :mod:`~gdkit.functions`, :mod:`~gdkit.optimizers`,
  :mod:`~gdkit.rules`, :mod:`~gdkit.schedules`, :mod:`~gdkit.runs`, :mod:`~gdkit.descent`,
  :mod:`~gdkit.line_search`, :mod:`~gdkit.data`, :mod:`~gdkit.models`, :mod:`~gdkit.network`,
  :mod:`~gdkit.training`, :mod:`~gdkit.experiments`; none imports matplotlib or ipywidgets;
* the pictures, :mod:`gdkit.pictures`: ``gd.plots`` (matplotlib, imported when first used),
  ``gd.views`` and the :class:`Explorer` (ipywidgets only for the live widget);
* the course, :mod:`gdkit.course`: quick checks (:func:`check`) and ``gd.revision``.

Helpers that one chapter uses live in their sub-module (``gd.experiments.basin_labels``,
``gd.network.rnn_gradient_norms``, ``gd.line_search.newton``, ...).
"""

import importlib
import warnings

from . import (
    data,
    descent,
    experiments,
    functions,
    line_search,
    models,
    network,
    optimizers,
    rules,
    runs,
    schedules,
    stability,
    training,
)
from .course.checks import check
from .course.scratch import check_update
from .data import Dataset, circles, linear_data, two_moons
from .descent import BatchResult, Result, minimize, minimize_batch
from .models import LeastSquares, LogisticRegression, Model
from .network import MLP, gradient_check
from .objective import Objective, ObjectiveError
from .optimizers import (
    GD,
    OPTIMIZERS,
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
from .pictures import views
from .pictures.explorer import Choice, Explorer, Slider
from .runs import Run
from .training import TrainResult, fit

__version__ = "0.1.0"

#: The maths sub-modules, reachable as gd.network, gd.line_search, ...
SUBMODULES = (data, descent, experiments, functions, line_search, models, network, optimizers,
              rules, runs, schedules, stability, training)

#: Sub-modules imported on first use: matplotlib only when a chapter first draws with it.
_LAZY = {"plots": ".pictures.plots", "revision": ".course.revision"}

#: Names that left the top level: old name -> the module that holds it now (one release).
_MOVED = {
    "basin_labels": "experiments",
    "final_points": "experiments",
    "which_minimum": "experiments",
    "DirectionalSlope": "experiments",
    "directional_derivative": "experiments",
    "LRSweep": "experiments",
    "good_windows": "experiments",
    "learning_rate_sweep": "experiments",
    "learning_rate_sweeps": "experiments",
    "ArmijoStep": "line_search",
    "LineSearchResult": "line_search",
    "backtracking": "line_search",
    "line_search_gd": "line_search",
    "newton": "line_search",
    "sigmoid": "models",
    "rnn_gradient_norms": "network",
    "DIVERGENCE_LOSS": "training",
    "clip_by_norm": "training",
    "gradient_variance": "training",
    "CRITERIA": "descent",
    "parse_expression": "objective",
}


def __getattr__(name: str):
    """Lazy sub-modules (``gd.plots``, ``gd.revision``) and the names that moved (with a warning)."""
    if name in _LAZY:
        return importlib.import_module(_LAZY[name], __name__)
    if name in _MOVED:
        where = _MOVED[name]
        warnings.warn(
            f"gd.{name} moved to gd.{where}.{name}; the top-level name goes in the next release",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(importlib.import_module(f".{where}", __name__), name)
    raise AttributeError(f"module 'gdkit' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    # objectives and runs
    "Objective",
    "ObjectiveError",
    "functions",
    "minimize",
    "minimize_batch",
    "BatchResult",
    "Run",
    "Result",
    # the ten optimisers, in the book's order, and their base class
    "OPTIMIZERS",
    "Optimizer",
    "GD",
    "Momentum",
    "Nesterov",
    "AdaGrad",
    "RMSprop",
    "Adam",
    "Adadelta",
    "AdamW",
    "AMSGrad",
    "NAdam",
    "schedules",
    # data, models, training
    "Dataset",
    "linear_data",
    "two_moons",
    "circles",
    "Model",
    "LeastSquares",
    "LogisticRegression",
    "MLP",
    "gradient_check",
    "fit",
    "TrainResult",
    "experiments",
    # pictures and the course
    "plots",
    "views",
    "Explorer",
    "Slider",
    "Choice",
    "check",
    "check_update",
    "revision",
]
