"""Management commands of the classify app."""
