r"""Where a label may go: text boxes and what they hit, for placing labels and for the tests.

An explorer's labels (legends, the "target" line's name, the ∇f and u of an arrow, a minimum's
number) must sit where no data is, in every frame. This module gives the geometry both the
placement (:mod:`gdkit.pictures.svg`) and the test of every stored frame use, so the two judge a
label by the same rule:

* a text's box is estimated from its length, without a font: ``CHAR_WIDTH`` em per character
  (0.6 em; the book's sans-serif fonts average 0.5 to 0.6 em for the labels drawn here, see
  tests/browser/test_explorer_layout.py, which measures them in Chromium), from ``ASCENT`` em
  above the baseline to ``DESCENT`` em below it;
* it collides with a polyline when a segment, widened by half its stroke, crosses the box; with
  a dot when the disc meets the box; with an opaque polygon (an arrow head) when its outline
  crosses the box or the box lies inside it; with another text when the boxes overlap.
  Translucent polygons (basins, class regions) are tints under the text and never collide, and
  context lines (contours, grid lines) are kept apart by the panel and not passed in.
"""

from __future__ import annotations

import html
import json
import re

import numpy as np

#: Estimated advance of one character, in em.
CHAR_WIDTH = 0.6
#: Height of a text box above and below its baseline, in em.
ASCENT, DESCENT = 0.75, 0.25

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 (y grows downwards)


def text_box(x: float, y: float, text: str, anchor: str, font: float, pad: float = 0.0) -> Box:
    """The box of ``text`` drawn at (x, y) with ``text-anchor`` ``anchor``, grown by ``pad``."""
    width = CHAR_WIDTH * font * len(text)
    left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    return (left - pad, y - ASCENT * font - pad, left + width + pad, y + DESCENT * font + pad)


def prim_box(prim: list, font: float, pad: float = 0.0) -> Box:
    """The box of a text primitive ``["t", colour, x, y, text, anchor]``."""
    return text_box(prim[2], prim[3], prim[4], prim[5], font, pad)


def _clip(a: np.ndarray, b: np.ndarray, box: Box):
    """The parts inside ``box`` of the segments a[k] → b[k] (Liang–Barsky), as two arrays."""
    d = b - a
    ok, t0, t1 = _liang_barsky(a, d, *box, shape=(len(a),))
    return a[ok] + d[ok] * t0[ok, None], a[ok] + d[ok] * t1[ok, None]


def _liang_barsky(a: np.ndarray, d: np.ndarray, x0, y0, x1, y1, shape):
    """Liang–Barsky's parameters of the segments a[k] → a[k] + d[k] against the box(es)
    [x0, x1] × [y0, y1] (numbers, or columns that broadcast against the segments to ``shape``):
    whether each segment meets its box, and the parameters t0 ≤ t1 where it enters and leaves."""
    t0, t1 = np.zeros(shape), np.ones(shape)
    ok = np.ones(shape, dtype=bool)
    for p, q in ((-d[:, 0], a[:, 0] - x0), (d[:, 0], x1 - a[:, 0]),
                 (-d[:, 1], a[:, 1] - y0), (d[:, 1], y1 - a[:, 1])):
        p = np.broadcast_to(p, shape)
        parallel = p == 0
        ok &= ~(parallel & (q < 0))
        with np.errstate(divide="ignore", invalid="ignore"):
            r = np.where(parallel, 0.0, q / np.where(parallel, 1.0, p))
        t0 = np.where(~parallel & (p < 0), np.maximum(t0, r), t0)
        t1 = np.where(~parallel & (p > 0), np.minimum(t1, r), t1)
    return ok & (t0 <= t1), t0, t1


#: id(points list) -> (the list, its (n, 2) array, its bounding box): placing one label tries
#: many boxes against the same primitives. The list is kept, so its id is not reused while
#: cached (the primitives' point lists are never changed once drawn).
_POINTS: dict[int, tuple[list, np.ndarray, Box | None]] = {}


def _points_of(flat: list) -> tuple[np.ndarray, Box | None]:
    """The points of a primitive's flat coordinate list as an (n, 2) array, and their box."""
    cached = _POINTS.get(id(flat))
    if cached is not None and cached[0] is flat:
        return cached[1], cached[2]
    pts = np.asarray(flat, dtype=float).reshape(-1, 2)
    bbox = (*pts.min(axis=0), *pts.max(axis=0)) if len(pts) else None
    if len(_POINTS) >= 50_000:
        _POINTS.clear()
    _POINTS[id(flat)] = (flat, pts, bbox)
    return pts, bbox


def _hair(bbox: Box, box: Box) -> float:
    """A distance far above any rounding of these coordinates: what is farther cannot meet."""
    return 1e-9 * (1.0 + max(map(abs, (*bbox, *box))))


def _segments_hit(points: np.ndarray, box: Box, grow: float, bbox: Box | None = None) -> bool:
    """Does the polyline through ``points`` (n × 2) cross ``box`` grown by ``grow``?

    Only segments whose own box comes within a hair of the box are clipped (Liang–Barsky):
    the others are too far for any rounding to make them meet it."""
    box = (box[0] - grow, box[1] - grow, box[2] + grow, box[3] + grow)
    if len(points) == 1:
        px, py = points[0]
        return bool(box[0] <= px <= box[2] and box[1] <= py <= box[3])
    if bbox is None:
        bbox = (*points.min(axis=0), *points.max(axis=0))
    hair = _hair(bbox, box)
    if (bbox[2] < box[0] - hair or bbox[0] > box[2] + hair
            or bbox[3] < box[1] - hair or bbox[1] > box[3] + hair):
        return False
    a, b = points[:-1], points[1:]
    near = ((np.minimum(a[:, 0], b[:, 0]) <= box[2] + hair)
            & (np.maximum(a[:, 0], b[:, 0]) >= box[0] - hair)
            & (np.minimum(a[:, 1], b[:, 1]) <= box[3] + hair)
            & (np.maximum(a[:, 1], b[:, 1]) >= box[1] - hair))
    if not near.any():
        return False
    return len(_clip(a[near], b[near], box)[0]) > 0


def _inside(point, polygon: np.ndarray) -> bool:
    """Is ``point`` inside the polygon (even-odd rule)?"""
    x, y = point
    xs, ys = polygon[:, 0], polygon[:, 1]
    xn, yn = np.roll(xs, -1), np.roll(ys, -1)
    crosses = (ys > y) != (yn > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        at = xs + (y - ys) * (xn - xs) / (yn - ys)
    return bool(np.count_nonzero(crosses & (x < at)) % 2)


def _opaque(colour: str) -> bool:
    return not (colour.startswith("#") and len(colour) == 9 and colour[-2:].lower() != "ff")


def hits(box: Box, prim: list, font: float) -> bool:
    """Does a primitive collide with a text box? (Text boxes are compared without padding.)"""
    kind = prim[0]
    if kind == "l":
        pts, bbox = _points_of(prim[4])
        return len(pts) > 0 and _segments_hit(pts, box, prim[2] / 2, bbox)
    if kind == "c":
        pts, bbox = _points_of(prim[3])
        if not len(pts):
            return False
        r = prim[2] + _hair(bbox, box)  # a hair more, for rounding
        if (bbox[2] + r < box[0] or bbox[0] - r > box[2]
                or bbox[3] + r < box[1] or bbox[1] - r > box[3]):
            return False  # every dot is farther than its radius
        nearest = np.clip(pts, [box[0], box[1]], [box[2], box[3]])
        return bool((np.hypot(*(pts - nearest).T) < prim[2]).any())
    if kind == "p":
        if not _opaque(prim[1]):
            return False
        pts = np.asarray(prim[2], dtype=float).reshape(-1, 2)
        ring = np.vstack([pts, pts[:1]])
        centre = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
        return _segments_hit(ring, box, 0.0) or _inside(centre, pts)
    if kind == "t":
        other = prim_box(prim, font)
        return box[0] < other[2] and other[0] < box[2] and box[1] < other[3] and other[1] < box[3]
    return False


def count_hits(box: Box, prims, font: float) -> int:
    """How many of ``prims`` a text box collides with."""
    return sum(hits(box, prim, font) for prim in prims)


def inside(box: Box, rect: Box) -> bool:
    """Is ``box`` wholly inside ``rect``?"""
    return rect[0] <= box[0] and rect[1] <= box[1] and box[2] <= rect[2] and box[3] <= rect[3]


def _meet(box: Box, rect: Box) -> Box | None:
    x0, y0 = max(box[0], rect[0]), max(box[1], rect[1])
    x1, y1 = min(box[2], rect[2]), min(box[3], rect[3])
    return (x0, y0, x1, y1) if x0 < x1 and y0 < y1 else None


def _shapes(prims):
    """Segments (a, b, half width, owner) and dots (centre, radius, owner) of the primitives."""
    A, B, grow, seg_of, C, R, dot_of = [], [], [], [], [], [], []
    for k, prim in enumerate(prims):
        if prim[0] == "l" or (prim[0] == "p" and _opaque(prim[1])):
            flat = prim[4] if prim[0] == "l" else list(prim[2]) + list(prim[2][:2])
            pts = np.asarray(flat, dtype=float).reshape(-1, 2)
            if len(pts) == 0:
                continue
            ends = (pts[:-1], pts[1:]) if len(pts) > 1 else (pts, pts)
            A.append(ends[0])
            B.append(ends[1])
            width = prim[2] / 2 if prim[0] == "l" else 0.0
            grow.append(np.full(len(ends[0]), width))
            seg_of.append(np.full(len(ends[0]), k))
        elif prim[0] == "c":
            pts = np.asarray(prim[3], dtype=float).reshape(-1, 2)
            C.append(pts)
            R.append(np.full(len(pts), float(prim[2])))
            dot_of.append(np.full(len(pts), k))
    cat = lambda xs, shape: np.concatenate(xs) if xs else np.zeros(shape)  # noqa: E731
    return (cat(A, (0, 2)), cat(B, (0, 2)), cat(grow, 0), cat(seg_of, 0).astype(int),
            cat(C, (0, 2)), cat(R, 0), cat(dot_of, 0).astype(int))


def _hit_matrix(boxes: np.ndarray, prims) -> np.ndarray:
    """hit[i, k]: does text box i meet primitive k (a polyline, dots or an opaque polygon)?"""
    hit = np.zeros((len(boxes), len(prims)), dtype=bool)
    if not len(boxes) or not len(prims):
        return hit
    A, B, grow, seg_of, C, R, dot_of = _shapes(prims)
    bx0, by0, bx1, by1 = (boxes[:, j:j + 1] for j in range(4))
    if len(A):
        seg_hit, _, _ = _liang_barsky(A, B - A, bx0 - grow, by0 - grow, bx1 + grow, by1 + grow,
                                      shape=(len(boxes), len(A)))
        for i, k in zip(*np.nonzero(seg_hit)):
            hit[i, seg_of[k]] = True
    if len(C):
        dx = np.maximum(np.maximum(bx0 - C[:, 0], 0), C[:, 0] - bx1)
        dy = np.maximum(np.maximum(by0 - C[:, 1], 0), C[:, 1] - by1)
        for i, k in zip(*np.nonzero(np.hypot(dx, dy) < R)):
            hit[i, dot_of[k]] = True
    return hit


def _overlap(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """overlap[i, j]: do boxes a[i] and b[j] overlap?"""
    return ((a[:, None, 0] < b[None, :, 2]) & (b[None, :, 0] < a[:, None, 2])
            & (a[:, None, 1] < b[None, :, 3]) & (b[None, :, 1] < a[:, None, 3]))


def collisions(background, foreground, rect: Box, font: float, _cache=None) -> list[tuple[str, str]]:
    """Every (text, what it collides with) in one frame of one panel.

    ``background`` is drawn unclipped, ``foreground`` clipped to the plot area ``rect``: a
    foreground text must lie wholly inside it (else ``(text, "clipped")``), and a foreground
    line or dot can only meet the part of a text box inside ``rect``. (An opaque polygon is
    met through its outline only: a text wholly inside an arrow head is not reported.)
    """
    bg_texts = [p for p in background if p[0] == "t"]
    fg_texts = [p for p in foreground if p[0] == "t"]
    behind = [p for p in background if p[0] != "t"]
    front = [p for p in foreground if p[0] != "t"]
    texts = bg_texts + fg_texts
    found = []
    if not texts:
        return found
    boxes = np.array([prim_box(t, font) for t in texts], dtype=float)
    shown = boxes.copy()  # the part of each box inside the plot area (where the foreground is)
    shown[:, 0], shown[:, 1] = np.maximum(shown[:, 0], rect[0]), np.maximum(shown[:, 1], rect[1])
    shown[:, 2], shown[:, 3] = np.minimum(shown[:, 2], rect[2]), np.minimum(shown[:, 3], rect[3])
    visible = (shown[:, 0] < shown[:, 2]) & (shown[:, 1] < shown[:, 3])
    n_bg = len(bg_texts)
    # background texts against the background: the same in every frame, computed once
    key = id(background)
    if _cache is not None and key in _cache:
        found += _cache[key]
    else:
        own = [(texts[i][4], _describe(behind[k])) for i, k in zip(*np.nonzero(
            _hit_matrix(boxes[:n_bg], behind)))]
        over = _overlap(boxes[:n_bg], boxes[:n_bg])
        own += [(texts[i][4], _describe(texts[j])) for i, j in zip(*np.nonzero(np.triu(over, 1)))]
        if _cache is not None:
            _cache[key] = own
        found += own
    for i in range(n_bg, len(texts)):
        if not inside(boxes[i], rect):
            found.append((texts[i][4], "clipped"))
    if fg_texts:
        found += [(texts[n_bg + i][4], _describe(behind[k])) for i, k in zip(*np.nonzero(
            _hit_matrix(boxes[n_bg:], behind)))]
    rows = np.flatnonzero(visible)
    found += [(texts[rows[i]][4], _describe(front[k])) for i, k in zip(*np.nonzero(
        _hit_matrix(shown[rows], front)))]
    if fg_texts:
        over = _overlap(boxes[n_bg:], boxes)
        for i, j in zip(*np.nonzero(over)):
            if j < n_bg or j > n_bg + i:
                found.append((texts[n_bg + i][4], _describe(texts[j])))
    return found


def _describe(prim: list) -> str:
    if prim[0] == "t":
        return f"text {prim[4]!r}"
    return {"l": "line", "c": "dots", "p": "polygon"}[prim[0]] + f" {prim[1]}"


# -- reading a stored explorer back (for the tests of every frame of the book) ----------------
def _attrs(tag: str) -> dict[str, str]:
    return dict(re.findall(r'([\w-]+)="([^"]*)"', tag))


def _numbers(text: str) -> list[float]:
    return [float(v) for v in re.split(r"[ ,]+", text.strip()) if v]


def svg_prims(markup: str) -> list:
    """The primitives of an SVG group written by :func:`~gdkit.pictures.svg.prim_to_svg`."""
    prims = []
    for tag, body in re.findall(r"<(polyline|circle|polygon|text)\b([^>]*)>", markup):
        a = _attrs(body)
        if tag == "polyline":
            prims.append(["l", a["stroke"], float(a["stroke-width"]), int("stroke-dasharray" in a),
                          _numbers(a["points"])])
        elif tag == "circle":
            prims.append(["c", a["fill"], float(a["r"]), [float(a["cx"]), float(a["cy"])]])
        elif tag == "polygon":
            prims.append(["p", a["fill"], _numbers(a["points"])])
    for body, text in re.findall(r"<text\b([^>]*)>(.*?)</text>", markup):
        a = _attrs(body)
        prims.append(["t", a["fill"], float(a["x"]), float(a["y"]), html.unescape(text),
                      a["text-anchor"]])
    return prims


def explorer_collisions(page: str) -> list[str]:
    """Every label collision in every frame of the static explorer(s) in ``page`` (HTML).

    Reads what the book stores: each panel's SVG (its background, clip rectangle and font size)
    and the JSON frames that the page's script draws in the foreground.
    """
    found = []
    for root in re.findall(r'<div class="gd-explorer".*?</script></div>', page, re.S):
        payload = re.search(r'class="gdx-data">(.*?)</script>', root, re.S).group(1)
        frames = json.loads(payload.replace("<\\/", "</"))["frames"]
        panels = []
        for svg in re.findall(r"<svg\b.*?</svg>", root, re.S):
            head = _attrs(re.match(r"<svg\b[^>]*>", svg).group(0))
            rect = _attrs(re.search(r"<rect\b[^>]*>", svg).group(0))
            x, y = float(rect["x"]), float(rect["y"])
            area = (x, y, x + float(rect["width"]), y + float(rect["height"]))
            view = _numbers(head["viewBox"])
            bg = re.search(r'<g class="gdx-bg">(.*?)</g>', svg, re.S)
            panels.append((area, (view[0], view[1], view[0] + view[2], view[1] + view[3]),
                           float(head["font-size"]), svg_prims(bg.group(1) if bg else "")))
        for i, (_area, view, font, background) in enumerate(panels):
            for t in background:  # tick and axis labels must lie inside the SVG
                if t[0] == "t" and not inside(prim_box(t, font), view):
                    found.append(f"panel {i}: {t[4]!r} outside the picture")
        cache: dict = {}
        for key, frame in frames.items():
            for i, (area, _, font, background) in enumerate(panels):
                prims = frame["p"][i]
                free = [p for p in prims if len(p) > {"l": 5, "t": 6}.get(p[0], 99) and p[-1]]
                shown = [p for p in prims if not any(p is q for q in free)]
                for text, what in collisions(background + free, shown, area, font,
                                             None if free else cache):
                    found.append(f"frame {key}, panel {i}: {text!r} meets {what}")
    return found


# -- free room: where a box of a given size meets nothing in any frame -------------------------
class Occupancy:
    """Which user units of a panel some frame draws on, for finding room for a legend.

    Every primitive of every frame is stamped on a grid of 1-unit cells (polylines widened by
    half their stroke plus ``pad``, dots by their radius plus ``pad``, texts as their boxes plus
    ``pad``); a box is free when it covers no stamped cell.
    """

    def __init__(self, width: int, height: int, font: float, pad: float = 2.0) -> None:
        self.grid = np.zeros((int(height) + 1, int(width) + 1), dtype=bool)
        self.font, self.pad = font, pad

    def _fill(self, x0, y0, x1, y1) -> None:
        h, w = self.grid.shape
        a, b = max(int(np.floor(x0)), 0), min(int(np.ceil(x1)), w - 1)
        c, d = max(int(np.floor(y0)), 0), min(int(np.ceil(y1)), h - 1)
        if a <= b and c <= d:
            self.grid[c:d + 1, a:b + 1] = True

    def _points(self, xs, ys, r) -> None:
        h, w = self.grid.shape
        r = int(np.ceil(r))
        xs, ys = np.rint(xs).astype(int), np.rint(ys).astype(int)
        keep = (xs >= -r) & (xs < w + r) & (ys >= -r) & (ys < h + r)
        xs, ys = xs[keep], ys[keep]
        for dx in range(-r, r + 1):
            for dy in range(-r, r + 1):
                X, Y = xs + dx, ys + dy
                ok = (X >= 0) & (X < w) & (Y >= 0) & (Y < h)
                self.grid[Y[ok], X[ok]] = True

    def add(self, prims) -> None:
        for prim in prims:
            kind = prim[0]
            if kind == "l":
                pts = np.asarray(prim[4], dtype=float).reshape(-1, 2)
                if len(pts) == 0:
                    continue
                if len(pts) == 1:
                    self._points(pts[:, 0], pts[:, 1], prim[2] / 2 + self.pad)
                    continue
                h, w = self.grid.shape
                a, b = _clip(pts[:-1], pts[1:], (-5, -5, w + 5, h + 5))
                if not len(a):
                    continue
                n = np.maximum(np.ceil(np.hypot(*(b - a).T)).astype(int), 1)
                t = np.concatenate([np.linspace(0, 1, k + 1) for k in n])
                start = np.repeat(a, n + 1, axis=0)
                step = np.repeat(b - a, n + 1, axis=0)
                sampled = start + step * t[:, None]
                self._points(sampled[:, 0], sampled[:, 1], prim[2] / 2 + self.pad)
            elif kind == "c":
                pts = np.asarray(prim[3], dtype=float).reshape(-1, 2)
                self._points(pts[:, 0], pts[:, 1], prim[2] + self.pad)
            elif kind == "p" and _opaque(prim[1]):
                pts = np.asarray(prim[2], dtype=float).reshape(-1, 2)
                self._fill(*(pts.min(axis=0) - self.pad), *(pts.max(axis=0) + self.pad))
            elif kind == "t":
                self._fill(*prim_box(prim, self.font, self.pad))

    def free(self, size, area: Box, prefer) -> tuple[float, float] | None:
        """The top-right corner (x, y) of a free box of ``size`` in ``area``, nearest ``prefer``
        (a list of preferred corners, best first), or None if there is no room."""
        w, h = int(np.ceil(size[0])), int(np.ceil(size[1]))
        x0, y0, x1, y1 = (int(np.ceil(area[0])), int(np.ceil(area[1])),
                          int(np.floor(area[2])), int(np.floor(area[3])))
        if x1 - x0 < w or y1 - y0 < h:
            return None
        sums = np.zeros((self.grid.shape[0] + 1, self.grid.shape[1] + 1), dtype=np.int32)
        sums[1:, 1:] = self.grid.cumsum(0).cumsum(1)
        # box with its top-left cell at (x, y): cells x .. x + w, y .. y + h
        xs, ys = np.arange(x0, x1 - w + 1), np.arange(y0, y1 - h + 1)
        X, Y = np.meshgrid(xs, ys)
        total = sums[Y + h + 1, X + w + 1] - sums[Y, X + w + 1] - sums[Y + h + 1, X] + sums[Y, X]
        ok = total == 0
        if not ok.any():
            return None
        right, top = (X + w)[ok], Y[ok]
        best = None
        for rank, (px, py) in enumerate(prefer):
            d = np.hypot(right - px, top - py) + 30 * rank  # a small preference for the order
            k = int(np.argmin(d))
            if best is None or d[k] < best[0]:
                best = (d[k], float(right[k]), float(top[k]))
        return best[1], best[2]
