"""Old import paths kept for one release: each old module becomes its new module, with a warning."""

from __future__ import annotations

import importlib
import sys
import warnings

#: Old module -> new module, for the shims and their test.
MOVED = {
    "gdkit._objective": "gdkit.objective",
    "gdkit._optimizers": "gdkit.optimizers",
    "gdkit._rules": "gdkit.rules",
    "gdkit._descent": "gdkit.descent",
    "gdkit._line_search": "gdkit.line_search",
    "gdkit._data": "gdkit.data",
    "gdkit._models": "gdkit.models",
    "gdkit._nn": "gdkit.network",
    "gdkit._train": "gdkit.training",
    "gdkit._palette": "gdkit.pictures.palette",
    "gdkit.plots": "gdkit.pictures.plots",
    "gdkit._svg": "gdkit.pictures.svg",
    "gdkit.explorers": "gdkit.pictures.explorer",
    "gdkit.views": "gdkit.pictures.views",
    "gdkit.revision": "gdkit.course.revision",
    "gdkit._view_basins": "gdkit.pictures.views.basins",
    "gdkit._view_boundary": "gdkit.pictures.views.boundary",
    "gdkit._view_directional": "gdkit.pictures.views.directional",
    "gdkit._view_fit": "gdkit.pictures.views.fit",
    "gdkit._view_keyed": "gdkit.pictures.views.keyed",
    "gdkit._view_robustness": "gdkit.pictures.views.robustness",
    "gdkit.quickchecks": "gdkit.course.checks",
}


def alias(old: str, new: str) -> None:
    """Make the module ``old`` forward every attribute to ``new``, and warn that it is deprecated.

    The old module stays a module of its own (so its file is its own, for tools that check), but
    ``from old import name`` and ``old.name`` give ``new``'s objects, private names included.
    """
    warnings.warn(
        f"{old} is deprecated and goes in the next release; import {new} instead",
        DeprecationWarning,
        stacklevel=3,
    )
    target = importlib.import_module(new)
    module = sys.modules[old]
    module.__getattr__ = lambda name: getattr(target, name)
    module.__dir__ = lambda: dir(target)
    module.__all__ = list(getattr(target, "__all__", ()))
