# Two commands on a fresh machine: `make report` and `make test`. Each sets up .venv itself.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
JOBS   ?=
REPORTS ?=

.PHONY: report test lint types unit bench clean lab sync

# The stamps re-install only when pyproject.toml changes, so a no-op `make report` stays fast.
# tools/make-venv uses uv when pip can fetch it (several times faster, bytecode compiled as it
# installs) and plain venv + pip otherwise; the same pyproject.toml ranges either way.
$(VENV)/.installed: pyproject.toml tools/make-venv
	tools/make-venv $(PYTHON) $(VENV) ""
	@touch $@

$(VENV)/.installed-test: pyproject.toml tools/make-venv $(VENV)/.installed
	tools/make-venv $(PYTHON) $(VENV) "test,dask"
	@touch $@

# compileall: where PYTHONDONTWRITEBYTECODE is set (as on our CI machines), every process
# would otherwise compile the package again (~0.1 s each for the CLI, workers and kernels).
report: $(VENV)/.installed
	@$(BIN)/python -m compileall -q hyesan_analysis
	$(BIN)/hyesan-report build $(if $(JOBS),--jobs $(JOBS),)

# notebooks/*.py are the notebooks' text (jupytext percent format): linted like the package.
lint: $(VENV)/.installed-test
	$(BIN)/ruff check hyesan_analysis tests bench notebooks
	$(BIN)/ruff format --check hyesan_analysis tests bench notebooks

# After editing a notebook (either file of the pair) or a report's schema: rewrite the
# parameters cells from the schemas and sync each .py with its .ipynb.
sync: $(VENV)/.installed-test
	$(BIN)/python -m hyesan_analysis.reporting.authoring.parameters_cell $(REPORTS)

types: $(VENV)/.installed-test
	$(BIN)/mypy hyesan_analysis

unit: $(VENV)/.installed-test
	$(BIN)/python -m pytest -q

test: lint types unit

bench: $(VENV)/.installed-test
	$(BIN)/python bench/bench_report_vs_plain.py

lab: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[lab]'  # JupyterLab with jupytext: saves both files
	$(BIN)/jupyter lab notebooks/

clean:
	rm -rf $(VENV) .venv-boot build *.egg-info .pytest_cache .mypy_cache .ruff_cache
