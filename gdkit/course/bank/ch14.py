"""Quick checks of chapter 14 (advantages and limitations of gradient descent)."""

from gdkit.course.checks import Number, Option

CHECKS = {
    "ch14-no-cliff": Option(
        question=(
            "On a ravine with λ_max = 100, plain gradient descent diverges for α > 0.02. Which "
            "optimiser (both momentum forms with β = 0.9) can run there with α = 1 without "
            "diverging: GD, Momentum, Nesterov or Adam?"
        ),
        options=("GD", "Momentum", "Nesterov", "Adam"),
        answer="Adam",
        hint=(
            "GD and both momentum forms diverge above a limit of order 1/λ_max (0.02, 0.038 and "
            "about 0.0136 here); look for the update whose step is divided by the size of recent "
            "gradients, so that it stays a few times α long at most however large the gradient is."
        ),
        explanation=r"""
Adam. GD and both forms of momentum take steps proportional to the gradient, so above their
stability limits the error grows geometrically. Those limits differ: $\alpha < 2/\lambda_{\max} = 0.02$
for GD, $\alpha < 2(1+\beta)/\lambda_{\max} = 0.038$ for heavy ball, and
$\alpha < 2(1+\beta)/\bigl((1+2\beta)\,\lambda_{\max}\bigr) \approx 0.0136$ for Nesterov in PyTorch's form,
with $\beta = 0.9$ ({ref}`ch06` derives them); all are far below $1$. Adam divides each gradient
component by the root of its recent mean square, so each step is at most a few times $\alpha$ long
{cite}`kingma2015` and cannot grow with the error; with a large constant $\alpha$ it hovers near the
minimum instead of diverging.
""",
    ),
    "ch14-momentum-speedup": Number(
        question=(
            "Gradient descent with its best fixed α needs a number of steps growing like κ, tuned "
            "heavy-ball momentum like √κ. For κ = 10⁴, about how many times fewer steps does "
            "momentum need?"
        ),
        answer=100.0,
        hint="divide κ by √κ.",
        explanation=r"""
$\kappa/\sqrt\kappa = \sqrt\kappa = 100$ times fewer. The measured table of this chapter shows the
same trend: from $\kappa = 10$ to $1000$ plain GD's steps grew about 120-fold, momentum's
about 13-fold, close to the predicted $100$ and $10$.
""",
    ),
}
