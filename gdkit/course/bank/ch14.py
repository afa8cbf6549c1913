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
    ),
    "ch14-momentum-speedup": Number(
        question=(
            "Gradient descent with its best fixed α needs a number of steps growing like κ, tuned "
            "heavy-ball momentum like √κ. For κ = 10⁴, about how many times fewer steps does "
            "momentum need?"
        ),
        answer=100.0,
        hint="divide κ by √κ.",
    ),
}
