"""Operations: backup and restore of a whole installation (database and data files)."""
