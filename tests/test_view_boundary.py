"""The decision-boundary view and figure helper of chapter 10."""

import json

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import gdkit as gd  # noqa: E402
from gdkit.pictures.plots import decision_boundary  # noqa: E402
from gdkit.pictures.views.boundary import (  # noqa: E402
    CLASS_COLORS,
    DecisionBoundary,
    Snapshot,
)

data = gd.two_moons(n=60)
logistic = gd.LogisticRegression()


def snapshot(theta, now=2.0):
    return Snapshot(np.asarray(theta, float), np.arange(4.0), np.array([0.7, 0.5, 0.4, 0.3]), now,
                    "GD")


def test_regions_follow_the_classifier():
    # w = (0, 1), b = 0: label 1 exactly where x2 > 0, so the boundary is the line x2 = 0
    view = DecisionBoundary(logistic, data, xlim=(-2, 2), ylim=(-2, 2), n=21)
    ex = gd.Explorer(view, lambda s: snapshot([0.0, s, 0.0]), s=gd.Slider(1.0, 2.0, 1.0))
    plane = ex.frames()["0"]["p"][0]
    polygons = [p for p in plane if p[0] == "p"]
    assert {p[1] for p in polygons} == {c + "40" for c in CLASS_COLORS}, "one tint per class"
    panel = ex._ensure_panels()[0]
    boundary = [p for p in plane if p[0] == "l"]
    assert boundary, "the p = 1/2 line is drawn"
    ys = boundary[0][4][1::2]
    assert max(abs(y - round(float(panel.Y(0.0)))) for y in ys) <= 1, "boundary lies on x2 = 0"
    # the label-1 tint covers the upper half (small pixel y)
    upper = next(p for p in polygons if p[1] == CLASS_COLORS[1] + "40")
    assert max(upper[2][1::2]) <= round(float(panel.Y(0.0))) + 1


def test_readout_accuracy_and_loss_so_far():
    X, y = data
    theta = logistic.init(d=2)
    view = DecisionBoundary(logistic, data)
    text = gd.Explorer(view, lambda k: snapshot(theta, now=k), k=gd.Slider(1, 2, 1)).frames()["1"]["t"]
    accuracy = np.mean(logistic.predict(theta, X) == y)
    assert text == f"GD: epoch 2, loss 0.4, accuracy {accuracy:.0%}"


def test_holes_are_joined_into_one_polygon_per_region():
    # a ring-shaped probability: label 1 inside a disc, a hole in the label-0 region
    class Disc:
        def forward(self, theta, X):
            return (np.hypot(X[:, 0], X[:, 1]) < theta[0]).astype(float) * 0.8 + 0.1

        def predict(self, theta, X):
            return (self.forward(theta, X) >= 0.5).astype(float)

    view = DecisionBoundary(Disc(), data, xlim=(-2, 2), ylim=(-2, 2), n=30, curve=False)
    ex = gd.Explorer(view, lambda r: snapshot([r]), r=gd.Slider(1.0, 2.0, 1.0))
    plane = ex.frames()["0"]["p"][0]
    tints = [p[1] for p in plane if p[0] == "p"]
    assert tints.count(CLASS_COLORS[0] + "40") == 1 and tints.count(CLASS_COLORS[1] + "40") == 1


def test_static_html_is_small_and_deterministic():
    net = gd.MLP(sizes=(2, 8, 1))
    res = gd.fit(net, data, gd.Adam(lr=0.02), batch_size=20, epochs=6, record_every=3)

    def compute(epoch):
        return Snapshot(res.path[epoch], np.arange(7), res.epoch_losses, epoch, "Adam")

    ex = gd.Explorer(DecisionBoundary(net, data), compute, epoch=gd.Slider(0, 6, 1))
    html = ex.to_html()
    assert len(html.encode()) < 60_000
    assert html == ex.to_html()
    frames = json.loads(html.split('class="gdx-data">')[1].split("</script>")[0])["frames"]
    assert len(frames) == 7 and frames["0"]["p"] != frames["6"]["p"]


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="2 input features"):
        DecisionBoundary(logistic, (np.zeros((5, 3)), np.zeros(5)))
    with pytest.raises(ValueError, match="n must be an integer"):
        DecisionBoundary(logistic, data, n=2)
    with pytest.raises(TypeError, match="Snapshot"):
        gd.Explorer(DecisionBoundary(logistic, data), lambda k: [0.0, 0.0, 0.0],
                    k=gd.Slider(0, 1, 1)).frames()


def test_matplotlib_helper_draws_regions_points_and_boundary():
    ax = decision_boundary(logistic, [0.0, 1.0, 0.0], data, title="epoch 0")
    assert ax.get_title() == "epoch 0"
    assert len(ax.collections) >= 4  # two filled regions, the boundary, two point clouds
    assert ax.get_xlabel() == "$x_1$"
    plt.close(ax.figure)
