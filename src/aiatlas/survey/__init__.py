"""Member State surveys: XLSForm questionnaires, invitations, responses and results."""
