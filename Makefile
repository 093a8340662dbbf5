# Fresh Debian machine: `make demo` renders every input in inputs/ to out/; `make test` runs the tests.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= python3
# WeasyPrint needs Pango/HarfBuzz; fonts-noto-cjk gives the embedded CJK fonts, fonts-arphic-ukai the free 楷体 of the
# 公文 page setup (AR PL UKai CN, full GB 2312); poppler-utils (pdftotext,
# pdftoppm) and LibreOffice (Writer, Calc) are used by the tests to read the PDF and to check that the DOCX and the
# workbook open.
APT_PACKAGES := fonts-noto-cjk fonts-arphic-ukai fontconfig libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
                poppler-utils libreoffice-writer-nogui libreoffice-calc-nogui python3-venv
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
INPUTS := $(wildcard inputs/*) examples/final-tables/input

.PHONY: install system demo test lint bench check clean approve-visual docs-images

install: system $(VENV)/.installed

system:
	@if ! dpkg -s $(APT_PACKAGES) >/dev/null 2>&1; then \
	  echo "installing system packages: $(APT_PACKAGES)"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(APT_PACKAGES); \
	fi

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test,dev]'
	touch $@

demo: install
	$(BIN)/disclose render $(INPUTS) -o out --format pdf,docx

check: install
	$(BIN)/disclose check $(INPUTS)

test: install
	$(BIN)/pytest -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: install
	$(BIN)/python tests/bench.py --scale

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache build *.egg-info

# regenerate the approved page images of tests/test_visual.py after an intended layout change (look at them first)
approve-visual: install
	DISCLOSE_APPROVE_VISUAL=1 $(BIN)/pytest -q tests/test_visual.py

# the pictures of docs/快速入门.md, from a real run (look at them, then commit them)
docs-images: install
	$(BIN)/python dev/docs_images.py
