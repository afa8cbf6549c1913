r"""Every claim, number and answer of the revision part, recomputed (issue #11).

Covers the 10-mark answer (the core answer's length and its ten marked sentences, the marking
scheme, the numbers of the model answers), the cheat sheet (stability ranges, Polyak's optimum,
the Taylor decrease, the noise floor, Robbins–Monro, AdaGrad's α/√t, the sigmoid bound) and the
self-check answers, each against SymPy or gdkit.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

import gdkit as gd
from gdkit.course import revision

ROOT = Path(__file__).resolve().parents[1]
REVISION = ROOT / "chapters" / "revision"


def _markdown(notebook: str) -> str:
    cells = json.loads((REVISION / notebook).read_text(encoding="utf-8"))["cells"]
    return "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def _code(notebook: str) -> str:
    cells = json.loads((REVISION / notebook).read_text(encoding="utf-8"))["cells"]
    return "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")


TEN = _markdown("ten_mark_answer.ipynb")
CHEAT = _markdown("cheat_sheet.ipynb")
SELF = (REVISION / "self_check.md").read_text(encoding="utf-8")
GLOSSARY = (REVISION / "glossary.md").read_text(encoding="utf-8")

# --------------------------------------------------------------------------------------------
# Shared algebra: the iteration matrices of heavy ball and Nesterov on L = λθ²/2 (a = αλ)

a, b = sp.symbols("a beta", positive=True)
z = sp.Symbol("z")  # no assumptions: charpoly builds its variable from the bare name


def heavy_ball_matrix(a_, b_):
    """(θ_t, θ_{t-1}) from (θ_{t-1}, θ_{t-2}): θ_t = (1 + β − a)θ_{t-1} − βθ_{t-2}."""
    return sp.Matrix([[1 + b_ - a_, -b_], [1, 0]])


def nesterov_pytorch_matrix(a_, b_):
    """(αv_t, θ_t) from (αv_{t-1}, θ_{t-1}) in PyTorch's form, v_t = βv + g, θ -= α(g + βv_t)."""
    # αv_t = β αv_{t-1} + a θ ; θ_t = θ − a θ − β αv_t = (1 − a − aβ)θ − β² αv_{t-1}
    return sp.Matrix([[b_, a_], [-(b_**2), 1 - a_ - a_ * b_]])


def nesterov_sutskever_matrix(a_, b_):
    """(u_t, θ_t) from (u_{t-1}, θ_{t-1}): u_t = βu − αλ(θ + βu), θ_t = θ + u_t."""
    return sp.Matrix([[b_ * (1 - a_), -a_], [b_ * (1 - a_), 1 - a_]])


def _radius(matrix) -> float:
    return max(abs(complex(e)) for e in np.linalg.eigvals(np.array(matrix, dtype=float)))


# --------------------------------------------------------------------------------------------
# The 10-mark answer

CORE = re.compile(
    r"^::::\{admonition\}[^\n]*\n:class:[^\n]*\bgd-core-answer\b[^\n]*\n(.*?)^::::\s*$",
    re.S | re.M,
)
BADGE = "{bdg-success}`1 mark`"


def core_answer() -> str:
    (match,) = CORE.finditer(TEN)
    return match.group(1)


def count_words(text: str) -> int:
    """Words of the answer a student writes: badges dropped, each formula one word."""
    text = re.sub(r"\{bdg-[a-z-]+\}`[^`]*`", " ", text)
    text = re.sub(r"\$\$.*?\$\$", " MATH ", text, flags=re.S)
    text = re.sub(r"\$[^$]+\$", " MATH ", text)
    text = re.sub(r"[*_`]", "", text)
    return sum(1 for w in text.split() if re.search(r"\w", w))


def test_core_answer_is_about_the_stated_length_and_at_most_500_words() -> None:
    n = count_words(core_answer())
    assert n <= 500, f"the core answer has {n} words, more than 500"
    stated = {int(s) for s in re.findall(r"about (\d+) words", TEN)}
    assert len(stated) == 1, stated
    (about,) = stated
    assert abs(n - about) <= 0.1 * about, f"the page says about {about} words, the answer has {n}"


def test_core_answer_has_ten_marked_bold_sentences_one_per_mark() -> None:
    core = core_answer()
    assert core.count(BADGE) == 10
    # every badge directly follows a bold sentence: "...**" then the badge
    assert len(re.findall(r"\*\*\s*" + re.escape(BADGE), core)) == 10
    sentences = re.findall(r"\*\*([^*]+?)\*\*\s*" + re.escape(BADGE), core)
    assert len(sentences) == 10 and all(len(s.split()) >= 8 for s in sentences)
    # the five parts of the notes' exam summary, each with its two marks
    parts = re.split(r"\*\*\d\. [A-Z][^*]*\*\*", core)[1:]
    assert [p.count(BADGE) for p in parts] == [2, 2, 2, 2, 2]


def test_core_answer_uses_the_books_notation_and_names_pros_and_cons() -> None:
    core = core_answer()
    assert r"\theta_t = \theta_{t-1} - \alpha\,\nabla L(\theta_{t-1})" in core
    for foreign in ("f(x)", "w_{t+1}", r"\eta", "v_t = \\beta_2"):
        assert foreign not in core
    assert "advantages" in core.lower() and "limitations" in core.lower()
    assert "L(\\theta)" in core and "Diagram" in core


def test_marking_scheme_adds_up_to_ten_marks_and_eighteen_minutes() -> None:
    table = TEN.split("## The marking scheme", 1)[1].split("## The core answer", 1)[0]
    rows = [r for r in table.splitlines() if r.startswith("| ") and "---" not in r]
    body = [r.split("|")[1:-1] for r in rows[1:]]
    value = {"—": 0, "½": 0.5, "1": 1, "2": 2, "2½": 2.5, "5": 5, "3": 3, "4": 4}
    marks = [value[c[2].strip()] for c in body if not c[0].strip().startswith("**")]
    minutes = [value[c[3].strip()] for c in body if not c[0].strip().startswith("**")]
    assert sum(marks) == 10 and marks.count(2) == 5
    assert sum(minutes) == 18 and math.isclose(18 / 10, 1.8)
    assert "**10** | **18**" in table


def test_diagram_uses_the_books_notation() -> None:
    code = _code("ten_mark_answer.ipynb")
    assert r"$L(\theta)$" in code and "theta" in code
    assert "parabola()" not in code, "gd.functions.parabola is written in x and f(x)"
    nb = json.loads((REVISION / "ten_mark_answer.ipynb").read_text(encoding="utf-8"))
    alt = next(
        c["metadata"]["mystnb"]["image"]["alt"]
        for c in nb["cells"]
        if c["cell_type"] == "code" and "mystnb" in c["metadata"]
    )
    assert "L(theta)" in alt and "f(x)" not in alt


def test_model_answers_numbers() -> None:
    # momentum: 10× effective step at β = 0.9; heavy-ball 3.8 against Nesterov 1.357 at β = 0.9
    assert "10× for\n$\\beta = 0.9$" in TEN or "10× for $\\beta = 0.9$" in TEN
    assert "about $1.357$ at $\\beta = 0.9$, against $3.8$ for heavy ball" in TEN
    assert math.isclose(2 * 1.9 / 2.8, 1.357, abs_tol=5e-4)
    # RMSprop's first step is α/√(1−ρ): 10α at ρ = 0.99 (gdkit has no bias correction for it)
    opt = gd.RMSprop(lr=0.01, rho=0.99)
    theta, _ = opt.step(np.array([0.0]), np.array([3.0]), opt.init(np.array([0.0])))
    assert math.isclose(-theta[0], 10 * 0.01, rel_tol=1e-6)
    assert "$\\alpha/\\sqrt{1-\\rho}$ (10× $\\alpha$ for $\\rho = 0.99$)" in TEN
    # AdaGrad: a tenth of the first step after 100 steps (see the cheat-sheet test too)
    assert "a tenth of the first one after 100 steps" in TEN


def test_adam_bias_correction_algebra() -> None:
    t, k = sp.symbols("t k", integer=True, positive=True)
    b1 = sp.Symbol("beta_1", positive=True)
    mean = (1 - b1) * sp.summation(b1 ** (t - k), (k, 1, t))
    assert sp.simplify(mean - (1 - b1**t)) == 0
    # gdkit's Adam: the first step is α·sign(g₁) whatever |g₁| (up to ε)
    opt = gd.Adam(lr=0.01)
    theta, _ = opt.step(np.array([2.0, -3.0]), np.array([40.0, -0.002]), opt.init(np.zeros(2)))
    assert np.allclose(theta, [1.99, -2.99], atol=1e-6)


def test_backpropagation_answer_matches_a_numerical_gradient() -> None:
    """δ_D = h_D − y for a sigmoid output with cross-entropy; ∂L/∂W = δ h^T; ∂L/∂b = δ."""
    zz, y = sp.symbols("z y")
    p = 1 / (1 + sp.exp(-zz))
    loss = -y * sp.log(p) - (1 - y) * sp.log(1 - p)
    assert sp.simplify(sp.diff(loss, zz) - (p - y)) == 0
    rng = np.random.default_rng(0)
    W1, b1_, W2, b2_ = (
        rng.normal(size=(3, 2)),
        rng.normal(size=3),
        rng.normal(size=(1, 3)),
        rng.normal(size=1),
    )
    x, target = rng.normal(size=2), 1.0

    def forward(W1, b1_, W2, b2_):
        h1 = np.tanh(W1 @ x + b1_)
        out = 1 / (1 + np.exp(-(W2 @ h1 + b2_)))
        return h1, out, float(-(target * np.log(out) + (1 - target) * np.log(1 - out))[0])

    h1, out, _ = forward(W1, b1_, W2, b2_)
    delta2 = out - target
    delta1 = (W2.T @ delta2) * (1 - h1**2)
    grad_W1 = np.outer(delta1, x)
    step = 1e-5
    E = np.zeros_like(W1)
    E[1, 0] = step
    numeric = (forward(W1 + E, b1_, W2, b2_)[2] - forward(W1 - E, b1_, W2, b2_)[2]) / (2 * step)
    assert abs(numeric - grad_W1[1, 0]) / abs(numeric) < 1e-7


# --------------------------------------------------------------------------------------------
# The cheat sheet


def test_cheat_sheet_links_the_notation_page_and_uses_it() -> None:
    assert "</book/notation>" in CHEAT or "{doc}`/book/notation`" in CHEAT
    for wrong in ("4^{-n}", r"\rho(W)", r"\varepsilon_g", "T_{\\max}", r"\ell_i", r"O(p)"):
        assert wrong not in CHEAT, wrong
    assert "r(W)" in CHEAT and r"\tau_g" in CHEAT


def test_taylor_decrease() -> None:
    """L(θ − αg) = L(θ) − α‖g‖² + O(α²); on a quadratic the smooth bound holds with Λ = λ_max."""
    x, y, al = sp.symbols("x y alpha")
    L = sp.exp(x) * sp.cos(y) + x**4 * y
    grad = [sp.diff(L, v) for v in (x, y)]
    point = {x: sp.Rational(1, 3), y: sp.Rational(-1, 2)}
    g = [gi.subs(point) for gi in grad]
    moved = L.subs({x: point[x] - al * g[0], y: point[y] - al * g[1]}, simultaneous=True)
    first = sp.diff(moved, al).subs(al, 0)
    assert sp.simplify(first + (g[0] ** 2 + g[1] ** 2)) == 0
    assert (
        r"L(\theta - \alpha g) = L(\theta) - \alpha\lVert g\rVert^2 + O(\alpha^2) < L(\theta)"
        in CHEAT
    )
    H = np.array([[3.0, 1.0], [1.0, 2.0]])
    lam = np.linalg.eigvalsh(H).max()
    rng = np.random.default_rng(1)
    for alpha in (0.1, 0.3, 0.5, 2 / lam - 1e-3):
        th = rng.normal(size=2)
        gv = H @ th
        loss = lambda v: 0.5 * v @ H @ v  # noqa: E731
        assert loss(th - alpha * gv) <= loss(th) - alpha * (1 - lam * alpha / 2) * gv @ gv + 1e-12
        assert loss(th - alpha * gv) < loss(th)


def test_heavy_ball_stability_range() -> None:
    poly = heavy_ball_matrix(a, b).charpoly(z).as_expr()
    assert sp.expand(poly - (z**2 - (1 + b - a) * z + b)) == 0
    assert sp.solve(poly.subs(z, -1), a) == [2 * (1 + b)]
    for beta in (0.0, 0.5, 0.9):
        edge = 2 * (1 + beta)
        assert (
            _radius(heavy_ball_matrix(edge - 1e-3, beta))
            < 1
            < _radius(heavy_ball_matrix(edge + 1e-3, beta))
        )
    assert (
        "$0 < \\alpha\\lambda_i < 2(1+\\beta)$" in CHEAT
        and "$3.8/\\lambda_{\\max}$ at $\\beta = 0.9$" in CHEAT
    )
    # gdkit's Momentum agrees: converges just below 3.8/λ and diverges just above (λ = 10)
    f = gd.functions.parabola(curvature=10.0)
    below = gd.minimize(f, [1.0], gd.Momentum(lr=0.379, momentum=0.9), max_iter=20000)
    above = gd.minimize(f, [1.0], gd.Momentum(lr=0.381, momentum=0.9), max_iter=20000)
    assert below.stopped_by == "grad_tol" and above.stopped_by == "diverged"


def test_nesterov_stability_range_in_both_forms() -> None:
    target = z**2 - (1 + b) * (1 - a) * z + b * (1 - a)
    for matrix in (nesterov_pytorch_matrix, nesterov_sutskever_matrix):
        poly = matrix(a, b).charpoly(z).as_expr()
        assert sp.expand(poly - target) == 0
    edge = sp.solve(target.subs(z, -1), a)
    assert len(edge) == 1 and sp.simplify(edge[0] - 2 * (1 + b) / (1 + 2 * b)) == 0
    value = float(edge[0].subs(b, sp.Rational(9, 10)))
    assert f"{value:.3f}" == "1.357"
    for beta in (0.0, 0.5, 0.9):
        e = 2 * (1 + beta) / (1 + 2 * beta)
        for matrix in (nesterov_pytorch_matrix, nesterov_sutskever_matrix):
            assert _radius(matrix(e - 1e-3, beta)) < 1 < _radius(matrix(e + 1e-3, beta))
            # and stable on the whole range below the edge
            assert all(_radius(matrix(x, beta)) < 1 for x in np.linspace(1e-3, e - 1e-3, 50))
    f = gd.functions.parabola(curvature=10.0)
    below = gd.minimize(f, [1.0], gd.Nesterov(lr=0.1355, momentum=0.9), max_iter=20000)
    above = gd.minimize(f, [1.0], gd.Nesterov(lr=0.1360, momentum=0.9), max_iter=20000)
    assert below.stopped_by == "grad_tol" and above.stopped_by == "diverged"
    assert r"\frac{2(1+\beta)}{1+2\beta}" in CHEAT and "about $1.357/\\lambda_{\\max}$" in CHEAT


def test_polyak_optimum() -> None:
    lmin, kappa = 1.0, 25.0
    lmax = kappa * lmin
    alpha = 4 / (math.sqrt(lmax) + math.sqrt(lmin)) ** 2
    beta = ((math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1)) ** 2
    factor = (math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1)
    for lam in (lmin, 3.0, lmax):
        assert math.isclose(_radius(heavy_ball_matrix(alpha * lam, beta)), factor, rel_tol=1e-6)
    best_gd = (kappa - 1) / (kappa + 1)
    assert f"{best_gd:.2f}" == "0.92" and f"{factor:.2f}" == "0.67"


def test_noise_floor_formula() -> None:
    al, lam, s2 = sp.symbols("alpha lambda s2", positive=True)
    v = sp.Symbol("v")
    # stationary variance of θ_t = (1 − αλ)θ_{t-1} − α·noise, noise variance s² = σ_g²/B
    (stationary,) = sp.solve(sp.Eq(v, (1 - al * lam) ** 2 * v + al**2 * s2), v)
    excess = sp.simplify(lam * stationary / 2)
    assert sp.simplify(excess - al * s2 / (2 * (2 - al * lam))) == 0
    assert sp.limit(excess / al, al, 0) == s2 / 4
    assert (
        r"\frac{\alpha\sigma_g^2}{2B(2 - \alpha\lambda)} \approx \frac{\alpha\sigma_g^2}{4B}"
        in CHEAT
    )
    # self-check sc-exam-floor: 0.025 and 0.00625, and α = 0.2 with B = 4
    floor = lambda alpha, B: alpha * 2 / (4 * B)  # noqa: E731
    assert math.isclose(floor(0.05, 1), 0.025) and math.isclose(floor(0.05, 4), 0.00625)
    assert math.isclose(floor(0.2, 4), floor(0.05, 1))


def test_robbins_monro_sums() -> None:
    t = sp.Symbol("t", integer=True, positive=True)
    assert sp.summation(1 / t, (t, 1, sp.oo)) == sp.oo
    assert sp.summation(1 / t**2, (t, 1, sp.oo)) == sp.pi**2 / 6
    assert sp.Sum(1 / sp.sqrt(t), (t, 1, sp.oo)).is_convergent() is sp.false
    assert sp.Sum(1 / t, (t, 1, sp.oo)).is_convergent() is sp.false
    assert r"\sum_t \alpha_t = \infty" in CHEAT and r"\sum_t \alpha_t^2 < \infty" in CHEAT


def test_adagrad_step_on_a_constant_gradient() -> None:
    opt = gd.AdaGrad(lr=0.1, eps=1e-300)  # ε > 0 is required; this small it changes nothing
    theta, state = np.array([0.0]), opt.init(np.array([0.0]))
    steps = []
    for _ in range(100):
        new, state = opt.step(theta, np.array([2.5]), state)
        steps.append(float(theta[0] - new[0]))
        theta = new
    assert math.isclose(steps[0], 0.1, rel_tol=1e-9)
    assert math.isclose(steps[99] / steps[0], 0.1, rel_tol=1e-6)
    assert all(math.isclose(s, 0.1 / math.sqrt(k + 1), rel_tol=1e-6) for k, s in enumerate(steps))
    assert r"the step is $\alpha/\sqrt t$ (a tenth of the first after" in CHEAT


def test_sigmoid_bound_needs_the_weight_norms() -> None:
    zz = sp.Symbol("z", real=True)
    s = 1 / (1 + sp.exp(-zz))
    ds = sp.diff(s, zz)
    assert sp.simplify(ds.subs(zz, 0)) == sp.Rational(1, 4)
    assert sp.solve(sp.diff(ds, zz), zz) == [0]
    rng = np.random.default_rng(0)
    D, n = 10, 5
    jac, bound = np.eye(n), 1.0
    for _ in range(D):
        W = rng.normal(size=(n, n))
        W /= np.linalg.norm(W, 2)  # ‖W_ℓ‖₂ = 1
        h = rng.normal(size=n)
        zl = W @ h
        sig = 1 / (1 + np.exp(-zl))
        jac = np.diag(sig * (1 - sig)) @ W @ jac
        bound *= 0.25 * np.linalg.norm(W, 2)
    assert np.linalg.norm(jac, 2) <= bound <= 4.0**-D + 1e-15
    assert f"{4.0**-10:.1e}" == "9.5e-07"
    # without the hypothesis on ‖W_ℓ‖₂ there is no 4^{-D} bound: the product of the bounds can
    # exceed 1 (whether real sigmoid units then stay unsaturated is another matter)
    W = 8 * np.eye(n)
    assert np.linalg.norm(np.diag(np.full(n, 0.25)) @ W, 2) == 2.0
    assert r"\prod_\ell \tfrac14\lVert W_\ell\rVert_2" in CHEAT and "**if** every" in CHEAT


def test_cheat_sheet_numbers_and_rules() -> None:
    assert math.isclose(1 / (1 - 0.9), 10) and math.isclose(1 / (1 - 0.999), 1000)
    assert "10 for $0.9$, 1000 for $0.999$" in CHEAT
    rules = revision.update_rules_markdown(["Adam"])
    assert "s_{t}" in rules and "v_{t}" not in rules
    code = _code("cheat_sheet.ipynb")
    assert "÷γ" not in code and "×γ every P steps" in code
    step = gd.schedules.step(0.1, every=100, factor=0.5)
    assert step(100) == 0.1 and step(101) == 0.05  # multiplied by γ every P steps


def test_cheat_sheet_schedule_table_matches_gdkit() -> None:
    """The rendered formulas (period P, 1/t constant k as on the notation page) evaluate to gdkit's."""
    nb = json.loads((REVISION / "cheat_sheet.ipynb").read_text(encoding="utf-8"))
    (table,) = [
        o["data"]["text/markdown"] for c in nb["cells"] if c["cell_type"] == "code"
        for o in c.get("outputs", []) if "| schedule |" in "".join(o.get("data", {}).get("text/markdown", ""))
    ]
    table = "".join(table)
    assert r"\gamma^{\lfloor (t-1)/P \rfloor}" in table and "/k" not in table
    assert r"\frac{\alpha_0}{1 + k\,(t-1)}" in table
    a0, gamma, P, k, T, W = 0.1, 0.5, 100, 0.01, 1000, 100
    formulas = {
        gd.schedules.step(a0, every=P, factor=gamma): lambda t: a0 * gamma ** ((t - 1) // P),
        gd.schedules.exponential(a0, gamma=gamma): lambda t: a0 * gamma ** (t - 1),
        gd.schedules.inverse_time(a0, decay=k): lambda t: a0 / (1 + k * (t - 1)),
        gd.schedules.cosine(a0, total_steps=T): lambda t: 0.5 * a0 * (1 + math.cos(math.pi * (t - 1) / T)),
        gd.schedules.warmup(a0, steps=W): lambda t: t / W * a0 if t <= W else a0,  # (t ≤ W)
    }
    for schedule, formula in formulas.items():
        for t in (1, 2, 50, 100, 101, 201):
            assert math.isclose(schedule(t), formula(t), rel_tol=1e-12), (schedule, t)
    notation = (ROOT / "book" / "notation.md").read_text(encoding="utf-8")
    assert "| $P$ | the period of step decay" in notation and "| $k$ | the decay constant" in notation


def test_cheat_sheet_step_counts_and_step_bounds() -> None:
    # best fixed rate: (κ−1)/(κ+1) per step, so about (κ/2)·ln(1/τ) steps to shrink the error by τ
    for kappa in (100.0, 1000.0):
        exact = math.log(1e6) / math.log((kappa + 1) / (kappa - 1))
        assert math.isclose(exact, kappa / 2 * math.log(1e6), rel_tol=1e-3)
    assert r"$\approx\frac\kappa2\ln\frac1\tau$ steps to cut the error by $\tau$" in CHEAT
    # Adam: α·sign(g₁) at t = 1, then typically ≲ α but with no strict bound: Kingma & Ba's is
    # approximate, α(1−β₁)/√(1−β₂) ≈ 3.2α at the defaults, and a gradient after a long run of
    # zeros steps more than α
    assert f"{0.1 / math.sqrt(0.001):.1f}" == "3.2"
    assert r"then typically (not always) $\lesssim \alpha$" in CHEAT
    opt = gd.Adam(lr=0.01)
    theta, state = np.zeros(1), opt.init(np.zeros(1))
    for _ in range(200):
        theta, state = opt.step(theta, np.zeros(1), state)
    new, _ = opt.step(theta, np.ones(1), state)
    assert abs(float(new[0] - theta[0])) > 0.01
    # AdaGrad never steps more than α (s_t ≥ g_t²); RMSprop at most α/√(1−ρ)
    rng = np.random.default_rng(3)
    for opt, cap in ((gd.AdaGrad(lr=0.1), 0.1), (gd.RMSprop(lr=0.1, rho=0.99), 0.1 / math.sqrt(0.01))):
        theta, state = np.zeros(3), opt.init(np.zeros(3))
        for _ in range(200):
            g = rng.normal(size=3) * rng.choice([1e-3, 1.0, 1e3], size=3)
            new, state = opt.step(theta, g, state)
            assert np.all(np.abs(new - theta) <= cap * (1 + 1e-12))
            theta = new
    # the clipping threshold is g_max (c is a convex-combination weight) on every revision page
    for text in (CHEAT, TEN, SELF, GLOSSARY):
        assert r"c/\lVert g\rVert" not in text
    assert r"g_{\max}/\lVert g\rVert" in CHEAT and r"g_{\max}/\lVert g\rVert" in GLOSSARY


def test_cheat_sheet_critical_damping_newton_and_armijo() -> None:
    """The new cheat-sheet lines: critical damping (1 ∓ √β)², |z| = √β, the lower bound, Newton."""
    s = sp.Symbol("s", positive=True)  # s = √β
    disc = sp.expand((1 + s**2 - a) ** 2 - 4 * s**2)
    assert sorted(sp.solve(disc, a), key=lambda e: e.subs(s, sp.Rational(1, 2))) == [
        (1 - s) ** 2, (1 + s) ** 2] or {sp.expand(r) for r in sp.solve(disc, a)} == {
        sp.expand((1 - s) ** 2), sp.expand((1 + s) ** 2)}
    poly = heavy_ball_matrix((1 - s) ** 2, s**2).charpoly(z).as_expr()
    assert sp.expand(poly - (z - s) ** 2) == 0  # double root √β at critical damping
    for beta in (0.25, 0.81):
        lo, hi = (1 - math.sqrt(beta)) ** 2, (1 + math.sqrt(beta)) ** 2
        for x in np.linspace(lo + 1e-3, hi - 1e-3, 7):
            assert np.allclose(np.abs(np.linalg.eigvals(np.array(heavy_ball_matrix(x, beta), dtype=float))),
                               math.sqrt(beta))
    assert r"$\alpha\lambda = (1 - \sqrt\beta)^2$" in CHEAT and r"$\lvert z\rvert = \sqrt\beta$" in CHEAT
    assert r"(1 - \sqrt\beta)^2 < \alpha\lambda < (1 + \sqrt\beta)^2" in CHEAT
    assert "{cite}`nesterov2004`" in CHEAT and r"\theta_0 + \operatorname{span}\{g_k\}" in CHEAT
    # Newton: one step on a quadratic; the Armijo condition as gdkit's backtracking applies it
    assert r"\theta_t = \theta_{t-1} - H^{-1} g_t" in CHEAT
    assert r"L(\theta - \alpha g) \le L(\theta) - c_1\alpha \lVert g\rVert^2" in CHEAT
    f = gd.Objective("theta**2")
    step = gd.line_search.backtracking(f, [1.0], lr0=1.0, shrink=0.5, c=1e-4)
    assert step.accepted and step.lr == 0.5 and f([1.0 - step.lr * 2.0]) <= f([1.0]) - 1e-4 * step.lr * 4
    # momentum under noise: at the matched effective step the floor is SGD's (within 5 %)
    sgd = gd.stability.stationary_variance("heavy ball", 0.1, 0.0, 1.0, 1.0)
    hb = gd.stability.stationary_variance("heavy ball", 0.01, 0.9, 1.0, 1.0)
    assert 0.9 < hb / sgd < 1.0 and "{cite}`yuan2016`" in CHEAT


# --------------------------------------------------------------------------------------------
# The self-check questions

EXERCISE = re.compile(
    r"```\{exercise\}\n:label: (?P<label>[\w-]+)\n(?P<q>.*?)\n```\s*\n"
    r"```\{solution\} (?P=label)\n(?::class: [^\n]*\n)?(?P<a>.*?)\n```(?=\s*\n|\s*$)",
    re.S,
)
QUESTIONS = {m["label"]: (m["q"], m["a"]) for m in EXERCISE.finditer(SELF)}


def answer(label: str) -> str:
    return QUESTIONS[label][1]


def test_self_check_count_matches_the_introduction() -> None:
    assert len(QUESTIONS) == SELF.count("```{exercise}") == 63
    assert SELF.startswith("(revision-self-check)=") and "Sixty-three questions" in SELF


def test_self_check_arithmetic() -> None:
    assert math.isclose(np.mean((np.array([2, 4, 3]) - np.array([1, 4, 5])) ** 2), 5 / 3)
    assert "$5/3 \\approx 1.67$" in answer("sc-01-mse")
    run = gd.minimize(gd.Objective("theta**2"), [3.0], gd.GD(lr=0.25), max_iter=2, grad_tol=None)
    assert np.allclose(run.path[1:, 0], [1.5, 0.75])
    x, y = sp.symbols("x y")
    L = x**2 * y + 3 * y
    assert [sp.diff(L, v).subs({x: 1, y: 2}) for v in (x, y)] == [4, 4]
    # linear regression at w = b = 0 on (0, 1), (1, 3)
    xs, ys = np.array([0.0, 1.0]), np.array([1.0, 3.0])
    r = 0 * xs - ys
    assert (2 / 2 * np.sum(r * xs), 2 / 2 * np.sum(r)) == (-3.0, -4.0)
    # 4θ²: λ = 8, limit 0.25, one step at 0.125
    assert sp.diff(4 * x**2, x, 2) == 8 and "$\\alpha > 2/\\lambda = 0.25$" in answer("sc-04-limit")
    assert f"{2 / 51:.3f}" == "0.039" and f"{49 / 51:.2f}" == "0.96"
    assert (50_000 // 50_000, 50_000, math.ceil(50_000 / 100)) == (1, 50_000, 500)


def test_self_check_schedules_use_the_books_indexing() -> None:
    text = answer("sc-04-schedule")
    assert r"\alpha_0\gamma^{t-1}" in text and r"\alpha_0/(1 + k(t-1))" in text
    assert r"\gamma^{t}" not in text and "1+kt" not in text
    exp = gd.schedules.exponential(0.1, gamma=0.5)
    inv = gd.schedules.inverse_time(0.1, decay=1.0)
    assert exp(1) == 0.1 and math.isclose(exp(3), 0.1 * 0.5**2)
    assert inv(1) == 0.1 and math.isclose(inv(3), 0.1 / 3)
    assert math.isclose(gd.schedules.warmup(0.1, steps=500)(100), 0.02)


def test_self_check_momentum_and_adam() -> None:
    for beta, factor in ((0.9, 10), (0.99, 100)):
        opt = gd.Momentum(lr=1.0, momentum=beta)
        state = opt.init(np.zeros(1))
        theta = np.zeros(1)
        for _ in range(3000):
            new, state = opt.step(theta, np.ones(1), state)
            last, theta = float(theta[0] - new[0]), new
        assert math.isclose(last, factor, rel_tol=1e-6)
    assert "$m_1 = 0.9 \\cdot 0 + 0.1 \\cdot 2 = 0.2$" in answer("sc-07-bias")
    opt = gd.Adam(lr=1.0, beta1=0.9)
    _, state = opt.step(np.zeros(1), np.array([2.0]), opt.init(np.zeros(1)))
    assert math.isclose(float(state.m[0]), 0.2) and math.isclose(float(state.m[0]) / 0.1, 2.0)
    assert f"{1 - 0.9**50:.3f}" == "0.995" and f"{1 - 0.999**50:.3f}" == "0.049"
    assert "0.995" in answer("sc-exam-bias") and "0.049" in answer("sc-exam-bias")


def test_self_check_landscapes() -> None:
    x, y = sp.symbols("x y")
    assert sorted(sp.hessian(x**2 + x * y + y**2, (x, y)).eigenvals()) == [1, 3]
    assert sorted(sp.hessian(x**2 - 3 * y**2, (x, y)).eigenvals()) == [-6, 2]
    f = gd.Objective("x**2 - y**2")
    run = gd.minimize(f, [1.0, 1e-6], gd.GD(lr=0.1), max_iter=3, grad_tol=None)
    assert np.allclose(run.path[1:, 1] / run.path[:-1, 1], 1 + 2 * 0.1)


def test_self_check_deep_networks() -> None:
    assert math.isclose(0.25**10, 2.0**-20) and f"{2.0**-20:.1e}" == "9.5e-07"
    assert f"{0.9**50:.3f}" == "0.005" and round(1.1**50) == 117
    W = np.diag([0.9, -0.5])  # symmetric: ‖W^50‖₂ = r(W)^50
    assert math.isclose(np.linalg.norm(np.linalg.matrix_power(W, 50), 2), 0.9**50)
    g = np.array([6.0, 8.0])
    assert np.allclose(g * min(1, 5 / np.linalg.norm(g)), [3, 4])
    assert r"\lVert W_\ell\rVert_2 \le 1" in QUESTIONS["sc-11-sigmoid"][0]


def test_gradient_check_threshold_is_the_chapters() -> None:
    ch10 = json.loads((ROOT / "chapters" / "10_backprop_and_deep_learning.ipynb").read_text())
    text = "".join("".join(c["source"]) for c in ch10["cells"] if c["cell_type"] == "markdown")
    assert "10^{-7}" in text
    assert "10^{-7}" in answer("sc-10-check") and "10^{-6}" not in answer("sc-10-check")


def test_self_check_momentum_limits_and_robbins_monro() -> None:
    lam, beta = 10.0, 0.9
    assert math.isclose(2 / lam, 0.2) and math.isclose(2 * (1 + beta) / lam, 0.38)
    assert f"{2 * (1 + beta) / ((1 + 2 * beta) * lam):.3f}" == "0.136"
    assert "\\approx 0.136" in answer("sc-exam-momentum-limit")
    assert "Only $\\alpha/t$" in answer("sc-exam-robbins")


def test_newton_one_step_on_a_quadratic() -> None:
    H = np.array([[3.0, 1.0], [1.0, 2.0]])
    theta = np.array([1.0, -2.0])
    assert np.allclose(theta - np.linalg.solve(H, H @ theta), 0)


def test_self_check_learning_rate_factor_per_step() -> None:
    """sc-04-factor: r(α) = max|1 − αλ_i| on λ = 1, 4, measured on a run from a generic start."""
    H = np.diag([1.0, 4.0])
    f = gd.Objective("theta_1**2 / 2 + 2 * theta_2**2")
    assert np.allclose(f.hess([0.3, -0.2]), H)
    for alpha, factor in ((0.25, 0.75), (0.4, 0.6), (0.45, 0.8)):
        assert math.isclose(max(abs(1 - alpha * lam) for lam in (1.0, 4.0)), factor)
        run = gd.minimize(f, [1.0, 1.0], gd.GD(lr=alpha), max_iter=30, grad_tol=None)
        err = np.linalg.norm(run.path, axis=1)
        assert math.isclose(err[-1] / err[-2], factor, rel_tol=1e-6)
    lmin, lmax = sp.Integer(1), sp.Integer(4)
    assert 2 / (lmin + lmax) == sp.Rational(2, 5) and (4 - 1) / sp.Integer(4 + 1) == sp.Rational(3, 5)
    text = answer("sc-04-factor")
    assert "$\\max(0.75, 0) = 0.75$" in text and "$\\max(0.6, 0.6) = 0.6$" in text
    assert "$\\max(0.55, 0.8) = 0.8$" in text and "3/5" in text


def test_self_check_critical_damping() -> None:
    """sc-06-critical: β = 1/4 gives the window (1 ∓ √β)² = 1/4, 9/4 and the limit 5/2."""
    beta = sp.Rational(1, 4)
    disc = sp.expand((1 + beta - a) ** 2 - 4 * beta)
    assert sorted(sp.solve(disc, a)) == [sp.Rational(1, 4), sp.Rational(9, 4)]
    assert sp.solve(heavy_ball_matrix(a, beta).charpoly(z).as_expr().subs(z, -1), a) == [sp.Rational(5, 2)]
    assert math.isclose(float(gd.stability.critical_damping("heavy ball", 0.25)), 0.25)
    low, high = gd.stability.complex_window("heavy ball", 0.25)
    assert math.isclose(float(low), 0.25) and math.isclose(float(high), 2.25)
    assert math.isclose(float(gd.stability.stability_limit("heavy ball", 0.25)), 2.5)
    for x in (0.1, 0.25):  # real, non-negative roots: monotone
        roots = np.roots([1, -(1.25 - x), 0.25])
        assert np.all(np.abs(roots.imag) < 1e-7) and np.all(roots.real > 0)
    for x in (0.5, 1.0, 2.0):  # complex roots of modulus exactly √β = 0.5
        roots = np.roots([1, -(1.25 - x), 0.25])
        assert np.all(np.abs(roots.imag) > 0) and np.allclose(np.abs(roots), 0.5)
    for x in (2.3, 2.49):  # real, negative, inside the unit circle
        roots = np.roots([1, -(1.25 - x), 0.25])
        assert np.all(np.abs(roots.imag) < 1e-12) and np.all(roots.real < 0)
        assert np.all(np.abs(roots) < 1)
    assert max(abs(np.roots([1, -(1.25 - 2.51), 0.25]))) > 1
    text = answer("sc-06-critical")
    assert "$0.25$ and $2.25$" in text and "$2(1 + \\beta) = 2.5$" in text


def test_self_check_polyak_pair_and_lower_bound() -> None:
    """sc-06-polyak: κ = 100 gives α = 4/121, β = (9/11)², factor 9/11 against GD's 99/101."""
    alpha, beta, factor = gd.stability.polyak_optimum(1.0, 100.0)
    assert math.isclose(alpha, 4 / 121) and math.isclose(beta, (9 / 11) ** 2)
    assert math.isclose(factor, 9 / 11)
    assert (f"{alpha:.3f}", f"{beta:.3f}", f"{factor:.3f}") == ("0.033", "0.669", "0.818")
    assert math.isclose(_radius(heavy_ball_matrix(alpha * 100, beta)), factor, rel_tol=1e-6)
    assert math.isclose(_radius(heavy_ball_matrix(alpha * 1, beta)), factor, rel_tol=1e-6)
    assert f"{99 / 101:.3f}" == "0.980"
    assert round(1 / math.log(101 / 99)) == 50 and round(1 / math.log(11 / 9)) == 5
    text = answer("sc-06-polyak")
    assert "4/121 \\approx 0.033" in text and "(9/11)^2 \\approx 0.669" in text
    assert "9/11 \\approx 0.818" in text and "99/101 \\approx 0.980" in text
    assert "{cite}`nesterov2004`" in text and "first-order" in text


def test_self_check_noisy_momentum_floor() -> None:
    """sc-06-noise: the stationary variance, derived with SymPy and checked against gdkit."""
    al, bt, lam, s2 = sp.symbols("alpha beta lambda sigma2", positive=True)
    # heavy ball in (θ_t, θ_{t−1}): θ_t = (1 + β − αλ)θ_{t−1} − βθ_{t−2} − α ξ_t
    M = heavy_ball_matrix(al * lam, bt)
    p11, p12, p22 = sp.symbols("p11 p12 p22")
    P = sp.Matrix([[p11, p12], [p12, p22]])
    noise = sp.Matrix([-al, 0])
    eqs = list(P - (M * P * M.T + s2 * noise * noise.T))
    sol = sp.solve([eqs[0], eqs[1], eqs[3]], [p11, p12, p22], dict=True)[0]
    var = sp.simplify(sol[p11])
    formula = al * s2 * (1 + bt) / (lam * (1 - bt) * (2 * (1 + bt) - al * lam))
    assert sp.simplify(var - formula) == 0
    floor = lambda alpha, beta: float((lam * formula / 2).subs({al: alpha, bt: beta, lam: 1, s2: 1}))  # noqa: E731
    assert (f"{floor(0.1, 0):.3f}", f"{floor(0.1, 0.9):.2f}", f"{floor(0.01, 0.9):.3f}") == ("0.026", "0.26", "0.025")
    assert math.isclose(floor(0.1, 0.9), 0.19 / 0.74) and math.isclose(floor(0.01, 0.9), 0.019 / 0.758)
    assert math.isclose(floor(0.1, 0), 0.1 / 3.8)
    for alpha, beta in ((0.1, 0.0), (0.1, 0.9), (0.01, 0.9)):
        var_gd = gd.stability.stationary_variance("heavy ball", alpha, beta, 1.0, 1.0)
        assert math.isclose(var_gd / 2, floor(alpha, beta), rel_tol=1e-9)
    text = answer("sc-06-noise")
    assert "0.1/3.8 \\approx 0.026" in text and "0.19/0.74 \\approx 0.26" in text
    assert "0.019/0.758 \\approx 0.025" in text and "{cite}`yuan2016`" in text


def test_self_check_logistic_separable() -> None:
    """sc-08-logistic: strictly convex, no minimiser, w grows like ln t while the gradient → 0."""
    w = sp.Symbol("w", real=True)
    sig = lambda u: 1 / (1 + sp.exp(-u))  # noqa: E731
    mean_ce = (-sp.log(1 - sig(-2 * w)) - sp.log(sig(2 * w))) / 2
    L = sp.log(1 + sp.exp(-2 * w))
    assert sp.simplify(sp.expand_log(sp.simplify(mean_ce - L), force=True)) == 0 or all(
        math.isclose(float(mean_ce.subs(w, v)), float(L.subs(w, v))) for v in (-1.5, 0.0, 0.7, 3.0)
    )
    assert sp.simplify(sp.diff(L, w) + 2 * sig(-2 * w)) == 0
    d2 = sp.diff(L, w, 2)
    assert sp.simplify(d2 - 4 * sig(2 * w) * (1 - sig(2 * w))) == 0
    assert sp.limit(L, w, sp.oo) == 0 and sp.solve(sp.diff(L, w), w) == []
    f = gd.Objective("log(1 + exp(-2*w))")
    ws = [gd.minimize(f, [0.0], gd.GD(lr=1.0), max_iter=T, grad_tol=None).theta[0] for T in (10, 100, 1000)]
    assert ws[0] < ws[1] < ws[2]
    assert all(0.5 < (w2 - w1) / (0.5 * math.log(10)) < 1.5 for w1, w2 in zip(ws, ws[1:]))
    assert abs(float(f.grad([ws[2]])[0])) < 1e-3
    text = answer("sc-08-logistic")
    assert "**no minimiser**" in text and "Convex does not mean a minimiser exists" in text


def test_self_check_armijo_worked_number() -> None:
    """sc-13-armijo: on 2θ² from θ = 1, α = 1 and 1/2 are rejected, 1/4 accepted after 3 evaluations."""
    loss = lambda th: 2 * th**2  # noqa: E731
    g, c1 = 4.0, 0.1
    assert [loss(1 - al * g) <= loss(1) - c1 * al * g**2 for al in (1, 0.5, 0.25)] == [False, False, True]
    assert [loss(1 - al * g) for al in (1, 0.5, 0.25)] == [18, 2, 0]
    assert [loss(1) - c1 * al * g**2 for al in (1, 0.5, 0.25)] == [pytest.approx(v) for v in (0.4, 1.2, 1.6)]
    step = gd.line_search.backtracking(gd.Objective("2*theta**2"), [1.0], lr0=1.0, shrink=0.5, c=0.1)
    assert step.accepted and step.lr == 0.25 and step.n_evals == 3
    text = answer("sc-13-armijo")
    assert "$L(1 - 4) = 18 > 2 - 1.6 = 0.4$" in text and "$L(0) = 0 \\le 2 - 0.4 = 1.6$" in text


def test_self_check_newton_lands_on_the_saddle() -> None:
    """sc-13-saddle: one pure Newton step on x² − y² from (3, 2) lands on (0, 0); GD is pushed away."""
    f = gd.Objective("x**2 - y**2")
    g, H = f.grad([3.0, 2.0]), f.hess([3.0, 2.0])
    assert np.allclose(g, [6, -4]) and np.allclose(H, np.diag([2, -2]))
    assert np.allclose(np.linalg.solve(H, g), [3, 2])
    run = gd.line_search.newton(f, [3.0, 2.0], line_search=False, max_iter=1, grad_tol=None)
    assert np.allclose(run.path[-1], [0, 0])
    gd_run = gd.minimize(f, [3.0, 2.0], gd.GD(lr=0.1), max_iter=3, grad_tol=None)
    assert np.allclose(gd_run.path[1:, 1] / gd_run.path[:-1, 1], 1.2)
    assert "lands on $(0, 0)$" in answer("sc-13-saddle")


def test_self_check_appendices() -> None:
    """sc-a-transient: r(M) = 0.5 but the entry 10·t·0.5^(t−1) is 10, 10, 7.5; sc-b-nonconvex: 0.1."""
    M = np.array([[0.5, 10.0], [0.0, 0.5]])
    assert math.isclose(_radius(M), 0.5)
    tops = [np.linalg.matrix_power(M, t)[0, 1] for t in (1, 2, 3, 10)]
    assert np.allclose(tops[:3], [10, 10, 7.5]) and f"{tops[3]:.1f}" == "0.2"
    tt = sp.Symbol("t", integer=True, positive=True)
    Ms = sp.Matrix([[sp.Rational(1, 2), 10], [0, sp.Rational(1, 2)]])
    assert all(sp.simplify((Ms**k)[0, 1] - (10 * tt * sp.Rational(1, 2) ** (tt - 1)).subs(tt, k)) == 0
               for k in range(1, 8))
    assert np.linalg.norm(np.linalg.matrix_power(M, 60), 2) < 1e-14
    # the non-convex bound at α = 1/Λ, and a check on a non-convex Λ-smooth loss
    Lam, gap, T = 10, 5, 1000
    alpha = 1 / Lam
    assert math.isclose(2 * gap / (alpha * (2 - alpha * Lam) * T), 0.1) and f"{math.sqrt(0.1):.2f}" == "0.32"
    f = gd.Objective("theta**2 + 3*sin(theta)**2")  # L'' = 2 + 6cos 2θ ≤ 8: Λ = 8, L* = 0
    run = gd.minimize(f, [2.5], gd.GD(lr=1 / 8), max_iter=50, grad_tol=None)
    grads = np.array([abs(float(f.grad(p)[0])) for p in run.path[:-1]])
    assert all(grads[: k].min() ** 2 <= 2 * 8 * f(run.path[0]) / k for k in range(1, 51))
    assert "\\frac{100}{1000} = 0.1" in answer("sc-b-nonconvex")


# --------------------------------------------------------------------------------------------
# The glossary


def test_glossary_entries_use_the_notation_and_link_a_chapter() -> None:
    body = re.search(r"```\{glossary\}\n(.*?)\n```", GLOSSARY, re.S).group(1)
    entries = [e for e in re.split(r"\n\s*\n", body) if not e.startswith(":")]
    assert len(entries) >= 80
    for entry in entries:
        assert re.search(r"See\s+\{doc\}`\.\./\d\d_", entry), entry.splitlines()[0]
        for target in re.findall(r"\{doc\}`\.\./(\d\d_[a-z0-9_]+)`", entry):
            assert (ROOT / "chapters" / f"{target}.ipynb").is_file(), target
    for wrong in (r"\rho(W)", r"(1 - \alpha\lambda)\theta", r"\sqrt{\hat v_t}", "$p \\times p$"):
        assert wrong not in GLOSSARY, wrong
    # a non-convex function is *not convex*, not "one with several valleys"
    assert "A function that is not convex" in GLOSSARY
