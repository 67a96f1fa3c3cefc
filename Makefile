# The two commands: `make run` and `make test`. Both install what is missing first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test bench loadcheck loadcheck-cluster cluster cluster-stop cluster-status audit venv check-python db-start db-stop db-url messages clean-db eval-similar relevance

run: venv
	@bash scripts/run.sh

test: venv
	@bash scripts/test.sh $(ARGS)

# 100,000 generated qualifications in a database of their own (zrk_bench), gunicorn in production
# mode, server time per page against the budgets of docs/architecture.md#budgets. See bench/run.py.
bench: venv
	@$(PY) bench/run.py

# Precision@5 and recall@10 of the similar-qualifications engine (qualifications/similarity) on the
# related pairs of the demo register and on near-duplicate pairs planted among 2,000 generated
# records, in a throwaway database. `make test` asserts a floor (tests/qualifications/test_similarity.py).
eval-similar: venv
	@$(PY) -m zrk.localdb with-temp -- bash -c '$(PY) manage.py migrate --noinput -v0 && \
		$(PY) manage.py load_demo -v0 && \
		$(PY) manage.py generate_data --qualifications 2000 --organisations 20 --rights 0 --near-duplicates 24 -v0 && \
		$(PY) manage.py eval_similar --misses'

# hit@k and nDCG@10 of the search on the judged queries of qualifications/search/relevance.py over
# the demo register, in a throwaway database. `make test` asserts a floor (tests/search/test_relevance.py).
relevance: venv
	@$(PY) -m zrk.localdb with-temp -- bash -c '$(PY) manage.py migrate --noinput -v0 && \
		$(PY) manage.py load_demo -v0 && $(PY) manage.py eval_search --misses'

# A minute's burst (LOADCHECK_CONCURRENCY=50 clients, LOADCHECK_SECONDS=60) against gunicorn in
# production mode, one worker killed half-way: no request may fail but the one it held. Exit 1 on
# any error. Its own database (zrk_loadcheck), filled on first use. See bench/loadcheck.py.
loadcheck: venv
	@$(PY) bench/loadcheck.py

# The same burst against the several-machines deployment (make cluster's parts, on ports of their
# own): one app server killed at a third, the replica stopped at two thirds, a change published
# in between and checked on every app server. See bench/loadcheck.py --cluster.
loadcheck-cluster: venv
	@$(PY) bench/loadcheck.py --cluster

# The several-machines deployment on loopback (README "Running on several machines"): nginx, two
# gunicorn app servers, Redis, a PostgreSQL streaming replica of the local cluster. Ctrl-C stops it.
cluster: venv
	@$(PY) -m zrk.cluster run

cluster-stop:
	@$(PYTHON) -m zrk.cluster stop

cluster-status:
	@$(PYTHON) -m zrk.cluster status

# Known vulnerabilities in exactly the locked versions (PyPI's advisory data; needs the network, so
# it is not part of `make test`: an outage there must not fail the build).
audit: venv
	@$(VENV)/bin/pip-audit --requirement requirements.lock --require-hashes --disable-pip --strict --progress-spinner off

venv: $(VENV)/.installed

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "ZRK needs Python 3.11 (found " + sys.version.split()[0] + "); set PYTHON=/path/to/python3.11")'

$(VENV)/.installed: requirements.lock | check-python
	@echo "Installing Python dependencies into $(VENV) (locked with hashes)..."
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	@touch $@

db-start: venv
	@$(PY) -m zrk.localdb start

db-stop:
	@$(PYTHON) -m zrk.localdb stop

db-url:
	@$(PYTHON) -m zrk.localdb url

# Re-extract and compile translations after changing user-visible strings.
messages: venv
	$(PY) manage.py makemessages -l pl -l en --no-location --ignore=.venv --ignore=staticfiles
	$(PY) manage.py compilemessages --ignore=.venv
