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
