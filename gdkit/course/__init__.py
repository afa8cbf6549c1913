"""The course layer: quick checks (engine and bank) and the revision pages' rendering.

It imports the maths (and the pictures if needed); nothing in the maths or the pictures imports it.
"""
