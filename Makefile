# ePolicy: `make run` serves the embedded default, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test lint format seed messages browser clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# A development checkout runs with DEBUG on, so that manage.py works without
# further setup; production sets its own environment (.env.example).
.env:
	printf 'DEBUG=1\n' > $@

$(STAMP): pyproject.toml | $(PY) .env
	$(PY) -m pip install --quiet -e ".[dev,aliyun]"
	touch $@

run: export DEBUG ?= 1
run: $(STAMP)
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo --port $(PORT)
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Debian's Chromium drives the browser tests; no test tool downloads one.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	  else \
	    echo "Browser tests need Debian's chromium: sudo apt-get install chromium fonts-noto-cjk"; \
	  fi; \
	fi

test: export DEBUG = 1
test: $(STAMP) browser
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

lint: $(STAMP)
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

messages: export DEBUG = 1
messages: $(STAMP)
	$(PY) manage.py makemessages -l zh_Hans --ignore=.venv --ignore=static --ignore=tests --ignore=bench
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 var test-artifacts
