"""The read-replica router (zrk/db_router.py): which database answers which read.

A ``replica`` alias is added for these tests only. For routing decisions it points at the test
database itself (the replica's health is decided by a stub); for failures it points at a socket
folder where no server listens, as a replica that has been stopped.
"""

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.sessions.models import Session
from django.core.signals import request_started
from django.db import connections, transaction
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext

from institutions.models import Organisation
from qualifications.models import Qualification
from qualifications.page_cache import register_version
from tests.factories import QualificationFactory
from zrk import db_router
from zrk.db_router import PrimaryReplicaRouter, ReplicaMiddleware

ROUTED = {
    "DATABASE_ROUTERS": ["zrk.db_router.PrimaryReplicaRouter"],
    "DATABASE_REPLICA_CHECK_SECONDS": 60,
}


@pytest.fixture(autouse=True)
def _fresh_router_state():
    db_router._health.clear()
    db_router.reset()
    yield
    db_router._health.clear()
    db_router.reset()


@pytest.fixture
def healthy(monkeypatch):
    calls = []
    monkeypatch.setattr(db_router, "probe", lambda: calls.append(1) or True)
    return calls


def _add_replica_alias(**overrides):
    # Registered as a live connection only, not in the settings: Django's test case refuses
    # connections to configured aliases a test did not declare, and the test database would have to
    # be created twice.
    settings_dict = {**connections.settings["default"], **overrides}
    wrapper = connections["default"].__class__(settings_dict, alias="replica")
    connections._connections.replica = wrapper


def _remove_replica_alias():
    if hasattr(connections._connections, "replica"):
        connections["replica"].close()
        delattr(connections._connections, "replica")


@pytest.fixture
def replica_is_test_database():
    """A replica alias serving the test database (the test run's data, as a replica in step would)."""
    _add_replica_alias()
    yield
    _remove_replica_alias()


@pytest.fixture
def replica_is_gone(tmp_path):
    """A replica alias whose server is not there (stopped): connecting fails at once."""
    options = {**connections.settings["default"].get("OPTIONS", {}), "connect_timeout": 1}
    _add_replica_alias(HOST=str(tmp_path), PORT="5999", OPTIONS=options)
    yield
    _remove_replica_alias()


def _through_middleware(request, view):
    # A request's start closes an unusable connection, which asks an open one for its state: a test
    # without the database must find none open, whichever test ran before it in this process.
    if not connections["default"].in_atomic_block:
        connections["default"].close()
    request_started.send(sender=None)
    return ReplicaMiddleware(view)(request)


def _decide(request, before=None):
    """The database the router picks for a qualification read while ``request`` is being served."""
    seen = {}

    def view(request):
        if before:
            before()
        seen["db"] = PrimaryReplicaRouter().db_for_read(Qualification)
        return HttpResponse()

    _through_middleware(request, view)
    return seen["db"]


def _anonymous(request):
    request.user = AnonymousUser()
    return request


def test_public_read_goes_to_the_replica(healthy):
    assert _decide(_anonymous(RequestFactory().get("/kwalifikacje/"))) == "replica"


def test_a_post_reads_from_the_primary(healthy):
    assert _decide(_anonymous(RequestFactory().post("/kwalifikacje/"))) == "default"


def test_back_office_reads_from_the_primary(healthy, settings):
    assert _decide(_anonymous(RequestFactory().get(f"/{settings.ADMIN_URL}qualifications/"))) == "default"


def test_signed_in_user_reads_from_the_primary(healthy):
    request = RequestFactory().get("/kwalifikacje/")
    request.user = User(username="staff", is_staff=True)  # authenticated
    assert _decide(request) == "default"


def test_after_a_write_the_rest_of_the_request_reads_from_the_primary(healthy):
    request = _anonymous(RequestFactory().get("/kwalifikacje/"))
    assert _decide(request, before=lambda: PrimaryReplicaRouter().db_for_write(Qualification)) == "default"
    # ... and the next request on the same thread is not pinned by it.
    assert _decide(_anonymous(RequestFactory().get("/kwalifikacje/"))) == "replica"


def test_who_the_visitor_is_is_always_read_from_the_primary(healthy):
    router = PrimaryReplicaRouter()
    assert router.db_for_read(Session) == "default"
    assert router.db_for_read(User) == "default"
    assert router.db_for_read(Organisation) == "replica"


def test_unhealthy_replica_sends_reads_to_the_primary_and_is_not_asked_on_every_read(monkeypatch, settings):
    settings.DATABASE_REPLICA_CHECK_SECONDS = 60
    calls = []
    monkeypatch.setattr(db_router, "probe", lambda: calls.append(1) or False)
    router = PrimaryReplicaRouter()
    assert [router.db_for_read(Qualification) for _ in range(5)] == ["default"] * 5
    assert len(calls) == 1


def test_migrations_run_on_the_primary_only():
    router = PrimaryReplicaRouter()
    assert router.allow_migrate("default", "qualifications") is True
    assert router.allow_migrate("replica", "qualifications") is False


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reads_inside_a_transaction_go_to_the_primary(healthy):
    router = PrimaryReplicaRouter()
    assert router.db_for_read(Qualification) == "replica"
    with transaction.atomic():
        assert router.db_for_read(Qualification) == "default"
    assert router.db_for_read(Qualification) == "replica"


def test_without_a_replica_url_there_is_no_router_and_no_middleware(settings):
    assert "replica" not in settings.DATABASES
    assert not getattr(settings, "DATABASE_ROUTERS", [])
    assert "zrk.db_router.ReplicaMiddleware" not in settings.MIDDLEWARE


@pytest.mark.django_db
def test_a_database_that_is_not_a_standby_is_not_used_as_replica(replica_is_test_database):
    assert db_router.probe() is False


@pytest.mark.django_db
def test_a_replica_that_does_not_answer_is_unhealthy(replica_is_gone):
    assert db_router.probe() is False


def _routed_middleware(settings):
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(middleware.index("zrk.middleware.StaffSessionMiddleware") + 1, "zrk.db_router.ReplicaMiddleware")
    return middleware


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_public_page_is_read_from_the_replica(healthy, replica_is_test_database, settings, monkeypatch):
    monkeypatch.setattr(db_router, "replica_configured", lambda: True)
    qualification = QualificationFactory(name_pl="Prowadzenie pasieki")
    with (
        override_settings(MIDDLEWARE=_routed_middleware(settings), **ROUTED),
        CaptureQueriesContext(connections["replica"]) as on_replica,
    ):
        response = Client().get(f"/kwalifikacje/{qualification.zrk_id}-{qualification.slug}/")
    assert response.status_code == 200
    assert "Prowadzenie pasieki" in response.content.decode()
    assert any("qualifications_qualification" in query["sql"] for query in on_replica.captured_queries)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_replica_gone_mid_request_costs_the_visitor_nothing(healthy, replica_is_gone, settings):
    """The router believes the replica healthy (its last check passed), the replica is gone: the
    API answers from the primary, and the replica is marked down for the next requests."""
    with override_settings(MIDDLEWARE=_routed_middleware(settings), **ROUTED):
        response = Client(raise_request_exception=False).get("/api/v1/prk-levels/")
        assert response.status_code == 200
        assert "Poziom" in response.content.decode() or response.json()
        assert PrimaryReplicaRouter().db_for_read(Qualification) == "default"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_replica_behind_the_register_version_sends_the_request_to_the_primary(
    healthy, replica_is_test_database, monkeypatch
):
    """The page cache keys a page on the primary's version: a replica that has not replayed it yet
    must not build the page (it would be stored under the new version with the old content)."""
    monkeypatch.setattr(db_router, "replica_configured", lambda: True)
    version = register_version()
    db_router.require_version(version)
    assert not db_router.pinned()
    db_router.require_version(version + 1)
    assert db_router.pinned()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_cached_page_is_built_on_the_primary_when_the_replica_is_gone(
    healthy, replica_is_gone, settings, monkeypatch
):
    monkeypatch.setattr(db_router, "replica_configured", lambda: True)
    qualification = QualificationFactory(name_pl="Prowadzenie pasieki")
    with override_settings(MIDDLEWARE=_routed_middleware(settings), **ROUTED):
        response = Client(raise_request_exception=False).get(
            f"/kwalifikacje/{qualification.zrk_id}-{qualification.slug}/"
        )
    assert response.status_code == 200
    assert "Prowadzenie pasieki" in response.content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_statements_written_in_sql_are_read_from_the_replica_too(
    healthy, replica_is_test_database, settings, monkeypatch
):
    """The qualification page's related block and fee figures and the legacy XML list run SQL of their
    own: they follow the router as the ORM's reads do, so a public page leaves the primary alone."""
    monkeypatch.setattr(db_router, "replica_configured", lambda: True)
    qualification = QualificationFactory(name_pl="Prowadzenie pasieki")
    with (
        override_settings(MIDDLEWARE=_routed_middleware(settings), **ROUTED),
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        page = Client().get(f"/kwalifikacje/{qualification.zrk_id}-{qualification.slug}/")
        listing = Client().get("/api/xml/kwalifikacje/?page=1")
    assert page.status_code == 200 and listing.status_code == 200
    on_replica_sql = " ".join(query["sql"] for query in on_replica.captured_queries)
    assert "qualifications_qualificationterm" in on_replica_sql  # the related block
    assert "qualifications_quarterlyreport" in on_replica_sql  # the fee figures
    assert "row_number() OVER" in on_replica_sql  # the XML list's page starts
    on_primary_sql = " ".join(query["sql"] for query in on_primary.captured_queries)
    for table in ("qualifications_qualificationterm", "qualifications_quarterlyreport"):
        assert table not in on_primary_sql, table


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_copies_kept_per_version_are_built_on_the_primary_while_the_replica_is_behind(
    healthy, replica_is_test_database, monkeypatch
):
    """Figures kept under a register version (facet index, statistics, the text search's copies) are
    stored under the primary's version: computed while the replica lags, they are read from the
    primary, or the copy would keep the older content until the next edit."""
    from qualifications import page_cache

    monkeypatch.setattr(db_router, "replica_configured", lambda: True)
    seen = []
    in_step = register_version()
    page_cache.per_register_version("test-in-step", lambda: seen.append(db_router.pinned()) or 1)
    monkeypatch.setattr(page_cache, "register_version", lambda: in_step + 1)  # the replica is one behind
    page_cache.per_register_version("test-behind", lambda: seen.append(db_router.pinned()) or 1)
    assert seen == [False, True]
