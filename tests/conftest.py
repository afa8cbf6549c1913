"""Shared test settings.

Hypothesis explores new random examples on every local run; ``python make.py test`` (and so
CI) sets ``HYPOTHESIS_PROFILE=ci``, which derandomizes it: the same examples every run, so a
passing commit cannot fail later on a random draw. Run plain ``pytest`` to explore.
"""

from __future__ import annotations

import os

try:
    from hypothesis import settings
except ImportError:  # .venv-lower runs two test files that need no hypothesis
    settings = None

if settings is not None:
    settings.register_profile("ci", derandomize=True, print_blob=True)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
