"""Pieces several apps use."""
