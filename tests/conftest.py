import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import translation

from applications.roles import COORDINATOR, MINISTRY_OFFICER, REGISTRY_OPERATOR, setup_roles


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Each test's database starts from the same register version, so cached pages must not
    outlive the test that made them."""
    cache.clear()
    yield
    cache.clear()


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
    setup_roles()


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
