r"""Every optimiser's update rule as SymPy equations: the one source of the book's formulas.

The cheat sheet and the revision pages print these rules (:func:`rule_latex`), and the tests
evaluate them on sample numbers (:func:`evaluate_rule`) and compare with the optimiser's own
``step``, so the formulas a student learns cannot drift from the code that runs.

A rule is a list of assignments ``lhs = rhs`` applied in order, element-wise. Symbols ending in
``_{t-1}`` are the state before the step (or θ_{t−1}); symbols defined by an earlier line may be
used by later lines.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import sympy as sp

__all__ = ["Rule", "RULES", "rule_latex", "evaluate_rule"]

S = sp.Symbol
theta_prev, theta = S(r"\theta_{t-1}"), S(r"\theta_t")
g, t = S("g_t"), S("t")
alpha, beta, beta1, beta2 = S(r"\alpha"), S(r"\beta"), S(r"\beta_1"), S(r"\beta_2")
eps, rho, omega, psi = S(r"\varepsilon"), S(r"\rho"), S(r"\omega"), S(r"\psi")
v_prev, v = S("v_{t-1}"), S("v_t")
m_prev, m = S("m_{t-1}"), S("m_t")
s_prev, s = S("s_{t-1}"), S("s_t")
sd_prev, sd = S(r"s^{\Delta}_{t-1}"), S(r"s^{\Delta}_t")
m_hat, s_hat = S(r"\hat m_t"), S(r"\hat s_t")
smax_prev, smax = S(r"s^{\max}_{t-1}"), S(r"s^{\max}_t")
delta = S(r"\Delta_t")
mu, mu_next, Pi_prev, Pi = S(r"\beta_{1,t}"), S(r"\beta_{1,t+1}"), S(r"\Pi_{t-1}"), S(r"\Pi_t")


class Rule(NamedTuple):
    """An update rule: the assignments, and how its symbols map to the optimiser's names."""

    lines: list[tuple[sp.Symbol, sp.Expr]]
    hyper: dict[sp.Symbol, str]  # symbol -> hyper-parameter attribute
    state: dict[sp.Symbol, str]  # previous-state symbol -> state field
    new_state: dict[sp.Symbol, str]  # new-state symbol -> state field


def _rules() -> dict[str, Rule]:
    with sp.evaluate(False):
        one = sp.Integer(1)
        adam_moments = [
            (m, beta1 * m_prev + (one - beta1) * g),
            (s, beta2 * s_prev + (one - beta2) * g**2),
            (m_hat, m / (one - beta1**t)),
            (s_hat, s / (one - beta2**t)),
        ]
        adam_hyper = {alpha: "lr", beta1: "beta1", beta2: "beta2", eps: "eps"}
        adam_state = {m_prev: "m", s_prev: "s"}
        adam_step = theta_prev - alpha * m_hat / (sp.sqrt(s_hat) + eps)
        rules = {
            "GD": Rule([(theta, theta_prev - alpha * g)], {alpha: "lr"}, {}, {}),
            "Momentum": Rule(
                [(v, beta * v_prev + g), (theta, theta_prev - alpha * v)],
                {alpha: "lr", beta: "momentum"}, {v_prev: "velocity"}, {v: "velocity"},
            ),
            "Nesterov": Rule(
                [(v, beta * v_prev + g), (theta, theta_prev - alpha * (g + beta * v))],
                {alpha: "lr", beta: "momentum"}, {v_prev: "velocity"}, {v: "velocity"},
            ),
            "AdaGrad": Rule(
                [(s, s_prev + g**2), (theta, theta_prev - alpha * g / (sp.sqrt(s) + eps))],
                {alpha: "lr", eps: "eps"}, {s_prev: "sum_squares"}, {s: "sum_squares"},
            ),
            "RMSprop": Rule(
                [
                    (s, rho * s_prev + (one - rho) * g**2),
                    (theta, theta_prev - alpha * g / (sp.sqrt(s) + eps)),
                ],
                {alpha: "lr", rho: "rho", eps: "eps"}, {s_prev: "mean_square"},
                {s: "mean_square"},
            ),
            "Adam": Rule(
                [*adam_moments, (theta, adam_step)], adam_hyper, adam_state, {m: "m", s: "s"}
            ),
            "AdamW": Rule(
                [*adam_moments, (theta, (one - alpha * omega) * theta_prev - alpha * m_hat / (sp.sqrt(s_hat) + eps))],
                {**adam_hyper, omega: "weight_decay"}, adam_state, {m: "m", s: "s"},
            ),
            "AMSGrad": Rule(
                [
                    *adam_moments[:3],
                    (smax, sp.Max(smax_prev, s)),
                    (theta, theta_prev - alpha * m_hat / (sp.sqrt(smax / (one - beta2**t)) + eps)),
                ],
                adam_hyper, {**adam_state, smax_prev: "s_max"}, {m: "m", s: "s", smax: "s_max"},
            ),
            "NAdam": Rule(
                [
                    (mu, beta1 * (one - sp.Rational(1, 2) * sp.Float(0.96) ** (t * psi))),
                    (mu_next, beta1 * (one - sp.Rational(1, 2) * sp.Float(0.96) ** ((t + one) * psi))),
                    (Pi, Pi_prev * mu),
                    *adam_moments[:2],
                    adam_moments[3],
                    (
                        theta,
                        theta_prev
                        - alpha / (sp.sqrt(s_hat) + eps)
                        * ((one - mu) * g / (one - Pi) + mu_next * m / (one - Pi * mu_next)),
                    ),
                ],
                {**adam_hyper, psi: "momentum_decay"}, {**adam_state, Pi_prev: "mu_product"},
                {m: "m", s: "s", Pi: "mu_product"},
            ),
            "Adadelta": Rule(
                [
                    (s, rho * s_prev + (one - rho) * g**2),
                    (delta, sp.sqrt(sd_prev + eps) / sp.sqrt(s + eps) * g),
                    (sd, rho * sd_prev + (one - rho) * delta**2),
                    (theta, theta_prev - alpha * delta),
                ],
                {alpha: "lr", rho: "rho", eps: "eps"},
                {s_prev: "mean_square", sd_prev: "mean_square_delta"},
                {s: "mean_square", sd: "mean_square_delta"},
            ),
        }
    return rules


RULES: dict[str, Rule] = _rules()


def rule_latex(name: str) -> list[str]:
    """The rule of optimiser ``name`` as LaTeX lines ``lhs = rhs``, in the book's notation.

    Examples
    --------
    >>> rule_latex("GD")
    ['\\\\theta_{t} = \\\\theta_{t-1} - \\\\alpha g_{t}']
    """
    return [f"{sp.latex(lhs)} = {sp.latex(rhs, order='none')}" for lhs, rhs in RULES[name].lines]


def evaluate_rule(optimizer, theta_value, grad_value, state) -> tuple[np.ndarray, dict]:
    """Apply ``optimizer``'s symbolic rule element-wise to numbers: (θ_t, new state fields).

    The independent twin of ``optimizer.step(theta_value, grad_value, state)``, used by tests.
    """
    rule = RULES[optimizer.name]
    theta_value, grad_value = np.asarray(theta_value, float), np.asarray(grad_value, float)
    new_theta = np.empty_like(theta_value)
    new_state = {field: np.empty_like(theta_value) for field in rule.new_state.values()}
    for i in range(theta_value.size):
        values = {sym: getattr(optimizer, attr) for sym, attr in rule.hyper.items()}
        values[alpha] = optimizer.lr_at(state.t + 1)  # a number, or the schedule's value at t
        values |= {theta_prev: theta_value[i], g: grad_value[i], t: state.t + 1}
        for sym, field in rule.state.items():
            current = getattr(state, field)
            values[sym] = current[i] if np.ndim(current) else current
        for lhs, rhs in rule.lines:
            values[lhs] = float(rhs.subs(values).doit())
        new_theta[i] = values[theta]
        for sym, field in rule.new_state.items():
            new_state[field][i] = values[sym]
    return new_theta, new_state
