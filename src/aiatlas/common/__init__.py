"""Pieces several apps use (below every app: imports nothing of aiatlas but settings)."""
