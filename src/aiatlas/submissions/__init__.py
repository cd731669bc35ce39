"""Calls for contributions, focal-point submissions, two-tier review, the 2-pager DOCX."""
