"""The programme's operations: keyword-only, one transaction each, domain exceptions."""
