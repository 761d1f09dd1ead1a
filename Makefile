# Two entry points: `make demo` (set up and run on the bundled examples) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test eval bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[model,postgres,spark,test,browser]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/saywho extract examples/*.txt --format table

test: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider

eval: $(STAMP)
	$(BIN)/saywho eval --polnear ../shared/corpora/polnear/data/dev

# saywho against textacy on PolNeAR dev and the BBC articles (needs ../shared/corpora).
bench: $(STAMP)
	$(BIN)/python -m pip install -q -e '.[bench]'
	$(BIN)/python benchmarks/compare_textacy.py --json benchmarks/results/compare_textacy.json

clean:
	rm -rf $(VENV) build *.egg-info test-output
