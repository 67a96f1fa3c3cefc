"""Each gunicorn worker warms its database connection before its first request (zrk/warmup.py):
the connection is open and has loaded the text-search dictionaries, and it is kept for the
worker's life."""

import runpy
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.db.utils import OperationalError
from django.test.utils import CaptureQueriesContext

from tests.factories import QualificationFactory
from zrk import warmup

pytestmark = pytest.mark.django_db


def test_warming_opens_the_connection_and_runs_every_search_configuration():
    assert warmup.warm_connections() == ["default"]
    assert connection.connection is not None
    for name in ("polish", "polish_unaccent", "english"):
        assert f"to_tsquery('{name}'" in warmup.WARM_SQL


class _Unreachable:
    closed = False

    def cursor(self):
        raise OperationalError("connection refused")

    def close(self):
        self.closed = True


def test_a_database_that_does_not_answer_is_left_alone(monkeypatch, caplog):
    replica = _Unreachable()
    monkeypatch.setattr(warmup, "connections", {"replica": replica})
    assert warmup.warm_connections() == []
    assert replica.closed
    assert "could not warm the replica database connection" in caplog.text


def test_gunicorn_warms_each_worker_and_connections_live_as_long_as_it():
    config = runpy.run_path(str(Path(settings.BASE_DIR) / "gunicorn.conf.py"))
    assert callable(config["post_worker_init"])
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] is None


def test_the_facet_index_is_built_before_the_first_search(client, settings):
    settings.PAGE_CACHE = False
    QualificationFactory(status="functioning")
    assert warmup.warm_figures()
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/kwalifikacje/").status_code == 200
    assert not [query["sql"] for query in captured if "active_regions" in query["sql"] or "unnest" in query["sql"]]
