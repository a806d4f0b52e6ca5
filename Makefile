# carenet: common tasks. Needs only python3 (>= 3.11) on a fresh machine:
#   make demo                                   # create .venv, install, compare the five policies, write the report
#   make test                                   # the test suite in .venv
#   make test PYTHON=python3.12 VENV=.venv312   # the same with another interpreter, in its own venv
# A virtual environment (VENV, default .venv) is created if missing and (re)installed, with the dev, examples and
# dashboard extras, when pyproject.toml changes; its stamp file lives inside it, so each venv keeps its own.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: venv demo test test-fast bench docs validate versions dashboard

venv: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "carenet needs Python >= 3.11 and '$(PYTHON)' is not that (or does not run);" \
		       "choose one with e.g. PYTHON=python3.12 make $(MAKECMDGOALS)" >&2; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -e ".[dev,examples,dashboard]"
	@touch $(STAMP)

# Which interpreter and Mesa the venv runs.
versions: venv
	@$(BIN)/python -c 'import sys, mesa; print(f"$(VENV): Python {sys.version.split()[0]}, Mesa {mesa.__version__}")'

# The main job: the five policies on the calibrated default scenario, DEMO_REPLICATES replicates each on common
# random numbers, into DEMO_DIR (made afresh), and the advisory report of it (~1.5 min on 2 cores).
DEMO_DIR        ?= runs/demo
DEMO_REPLICATES ?= 20

demo: venv
	rm -rf $(DEMO_DIR)
	$(BIN)/carenet compare default --replicates $(DEMO_REPLICATES) --workers 2 --out $(DEMO_DIR)
	$(BIN)/carenet report $(DEMO_DIR) --out $(DEMO_DIR)/report.html

test: versions
	$(BIN)/python -m pytest

test-fast: versions
	$(BIN)/python -m pytest -m unit

bench: venv
	$(BIN)/carenet bench

# The teaching dashboard in the browser (docs/teaching.md); Ctrl-C stops it.
dashboard: venv
	$(BIN)/carenet dashboard

docs: venv
	$(BIN)/carenet params

# Targets on fresh seeds, stationarity, carer burden: docs/validation.md (~2.5 min on 2 cores).
validate: venv
	$(BIN)/carenet validate
