"""Installing gdkit where its dependencies are already present installs gdkit alone.

Colab preinstalls NumPy, SymPy, matplotlib and ipywidgets 7.7.1; the chapters' bootstrap cell
runs ``%pip install gdkit@...``. If gdkit's requirements asked for more than Colab has (as
``ipywidgets>=8`` once did), pip would upgrade Colab's packages and could break its widget
front end. ``make.py test`` runs this file in the lower-bounds environment (Colab-like, with
ipywidgets 7.7.1) and in the locked one: in both, pip's plan must be "gdkit, nothing else".
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_pip_would_install_only_gdkit() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--quiet", "--report", "-",
         "--no-build-isolation", str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    report = json.loads(out.stdout)
    planned = sorted(item["metadata"]["name"].lower() for item in report["install"])
    assert planned == ["gdkit"], f"pip would also install or upgrade: {planned}"
