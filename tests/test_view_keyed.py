"""The Keyed view: side-by-side panels that each draw their own entry of the computed value."""

import numpy as np
import pytest

import gdkit as gd
from gdkit.pictures.views.keyed import Keyed

t = np.arange(1, 21)


def compute(lr):
    return {"schedule": {"α_t": (t, lr / t)}, "loss": {"loss": (t, np.exp(-lr * t))}}


def explorer():
    view = Keyed(gd.views.Curves(ylabel="α_t", logy=False), "schedule") | Keyed(
        gd.views.Curves(), "loss"
    )
    return gd.Explorer(view, compute, lr=gd.Slider(0.5, 1.5, 0.5))


def test_each_panel_draws_its_own_entry():
    ex = explorer()
    left, right = ex._ensure_panels()
    assert right.offset == left.offset == 0, "each panel is its own SVG (they wrap side by side)"
    assert left.ylim[1] >= 1.5 and not left.logy, "left axes fitted to the schedules of all frames"
    assert right.logy and right.ylim[0] <= np.exp(-1.5 * 20)
    frame = ex.frames()["2"]  # lr = 1.5
    left_prims, right_prims = frame["p"]
    assert [p[0] for p in left_prims] == ["l"] and [p[0] for p in right_prims] == ["l"]
    assert left_prims[0][4] == [round(left.X(1)), round(left.Y(1.5))] + left_prims[0][4][2:]
    assert "α_t: 0.075 at 20" in frame["t"] and "loss: < 1e-12 at 20" in frame["t"]  # exp(-30): below the noise floor


def test_static_and_live_versions_show_the_same_picture():
    ex = explorer()
    html = ex.to_html()
    assert html.count('class="gdx-fg"') == 2
    assert ex.svg(lr=1.0).count("<polyline") > 2


def test_bad_values_are_named():
    with pytest.raises(ValueError, match="gdkit View"):
        Keyed("curves", "loss")
    bad = gd.Explorer(Keyed(gd.views.Curves(), "loss"), lambda lr: {"losses": {"a": (t, t)}},
                      lr=gd.Slider(0.5, 1.0, 0.5))
    with pytest.raises(ValueError, match="no entry 'loss'"):
        bad.frames()
    not_dict = gd.Explorer(Keyed(gd.views.Curves(), "loss"), lambda lr: (t, t),
                           lr=gd.Slider(0.5, 1.0, 0.5))
    with pytest.raises(TypeError, match="return a dict"):
        not_dict.frames()
