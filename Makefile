# Two entry points for a fresh machine with only Python 3.11+:
#   make run    set up .venv and show the report of the bundled example (examples/acme)
#   make test   set up .venv and run the test suite
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin

.PHONY: run test check clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

run: $(BIN)/.installed
	$(BIN)/okr -C examples/acme report

# pytest exits 5 when it collects no test: that is a failure here, not a pass.
test: $(BIN)/.installed
	@$(BIN)/python -m pytest -q; status=$$?; \
	if [ $$status -eq 5 ]; then echo "error: pytest collected no tests" >&2; exit 1; fi; exit $$status

check: $(BIN)/.installed
	$(BIN)/ruff check okr tests scripts benchmarks
	$(BIN)/mypy --strict okr

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info
