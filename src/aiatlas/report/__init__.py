"""The edition report: executive summary with traceable figures, charts, one chapter per
entity, PDF and web."""
