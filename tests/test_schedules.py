"""Learning-rate schedules: values at chosen steps worked out by hand, shapes, bad arguments."""

from __future__ import annotations

import math

import numpy as np
import pytest

import gdkit as gd
from gdkit import schedules

T = np.arange(1, 401)


def values(schedule, steps=T):
    return np.array([schedule(int(t)) for t in steps])


def test_constant():
    s = schedules.constant(0.1)
    assert np.all(values(s) == 0.1) and type(s(1)) is float
    assert repr(s) == "constant(0.1)"


def test_step_decay_cuts_every_k_steps():
    s = schedules.step(0.1, every=10, factor=0.5)
    assert [s(1), s(10), s(11), s(20), s(21), s(31)] == pytest.approx(
        [0.1, 0.1, 0.05, 0.05, 0.025, 0.0125], rel=1e-15
    )
    assert repr(s) == "step(0.1, every=10, factor=0.5)"


def test_exponential_decay():
    s = schedules.exponential(1.0, gamma=0.9)
    assert s(1) == 1.0 and s(3) == pytest.approx(0.81, rel=1e-15)
    assert schedules.exponential(0.5, gamma=1.0)(1000) == 0.5  # γ = 1 is constant


def test_inverse_time_decay():
    s = schedules.inverse_time(1.0, decay=0.5)
    assert [s(1), s(3), s(201)] == pytest.approx([1.0, 0.5, 1 / 101], rel=1e-15)
    assert schedules.inverse_time(0.3, decay=0)(50) == 0.3


def test_cosine_annealing():
    s = schedules.cosine(1.0, total_steps=100, lr_min=0.1)
    assert s(1) == 1.0
    assert s(51) == pytest.approx(0.55, rel=1e-15)  # halfway: the average of the two ends
    assert s(26) == pytest.approx(0.1 + 0.45 * (1 + math.cos(math.pi / 4)), rel=1e-15)
    assert s(101) == pytest.approx(0.1) and s(10_000) == pytest.approx(0.1)  # then flat
    assert schedules.cosine(2.0, total_steps=10)(11) == pytest.approx(0.0, abs=1e-16)


def test_warmup_ramps_linearly_then_hands_over():
    s = schedules.warmup(schedules.exponential(0.1, gamma=0.5), steps=4)
    assert [s(1), s(2), s(4)] == pytest.approx([0.025, 0.05, 0.1], rel=1e-15)
    assert [s(5), s(6)] == pytest.approx([0.1, 0.05], rel=1e-15)  # the inner schedule from t = 1
    w = schedules.warmup(0.2, steps=10)  # a number means a constant after the warm-up
    assert w(5) == pytest.approx(0.1) and w(11) == w(500) == 0.2
    assert repr(w) == "warmup(constant(0.2), steps=10)"


@pytest.mark.parametrize(
    "schedule",
    [
        schedules.step(0.1, every=7),
        schedules.exponential(0.1, gamma=0.99),
        schedules.inverse_time(0.1, decay=0.1),
        schedules.cosine(0.1, total_steps=300, lr_min=1e-3),
    ],
    ids=repr,
)
def test_decays_never_increase_and_stay_positive(schedule):
    v = values(schedule)
    assert v[0] == pytest.approx(0.1)
    assert np.all(np.diff(v) <= 1e-18) and np.all(v > 0)


@pytest.mark.parametrize(
    "schedule",
    [
        schedules.constant(1.0),
        schedules.step(1.0, every=3),
        schedules.exponential(1.0, gamma=0.5),
        schedules.inverse_time(1.0, decay=1.0),
        schedules.cosine(1.0, total_steps=5),
        schedules.warmup(1.0, steps=3),
    ],
    ids=repr,
)
def test_every_schedule_counts_steps_from_one_and_has_a_formula(schedule):
    with pytest.raises(ValueError, match="schedules count steps from 1, got t=0"):
        schedule(0)
    assert schedule.latex.startswith(r"\alpha_t")
    assert isinstance(schedule.description, str) and repr(schedule) == schedule.description


def test_optimizers_follow_the_schedule():
    s = schedules.cosine(0.1, total_steps=10)
    opt = gd.Adam(lr=s)
    assert [opt.lr_at(t) for t in (1, 6, 11)] == [s(1), s(6), s(11)]
    res = gd.minimize(gd.functions.parabola(), [1.0], gd.GD(lr=s), max_iter=3, grad_tol=None)
    x = 1.0
    for t in (1, 2, 3):
        x -= s(t) * x
    assert res.theta[0] == pytest.approx(x, rel=1e-15)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: schedules.constant(0), "lr must be a finite number > 0, got 0"),
        (lambda: schedules.constant(float("nan")), "lr must be a finite number > 0"),
        (lambda: schedules.step(0.1, every=0), "every must be an integer >= 1, got 0"),
        (lambda: schedules.step(0.1, every=2.5), "every must be an integer >= 1"),
        (lambda: schedules.step(0.1, every=10, factor=0), "factor must be a finite number > 0"),
        (lambda: schedules.exponential(0.1, gamma=1.5), r"gamma must be in \(0, 1\]"),
        (lambda: schedules.exponential(0.1, gamma=0), "gamma must be a finite number > 0"),
        (lambda: schedules.exponential(-0.1, gamma=0.9), "lr must be a finite number > 0"),
        (lambda: schedules.inverse_time(0.1, decay=-1), "decay must be a finite number >= 0"),
        (lambda: schedules.cosine(0.1, total_steps=0), "total_steps must be an integer >= 1"),
        (lambda: schedules.cosine(0.1, total_steps=10, lr_min=0.2), r"lr_min \(0.2\) must not"),
        (lambda: schedules.cosine(0.1, total_steps=10, lr_min=-1), "lr_min must be a finite"),
        (lambda: schedules.warmup(0.1, steps=0), "steps must be an integer >= 1, got 0"),
        (lambda: schedules.warmup(-0.1, steps=5), "lr must be a finite number > 0"),
    ],
)
def test_bad_schedule_arguments(make, message):
    with pytest.raises(ValueError, match=message):
        make()
