# The README's two commands: `make run` and `make test`. Everything else is a step of those.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DATA_DIR ?= data
HOST ?= 127.0.0.1
PORT ?= 8501
# The same defaults as assistant/offline.py (go_offline), for the tools make runs outside Python.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: install system library run demo browser test test-fast bench lint format clean

# Debian packages the readers use: LibreOffice converts .doc/.wps/.odt/.rtf, poppler-utils reads
# PDFs and renders scans for OCR (poppler-data for PDFs with non-embedded Chinese fonts). Installed
# when missing and possible (root with apt-get); otherwise the command to run is printed.
DEBS := libreoffice-writer poppler-utils poppler-data fonts-wqy-zenhei
system:
	@if command -v apt-get >/dev/null 2>&1 && ! dpkg -s $(DEBS) >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq --no-install-recommends $(DEBS) >/dev/null || \
	    echo "提示：无法安装 $(DEBS)，.doc/.wps/.odt/.rtf 与扫描版 PDF 将无法读取"; \
	  else echo "提示：请运行 sudo apt-get install $(DEBS) 以读取 .doc/.wps/.odt/.rtf 与扫描版 PDF"; fi; \
	fi

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# torch comes only from the pin in constraints.txt (the CPU build); see README.md, "Install".
	$(BIN)/pip install --disable-pip-version-check -q -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Build the sample library once: the marker in the data dir keeps a sample the clerk removed
# removed. A library built before the marker existed is only marked.
SAMPLES_MARKER := $(DATA_DIR)/.samples-added
library: install
	@if [ ! -f $(SAMPLES_MARKER) ]; then \
	  if [ ! -d $(DATA_DIR)/chroma ]; then $(BIN)/fazhi --data-dir $(DATA_DIR) ingest samples/*.txt || exit 1; fi; \
	  mkdir -p $(DATA_DIR) && touch $(SAMPLES_MARKER); \
	fi

run: system library
	$(BIN)/fazhi --data-dir $(DATA_DIR) ui --host $(HOST) --port $(PORT)

# An offline draft for a made-up county justice bureau, from the demo facts, as .docx and .md.
demo: library
	mkdir -p out
	$(BIN)/fazhi --data-dir $(DATA_DIR) draft --unit 某县司法局 --year 2024 --offline \
		--facts samples/facts/某县司法局_2024_facts.txt --out out/demo.docx
	$(BIN)/fazhi --data-dir $(DATA_DIR) draft --unit 某县司法局 --year 2024 --offline \
		--facts samples/facts/某县司法局_2024_facts.txt --out out/demo.md > /dev/null

# The real-browser UI test drives Debian's chromium (Playwright uses it, downloads nothing).
browser:
	test -x /usr/bin/chromium || (apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium)

test: install system browser
	$(BIN)/python -m pytest -q

test-fast: install
	$(BIN)/python -m pytest -q -m "not integration"

bench: install
	$(BIN)/python bench/eval_retrieval.py
	$(BIN)/python bench/perf.py

lint: install
	$(BIN)/ruff check assistant vectorstore ui tests bench
	$(BIN)/ruff format --check assistant vectorstore ui tests bench
	$(BIN)/mypy

format: install
	$(BIN)/ruff format assistant vectorstore ui tests bench
	$(BIN)/ruff check --fix assistant vectorstore ui tests bench

clean:
	rm -rf $(VENV) $(DATA_DIR) .pytest_cache .ruff_cache .mypy_cache
