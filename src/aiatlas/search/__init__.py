"""Full-text and faceted search over activities (FTS5 on SQLite, PostgreSQL full text)."""
