# carenet: common tasks. Needs only python3 (>= 3.11) on a fresh machine:
#   make demo                 # create .venv, install, compare the five policies
#   PYTHON=python3.12 make test
# The virtual environment is .venv; it is (re)installed when pyproject.toml changes.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: venv demo test test-fast bench docs

venv: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "carenet needs Python >= 3.11 and '$(PYTHON)' is not that (or does not run);" \
		       "choose one with e.g. PYTHON=python3.12 make $(MAKECMDGOALS)" >&2; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -e ".[dev]"
	@touch $(STAMP)

demo: venv
	$(BIN)/carenet demo

test: venv
	$(BIN)/python -m pytest

test-fast: venv
	$(BIN)/python -m pytest -m unit

bench: venv
	$(BIN)/carenet bench

docs: venv
	$(BIN)/carenet params
