"""Pieces every app may use; common imports no app."""
