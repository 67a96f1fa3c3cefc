import io

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.utils import translation

from applications.roles import COORDINATOR, MINISTRY_OFFICER, REGISTRY_OPERATOR, setup_roles
from tests.factories import ensure_roles
from tests.hostile.targets import COMMENT_FORM, COMMENT_FORM_EXAMPLES, PATH_TARGETS, QUERY_TARGETS, RUN


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The migrated test database, with the role groups committed once for the whole session."""
    with django_db_blocker.unblock():
        setup_roles()


class DemoRegister:
    """The demo register, loaded once into the test database inside a transaction that stays open
    while the tests that use it run (they run first: see pytest_collection_modifyitems). Each of
    those tests still runs in its own savepoint, rolled back after it. The transaction is rolled
    back before the first test that does not ask for the demo, so that test sees an empty register."""

    def __init__(self, blocker):
        self.blocker = blocker
        self.atomic = None

    def open(self):
        if self.atomic is not None:
            return
        with self.blocker.unblock():
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            try:
                call_command("load_demo", verbosity=0, stdout=io.StringIO())
            except BaseException:
                self.close()
                raise

    def close(self):
        if self.atomic is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.atomic = None


_DEMO: list[DemoRegister] = []  # the session's DemoRegister, once a test has asked for it


def _uses_demo(item) -> bool:
    return "demo_register" in getattr(item, "fixturenames", ())


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The tests on the demo register first (stable sort: pytest-django's order is kept within each
    part), so it is loaded once and rolled back once."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = marker is not None and marker.kwargs.get("transaction", False)
        if _uses_demo(item) and (transactional or {"transactional_db", "live_server"} & set(item.fixturenames)):
            raise pytest.UsageError(f"{item.nodeid}: demo_register is for tests in a transaction only")
    items.sort(key=lambda item: not _uses_demo(item))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before any fixture of the test: the demo register in place for it, or gone."""
    if _DEMO:
        if _uses_demo(item):
            _DEMO[0].open()
        else:
            _DEMO[0].close()


@pytest.fixture(scope="session")
def _demo_register_session(django_db_setup, django_db_blocker):
    register = DemoRegister(django_db_blocker)
    _DEMO.append(register)
    register.open()
    yield register
    register.close()
    _DEMO.clear()


@pytest.fixture
def demo_register(_demo_register_session, db):
    """The demo register (``load_demo`` without its demo accounts), loaded once for the session;
    whatever the test changes is rolled back after it."""


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Each test's database starts from the same register version, so cached pages must not
    outlive the test that made them."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the site's default language (Polish), whatever language an earlier test
    left active in this thread (a request or a test that activated English without resetting it)."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _private_data_dir(settings, tmp_path):
    """Generated files (the register's Europass document) are kept per register version, and every
    test's database starts from the same version: each test gets a folder of its own."""
    settings.ZRK_DATA_DIR = tmp_path / "zrk-data"


@pytest.fixture
def in_english():
    """Messages in English, for tests that read them outside a request (Polish is the default)."""
    with translation.override("en"):
        yield


@pytest.fixture
def roles(db):
    ensure_roles()


def _user_in(role: str, username: str):
    user = get_user_model().objects.create_user(username=username, password="pw-for-tests-only", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def operator(roles):
    return _user_in(REGISTRY_OPERATOR, "operator")


@pytest.fixture
def officer(roles):
    return _user_in(MINISTRY_OFFICER, "officer")


@pytest.fixture
def coordinator(roles):
    return _user_in(COORDINATOR, "coordinator")


@pytest.fixture
def operator_client(client, operator):
    client.force_login(operator)
    return client


# ---- The hostile-input tests' request counts (tests/hostile), printed at the end of the run --------
# Here rather than in tests/hostile/conftest.py: with workers (pytest -n), the main process, which
# prints the summary, collects no tests and so never loads that package's conftest.


def pytest_sessionfinish(session):
    """In a worker: its counts go back to the main process with the worker's output."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["hostile_requests"] = [[name, kind, count] for (name, kind), count in RUN.items()]


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """In the main process: the counts of a worker that has finished."""
    for name, kind, count in getattr(node, "workeroutput", {}).get("hostile_requests", ()):
        RUN[name, kind] += count


def pytest_terminal_summary(terminalreporter):
    if not RUN:
        return
    terminalreporter.section("hostile input: requests per address")
    limits = {target.name: target.examples for target in (*QUERY_TARGETS, *PATH_TARGETS)}
    limits[COMMENT_FORM] = COMMENT_FORM_EXAMPLES
    terminalreporter.write_line(f"{'address':<34} hypothesis examples (max)   fixed-list requests")
    for name in sorted({name for name, _kind in RUN}):
        examples, fixed = RUN[name, "hypothesis"], RUN[name, "fixed"]
        terminalreporter.write_line(f"{name:<34} {examples:8d} ({limits.get(name, 0):4d}) {fixed:21d}")
    total = sum(count for (_name, kind), count in RUN.items() if kind == "hypothesis")
    terminalreporter.write_line(f"{'in all':<34} {total:8d}        {sum(RUN.values()) - total:21d}")
