"""Fuzzing the formula parser: any text gives an Objective or an ObjectiveError, quickly.

Hypothesis builds formula-like strings from tokens (numbers from tiny to huge, powers, nested
calls) and arbitrary text; for each one ``gd.Objective`` must either succeed, and then evaluate
to a float (NaN allowed outside the domain) with a finite-shaped gradient, or raise
``ObjectiveError``, never another exception, and within a time budget. The same strings go
through a quick check's formula marking. Derandomised, so CI sees the same examples every run.
"""

from __future__ import annotations

import time

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gdkit as gd
import gdkit.course.checks as quickchecks
import gdkit.objective as objective
from gdkit.course.checks import Formula

BUDGET = 0.5  # seconds of construction allowed per example (the default is 5 s)
LIMIT = 3.0  # seconds an example may take in all, with evaluation and a loaded machine

TOKENS = [
    "x",
    "y",
    "z",
    "w",
    "0",
    "1",
    "2",
    "9",
    "10",
    "309",
    "1e308",
    "1e-300",
    "0.1",
    "1.5",
    "1e-320",
    "+",
    "-",
    "*",
    "/",
    "**",
    "^",
    "**",
    "(",
    ")",
    "(",
    ")",
    "pi",
    "E",
    "sin(",
    "exp(",
    "log(",
    "sqrt(",
    "tanh(",
    "atan(",
    ".",
    "e",
    " ",
    ",",
    "abs(",
    "j",
    "_",
    "__",
    "lambda",
]
formula_like = st.lists(st.sampled_from(TOKENS), min_size=1, max_size=25).map("".join)
powers = st.builds(
    lambda base, exps: base + "".join(f"**{e}" for e in exps),
    st.sampled_from(["x", "(x+x)", "(2*x)", "sqrt(2)", "pi", "1e-300", "(x+y+1)", "E", "9"]),
    st.lists(
        st.sampled_from(["2", "9", "309", "0.5", "1e3", "(10**3)", "-400", "1.5"]), max_size=4
    ),
)
anything = st.text(max_size=40)

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture
def short_budget(monkeypatch):
    monkeypatch.setattr(objective, "BUILD_SECONDS", BUDGET)
    monkeypatch.setattr(quickchecks, "PROOF_SECONDS", BUDGET)
    monkeypatch.setattr(quickchecks, "NUMERIC_SECONDS", BUDGET)


def _objective_contract(text: str) -> None:
    start = time.perf_counter()
    try:
        f = gd.Objective(text)
    except gd.ObjectiveError as error:
        assert str(error)
    else:
        point = np.full(f.dim, 0.5)
        with np.errstate(all="ignore"):
            value, grad = f(point), f.grad(point)
        assert isinstance(value, float)
        assert grad.shape == (f.dim,) and grad.dtype == np.float64
    assert time.perf_counter() - start < LIMIT, text


@SETTINGS
@given(text=formula_like | powers | anything)
def test_objective_accepts_or_refuses_cleanly(short_budget, text):
    _objective_contract(text)


@SETTINGS
@given(text=formula_like | powers)
def test_quick_check_marks_any_formula_quickly(short_budget, text):
    start = time.perf_counter()
    mark = Formula(question="?", answer="x**2 + cos(y)", hint="h").mark(text)
    assert mark.correct in (True, False)
    assert time.perf_counter() - start < 2 * LIMIT, text
