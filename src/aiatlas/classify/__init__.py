"""Offline SDG classification: goal and target suggestions with a score and the evidence.

The core (``aiatlas.classify.engine`` and friends) is plain Python and does not import Django.
"""
