"""A tiny SVG canvas: panels with data coordinates, drawn as a list of primitives.

A drawing is a *scene*: for each panel, a list of primitives in pixel coordinates. Python turns a
scene into SVG text (for the live widget and for the static background) and the explorers'
JavaScript turns the same scene, stored as JSON, into SVG elements (for the static book), so both
modes show exactly the same picture. The primitives are::

    ["l", colour, width, dashed, [x0, y0, x1, y1, ...]]   polyline
    ["c", colour, radius, [x0, y0, x1, y1, ...]]          filled dots
    ["p", colour, [x0, y0, x1, y1, ...]]                  filled polygon (arrow heads)
    ["t", colour, x, y, text, anchor]                     text (anchor: start, middle, end)
"""

from __future__ import annotations

import math
from html import escape

import numpy as np

INK = "currentColor"  # axes and text follow the page's text colour (light and dark themes)
_CLAMP = 1e4  # pixel coordinates are clamped so a diverging path stays a finite SVG



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
    slack = 1e-9 * max(b - a, 1e-12)
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
        Size in SVG pixels (the SVG scales to the page width).
    title : str, optional
    """

    margin = (52, 20, 26, 40)  # left, right (room for the last tick label), top, bottom

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
        self.offset = 0  # set by the layout: this panel's x position in the whole SVG
        self.prims: list = []

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

    def legend(self, entries: list[tuple[str, str]]) -> None:
        """Colour keys (label, colour) stacked in the plot's top-right corner, when 2 or more."""
        if len(entries) < 2:
            return
        right = self.offset + self.width - self.margin[1] - 6
        for k, (label, color) in enumerate(entries):
            y = self.margin[2] + 16 + 15 * k
            self.prims.append(["l", color, 2.5, 0, [right - 16, y - 4, right, y - 4]])
            self.prims.append(["t", color, right - 20, y, label, "end"])

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
        xt, xl = self._ticks(self.xlim, self.logx)
        for t, label in zip(xt, xl):
            self.prims.append(["l", INK, 1, 0, _flat([self.X(t)] * 2, [self.Y(y0), self.Y(y0) + 5])])
            self.prims.append(["t", INK, _r(self.X(t)), _r(self.Y(y0) + 17), label, "middle"])
        yt, yl = self._ticks(self.ylim, self.logy)
        for t, label in zip(yt, yl):
            self.prims.append(["l", INK, 1, 0, _flat([self.X(x0) - 5, self.X(x0)], [self.Y(t)] * 2)])
            self.prims.append(["t", INK, _r(self.X(x0) - 7), _r(self.Y(t) + 4), label, "end"])
        mid_x = self.offset + (self.margin[0] + self.width - self.margin[1]) / 2
        self.prims.append(["t", INK, _r(mid_x), self.height - 4, self.xlabel, "middle"])
        self.prims.append(["t", INK, _r(self.offset + 4), 14, self.ylabel, "start"])
        if self.title:
            self.prims.append(["t", INK, _r(self.offset + self.width - 6), 14, self.title, "end"])

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
                self.line(segment[::2, 0], segment[::2, 1], color, 1, simplify=False)


def scene_to_svg(
    panels: list[Panel], background: list[list], foreground: list[list], uid: str, label: str = ""
) -> str:
    """SVG text for a scene: the background and foreground primitives of each panel.

    ``label`` is the picture's accessible name (what a screen reader announces for it).
    """
    width = sum(p.width for p in panels)
    height = max(p.height for p in panels)
    name = f' aria-label="{escape(label, quote=True)}"' if label else ""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="gdx-svg" role="img"{name} font-size="12" font-family="sans-serif">'
    ]
    for i, panel in enumerate(panels):
        left, top = panel.offset + panel.margin[0], panel.margin[2]
        w = panel.width - panel.margin[0] - panel.margin[1]
        h = panel.height - panel.margin[2] - panel.margin[3]
        parts.append(
            f'<clipPath id="{uid}-clip{i}"><rect x="{left}" y="{top}" width="{w}" height="{h}"/></clipPath>'
        )
    for prims in background:
        parts.append(f'<g class="gdx-bg">{"".join(map(prim_to_svg, prims))}</g>')
    for i, prims in enumerate(foreground):
        parts.append(f'<g class="gdx-fg" clip-path="url(#{uid}-clip{i})">')
        parts.append("".join(map(prim_to_svg, prims)))
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)


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
