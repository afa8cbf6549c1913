"""Deprecated: the quick-check engine moved to :mod:`gdkit.course.checks` and the questions to
:mod:`gdkit.course.bank` (the old paths work for one release)."""

import warnings

from gdkit.course import bank as _bank
from gdkit.course.checks import *  # noqa: F403
from gdkit.course.checks import __all__  # noqa: F401

warnings.warn(
    "gdkit.quickchecks is deprecated and goes in the next release; import gdkit.course.checks "
    "(the engine) or gdkit.course.bank (the questions) instead",
    DeprecationWarning,
    stacklevel=2,
)

#: ``gdkit.quickchecks.chNN`` still finds the bank's modules.
__path__ = list(_bank.__path__)
