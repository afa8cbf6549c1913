"""A tiny SVG canvas: panels with data coordinates, drawn as a list of primitives.

A drawing is a *scene*: for each panel, a list of primitives in pixel coordinates. Python turns a
scene into SVG text (for the live widget and for the static background) and the explorers'
JavaScript turns the same scene, stored as JSON, into SVG elements (for the static book), so both
modes show exactly the same picture. The primitives are::

    ["l", colour, width, dashed, [x0, y0, x1, y1, ...]]   polyline
    ["c", colour, radius, [x0, y0, x1, y1, ...]]          filled dots
    ["p", colour, [x0, y0, x1, y1, ...]]                  filled polygon (arrow heads)
    ["t", colour, x, y, text, anchor]                     text (anchor: start, middle, end)

A foreground line or text with one more element, 1, is drawn outside the plot area's clip (a
legend that found no room inside the plot area in every frame goes above it).
"""

from __future__ import annotations

import math
from html import escape

import numpy as np

from .collide import ASCENT, CHAR_WIDTH, DESCENT, Occupancy, count_hits, inside, text_box

INK = "currentColor"  # axes and text follow the page's text colour (light and dark themes)
_CLAMP = 1e4  # pixel coordinates are clamped so a diverging path stays a finite SVG

# -- layout: every panel is its own SVG, PANEL_WIDTH user units wide ---------------------------
# The text must read at 11-16 CSS px at every page width, so a panel is never drawn much larger
# or smaller than its user units: its CSS width stays within PANEL_CSS (a narrower column stacks
# the panels), which keeps FONT user units between FONT * 294/400 = 11.0 and 15.75 CSS px.
#: Width of every panel in SVG user units.
PANEL_WIDTH = 400
#: Font size of every label, in user units.
FONT = 15
#: The smallest and largest CSS width of a panel (px): panels wrap below the smallest.
PANEL_CSS = (294, 420)
#: Heights a panel may take (user units): short enough for two rows on a 768-px-high screen.
PANEL_HEIGHTS = (240, 300)
#: Line height of stacked legend entries (user units).
LINE = round(1.25 * FONT)


def panel_size(width: float, height: float) -> tuple[int, int]:
    """A view's requested (width, height) as the panel drawn: PANEL_WIDTH wide, same shape if it can.

    >>> panel_size(400, 320), panel_size(560, 300), panel_size(300, 300)
    ((400, 300), (400, 240), (400, 300))
    """
    low, high = PANEL_HEIGHTS
    return PANEL_WIDTH, int(min(max(round(height * PANEL_WIDTH / width), low), high))



# -- numbers shown to the reader -------------------------------------------------------------
NOISE_FLOOR = 1e-12


def readout(value: float, *, signed: bool = False) -> str:
    """Format a number for a readout with 3 significant digits, never printing rounding noise.

    Below ``NOISE_FLOOR`` in magnitude a float64 result is rounding residue whose digits differ
    between machines and BLAS kernels, so it is shown as a bound: ``"< 1e-12"`` for a quantity
    that cannot be negative (a loss, a norm), ``"≈ 0"`` for a signed one (a slope).

    >>> readout(0.123456), readout(2.4e-13), readout(-4.3e-16, signed=True), readout(0.0)
    ('0.123', '< 1e-12', '≈ 0', '0')
    """
    value = float(value)
    if value == 0 or not math.isfinite(value):
        return f"{value:g}"
    if abs(value) < NOISE_FLOOR:
        return "≈ 0" if signed else "< 1e-12"
    return f"{value:.3g}"


def _nice_step(span: float, max_ticks: int) -> float:
    """The smallest step of the form {1, 2, 2.5, 5} × 10^k that gives at most max_ticks ticks."""
    raw = span / max(max_ticks - 1, 1)
    power = 10.0 ** math.floor(math.log10(raw))
    for mult in (1, 2, 2.5, 5, 10):
        step = mult * power
        if span / step <= max_ticks - 1 + 1e-9:
            return step
    return 10 * power


def linear_ticks(lo: float, hi: float, max_ticks: int = 6) -> list[float]:
    """Round tick positions inside [lo, hi]: multiples of a 1-2-2.5-5 step, at most max_ticks.

    Computed here rather than by a plotting library, so stored pages do not change when that
    library changes its tick rules.

    >>> linear_ticks(0, 1)
    [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
    >>> linear_ticks(-1.5, 2.0)
    [-1.0, 0.0, 1.0, 2.0]
    """
    lo, hi = float(min(lo, hi)), float(max(lo, hi))
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi - lo <= 1e-12 * max(1.0, abs(lo)):
        return [lo] if math.isfinite(lo) else []  # no room for two ticks: one label
    step = _nice_step(hi - lo, max_ticks)
    slack = 1e-9 * (hi - lo)
    first = math.ceil((lo - slack) / step)
    last = math.floor((hi + slack) / step)
    # Round to the step's decimals so that 0.30000000000000004 prints as 0.3.
    decimals = max(0, -math.floor(math.log10(step)) + 2)
    return [round(k * step, decimals) + 0.0 for k in range(first, last + 1)]


def log_ticks(lo: float, hi: float, max_ticks: int = 6) -> list[float]:
    """Powers of ten inside [lo, hi] (both > 0), every k-th decade so that at most max_ticks.

    >>> log_ticks(1e-6, 1e2)
    [1e-06, 0.0001, 0.01, 1.0, 100.0]
    >>> log_ticks(0.5, 3)
    [1.0]
    """
    lo, hi = float(min(lo, hi)), float(max(lo, hi))
    if not (lo > 0 and math.isfinite(hi)):
        return []
    a, b = math.log10(lo), math.log10(hi)
    # slack for the rounding of log10 only: no tick lies outside [lo, hi] by more than that
    slack = 1e-12 * max(1.0, abs(a), abs(b))
    first, last = math.ceil(a - slack), math.floor(b + slack)
    every = max(1, math.ceil((last - first + 1) / max_ticks))
    # Anchor the kept decades on multiples of `every`, so that 1 (10^0) is a tick when in range.
    start = first + (-first) % every
    return [10.0 ** k for k in range(start, last + 1, every)]

def _r(v: float) -> int:
    """Round a pixel coordinate to a whole pixel (compact JSON; the SVG is about 400 px a panel)."""
    return round(min(max(float(v), -_CLAMP), _CLAMP))


def _flat(xs, ys) -> list[float]:
    out: list[int] = []
    for x, y in zip(xs, ys):
        point = [_r(x), _r(y)]
        if out[-2:] != point:  # consecutive duplicates add bytes, not ink
            out += point
    return out


def _simplify(flat: list[int], tolerance: float = 0.5) -> list[int]:
    """Drop polyline vertices within ``tolerance`` px of the chord around them (fewer bytes).

    A loss curve of 1,000 steps becomes a few dozen vertices with no visible change.
    """
    if len(flat) < 6:
        return flat
    points = list(zip(flat[::2], flat[1::2]))
    kept = [points[0]]
    for middle, end in zip(points[1:-1], points[2:]):
        (ax, ay), (bx, by), (cx, cy) = kept[-1], middle, end
        dx, dy = cx - ax, cy - ay
        chord = math.hypot(dx, dy)
        off = abs(dx * (by - ay) - dy * (bx - ax)) / chord if chord else math.hypot(bx - ax, by - ay)
        if off > tolerance:
            kept.append(middle)
    kept.append(points[-1])
    return [c for point in kept for c in point]


class Panel:
    """One plot area: limits, scales, labels, and the data-to-pixel transform.

    Parameters
    ----------
    xlim, ylim : (float, float)
        The data window.
    xlabel, ylabel : str
    logx, logy : bool
        Logarithmic axes.
    width, height : int
        Size in SVG user units (each panel is an SVG scaled to the column, see ``PANEL_CSS``;
        views draw at :func:`panel_size`).
    title : str, optional

    Notes
    -----
    Labels go where no data is: :meth:`legend` and :meth:`static_label` are placed by the
    explorer once it has drawn every frame (:func:`place_labels`), :meth:`label` at once, against
    what the frame has drawn so far. Lines drawn with :meth:`context` (contours, grid lines) are
    background texture that labels may cross.
    """

    margin = (60, 22, 30, 44)  # left, right (room for the last tick label), top, bottom

    def __init__(
        self,
        xlim,
        ylim,
        xlabel: str = "",
        ylabel: str = "",
        *,
        logx: bool = False,
        logy: bool = False,
        width: int = 400,
        height: int = 320,
        title: str = "",
    ) -> None:
        for name, (lo, hi), log in (("xlim", xlim, logx), ("ylim", ylim, logy)):
            if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
                raise ValueError(f"{name} must be two finite numbers, low < high, got {(lo, hi)}")
            if log and lo <= 0:
                raise ValueError(f"{name} must be positive on a log axis, got {(lo, hi)}")
        self.xlim, self.ylim = tuple(map(float, xlim)), tuple(map(float, ylim))
        self.xlabel, self.ylabel, self.title = xlabel, ylabel, title
        self.logx, self.logy = logx, logy
        self.width, self.height = width, height
        self.offset = 0  # x position inside its SVG (each panel is its own SVG: 0)
        self.prims: list = []
        self.ctx: list = []  # context lines under everything (contours, grids): no obstacle
        self.obstacles: list = []  # the background's primitives, for placing labels
        self._legend: list | None = None  # this frame's legend entries, drawn by finish()
        self.legend_at: tuple | None = None  # (x, y) of the legend's top-right corner
        self.legend_always = False  # draw the legend even with one entry (set by place_labels)
        self.legend_above: float | None = None  # y of a legend above the plot area, if no room in it
        self.statics: list = []  # labels placed over all frames: [text, colour, candidates, chosen]

    # -- transform ------------------------------------------------------------------------
    def _unit(self, v, lim, log):
        v = np.asarray(v, dtype=float)
        lo, hi = lim
        if log:
            v, lo, hi = np.log10(np.maximum(v, 1e-300)), math.log10(lo), math.log10(hi)
        return (v - lo) / (hi - lo)

    def X(self, x):
        left, right = self.margin[0], self.width - self.margin[1]
        return self.offset + left + self._unit(x, self.xlim, self.logx) * (right - left)

    def Y(self, y):
        top, bottom = self.margin[2], self.height - self.margin[3]
        return bottom - self._unit(y, self.ylim, self.logy) * (bottom - top)

    # -- primitives (data coordinates in, pixels recorded) ---------------------------------
    def line(self, xs, ys, color: str = INK, width: float = 2, dashed: bool = False,
             simplify: bool = True) -> None:
        xs, ys = np.atleast_1d(xs), np.atleast_1d(ys)
        keep = np.isfinite(xs) & np.isfinite(ys)
        points = _flat(self.X(xs[keep]), self.Y(ys[keep]))
        points = _simplify(points) if simplify else points
        self.prims.append(["l", color, width, int(dashed), points])

    def dots(self, xs, ys, color: str = INK, radius: float = 3.5) -> None:
        xs, ys = np.atleast_1d(xs), np.atleast_1d(ys)
        self.prims.append(["c", color, radius, _flat(self.X(xs), self.Y(ys))])

    def polygon(self, xs, ys, color: str) -> None:
        """A filled polygon through the points (x_i, y_i), e.g. a region of a basin map."""
        self.prims.append(["p", color, _flat(self.X(np.asarray(xs)), self.Y(np.asarray(ys)))])

    def text(self, x, y, label: str, color: str = INK, anchor: str = "start") -> None:
        self.prims.append(["t", color, _r(self.X(x)), _r(self.Y(y)), label, anchor])

    def arrow(self, x0, y0, x1, y1, color: str = INK, width: float = 2, head: float = 8) -> None:
        """An arrow from (x0, y0) to (x1, y1) in data coordinates, head drawn as a triangle."""
        px0, py0, px1, py1 = self.X(x0), self.Y(y0), self.X(x1), self.Y(y1)
        length = math.hypot(px1 - px0, py1 - py0)
        if length < 1e-9:
            return
        ux, uy = (px1 - px0) / length, (py1 - py0) / length
        bx, by = px1 - head * ux, py1 - head * uy  # base of the head
        self.prims.append(["l", color, width, 0, _flat([px0, bx], [py0, by])])
        corners = [px1, py1, bx - head * 0.45 * uy, by + head * 0.45 * ux]
        corners += [bx + head * 0.45 * uy, by - head * 0.45 * ux]
        self.prims.append(["p", color, [_r(c) for c in corners]])

    def context(self, xs, ys, color: str, width: float = 1, dashed: bool = False) -> None:
        """A background line that labels may cross (a contour, a grid line)."""
        keep = np.isfinite(np.atleast_1d(xs)) & np.isfinite(np.atleast_1d(ys))
        points = _flat(self.X(np.atleast_1d(xs)[keep]), self.Y(np.atleast_1d(ys)[keep]))
        self.ctx.append(["l", color, width, int(dashed), points])

    # -- labels where no data is ------------------------------------------------------------
    def plot_area(self) -> tuple[float, float, float, float]:
        """The plot area (x0, y0, x1, y1) in user units: the foreground is clipped to it."""
        left, right, top, bottom = self.margin
        return (self.offset + left, top, self.offset + self.width - right, self.height - bottom)

    def around(self, px: float, py: float, text: str, gap: float = 6) -> list[tuple]:
        """Candidate spots (x, y, anchor) for ``text`` next to the point (px, py), nearest first."""
        half = FONT * (ASCENT - DESCENT) / 2  # from the baseline to the box's middle
        spots = []
        for d in (gap, 2 * gap + FONT / 2, 3 * gap + FONT):
            spots += [(px, py - d - DESCENT * FONT, "middle"), (px + d, py + half, "start"),
                      (px, py + d + ASCENT * FONT, "middle"), (px - d, py + half, "end"),
                      (px + d, py - d, "start"), (px - d, py - d, "end"),
                      (px + d, py + d + FONT / 2, "start"), (px - d, py + d + FONT / 2, "end")]
        return spots

    def _best(self, text: str, spots, obstacle_sets) -> tuple:
        """The first spot inside the plot area whose box meets nothing, else the least crowded."""
        area, best, fewest = self.plot_area(), None, None
        for x, y, anchor in spots:
            box = text_box(x, y, text, anchor, FONT, pad=1)
            if not inside(box, area):
                continue
            n = sum(count_hits(box, prims, FONT) for prims in obstacle_sets)
            if n == 0:
                return (x, y, anchor)
            if fewest is None or n < fewest:
                best, fewest = (x, y, anchor), n
        return best or spots[0]

    def label(self, x, y, text: str, color: str = INK, spots=None) -> None:
        """A label near the data point (x, y), at the first spot where it meets nothing drawn.

        ``spots`` are candidate (x, y, anchor) in user units, tried in order (default
        :meth:`around` the point); the frame's own primitives so far and the background count.
        """
        spots = spots or self.around(_r(self.X(x)), _r(self.Y(y)), text)
        bx, by, anchor = self._best(text, spots, [self.obstacles, self.prims])
        self.prims.append(["t", color, _r(bx), _r(by), text, anchor])

    def static_label(self, text: str, color: str, spots, pixels: bool = False) -> None:
        """A label of the background, at the first spot (x, y, anchor; data coordinates, or user
        units with ``pixels``) that meets nothing in any frame; if every spot is hit in some
        frame, it is placed frame by frame instead."""
        px = list(spots) if pixels else [(float(self.X(x)), float(self.Y(y)), a) for x, y, a in spots]
        self.statics.append([text, color, px, None])

    def legend(self, entries: list[tuple[str, str]]) -> None:
        """Colour keys (label, colour), stacked; drawn by :meth:`finish` where no data is."""
        self._legend = list(entries)

    def legend_size(self, entries) -> tuple[float, float]:
        longest = max((len(label) for label, _ in entries), default=0)
        return CHAR_WIDTH * FONT * longest + 24, LINE * len(entries)

    def legend_spots(self, size) -> list[tuple[float, float]]:
        """Top-right corners (x, y) where a legend of ``size`` fits in the plot area."""
        x0, y0, x1, y1 = self.plot_area()
        if self.legend_above is not None:  # in the top margin (see make_room_for_legends)
            return [(x1, self.legend_above)]
        w, h = size
        left, right, mid = x0 + 6 + w, x1 - 6, (x0 + x1 + w) / 2
        top, bottom, middle = y0 + 6, y1 - 6 - h, (y0 + y1 - h) / 2
        return [(right, top), (left, top), (right, bottom), (left, bottom), (mid, top),
                (mid, bottom), (right, middle), (left, middle)]

    def _legend_prims(self, entries, corner) -> list:
        """The legend's keys; above the plot area they are flagged unclipped (a last 1)."""
        right, top = corner
        prims, above = [], [1] if self.legend_above is not None else []
        for k, (label, color) in enumerate(entries):
            y = top + k * LINE + ASCENT * FONT + (LINE - FONT) / 2
            mid = y - FONT * (ASCENT - DESCENT) / 2
            prims.append(["l", color, 2.5, 0, [_r(right - 18), _r(mid), _r(right), _r(mid)], *above])
            prims.append(["t", color, _r(right - 24), _r(y), label, "end", *above])
        return prims

    def finish(self) -> None:
        """Add the frame's legend and its frame-by-frame static labels (after ``draw``)."""
        if self._legend is not None and (len(self._legend) >= 2 or self.legend_always and self._legend):
            corner = self.legend_at or self.legend_spots(self.legend_size(self._legend))[0]
            self.prims += self._legend_prims(self._legend, corner)
        self._legend = None
        for text, color, spots, chosen in self.statics:
            if chosen is None:  # no spot is free in every frame: the best one for this frame
                x, y, anchor = self._best(text, spots, [self.obstacles, self.prims])
                self.prims.append(["t", color, _r(x), _r(y), text, anchor])

    def take(self) -> list:
        """Return the primitives drawn so far and start a new list."""
        prims, self.prims = self.prims, []
        return prims

    # -- background: axes, ticks and labels ------------------------------------------------
    def _ticks(self, lim, log):
        ticks = log_ticks(*lim) if log else linear_ticks(*lim)
        return ticks, [(f"1e{round(math.log10(t))}" if log else f"{t:g}") for t in ticks]

    def axes(self) -> None:
        """Draw the frame, ticks, tick labels, axis labels and title."""
        (x0, x1), (y0, y1) = self.xlim, self.ylim
        self.line([x0, x1, x1, x0, x0], [y0, y0, y1, y1, y0], INK, 1)
        self.xticks()
        yt, yl = self._ticks(self.ylim, self.logy)
        for t, label in zip(yt, yl):
            self.prims.append(["l", INK, 1, 0, _flat([self.X(x0) - 5, self.X(x0)], [self.Y(t)] * 2)])
            self.prims.append(["t", INK, _r(self.X(x0) - 8), _r(self.Y(t) + 5), label, "end"])
        self.names()

    def xticks(self, marks: bool = True) -> None:
        """The x tick labels under the plot area (and the tick marks)."""
        y0 = self.ylim[0]
        for t, label in zip(*self._ticks(self.xlim, self.logx)):
            if marks:
                self.prims.append(["l", INK, 1, 0, _flat([self.X(t)] * 2, [self.Y(y0), self.Y(y0) + 5])])
            self.prims.append(["t", INK, _r(self.X(t)), _r(self.Y(y0) + 21), label, "middle"])

    def names(self) -> None:
        """The axis labels (x under the plot, y above it on the left) and the title (top right)."""
        mid_x = self.offset + (self.margin[0] + self.width - self.margin[1]) / 2
        self.prims.append(["t", INK, _r(mid_x), self.height - 6, self.xlabel, "middle"])
        baseline = round(4 + ASCENT * FONT)
        if self.ylabel:
            self.prims.append(["t", INK, _r(self.offset + 4), baseline, self.ylabel, "start"])
        if self.title:
            self.prims.append(["t", INK, _r(self.offset + self.width - 6), baseline, self.title, "end"])

    def contours(self, f, levels: int = 12, n: int = 90, cmap: str = "viridis") -> None:
        """Contour lines of a 2-D objective, levels at quantiles of its values in the window."""
        import contourpy
        from matplotlib import colormaps, colors

        X, Y, Z = f.grid(self.xlim, self.ylim, n)
        Z = np.where(np.isfinite(Z), Z, np.nanmax(Z[np.isfinite(Z)]))
        values = np.unique(np.quantile(Z, np.linspace(0.01, 0.97, levels) ** 1.5))
        generator = contourpy.contour_generator(X, Y, Z)
        palette = colormaps[cmap]
        for k, level in enumerate(values):
            color = colors.to_hex(palette(0.1 + 0.8 * k / max(len(values) - 1, 1)))
            for segment in generator.lines(level):
                self.context(segment[::2, 0], segment[::2, 1], color, 1)


def place_labels(panels: list[Panel], frames: list[list[list]], legends: list[list]) -> bool:
    """Place each panel's static labels and legend where no frame has data; False if a legend
    finds no room inside the plot area in every frame (the caller then makes room above it).

    ``frames[k][i]`` are the primitives of panel i in frame k (before :meth:`Panel.finish`),
    ``legends[k][i]`` that frame's legend entries (or None).
    """
    fits = True
    for i, panel in enumerate(panels):
        drawn = [frame[i] for frame in frames]
        for static in panel.statics:
            text, _, spots, _ = static
            static[3] = None
            for x, y, anchor in spots:
                box = text_box(x, y, text, anchor, FONT, pad=1)
                if inside(box, panel.plot_area()) and count_hits(box, panel.obstacles, FONT) == 0 \
                        and not any(count_hits(box, prims, FONT) for prims in drawn):
                    static[3] = (x, y, anchor)
                    panel.obstacles.append(["t", static[1], _r(x), _r(y), text, anchor])
                    break
        entries = [e[i] for e in legends if e[i] is not None]
        panel.legend_always = any(len(e) >= 2 for e in entries)
        if not panel.legend_always:
            continue
        longest = max(len(label) for e in entries for label, _ in e)
        size = (CHAR_WIDTH * FONT * longest + 24, LINE * max(len(e) for e in entries))
        if panel.legend_above is not None:
            panel.legend_at = panel.legend_spots(size)[0]
            continue
        room = Occupancy(panel.width, panel.height, FONT)
        room.add(panel.obstacles)
        for prims in drawn:
            room.add(prims)
        area = panel.plot_area()
        area = (area[0] + 4, area[1] + 4, area[2] - 4, area[3] - 4)
        panel.legend_at = room.free(size, area, panel.legend_spots(size)[:4])
        if panel.legend_at is None:
            fits = False
    return fits


def make_room_for_legends(panels: list[Panel], legends: list[list]) -> None:
    """Move the legends that fit nowhere inside the plot area above it, into a taller top margin."""
    for i, panel in enumerate(panels):
        entries = [e[i] for e in legends if e[i] is not None]
        if not any(len(e) >= 2 for e in entries):
            continue
        rows = max(len(e) for e in entries)
        left, right, top, bottom = panel.margin
        extra = LINE * rows + 4
        panel.margin = (left, right, top + extra, bottom)
        panel.height += extra
        panel.legend_above = top + 2


def scene_to_svg(
    panels: list[Panel], background: list[list], foreground: list[list], uid: str, label: str = ""
) -> str:
    """The figure for a scene: each panel as its own SVG, the panels wrapping to the column.

    ``label`` is the picture's accessible name (what a screen reader announces for it), carried
    by the first SVG; the others are hidden from screen readers (the name describes them all).
    The layout is in inline styles, so the live widget (ipywidgets' HTML) shows it the same.
    """
    low, high = PANEL_CSS
    parts = [
        f'<div class="gdx-fig" style="display:grid;grid-template-columns:repeat(auto-fit,'
        f'minmax(min({low}px,100%),1fr));gap:4px 8px;justify-items:center">'
    ]
    for i, panel in enumerate(panels):
        name = (f' role="img" aria-label="{escape(label, quote=True)}"' if label else ' role="img"') \
            if i == 0 else ' aria-hidden="true"'
        x0, y0, x1, y1 = panel.plot_area()
        parts.append(
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {panel.width} {panel.height}" '
            f'class="gdx-svg"{name} font-size="{FONT}" font-family="sans-serif" '
            f'style="width:100%;max-width:{high}px;height:auto;overflow:hidden">'
            f'<clipPath id="{uid}-clip{i}"><rect x="{x0:g}" y="{y0:g}" width="{x1 - x0:g}" '
            f'height="{y1 - y0:g}"/></clipPath>'
        )
        if panel.ctx:
            parts.append(f'<g class="gdx-ctx">{"".join(map(prim_to_svg, panel.ctx))}</g>')
        parts.append(f'<g class="gdx-bg">{"".join(map(prim_to_svg, background[i]))}</g>')
        clipped = [p for p in foreground[i] if not unclipped(p)]
        parts.append(f'<g class="gdx-fg" clip-path="url(#{uid}-clip{i})">')
        parts.append("".join(map(prim_to_svg, clipped)))
        parts.append('</g><g class="gdx-top">')
        parts.append("".join(prim_to_svg(p) for p in foreground[i] if unclipped(p)))
        parts.append("</g></svg>")
    parts.append("</div>")
    return "".join(parts)


def unclipped(prim: list) -> bool:
    """Is a foreground primitive drawn outside the plot area (a legend above it)?"""
    return len(prim) > {"l": 5, "t": 6}.get(prim[0], 99) and bool(prim[-1])


def _pairs(flat: list[float]) -> str:
    return " ".join(f"{flat[i]:g},{flat[i + 1]:g}" for i in range(0, len(flat), 2))


def prim_to_svg(prim: list) -> str:
    """One primitive as SVG (the Python twin of the JavaScript ``draw`` in explorers)."""
    kind, color = prim[0], prim[1]
    if kind == "l":
        dash = ' stroke-dasharray="6 4"' if prim[3] else ""
        return (
            f'<polyline fill="none" stroke="{color}" stroke-width="{prim[2]:g}"{dash} '
            f'stroke-linejoin="round" points="{_pairs(prim[4])}"/>'
        )
    if kind == "c":
        pts = prim[3]
        return "".join(
            f'<circle cx="{pts[i]:g}" cy="{pts[i + 1]:g}" r="{prim[2]:g}" fill="{color}"/>'
            for i in range(0, len(pts), 2)
        )
    if kind == "p":
        return f'<polygon fill="{color}" points="{_pairs(prim[2])}"/>'
    if kind == "t":
        return (
            f'<text x="{prim[2]:g}" y="{prim[3]:g}" fill="{color}" '
            f'text-anchor="{prim[5]}">{escape(prim[4])}</text>'
        )
    raise ValueError(f"unknown primitive {kind!r}")
