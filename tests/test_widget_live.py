"""The live explorer, driven the way a notebook front end drives it.

A slider moved in JupyterLab, Binder or Colab reaches the kernel as a comm message
``{"method": "update", "state": {"value": ...}}``. These tests send that message to the
widget's own handler and read back the redrawn SVG and readout, so they exercise the same path
as a reader's mouse. ``make.py test`` runs this file twice: with the locked ipywidgets 8 and in
the lower-bounds environment with ipywidgets 7.7.1, the version Colab preinstalls.
"""

from __future__ import annotations

import ipywidgets
import pytest

import gdkit as gd

f = gd.functions.parabola()


def walk(lr: float) -> gd.Result:
    return gd.minimize(f, [2.0], gd.GD(lr=lr), max_iter=40)


def front_end_sends(widget, **state) -> None:
    """Deliver the comm message a front end sends when the reader moves a control."""
    msg = {"content": {"data": {"method": "update", "state": state, "buffer_paths": []}},
           "buffers": []}
    widget._handle_msg(msg)


@pytest.fixture
def explorer() -> gd.Explorer:
    return gd.Explorer(gd.views.Walk1D(f), walk, lr=gd.Slider(0.2, 1.8, 0.4, label="α"))


def test_moving_the_slider_redraws_the_picture(explorer: gd.Explorer) -> None:
    live = explorer.widget()
    slider, picture, readout = live.children
    before = picture.value
    front_end_sends(slider, value=1.4)
    assert slider.value == pytest.approx(1.4)
    frame = explorer.frames()["3"]  # 0.2, 0.6, 1.0, 1.4: the fourth position
    assert picture.value != before, "the SVG must be redrawn"
    assert readout.value == frame["t"]
    dots = frame["p"][0][1][3]
    assert all(f'cx="{dots[i]}" cy="{dots[i + 1]}"' in picture.value for i in range(0, len(dots), 2))


def test_a_choice_redraws_too() -> None:
    ravine = gd.functions.quadratic_bowl(condition_number=10)
    optimisers = {"GD": gd.GD(lr=0.05), "Adam": gd.Adam(lr=0.3)}
    ex = gd.Explorer(
        gd.views.Trajectory(ravine),
        lambda name: gd.minimize(ravine, [-1.5, 1.0], optimisers[name], max_iter=60),
        name=gd.Choice(list(optimisers), label="optimiser"),
    )
    dropdown, picture, readout = ex.widget().children
    # A dropdown syncs its selection as an index, in ipywidgets 7 and 8 alike.
    front_end_sends(dropdown, index=list(dropdown.options).index("Adam"))
    assert dropdown.value == "Adam"
    assert readout.value.startswith("Adam:")


def test_display_bundle_has_the_live_view(explorer: gd.Explorer) -> None:
    bundle = explorer._repr_mimebundle_()
    view = bundle["application/vnd.jupyter.widget-view+json"]
    assert view["version_major"] == 2 and view["model_id"]
    assert bundle["text/html"].startswith("<div"), "the static version travels with it"
    assert ipywidgets.__version__.split(".")[0] in {"7", "8"}
