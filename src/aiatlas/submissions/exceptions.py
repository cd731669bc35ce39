"""Domain errors of submissions; views, the API and commands translate them."""

from __future__ import annotations


class SubmissionError(Exception):
    """Base class: the message is safe to show to the user."""


class UploadRejected(SubmissionError):
    """The upload as a whole cannot be used (too many files, a zip bomb …)."""
