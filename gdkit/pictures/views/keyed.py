r"""An explorer view that draws one entry of what ``compute`` returns, with another view.

A :class:`~gdkit.explorers.Row` of views draws the *same* value in every panel. When two panels
must show two different things (the learning-rate schedule :math:`\alpha_t` on the left, the loss
it produces on the right), ``compute`` returns a dict and each panel picks its own entry::

    view = Keyed(gd.views.Curves(ylabel="α_t", logy=False), "schedule") | Keyed(
        gd.views.Curves(), "loss")
    gd.Explorer(view, lambda lr: {"schedule": {"α_t": (t, alpha_t)},
                                   "loss": {"SGD": (t, losses)}},
                lr=gd.Slider(0.1, 0.5, 0.1))
"""

from __future__ import annotations

from collections.abc import Mapping

from .core import View

__all__ = ["Keyed"]


class Keyed(View):
    """Draw ``value[key]`` with ``view``: lets side-by-side panels show different quantities.

    Parameters
    ----------
    view : View
        The view that draws the entry (a :class:`~gdkit.explorers.Curves`, a trajectory, ...).
    key : str
        The entry of the dict returned by the explorer's ``compute``.

    Examples
    --------
    >>> import numpy as np
    >>> import gdkit as gd
    >>> t = np.arange(1, 11)
    >>> view = Keyed(gd.views.Curves(logy=False), "rate") | Keyed(gd.views.Curves(), "loss")
    >>> ex = gd.Explorer(view, lambda a: {"rate": {"α_t": (t, a / t)},
    ...                                   "loss": {"loss": (t, np.exp(-a * t))}},
    ...                  a=gd.Slider(0.5, 1.0, 0.5))
    >>> len(ex.frames()), len(ex._ensure_panels())
    (2, 2)
    """

    def __init__(self, view: View, key: str) -> None:
        if not isinstance(view, View):
            raise ValueError(f"Keyed needs a gdkit View to draw with, got {type(view).__name__}")
        self.view, self.key = view, key

    def _pick(self, value):
        if not isinstance(value, Mapping):
            raise TypeError(
                f"Keyed({self.key!r}) needs compute to return a dict, got {type(value).__name__}"
            )
        if self.key not in value:
            raise ValueError(
                f"compute returned no entry {self.key!r} (it has {sorted(map(str, value))})"
            )
        return value[self.key]

    def make_panels(self, values):
        return self.view.make_panels([self._pick(v) for v in values])

    def background(self, panels):
        self.view.background(panels)

    def draw(self, value, panels):
        return self.view.draw(self._pick(value), panels)
