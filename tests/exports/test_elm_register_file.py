"""The whole-register Europass document is built once per register version into the private data
folder and streamed from there: later requests do not rebuild it, a change to the register does,
concurrent first requests build it once, a request arriving during a build gets the previous file, and
build_elm_register writes it ahead of time."""

import threading
import time

import pytest
from django.core.management import call_command
from django.db import connections
from django.http import FileResponse
from django.test import Client

from qualifications.exports import elm_file
from tests.factories import QualificationFactory

URL = "/api/v1/elm/qualifications.xml"


@pytest.fixture
def builds(monkeypatch):
    """Counts the builds of the register document."""
    calls = []
    original = elm_file.register_document

    def counted(links):
        calls.append(links)
        yield from original(links)

    monkeypatch.setattr(elm_file, "register_document", counted)
    return calls


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.django_db
def test_built_once_per_version_and_served_from_the_file(client, builds, settings):
    QualificationFactory(code="ELM-1", prk_level_id=4)
    first = client.get(URL)
    assert first.status_code == 200 and isinstance(first, FileResponse)
    content = body(first)
    assert b"ELM-1" in content
    files = sorted(path.name for path in (settings.ZRK_DATA_DIR / "elm").iterdir())
    assert len(files) == 2 and files[0].endswith(".json") and files[1].endswith(".xml")
    again = client.get(URL)
    assert body(again) == content and again["ETag"] == first["ETag"]
    assert client.head(URL)["ETag"] == first["ETag"]
    assert client.get(URL, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(URL, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    assert len(builds) == 1

    QualificationFactory(code="ELM-2", prk_level_id=5)  # the register version changes
    changed = client.get(URL)
    assert b"ELM-2" in body(changed) and changed["ETag"] != first["ETag"]
    assert len(builds) == 2
    # The previous version's file is gone.
    assert len(list((settings.ZRK_DATA_DIR / "elm").glob("register-*.xml"))) == 1


@pytest.mark.django_db
def test_a_request_during_a_build_gets_the_previous_file(client, builds):
    QualificationFactory(code="ELM-OLD", prk_level_id=4)
    old = client.get(URL)
    QualificationFactory(code="ELM-NEW", prk_level_id=4)
    other = connections.create_connection("default")  # another worker, building the new version
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", elm_file.LOCK)
        during = client.get(URL)
        assert during["ETag"] == old["ETag"] and b"ELM-NEW" not in body(during)
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", elm_file.LOCK)
    finally:
        other.close()
    after = client.get(URL)
    assert b"ELM-NEW" in body(after)
    assert len(builds) == 2


@pytest.mark.django_db
def test_the_management_command_builds_it_ahead_of_time(client, builds, capsys):
    QualificationFactory(code="ELM-CMD", prk_level_id=4)
    call_command("build_elm_register")
    assert "register-" in capsys.readouterr().out
    assert b"ELM-CMD" in body(client.get(URL))
    assert len(builds) == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_first_requests_build_it_once(monkeypatch, builds):
    QualificationFactory(code="ELM-PAR", prk_level_id=4)
    original = elm_file._build

    def slow_build():
        time.sleep(0.5)  # long enough for the other request to arrive during the build
        return original()

    monkeypatch.setattr(elm_file, "_build", slow_build)
    start = threading.Barrier(3)
    results = []

    def fetch():
        try:
            start.wait(10)
            response = Client().get(URL)
            results.append((response.status_code, response["ETag"], body(response)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=fetch) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert [status for status, _etag, _body in results] == [200, 200, 200]
    assert len({etag for _status, etag, _body in results}) == 1
    assert all(b"ELM-PAR" in content for _status, _etag, content in results)
    assert len(builds) == 1
