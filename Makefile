# The README's two commands are `python3 dev.py demo` and `python3 dev.py test`;
# these targets are shortcuts for them and for the developer tools.
PY ?= python3

.PHONY: demo test lint format bench

demo:
	$(PY) dev.py demo

test:
	$(PY) dev.py test

lint:
	.venv/bin/ruff check src tests benchmarks
	.venv/bin/ruff format --check src tests benchmarks
	.venv/bin/mypy

format:
	.venv/bin/ruff format src tests benchmarks
	.venv/bin/ruff check --fix src tests benchmarks

bench:
	.venv/bin/python benchmarks/bench_catalog_io.py
