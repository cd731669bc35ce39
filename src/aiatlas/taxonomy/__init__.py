"""The 17 SDGs, their 169 targets and the indicators, in the six UN languages."""
