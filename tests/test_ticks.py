"""Axis ticks of the explorers, computed by gdkit (not by a plotting library's locator, whose
rules change between versions and would change the stored pages)."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from gdkit.pictures.svg import linear_ticks, log_ticks, readout

finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


@given(finite, finite)
def test_linear_ticks_are_round_inside_and_few(a: float, b: float) -> None:
    lo, hi = min(a, b), max(a, b)
    ticks = linear_ticks(lo, hi)
    assert len(ticks) <= 6
    assert ticks == sorted(ticks)
    slack = 1e-9 * (hi - lo)
    assert all(lo - slack <= t <= hi + slack for t in ticks)
    if hi - lo > 1e-9 * max(1.0, abs(lo)):
        assert len(ticks) >= 2, "a real range gets at least two ticks"
        steps = {round(t1 - t0, 9) for t0, t1 in zip(ticks, ticks[1:])}
        assert len(steps) == 1, "evenly spaced"
        step = steps.pop()
        mantissa = step / 10 ** math.floor(math.log10(step))
        assert any(math.isclose(mantissa, m, rel_tol=1e-6) for m in (1, 2, 2.5, 5, 10))


@given(st.floats(-15, 8), st.floats(0.05, 20))
def test_log_ticks_are_powers_of_ten_inside(log_lo: float, decades: float) -> None:
    lo, hi = 10.0**log_lo, 10.0 ** (log_lo + decades)
    ticks = log_ticks(lo, hi)
    assert len(ticks) <= 6
    assert all(lo * (1 - 1e-9) <= t <= hi * (1 + 1e-9) for t in ticks)
    assert all(math.isclose(math.log10(t), round(math.log10(t)), abs_tol=1e-9) for t in ticks)
    if decades >= 1.0:
        assert ticks, "a range of a decade or more contains a power of ten"


def test_readouts_never_print_rounding_noise() -> None:
    assert readout(2.43e-13) == "< 1e-12" and readout(-4.29e-16, signed=True) == "≈ 0"
    assert readout(1.2345e-5) == "1.23e-05" and readout(0.0) == "0" and readout(12.5) == "12.5"
    assert readout(float("inf")) == "inf" and readout(float("nan")) == "nan"
