"""Organizations, reporting editions and their AI activities; import and export."""
