#!/usr/bin/env bash
# Formats the whole tree as `make test` checks it (ruff format --check .).
cd "$(dirname "$0")/.." && .venv/bin/ruff format .
