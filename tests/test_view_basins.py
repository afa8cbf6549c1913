"""The basins view of chapter 8: which minimum a run reaches, and the map of starts behind it."""

import json

import numpy as np
import pytest

import gdkit as gd
from gdkit.experiments import basin_labels, final_points, which_minimum
from gdkit.pictures.palette import COLORS
from gdkit.pictures.views.basins import Basins

himmelblau = gd.functions.himmelblau()


def labels_grid(n=9):
    xs = np.linspace(-5, 5, n)
    ends = [
        gd.minimize(himmelblau, [x, y], gd.GD(lr=0.01), grad_tol=1e-4).theta for y in xs for x in xs
    ]
    return which_minimum(himmelblau, ends).reshape(n, n)


def test_which_minimum_names_the_minimum_reached_or_none():
    f = himmelblau
    assert which_minimum(f, f.minima[2]) == 2
    assert which_minimum(f, f.minima[3] + 1e-4) == 3
    assert which_minimum(f, [0.0, 0.0]) == -1
    np.testing.assert_array_equal(which_minimum(f, [f.minima[1], [9.0, 9.0]]), [1, -1])
    assert which_minimum(f, [3.05, 2.0], tol=0.1) == 0
    with pytest.raises(ValueError, match="tol"):
        which_minimum(f, [3.0, 2.0], tol=0)
    with pytest.raises(ValueError, match="no known minima"):
        which_minimum(gd.functions.saddle(), [0.0, 0.0])


def test_each_corner_of_himmelblau_drains_to_its_own_minimum():
    labels = labels_grid()
    # the grid's corners lie in the four quadrants, each holding one of the four minima
    corners = {labels[-1, -1], labels[-1, 0], labels[0, 0], labels[0, -1]}
    assert corners == {0, 1, 2, 3}
    assert labels[-1, -1] == which_minimum(himmelblau, [3.0, 2.0])


def test_background_fills_each_basin_in_its_minimum_colour():
    view = Basins(himmelblau, labels_grid())
    panels = view.make_panels([])
    view.background(panels)
    fills = {p[1] for p in panels[0].take() if p[0] == "p"}
    assert fills == {COLORS[k] + "47" for k in range(4)}


def test_run_is_coloured_and_described_by_the_minimum_it_reaches():
    view = Basins(himmelblau, labels_grid())
    panels = view.make_panels([])
    run = gd.minimize(himmelblau, [-4.0, 4.0], gd.GD(lr=0.01), grad_tol=1e-4)
    text = view.draw(run, panels)
    assert text.startswith("start (-4, 4) → minimum 2 at (-2.81, 3.13) after")
    line = panels[0].take()[0]
    assert line[0] == "l" and line[1] == COLORS[1]
    stuck = gd.minimize(himmelblau, [-4.0, 4.0], gd.GD(lr=0.01), max_iter=2, grad_tol=None)
    assert "no known minimum (max_iter after 2 steps)" in view.draw(stuck, panels)


def test_explorer_frames_follow_the_start_sliders():
    ex = gd.Explorer(
        Basins(himmelblau, labels_grid()),
        lambda x0, y0: gd.minimize(himmelblau, [x0, y0], gd.GD(lr=0.01), grad_tol=1e-4),
        x0=gd.Slider(-4, 4, 8),
        y0=gd.Slider(-4, 4, 8),
    )
    frames = ex.frames()
    reached = {key: frame["t"].split("→ ")[1][:9] for key, frame in frames.items()}
    assert reached == {
        "1,1": "minimum 1",
        "0,1": "minimum 2",
        "0,0": "minimum 3",
        "1,0": "minimum 4",
    }
    assert len({json.dumps(frame["p"]) for frame in frames.values()}) == 4
    assert 'fill="#0072B247"' in ex.svg(x0=4.0, y0=4.0)


def test_bad_declarations_are_refused_with_the_reason():
    good = labels_grid(5)
    with pytest.raises(ValueError, match="2 variables"):
        Basins(gd.functions.double_well(), good)
    with pytest.raises(ValueError, match="no known minima"):
        Basins(gd.functions.saddle(), good)
    with pytest.raises(ValueError, match="2-D grid"):
        Basins(himmelblau, good[0])
    with pytest.raises(ValueError, match="integers"):
        Basins(himmelblau, good.astype(float))
    with pytest.raises(ValueError, match=r"-1 \.\. 3"):
        Basins(himmelblau, good + 5)


def test_final_points_agree_with_one_run_per_start():
    starts = [[-4.0, 4.0], [4.0, -4.0], [0.5, 0.5], [-1.0, -4.5]]
    optimizer = gd.Adam(lr=0.05)
    together = final_points(himmelblau, starts, optimizer, max_iter=300)
    for start, end in zip(starts, together):
        alone = gd.minimize(himmelblau, start, optimizer, max_iter=300, grad_tol=None)
        np.testing.assert_allclose(end, alone.theta, rtol=1e-12, atol=1e-12)


def test_basin_labels_match_which_minimum_of_each_run_and_flag_divergence():
    labels = basin_labels(himmelblau, gd.GD(lr=0.01), (-5, 5), (-5, 5), n=9)
    np.testing.assert_array_equal(labels, labels_grid(9))
    blown_up = basin_labels(himmelblau, gd.GD(lr=0.5), n=3, max_iter=50)
    assert (blown_up == -1).all(), "runs that diverge reach no minimum"
    with pytest.raises(ValueError, match="2 variables"):
        basin_labels(gd.functions.double_well(), gd.GD())
