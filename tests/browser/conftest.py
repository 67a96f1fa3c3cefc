"""Browser tests: Playwright for Python driving Debian's Chromium (never `playwright install`: the
build machines have no network), against pytest-django's live server.

Two ways of serving the demo register:

- ``live_server`` (pytest-django's fixture) for the journeys that write (a consultation comment, a
  workflow step in the admin): each loads the demo register into the database as the migrations
  left it (serialized rollback), and pytest-django flushes it afterwards.
- ``demo_site`` for the pages that are only read (the axe checks, the citizen and keyboard
  journeys): the demo register is committed once for the whole package and served by
  pytest-django's ``LiveServer`` helper (the class behind ``live_server``), so the 64 page checks do
  not load the register (4 s) each. Those tests use the plain ``db`` fixture, whose per-test
  transaction rolls back nothing of it; the package fixture puts the database back at the end.

The browser tests run after all the others (pytest_collection_modifyitems below): between its sync
calls Playwright leaves its event loop marked as running in the main thread, which changes how Django
keeps database connections (see ``_database_before_playwright``) and makes Django's async-safety
check refuse ORM calls, hence DJANGO_ALLOW_ASYNC_UNSAFE.
"""

import os

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test import override_settings  # noqa: E402
from pytest_django.live_server_helper import LiveServer  # noqa: E402

from tests.browser.support import LOGS, console_of, load_demo_register, reset_database, watch  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",  # needed as root
    "--disable-gpu",
    # A closed network: no calls home, no component or sync downloads.
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
BROWSER_TESTS = Path(__file__).parent
CONTEXT_ARGS = {"viewport": {"width": 1280, "height": 900}, "locale": "pl-PL"}  # a Polish browser


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        # Never a silent pass: scripts/test.sh installs Debian's chromium when it can.
        pytest.fail(f"Chromium is missing at {CHROMIUM}: install Debian's package (apt-get install chromium).")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


def pytest_collection_modifyitems(config, items):
    """Browser tests last: once Playwright has started, the main thread has an event loop marked as
    running (see below) until the end of the session; no other test should run in that state."""
    browser = [item for item in items if item.path.is_relative_to(BROWSER_TESTS)]
    if browser:
        items[:] = [item for item in items if not item.path.is_relative_to(BROWSER_TESTS)] + browser


pytest_collection_modifyitems = pytest.hookimpl(trylast=True)(pytest_collection_modifyitems)  # after pytest-django's


@pytest.fixture(scope="session")
def _database_before_playwright(django_db_setup):
    """Between its sync calls Playwright marks its event loop as running in the main thread, and Django
    then keeps database connections per context instead of per thread: the test code gets a new
    connection object. So close the old one (or it stays open and blocks dropping the test database),
    and hand over what pytest-django stored on it for serialized rollback."""
    handed_over = {alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections}
    connections.close_all()
    return handed_over


@pytest.fixture(scope="session")
def playwright(_database_before_playwright, playwright):
    for alias, contents in _database_before_playwright.items():
        if contents is not None:
            connections[alias]._test_serialized_contents = contents
    yield playwright
    connections.close_all()  # the per-context connections, before the loop stops being "running"


@pytest.fixture(scope="session")
def base_url():
    """Addresses come from the live servers. (Also replaces pytest-playwright's own fallback fixture,
    a method on a plugin object, which pytest 9 warns about.)"""
    return None


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, **CONTEXT_ARGS}


class DemoSite:
    """The demo register committed for the read-only tests, and taken away again (back to the migrated
    state) before a journey's transactional test: a journey must not find what the read-only tests
    left (their module fixtures add applicants and drafts). Which journey comes first after them
    depends on how the tests are split between workers (pytest -n)."""

    def __init__(self, blocker):
        self.blocker = blocker
        self.migrated = None
        self.loaded = False

    def open(self):
        if self.loaded:
            return
        with self.blocker.unblock():
            if self.migrated is None:
                # The migrated state, serialized by pytest-django when a collected test asks for
                # serialized rollback (the journeys do); otherwise the database is still as the
                # migrations left it.
                migrated = getattr(connection, "_test_serialized_contents", None)
                self.migrated = migrated or connection.creation.serialize_db_to_string()
            # Transactional tests that ran earlier leave the database empty: start from the migrated state.
            reset_database(self.migrated)
            load_demo_register()
        self.loaded = True

    def close(self):
        if not self.loaded:
            return
        with self.blocker.unblock():
            reset_database(self.migrated)
        self.loaded = False


_SITE: list[DemoSite] = []  # the package's DemoSite while demo_site is set up


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before any fixture of the test: the demo register in place for a read-only test, gone for a journey."""
    if _SITE:
        if "demo_site" in item.fixturenames:
            _SITE[0].open()
        elif "live_server" in item.fixturenames:
            _SITE[0].close()


@pytest.fixture(scope="package")
def demo_site(django_db_setup, django_db_blocker):
    """The demo register, loaded once and served for the read-only browser tests (demo banner on, as
    `make run` serves it). Yields the server's base URL."""
    site = DemoSite(django_db_blocker)
    site.open()
    _SITE.append(site)
    server = LiveServer("localhost")
    with override_settings(ZRK_DEMO=True), django_db_blocker.unblock():
        yield server.url
    server.stop()
    _SITE.clear()
    site.loaded = True  # whatever ran last, the database goes back to the migrated state
    site.close()


@pytest.fixture(scope="package")
def site_context(browser, demo_site):
    """One browser context for the read-only tests; its pages are reused from test to test."""
    context = browser.new_context(**CONTEXT_ARGS)
    yield context
    context.close()


@pytest.fixture(scope="package")
def _site_page(site_context):
    page = site_context.new_page()
    watch(page)
    yield page
    LOGS.pop(id(page))
    page.close()


@pytest.fixture
def site_page(_site_page, site_context):
    """The shared page on demo_site, with a fresh console log and no cookies left by the previous test.
    Anything on its console fails the test."""
    log = console_of(_site_page)
    log.clear()
    site_context.clear_cookies()
    _site_page.set_viewport_size(CONTEXT_ARGS["viewport"])
    yield _site_page
    assert not log.problems, "\n".join(log.problems)


@pytest.fixture
def live_page(page, live_server):
    """pytest-playwright's page (a fresh context) for pytest-django's live server. Anything on its
    console fails the test."""
    log = watch(page)
    yield page
    LOGS.pop(id(page))
    assert not log.problems, "\n".join(log.problems)
