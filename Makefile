# Everything a fresh machine needs, with only Python >= 3.11 and make installed.
#   make demo   load, validate, measure and chart the bundled example org
#   make test   lint, type-check and run the whole test suite (doctests and docs included)
#   make docs   build the documentation (warnings are errors)
#   make dist   build the wheel and the sdist into dist/ and check them (twine check, and
#               the sdist's file list); RELEASING.md says what to do with them
#   make bench  the benchmark (not part of `make test`)
#   make fuzz   explore for FUZZ_SECONDS (default 300): property tests with random seeds
#               and many more examples, then a fuzzer over the readers (atheris when it
#               installs, else a seeded mutational one); failures land in tests/fuzz/regressions/

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-dev
FUZZ_SECONDS ?= 300

.PHONY: demo test lint typecheck pytest docs docs-generated dist bench fuzz clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "orgshape needs Python >= 3.11")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m compileall -q src/orgshape  # imports stay fast where PYTHONDONTWRITEBYTECODE is set
	@touch $@

demo: $(STAMP)
	$(BIN)/orgshape demo -o orgshape-demo

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks examples docs conftest.py
	$(BIN)/ruff format --check src tests benchmarks examples docs conftest.py

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/python -m pytest -n 2 --hypothesis-profile=ci

docs: $(STAMP)
	$(BIN)/python -m sphinx -W --keep-going -q -b html docs docs/_build/html

# The committed generated parts of the docs (references, pictures): after changing a rule,
# a profile, a command-line flag or the renderer. tests/test_docs.py says when it is due.
docs-generated: $(STAMP)
	$(BIN)/python docs/_ext/orgshape_docs.py

test: lint typecheck pytest docs

# Built from the working tree without network (--no-isolation: the venv has hatchling);
# tests/test_packaging.py then checks the very files in dist/ (what the sdist holds, what
# the wheel installs) instead of building its own.
dist: $(STAMP)
	rm -rf dist
	$(BIN)/python -m build --no-isolation --outdir dist .
	$(BIN)/twine check --strict dist/*
	ORGSHAPE_DIST=dist $(BIN)/python -m pytest -q -p no:xdist tests/test_packaging.py

bench: $(STAMP)
	$(BIN)/python -m compileall -q src/orgshape  # (a stale .pyc would make the import stages measure compiling)
	$(BIN)/python benchmarks/run.py

# atheris (coverage-guided fuzzing) ships wheels for Linux; elsewhere the fuzzer runs
# without coverage guidance
$(VENV)/.installed-fuzz: $(STAMP)
	$(BIN)/python -m pip install --quiet 'atheris>=2.3' || echo "atheris did not install: make fuzz uses its random mutational fuzzer"
	@touch $@

fuzz: $(VENV)/.installed-fuzz
	$(BIN)/python -m tests.fuzz --seconds $(FUZZ_SECONDS)

clean:
	rm -rf $(VENV) dist docs/_build orgshape-demo .mypy_cache .ruff_cache .hypothesis build/fuzz
