"""The explorer API: what chapters declare, what the static book carries, what the widget shows."""

import json
import re

import numpy as np
import pytest

import gdkit as gd

f2 = gd.functions.quadratic_bowl(10)
f1 = gd.functions.parabola()


def ravine(lr, momentum=0.0):
    return gd.minimize(f2, [-2.5, 2.0], gd.Momentum(lr=lr, momentum=momentum), max_iter=40)


def walk(lr, x0=2.0):
    return gd.minimize(f1, [x0], gd.GD(lr=lr), max_iter=12, grad_tol=None)


def test_slider_grid_and_errors():
    assert gd.Slider(0.1, 0.5, 0.1).values == [0.1, 0.2, 0.3, 0.4, 0.5]
    assert gd.Slider(0, 1, 0.25, value=0.5).index == 2
    with pytest.raises(ValueError, match="range is empty"):
        gd.Slider(1.0, 1.0, 0.1)
    with pytest.raises(ValueError, match="does not divide"):
        gd.Slider(0.0, 1.0, 0.3)
    with pytest.raises(ValueError, match="step must be > 0"):
        gd.Slider(0.0, 1.0, -0.5)
    with pytest.raises(ValueError, match="finite"):
        gd.Slider(0.0, float("nan"), 0.1)
    with pytest.raises(ValueError, match="not on the slider's grid"):
        gd.Slider(0.0, 1.0, 0.5, value=0.3)
    with pytest.raises(ValueError, match="at least two options"):
        gd.Choice(["GD"])


def test_explorer_rejects_bad_declarations():
    with pytest.raises(ValueError, match="unknown view 'contour'"):
        gd.Explorer("contour", ravine, lr=gd.Slider(0.01, 0.1, 0.01))
    with pytest.raises(ValueError, match="unknown view 'heatmap'"):
        gd.views.get("heatmap")
    with pytest.raises(ValueError, match="at least one Slider"):
        gd.Explorer(gd.views.Trajectory(f2), ravine)
    with pytest.raises(ValueError, match="must be a Slider"):
        gd.Explorer(gd.views.Trajectory(f2), ravine, lr=[0.1, 0.2])
    with pytest.raises(ValueError, match="more than the static book can carry"):
        gd.Explorer(gd.views.Trajectory(f2), ravine, lr=gd.Slider(0, 1, 0.001))
    with pytest.raises(ValueError, match="2 variables"):
        gd.views.Trajectory(f1)
    with pytest.raises(ValueError, match="1 variable"):
        gd.views.Walk1D(f2)


def test_every_combination_is_a_frame_and_frames_differ():
    ex = gd.Explorer(
        gd.views.Trajectory(f2),
        ravine,
        lr=gd.Slider(0.02, 0.1, 0.04),
        momentum=gd.Slider(0.0, 0.9, 0.45),
    )
    frames = ex.frames()
    assert sorted(frames) == [f"{i},{j}" for i in range(3) for j in range(3)]
    drawings = {json.dumps(frame["p"]) for frame in frames.values()}
    assert len(drawings) == 9, "each slider combination must draw a different path"


def test_static_and_live_show_the_same_numbers():
    ex = gd.Explorer(gd.views.Walk1D(f1), walk, lr=gd.Slider(0.2, 1.8, 0.4, label="α"))
    live = ex.widget()
    slider, picture, readout = live.children
    slider.value = 1.4
    frames = ex.frames()
    expected = frames["3"]  # the index of 1.4 on the grid 0.2, 0.6, 1.0, 1.4, 1.8
    assert readout.value == expected["t"] == f"GD: 12 steps, loss {walk(1.4).loss:.3g}"
    # the live SVG contains exactly the dots the static frame stores
    dots = expected["p"][0][1][3]
    for i in range(0, len(dots), 2):
        assert f'cx="{dots[i]}" cy="{dots[i + 1]}"' in picture.value


def test_static_html_is_accessible_and_self_contained():
    ex = gd.Explorer(
        gd.views.Trajectory(f2) | gd.views.Curves(),
        ravine,
        title="Momentum in a ravine",
        lr=gd.Slider(0.02, 0.1, 0.02, label="learning rate α"),
        momentum=gd.Slider(0.0, 0.9, 0.3, label="momentum β"),
    )
    html = ex.to_html()
    assert html.count('<input type="range"') == 2
    assert 'aria-label="learning rate α"' in html and 'aria-label="momentum β"' in html
    assert html.count("<output") == 2 and 'aria-live="polite"' in html
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in html
    assert len(html.encode()) < 100_000
    # the JSON payload parses and holds one frame per combination
    payload = re.search(r'class="gdx-data">(.*?)</script>', html).group(1)
    assert len(json.loads(payload)["frames"]) == 5 * 4
    assert ex.to_html() == html, "the static output must be deterministic for nbval"


def test_mimebundle_carries_widget_and_static_versions():
    ex = gd.Explorer(gd.views.Walk1D(f1), walk, lr=gd.Slider(0.2, 1.0, 0.4))
    bundle = ex._repr_mimebundle_()
    assert {"text/plain", "text/html", "application/vnd.jupyter.widget-view+json"} <= set(bundle)
    assert bundle["text/plain"].startswith("Explorer(")


def test_choice_selects_optimisers():
    optimisers = {"GD": gd.GD(lr=0.05), "Adam": gd.Adam(lr=0.3)}
    ex = gd.Explorer(
        gd.views.Trajectory(f2),
        lambda name: gd.minimize(f2, [-2.5, 2.0], optimisers[name], max_iter=30),
        name=gd.Choice(list(optimisers), label="optimiser"),
    )
    frames = ex.frames()
    assert frames["0"]["t"].startswith("GD:") and frames["1"]["t"].startswith("Adam:")


def test_curves_of_arbitrary_series_on_log_axes():
    depth = np.arange(1, 11)
    ex = gd.Explorer(
        gd.views.Curves("layer", "‖∂L/∂W‖", markers=True),
        lambda rate: {"sigmoid": (depth, rate**depth)},
        rate=gd.Slider(0.25, 1.0, 0.25),
    )
    frames = ex.frames()
    assert frames["0"]["t"].startswith("sigmoid: 9.54e-07")


def test_diverging_runs_are_dashed_and_finite():
    ex = gd.Explorer(gd.views.Trajectory(f2), ravine, lr=gd.Slider(0.1, 0.3, 0.1))
    prims = ex.frames()["2"]["p"][0]
    line = prims[0]
    assert line[0] == "l" and line[3] == 1, "a diverged path is drawn dashed"
    assert all(abs(v) <= 1e4 for v in line[4])


def test_the_picture_has_an_accessible_name_that_states_what_it_shows():
    ex = gd.Explorer(gd.views.Walk1D(f1), walk, title="A walk on a parabola",
                     lr=gd.Slider(0.2, 1.8, 0.4, label="α"))
    html = ex.to_html()
    lr = ex.params["lr"]
    initial = ex.frames()[str(lr.index)]["t"]
    name = re.search(r'<svg [^>]*aria-label="([^"]*)"', html).group(1)
    assert name == f"A walk on a parabola (α {lr.format(lr.values[lr.index])}): {initial}"
    payload = json.loads(re.search(r'class="gdx-data">(.*?)</script>', html).group(1))
    assert payload["name"] == "A walk on a parabola" and payload["names"] == ["α"]
    # the live widget's picture carries the name for its current values too
    _, slider, picture, _ = ex.widget().children  # title, slider, picture, readout
    slider.value = 1.4
    assert f"(α {ex.params['lr'].format(1.4)}): {ex.frames()['3']['t']}" in picture.value


# -- readable on every screen, labels where no data is (issue #14) ---------------------------
from pathlib import Path  # noqa: E402

import nbformat  # noqa: E402

from gdkit.pictures import svg as svgmod  # noqa: E402
from gdkit.pictures.collide import collisions, explorer_collisions, text_box  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def stored_explorers(path: Path) -> list[str]:
    """The static HTML of every explorer stored in a notebook's outputs."""
    nb = nbformat.read(path, as_version=4)
    return [
        out["data"]["text/html"]
        for cell in nb.cells if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if 'class="gd-explorer"' in out.get("data", {}).get("text/html", "")
    ]


EXPLORER_NOTEBOOKS = [p for p in sorted((ROOT / "chapters").glob("*.ipynb")) if stored_explorers(p)]


def test_the_book_has_explorers():
    assert len(EXPLORER_NOTEBOOKS) >= 10


@pytest.mark.parametrize("path", EXPLORER_NOTEBOOKS, ids=lambda p: p.stem)
def test_no_label_meets_data_or_another_label_in_any_frame(path):
    """Every frame of every explorer of the book, read from the stored outputs (the frames the
    static page draws): no text crosses a line, a dot, an arrow head or another text, no label
    is clipped by the plot area, and tick labels stay inside their picture. Text boxes are
    estimated (gdkit.pictures.collide: 0.6 em a character; Chromium checks the estimate in
    tests/browser/test_explorer_layout.py)."""
    found = [c for html in stored_explorers(path) for c in explorer_collisions(html)]
    assert found == [], f"{len(found)} collisions, e.g. {found[:5]}"


def test_the_text_stays_within_11_to_16_css_px_for_every_panel_width():
    """Panels wrap instead of shrinking below PANEL_CSS[0] and never grow past PANEL_CSS[1]."""
    low, high = svgmod.PANEL_CSS
    for css_width in (low, high):
        px = svgmod.FONT * css_width / svgmod.PANEL_WIDTH
        assert 11 <= px <= 16, (css_width, px)
    html = gd.Explorer(gd.views.Trajectory(f2) | gd.views.Curves(), ravine,
                       lr=gd.Slider(0.02, 0.1, 0.04)).to_html()
    assert html.count("<svg ") == 2 and html.count(f'viewBox="0 0 {svgmod.PANEL_WIDTH} ') == 2
    assert f"minmax(min({low}px,100%),1fr)" in html and f"max-width:{high}px" in html
    assert html.count('role="img"') == 1 and 'aria-hidden="true"' in html


def two_runs(k):
    """A loss curve that sweeps through the top right in some frames: the legend must move."""
    t = np.arange(1, 101)
    return {"fast": (t, np.exp(-t / (5 * k))), "slow": (t, np.full(t.shape, 0.5 + 0 * k))}


def test_the_legend_goes_where_no_frame_draws():
    ex = gd.Explorer(gd.views.Curves(logy=False, ylim=(0, 1)), two_runs, k=gd.Slider(1, 5, 1))
    frames = ex.frames()
    for frame in frames.values():
        panel = ex._panels[0]
        assert collisions(ex._background[0], frame["p"][0], panel.plot_area(), svgmod.FONT) == []
    spots = {tuple(p[2:4]) for f in frames.values() for p in f["p"][0] if p[0] == "t"}
    assert len(spots) == 2, "the legend stays put while the slider moves"


def test_a_series_keeps_its_colour_and_the_legend_stays_when_a_series_is_missing():
    def runs(B):
        out = {f"B = {B}": gd.minimize(f2, [-2.5, 2.0], gd.GD(lr=0.02 * B), max_iter=20)}
        if B != 4:
            out["batch"] = gd.minimize(f2, [-2.5, 2.0], gd.GD(lr=0.1), max_iter=20)
        return out

    ex = gd.Explorer(gd.views.Curves(), runs, B=gd.Choice([1, 2, 4]))
    frames = ex.frames()
    colour = {}
    for frame in frames.values():
        for p in frame["p"][0]:
            if p[0] == "t":
                colour.setdefault(p[4], set()).add(p[1])
    assert all(len(c) == 1 for c in colour.values())
    assert colour["batch"] != colour["B = 1"]
    assert any(p[0] == "t" and p[4] == "B = 4" for p in frames["2"]["p"][0]), "legend kept"


def test_directional_labels_never_overlap():
    from gdkit.experiments import directional_derivative
    from gdkit.pictures.views import Directional

    f = gd.Objective("x**2 + x*y + 2*y**2")
    ex = gd.Explorer(Directional(f, xlim=(-2.5, 2.5), ylim=(-2.5, 2.5), arrow=0.8),
                     lambda angle: directional_derivative(f, (1.0, 1.0), angle),
                     angle=gd.Slider(0, 340, 20))
    assert explorer_collisions(ex.to_html()) == []


def test_curves_can_draw_any_quantity_of_a_run():
    ex = gd.Explorer(gd.views.Curves(ylabel="|y_t|", quantity=lambda r: np.abs(r.path[:, 1])),
                     lambda lr: gd.minimize(f2, [-2.5, 2.0], gd.GD(lr=lr), max_iter=10),
                     lr=gd.Slider(0.02, 0.06, 0.02))
    assert ex._ensure_panels()[0].ylim[1] >= 2.0
    with pytest.raises(ValueError, match="function of a Result"):
        gd.views.Curves(quantity="path")


def test_text_box_estimate():
    assert text_box(100, 50, "abcd", "end", 15) == (100 - 36, 50 - 11.25, 100, 50 + 3.75)


def test_a_legend_with_no_room_inside_goes_above_the_plot_unclipped():
    t = np.linspace(0, 1, 50)

    def crowded(k):  # horizontal lines over the whole plot area, shifted in every frame
        return {"one": (t, np.full(50, 0.02 * k)), "another": (t, 1 - np.abs(np.sin(7 * t + k)))}

    ex = gd.Explorer(gd.views.Curves(logy=False, ylim=(0, 1)), crowded, k=gd.Slider(0, 49, 1))
    html = ex.to_html()
    panel = ex._ensure_panels()[0]
    assert panel.legend_above is not None and panel.margin[2] > svgmod.Panel.margin[2]
    legend = [p for p in ex.frames()["3"]["p"][0] if p[0] == "t"]
    assert len(legend) == 2 and all(p[-1] == 1 and p[3] < panel.plot_area()[1] for p in legend)
    assert '<g class="gdx-top"><polyline' in html
    assert explorer_collisions(html) == []
