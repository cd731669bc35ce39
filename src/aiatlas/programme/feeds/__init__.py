"""Schedule feeds built from the queries' sessions: iCalendar and frab (XML and JSON)."""
