"""What text searches work out for their words is shared by the workers of one server
(zrk/settings.py CACHES["copies"]): in the shared cache when there is one, else in files of a folder
the gunicorn master makes at start and removes at exit (gunicorn.conf.py), else beside the local
cache. A word's first search in a second worker then reads the copies instead of the register."""

import os
import runpy
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qualifications import page_cache
from qualifications.search import text
from tests.factories import QualificationFactory
from tests.zrk.test_cluster_settings import SHOW, settings_with

SHOW_COPIES = SHOW.replace(
    '"cache": settings.CACHES["default"],',
    '"cache": settings.CACHES["default"], "copies": settings.CACHES["copies"],',
)


def copies_with(**env) -> dict:
    import json

    result = settings_with(**env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_copies_follow_the_shared_cache_then_the_servers_folder_then_the_local_cache(monkeypatch):
    import tests.zrk.test_cluster_settings as cluster

    monkeypatch.setattr(cluster, "SHOW", SHOW_COPIES)
    shared = copies_with(CACHE_URL="redis://10.0.0.7:6379/1")["copies"]
    assert shared["BACKEND"] == "zrk.cache.RedisCache"
    assert shared["LOCATION"] == "redis://10.0.0.7:6379/1"
    served = copies_with(ZRK_COPIES_DIR="/srv/zrk/copies")["copies"]
    assert served["BACKEND"] == "zrk.cache.UncompressedFileCache"
    assert served["LOCATION"] == "/srv/zrk/copies"
    alone = copies_with()
    # The same local-memory store as the page cache: emptying one empties both (tests, edits).
    assert alone["copies"]["BACKEND"] == alone["cache"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert alone["copies"]["LOCATION"] == alone["cache"]["LOCATION"]


def test_the_master_makes_the_folder_its_workers_inherit_and_removes_it_at_exit(monkeypatch):
    monkeypatch.delenv("ZRK_COPIES_DIR", raising=False)
    monkeypatch.delenv("CACHE_URL", raising=False)
    monkeypatch.setenv("GUNICORN_CONTROL_SOCKET", "off")
    config = runpy.run_path(str(Path(settings.BASE_DIR) / "gunicorn.conf.py"))

    class Server:
        class cfg:  # noqa: N801 - gunicorn's attribute
            bind = ["127.0.0.1:8999"]

            @staticmethod
            def set(name, value):
                pass

    config["on_starting"](Server)
    folder = Path(os.environ["ZRK_COPIES_DIR"])
    assert folder.is_dir()
    (folder / "copy").write_bytes(b"x")
    config["on_exit"](Server)
    assert not folder.exists()


@pytest.fixture
def file_copies(settings, tmp_path):
    settings.CACHES = {
        **settings.CACHES,
        "copies": {"BACKEND": "zrk.cache.UncompressedFileCache", "LOCATION": str(tmp_path)},
    }
    yield caches["copies"]
    caches["copies"].clear()


def test_the_file_copies_keep_values_as_written(file_copies):
    import numpy as np

    ids = np.arange(10_000, dtype=np.int64)
    file_copies.set("matches", (ids, None), 60)
    read, nothing = file_copies.get("matches")
    assert nothing is None
    assert np.array_equal(read, ids)
    assert file_copies.touch("matches", 120)
    assert file_copies.get("missing", "default") == "default"
    assert not file_copies.touch("missing")
    file_copies.set("gone", 1, -1)
    assert file_copies.get("gone") is None


@pytest.mark.django_db
def test_a_second_worker_reads_a_words_copies_instead_of_its_matches(client, settings, file_copies):
    settings.PAGE_CACHE = False
    QualificationFactory(name_pl="Obsługa magazynu")
    QualificationFactory(name_pl="Prowadzenie magazynu")
    first = client.get("/kwalifikacje/", {"q": "magazynu"})
    assert first.status_code == 200
    # Another worker: its own local cache and memory, the server's folder in common.
    cache.clear()
    page_cache._local.clear()
    text._searches.clear()
    with CaptureQueriesContext(connection) as captured:
        second = client.get("/kwalifikacje/", {"q": "magazynu"})
    assert [row.pk for row in second.context["page_obj"]] == [row.pk for row in first.context["page_obj"]]
    assert len(second.context["page_obj"]) == 2
    over_matches = [q["sql"] for q in captured.captured_queries if "@@" in q["sql"]]
    assert not over_matches
