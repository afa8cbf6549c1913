"""The pictures layer: palette, matplotlib plots, SVG primitives, the explorer and its views.

It imports the maths, never the course. ``plots`` imports matplotlib when first used
(``gd.plots``); the explorer imports ipywidgets only for the live widget.
"""
