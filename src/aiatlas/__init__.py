"""aiatlas: a living atlas of AI activities for the Sustainable Development Goals."""

__version__ = "0.1.0"
