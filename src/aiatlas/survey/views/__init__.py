"""Survey pages: respondent (token links), staff (manage) and results."""
