"""The plot helpers: each draws on real gdkit runs, labels its axes, keys its series, and leaves
matplotlib's global settings alone."""

import matplotlib

matplotlib.use("Agg")  # headless

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402

import gdkit as gd  # noqa: E402
from gdkit import plots  # noqa: E402


@pytest.fixture(autouse=True)
def rc_untouched_and_closed():
    """Every test: no global rcParams change, and every figure closed at the end."""
    before = dict(plt.rcParams)
    yield
    after = dict(plt.rcParams)
    plt.close("all")
    changed = sorted(k for k in before if before[k] != after[k])
    assert not changed, f"global rcParams changed: {changed}"


@pytest.fixture(scope="module")
def rosenbrock():
    return gd.functions.rosenbrock()


@pytest.fixture(scope="module")
def runs(rosenbrock):
    """Two runs that converge and one that diverges, from the same start."""
    return {
        "GD": gd.minimize(rosenbrock, [-1.5, 2.0], gd.GD(lr=1e-3), max_iter=200),
        "Adam": gd.minimize(rosenbrock, [-1.5, 2.0], gd.Adam(lr=0.05), max_iter=200),
        "GD, α = 0.01": gd.minimize(rosenbrock, [-1.5, 2.0], gd.GD(lr=0.01), max_iter=200),
    }


def legend_labels(ax):
    legend = ax.get_legend()
    assert legend is not None, "no legend"
    return [t.get_text() for t in legend.get_texts()]


def test_runs_fixture_has_a_diverged_run(runs):
    assert runs["GD, α = 0.01"].diverged and not runs["Adam"].diverged


def test_color_for_is_fixed_and_from_the_palette():
    for cls in gd.OPTIMIZERS:
        assert plots.color_for(cls.name) in plots.COLORS
    # fixed: the book's colours (Okabe-Ito), named here so that a change to the palette shows
    expected = {"GD": "#0072B2", "Momentum": "#D55E00", "Adam": "#009E73", "RMSprop": "#56B4E9"}
    assert {name: plots.color_for(name) for name in expected} == expected
    # the optimisers of one chapter's comparison are told apart
    assert len({plots.color_for(n) for n in ("GD", "Momentum", "Nesterov", "AdaGrad", "RMSprop",
                                              "Adam")}) == 6
    # an unknown name takes the index-th palette colour, whatever its name
    assert plots.color_for("mine", 2) == plots.color_for("other", 2) == plots.COLORS[2]


def test_figure_returns_white_figure_and_axes():
    fig, axes = plots.figure(ncols=2)
    assert fig.get_facecolor()[:3] == (1.0, 1.0, 1.0) and fig.get_facecolor()[3] == 1.0
    assert len(axes) == 2 and all(isinstance(a, Axes) for a in axes)


def test_contour_labels_axes_and_keys_minima(rosenbrock):
    ax = plots.contour(rosenbrock)
    assert isinstance(ax, Axes)
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("$x$", "$y$")
    assert ax.get_xlim() == rosenbrock.view[0]
    assert legend_labels(ax) == ["minimum"]
    assert ax.figure.get_facecolor()[:3] == (1.0, 1.0, 1.0)


def test_contour_marks_saddles_and_uses_greek_names():
    ax = plots.contour(gd.functions.saddle())
    assert legend_labels(ax) == ["saddle point"]
    theta = gd.Objective("theta_1**2 + 4*theta_2**2")
    ax = plots.contour(theta, xlim=(-2, 2), ylim=(-1, 1))
    assert (ax.get_xlabel(), ax.get_ylabel()) == (r"$\theta_{1}$", r"$\theta_{2}$")


def test_contour_refuses_a_1d_objective():
    with pytest.raises(ValueError, match="2 variables"):
        plots.contour(gd.functions.parabola())


def test_paths_one_legend_entry_per_run_and_diverged_dashed(rosenbrock, runs):
    ax = plots.paths(rosenbrock, runs)
    labels = legend_labels(ax)
    assert labels.count("start $\\theta_0$") == 1  # one start shared by the three runs
    assert {"GD", "Adam", "GD, α = 0.01 (diverged)", "minimum"} <= set(labels)
    assert len(labels) == len(runs) + 2
    styles = {line.get_label(): line.get_linestyle() for line in ax.lines}
    assert styles["GD, α = 0.01 (diverged)"] == "--"
    assert styles["GD"] == styles["Adam"] == "-"
    colors = {line.get_label(): line.get_color() for line in ax.lines if line.get_label() in runs}
    assert colors["Adam"] == plots.color_for("Adam")


def test_paths_from_a_list_labels_by_optimizer_and_separates_colours(rosenbrock, runs):
    ax = plots.paths(rosenbrock, list(runs.values()))
    labels = legend_labels(ax)
    assert "Adam" in labels and "GD, α = 0.001" in labels  # two GD runs told apart by α
    series = [line for line in ax.lines if line.get_label().startswith(("GD", "Adam"))]
    assert len({line.get_color() for line in series}) == len(series)


def test_paths_window_holds_runs_that_did_not_diverge():
    bowl = gd.functions.quadratic_bowl()
    res = gd.minimize(bowl, [-4.0, 0.5], gd.GD(lr=0.1))
    ax = plots.paths(bowl, res)
    assert ax.get_xlim()[0] < -4.0


@pytest.mark.parametrize("helper", [plots.losses, plots.grad_norms])
def test_curves_log_scale_labels_and_legend(helper, runs):
    ax = helper(runs)
    assert isinstance(ax, Axes)
    assert ax.get_yscale() == "log"
    assert ax.get_xlabel() == "iteration $t$" and ax.get_ylabel()
    assert legend_labels(ax) == ["GD", "Adam", "GD, α = 0.01 (diverged)"]
    dashed = [line.get_label() for line in ax.lines if line.get_linestyle() == "--"]
    assert dashed == ["GD, α = 0.01 (diverged)"]


def test_losses_falls_back_to_linear_for_negative_losses():
    res = gd.minimize(gd.functions.double_well(), [1.5], gd.GD(lr=0.1))
    ax = plots.losses(res)
    assert ax.get_yscale() == "linear" and ax.get_legend() is None  # one series: no key


def test_losses_baseline_plots_the_excess_loss_on_a_log_axis():
    """baseline=L*: the curve is L(θ_t) − L*; where it reaches 0 it is left out, not -inf."""
    f = gd.functions.double_well()  # losses go below 0, so the plain plot is linear
    res = gd.minimize(f, [1.5], gd.GD(lr=0.1), max_iter=400)
    l_star = float(min(res.losses))  # reached exactly: the excess is 0 at the end
    ax = plots.losses(res, baseline=l_star)
    assert ax.get_yscale() == "log" and "L^*" in ax.get_ylabel()
    y = ax.get_lines()[0].get_ydata()
    excess = np.asarray(res.losses) - l_star
    assert np.array_equal(np.isnan(y), excess <= 0)
    np.testing.assert_array_equal(y[excess > 0], excess[excess > 0])
    lin = plots.losses(res, baseline=l_star, logy=False)
    assert lin.get_yscale() == "linear"
    np.testing.assert_array_equal(lin.get_lines()[0].get_ydata(), excess)


def test_losses_baseline_must_be_below_the_losses():
    res = gd.minimize(gd.functions.double_well(), [1.5], gd.GD(lr=0.1), max_iter=50)
    with pytest.raises(ValueError, match="below baseline"):
        plots.losses(res, baseline=float(min(res.losses)) + 1.0)
    with pytest.raises(ValueError, match="finite"):
        plots.losses(res, baseline=float("nan"))


def test_losses_refuses_unknown_x(runs):
    with pytest.raises(ValueError, match="x must be one of"):
        plots.losses(runs, x="time")


def test_walk_1d_numbers_the_steps():
    f = gd.functions.parabola()
    res = gd.minimize(f, [2.5], gd.GD(lr=0.3), max_iter=5)
    ax = plots.walk_1d(f, res)
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("$x$", "$f(x)$")
    numbers = [t.get_text() for t in ax.texts if t.get_text()]
    assert numbers[:3] == ["0", "1", "2"]
    arrows = [t for t in ax.texts if not t.get_text()]
    assert len(arrows) == res.n_iter
    assert len(legend_labels(ax)) == 3  # curve, steps, minimum


def test_surface_is_3d_with_path(rosenbrock, runs):
    ax = plots.surface(rosenbrock, path=runs["Adam"])
    assert ax.name == "3d"
    assert ax.get_zlabel() == "$f(x, y)$"
    assert {"Adam", "minimum", "start $\\theta_0$"} == set(legend_labels(ax))


def test_gradient_field_arrows_have_unit_direction():
    f = gd.functions.quadratic_bowl(condition_number=4)
    ax = plots.gradient_field(f, n=7, negative=True)
    (quiver,) = [c for c in ax.collections if type(c).__name__ == "Quiver"]
    assert np.allclose(np.hypot(quiver.U, quiver.V)[np.hypot(quiver.U, quiver.V) > 0], 1.0)
    # −∇f at a point with x > 0, y = 0 points left (towards the minimum)
    x, y = quiver.X, quiver.Y
    right = (x > 0.5) & (np.abs(y) < 1e-9)
    assert right.any() and np.all(quiver.U[right] < 0)
    assert "$-\\nabla f$, direction only" in legend_labels(ax)


def test_sweep_marks_divergence():
    bowl = gd.functions.quadratic_bowl(condition_number=10)
    lrs = [0.01, 0.05, 0.1, 0.19, 0.25, 0.3]
    finals = [gd.minimize(bowl, [2.0, 1.0], gd.GD(lr=a), max_iter=300) for a in lrs]
    assert [r.diverged for r in finals] == [False] * 4 + [True] * 2
    ax = plots.sweep(lrs, finals)
    assert ax.get_xscale() == "log" and ax.get_xlabel() == "learning rate α"
    assert legend_labels(ax) == ["final loss", "diverged", "divergence cliff"]
    (cliff,) = [line for line in ax.lines if line.get_linestyle() == ":" and len(line.get_xdata())]
    assert 0.19 < cliff.get_xdata()[0] < 0.25
    crosses = [line for line in ax.lines if line.get_marker() == "X" and len(line.get_xdata())]
    assert list(crosses[0].get_xdata()) == [0.25, 0.3]


def test_sweep_accepts_floats_with_inf_as_diverged():
    ax = plots.sweep([0.1, 1.0, 10.0], [1e-3, 1e-6, np.inf], label="GD")
    assert "diverged" in legend_labels(ax) and "GD" in legend_labels(ax)
    with pytest.raises(ValueError, match="differ in length"):
        plots.sweep([0.1, 1.0], [1.0])


def test_helpers_draw_on_a_given_axes(rosenbrock, runs):
    fig, (left, right) = plots.figure(ncols=2)
    assert plots.paths(rosenbrock, runs, ax=left) is left
    assert plots.losses(runs, ax=right) is right
    assert len(fig.axes) == 2


def test_epoch_axis_needs_training_results(runs):
    with pytest.raises(ValueError, match="training results"):
        plots.losses(runs, x="epoch")
