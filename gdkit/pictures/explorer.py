"""Explorers: one slider definition that runs live in a kernel and precomputed in the static book.

A chapter declares an explorer once: what to compute from the slider values, and which view
draws the result::

    f = gd.functions.quadratic_bowl(10)
    gd.Explorer(
        gd.views.Trajectory(f),
        lambda lr: gd.minimize(f, [-2.5, 2], gd.GD(lr=lr), max_iter=60),
        lr=gd.Slider(0.02, 0.22, 0.02, label="learning rate α"),
    )

Displayed in a notebook, the output carries two versions of the same explorer:

* a live ipywidgets control (Jupyter, Binder, Colab): moving a slider calls ``compute`` and
  redraws the SVG, a few milliseconds per update;
* a static version for the HTML book: ``compute`` is run for every combination of slider values
  when the cell runs, each result is drawn as a small JSON scene, and a short script draws the
  scene for the chosen values. No kernel and no network needed.

Both versions draw with the same :class:`~gdkit._svg.Panel` primitives, so they show exactly the
same picture for the same values.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import time
import weakref
from collections.abc import Callable, Mapping, Sequence
from html import escape
from importlib import resources

import numpy as np

from .svg import Panel, make_room_for_legends, place_labels, scene_to_svg
from .views import NAMES
from .views.core import Curves, Row, Trajectory, View, Walk1D

__all__ = ["Slider", "Choice", "Explorer", "View", "Trajectory", "Walk1D", "Curves", "Row", "MAX_FRAMES"]

_CREATED: list[weakref.ref] = []


def created() -> list[Explorer]:
    """The explorers created in this process and still alive (for the benchmarks)."""
    return [e for e in (ref() for ref in _CREATED) if e is not None]


#: The largest number of slider combinations an explorer may precompute for the static book.
MAX_FRAMES = 600


class Slider:
    """A numeric parameter: values ``start, start + step, ..., stop``.

    Parameters
    ----------
    start, stop, step : float
        The range; ``step`` must divide ``stop - start`` into a whole number of steps.
    label : str, optional
        What the reader sees (e.g. ``"learning rate α"``); default the parameter's name.
    value : float, optional
        The initial value (on the grid); default ``start``.
    fmt : str
        Format of the readout, e.g. ``"{:.2f}"``.

    Examples
    --------
    >>> Slider(0.1, 0.5, 0.1).values
    [0.1, 0.2, 0.3, 0.4, 0.5]
    """

    def __init__(
        self,
        start: float,
        stop: float,
        step: float,
        label: str | None = None,
        value: float | None = None,
        fmt: str = "{:g}",
    ) -> None:
        start, stop, step = (_plain_number(v) for v in (start, stop, step))
        for name, v in (("start", start), ("stop", stop), ("step", step)):
            if not isinstance(v, (int, float)) or isinstance(v, bool) or not math.isfinite(v):
                raise ValueError(f"Slider {name} must be a finite number, got {v!r}")
        if stop <= start:
            raise ValueError(f"Slider range is empty: stop ({stop}) must exceed start ({start})")
        if step <= 0:
            raise ValueError(f"Slider step must be > 0, got {step}")
        count = (stop - start) / step
        if not count + 1 <= MAX_FRAMES:  # checked before any value is built (also catches inf)
            raise ValueError(
                f"Slider({start}, {stop}, {step}) would have {count + 1:.4g} values, more than "
                f"the static book can carry ({MAX_FRAMES} frames); use a coarser step"
            )
        if abs(count - round(count)) > 1e-9 * max(1.0, count):
            raise ValueError(
                f"Slider step {step} does not divide the range [{start}, {stop}] "
                f"into whole steps ({count:.4g} steps)"
            )
        self.start, self.stop, self.step = float(start), float(stop), float(step)
        self.values = [round(start + i * step, 12) for i in range(round(count) + 1)]
        self.label, self.fmt = label, fmt
        _check_format(fmt, self.values[0])
        value = _plain_number(value)
        if value is not None and (
            not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value)
        ):
            raise ValueError(f"Slider value must be a finite number on the grid, got {value!r}")
        self.index = self._index_of(value if value is not None else start)

    def _index_of(self, value) -> int:
        distances = [abs(v - value) for v in self.values]
        i = int(np.argmin(distances))
        if distances[i] > 1e-9 * max(1.0, abs(value)):
            raise ValueError(f"initial value {value} is not on the slider's grid {self.values}")
        return i

    def format(self, value) -> str:
        return self.fmt.format(value)

    def nearest(self, value: float) -> float:
        """The grid value closest to ``value`` (a live slider may report 0.30000000000000004)."""
        return self.values[int(np.argmin([abs(v - value) for v in self.values]))]


class Choice(Slider):
    """A parameter chosen from a list (e.g. optimiser names); a slider over the options.

    Examples
    --------
    >>> Choice(["GD", "Momentum", "Adam"], label="optimiser").values
    ['GD', 'Momentum', 'Adam']
    """

    def __init__(self, options: Sequence, label: str | None = None, value=None) -> None:
        if isinstance(options, (str, bytes, Mapping)) or not isinstance(options, Sequence):
            raise ValueError(f"a Choice needs a list of options, got {options!r:.80}")
        if len(options) < 2:
            raise ValueError(f"a Choice needs at least two options, got {list(options)}")
        if len(options) > MAX_FRAMES:
            raise ValueError(
                f"a Choice of {len(options)} options is more than the static book can carry "
                f"({MAX_FRAMES} frames)"
            )
        self.values = list(options)
        self.label, self.fmt = label, "{}"
        if value is not None and value not in self.values:
            raise ValueError(f"Choice value {value!r} is not one of the options {self.values}")
        self.index = 0 if value is None else self.values.index(value)


def _plain_number(value):
    """NumPy scalars as Python int or float (so values keep their type in the page's JSON)."""
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value


def _check_format(fmt, value) -> None:
    """A Slider's ``fmt`` must format its values, e.g. ``"{:.2f}"``."""
    try:
        if not isinstance(fmt, str):
            raise TypeError
        fmt.format(value)
    except (TypeError, ValueError, KeyError, IndexError, AttributeError):
        raise ValueError(f"Slider fmt must be a format string such as '{{:.2f}}', got {fmt!r}") from None


# --------------------------------------------------------------------------------------------
# Views: how a computed value is drawn
# --------------------------------------------------------------------------------------------
class Explorer:
    """A slider-driven picture, live in a kernel and precomputed in the static book.

    Parameters
    ----------
    view : View or str
        What draws the result (:class:`views.Trajectory`, ``views.Walk1D``, ``views.Curves``,
        a :class:`View` subclass, or two views joined with ``|``).
    compute : callable
        ``compute(**values)`` returns what the view draws (usually a Result, a list of Results or
        a dict label -> Result).
    title : str, optional
        A caption above the controls.
    **params : Slider or Choice
        The controls, in display order; their names are ``compute``'s keyword arguments.

    Examples
    --------
    >>> import gdkit as gd
    >>> f = gd.functions.parabola()
    >>> ex = gd.Explorer(gd.views.Walk1D(f),
    ...                  lambda lr: gd.minimize(f, [2.5], gd.GD(lr=lr), max_iter=10),
    ...                  lr=gd.Slider(0.1, 1.9, 0.3, label="learning rate α"))
    >>> len(ex.frames())
    7
    """

    def __init__(self, view: View | str, compute: Callable, *, title: str = "", **params) -> None:
        if isinstance(view, str):
            raise ValueError(
                f"unknown view {view!r}: pass a view object such as "
                f"gd.views.Trajectory(f) (names for gd.views.get: {sorted(NAMES)})"
            )
        if not isinstance(view, View):
            raise ValueError(f"view must be a gdkit View, got {type(view).__name__}")
        if not callable(compute):
            raise ValueError("compute must be a function of the slider values")
        if not params:
            raise ValueError("an explorer needs at least one Slider or Choice")
        for name, p in params.items():
            if not isinstance(p, Slider):
                raise ValueError(f"parameter {name!r} must be a Slider or a Choice, got {p!r}")
        n_frames = math.prod(len(p.values) for p in params.values())
        if n_frames > MAX_FRAMES:
            raise ValueError(
                f"{n_frames} slider combinations is more than the static book can carry "
                f"({MAX_FRAMES}); use coarser steps"
            )
        self.view, self.compute, self.title, self.params = view, compute, title, params
        self._panels: list[Panel] | None = None
        self._cache: dict[tuple, object] = {}
        _CREATED.append(weakref.ref(self))

    # -- computing ----------------------------------------------------------------------------
    def value(self, **values):
        """``compute`` at the given slider values (memoised)."""
        key = tuple(values[name] for name in self.params)
        if key not in self._cache:
            self._cache[key] = self.compute(**values)
        return self._cache[key]

    def _grid(self):
        names = list(self.params)
        for indices in itertools.product(*(range(len(p.values)) for p in self.params.values())):
            yield indices, {n: self.params[n].values[i] for n, i in zip(names, indices)}

    def _ensure_panels(self) -> list[Panel]:
        """Fit the panels to every frame, draw each frame and place the labels where no data is.

        Legends and background labels are placed once for all frames (so they do not jump as a
        slider moves); a legend with no free spot inside the plot area in some frame goes above
        it, and everything is drawn again with the taller panel.
        """
        if self._panels is None:
            grid = list(self._grid())
            values = [self.value(**vals) for _, vals in grid]
            panels = self.view.make_panels(values)
            for attempt in range(2):
                for panel in panels:
                    panel.statics, panel.ctx = [], []
                self.view.background(panels)
                background = [p.take() for p in panels]
                for panel, prims in zip(panels, background):
                    panel.obstacles = list(prims)
                drawn, legends, texts = [], [], []
                for value in values:
                    texts.append(self.view.draw(value, panels))
                    legends.append([p._legend for p in panels])
                    drawn.append([p.take() for p in panels])
                    for panel in panels:
                        panel._legend = None
                if place_labels(panels, drawn, legends) or attempt:
                    break
                make_room_for_legends(panels, legends)
            for panel, prims in zip(panels, background):  # the labels placed for all frames
                prims += [ob for ob in panel.obstacles[len(prims):]]
            self._background = background
            self._scenes = {}
            for (indices, _), prims, legend, text in zip(grid, drawn, legends, texts):
                for panel, own, entries in zip(panels, prims, legend):
                    panel.prims, panel._legend = own, entries
                    panel.finish()
                self._scenes[indices] = ([p.take() for p in panels], text)
            self._panels = panels
        return self._panels

    def _indices(self, values) -> tuple:
        return tuple(p.values.index(values[name]) for name, p in self.params.items())

    def scene(self, **values) -> tuple[list[list], str]:
        """The foreground primitives of each panel and the readout, at the given values."""
        self._ensure_panels()
        return self._scenes[self._indices(values)]

    def frames(self) -> dict[str, dict]:
        """Every slider combination's scene, keyed ``"i,j,..."`` by slider indices."""
        frames = {}
        for indices, vals in self._grid():
            prims, text = self.scene(**vals)
            frames[",".join(map(str, indices))] = {"p": prims, "t": text}
        return frames

    def svg(self, **values) -> str:
        """The SVG picture at the given values (what the live widget shows)."""
        prims, readout = self.scene(**values)
        label = self.accessible_name(values, readout)
        return scene_to_svg(self._ensure_panels(), self._background, prims, self._uid(), label)

    def accessible_name(self, values: dict, readout: str) -> str:
        """What the picture shows at these slider values, for screen readers.

        The static page's script builds the same text when a slider moves (``gdxName``).
        """
        settings = ", ".join(
            f"{p.label or name} {p.format(values[name])}" for name, p in self.params.items()
        )
        return f"{self.title or 'Interactive figure'} ({settings}): {readout}"

    def _uid(self) -> str:
        spec = json.dumps(
            [self.title, [(n, [str(v) for v in p.values], p.label) for n, p in self.params.items()]]
        )
        return "gdx-" + hashlib.sha1(spec.encode()).hexdigest()[:10]

    def _initial(self) -> dict:
        return {n: p.values[p.index] for n, p in self.params.items()}

    def update_seconds(self, repeats: int = 15) -> float:
        """Median time of one live update (compute, draw, SVG text), with no memoised results.

        For the benchmarks: the live widget's goal is 30 ms per update.
        """
        grid = list(self._grid())
        self._ensure_panels()
        times = []
        for k in range(repeats):
            _, values = grid[(k * 7919) % len(grid)]  # a spread of slider positions
            start = time.perf_counter()
            self.view.draw(self.compute(**values), self._panels)
            for panel in self._panels:
                panel.finish()
            scene_to_svg(self._panels, self._background, [p.take() for p in self._panels], "t")
            times.append(time.perf_counter() - start)
        return float(np.median(times))

    # -- static HTML ---------------------------------------------------------------------------
    def to_html(self) -> str:
        """The kernel-free explorer: controls, SVG, readout, JSON frames and a small script."""
        uid = self._uid()
        data = {
            "frames": self.frames(),
            "labels": [[p.format(v) for v in p.values] for p in self.params.values()],
            "name": self.title or "Interactive figure",
            "names": [p.label or name for name, p in self.params.items()],
        }
        svg = self.svg(**self._initial())
        controls = []
        for j, (name, p) in enumerate(self.params.items()):
            label = escape(p.label or name)
            value_text = escape(p.format(p.values[p.index]))
            controls.append(
                f'<label class="gdx-control"><span>{label}</span>'
                f'<input type="range" min="0" max="{len(p.values) - 1}" step="1" '
                f'value="{p.index}" aria-label="{label}" aria-valuetext="{value_text}" '
                f'id="{uid}-in{j}"><output for="{uid}-in{j}">{value_text}</output></label>'
            )
        _, readout = self.scene(**self._initial())
        title = f'<p class="gdx-title">{escape(self.title)}</p>' if self.title else ""
        payload = json.dumps(data, separators=(",", ":"), ensure_ascii=False).replace("</", "<\\/")
        return (
            f'<div class="gd-explorer" id="{uid}">{_CSS}{title}'
            f'<div class="gdx-controls">{"".join(controls)}</div>{svg}'
            f'<p class="gdx-readout" aria-live="polite">{escape(readout)}</p>'
            f'<script type="application/json" class="gdx-data">{payload}</script>'
            f"<script>{_JS}gdxStart(document.getElementById('{uid}'));</script></div>"
        )

    # -- live widget ---------------------------------------------------------------------------
    def widget(self):
        """The live ipywidgets version: sliders that recompute and redraw."""
        import ipywidgets as widgets

        controls = {}
        for name, p in self.params.items():
            description = p.label or name
            style = {"description_width": "initial"}
            if isinstance(p, Choice):
                controls[name] = widgets.Dropdown(
                    options=p.values, value=p.values[p.index], description=description, style=style
                )
            else:
                controls[name] = widgets.FloatSlider(
                    value=p.values[p.index], min=p.start, max=p.stop, step=p.step,
                    description=description, style=style, continuous_update=True,
                    readout_format=".4g",
                )
        picture = widgets.HTML(self.svg(**self._initial()))
        readout = widgets.Label(self.scene(**self._initial())[1])

        def redraw(_change=None):
            values = {}
            for name, p in self.params.items():
                v = controls[name].value
                values[name] = v if isinstance(p, Choice) else p.nearest(v)
            picture.value = self.svg(**values)
            readout.value = self.scene(**values)[1]

        for control in controls.values():
            control.observe(redraw, names="value")
        header = [widgets.HTML(f"<b>{escape(self.title)}</b>")] if self.title else []
        return widgets.VBox([*header, *controls.values(), picture, readout])

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = {"text/plain": repr(self), "text/html": self.to_html()}
        try:
            import ipywidgets  # noqa: F401
        except ImportError:  # no ipywidgets: the static version still works
            return bundle
        bundle.update(_widget_bundle(self.widget()))
        bundle["text/plain"] = repr(self)
        return bundle

    def __repr__(self) -> str:
        sliders = ", ".join(f"{n}: {len(p.values)} values" for n, p in self.params.items())
        return f"Explorer({self.title or type(self.view).__name__}; {sliders})"



def _widget_bundle(live) -> dict:
    """The widget-view part of a display bundle, for ipywidgets 7 (Colab's) and 8 alike.

    ipywidgets 8 widgets have ``_repr_mimebundle_``; 7.x widgets display themselves through
    ``_ipython_display_`` with this same bundle (view spec 2.0), which is built here instead.
    """
    if hasattr(live, "_repr_mimebundle_"):
        return live._repr_mimebundle_()
    live._handle_displayed()  # what 7.x's _ipython_display_ does after publishing the bundle
    view = {"version_major": 2, "version_minor": 0, "model_id": live.model_id}
    return {"text/plain": repr(live), "application/vnd.jupyter.widget-view+json": view}

def _asset(name: str) -> str:
    """The text of ``explorer.js`` or ``explorer.css``, shipped beside this module."""
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


#: The static explorer's style (explorer.css without its leading comment line) and script
#: (explorer.js, the JavaScript twin of prim_to_svg), inlined byte for byte in the static HTML.
_CSS = "<style>" + _asset("explorer.css").split("\n", 1)[1].removesuffix("\n") + "</style>"
_JS = _asset("explorer.js")
