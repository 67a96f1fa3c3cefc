"""The client address that the login lockout counts by (zrk/security.py: client_ip)."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from zrk.security import client_ip, parse_networks

PROXY = "10.0.0.5"


def request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/admin/login/", **extra)


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = parse_networks([PROXY, "192.168.0.0/16", "::1"])


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(request("198.51.100.7", "203.0.113.1")) == "198.51.100.7"


def test_a_trusted_proxy_passes_on_the_client_address(behind_proxy):
    assert client_ip(request(PROXY, "198.51.100.7")) == "198.51.100.7"


def test_the_right_most_untrusted_address_is_the_client(behind_proxy):
    # The client wrote 1.2.3.4 itself; the proxy appended the address it really saw.
    assert client_ip(request(PROXY, "1.2.3.4, 198.51.100.7")) == "198.51.100.7"


def test_a_chain_of_trusted_proxies_is_walked(behind_proxy):
    assert client_ip(request(PROXY, "198.51.100.7, 192.168.3.4")) == "198.51.100.7"


def test_a_request_from_elsewhere_cannot_choose_its_address(behind_proxy):
    assert client_ip(request("198.51.100.7", "1.2.3.4")) == "198.51.100.7"


def test_a_malformed_entry_stops_the_walk(behind_proxy):
    assert client_ip(request(PROXY, "198.51.100.7, not-an-address")) == PROXY
    assert client_ip(request(PROXY, "")) == PROXY


def test_ipv6(behind_proxy):
    assert client_ip(request("::1", "2001:db8::7")) == "2001:db8::7"


def test_only_trusted_proxies_all_the_way_gives_the_left_most(behind_proxy):
    assert client_ip(request(PROXY, "192.168.1.1")) == "192.168.1.1"


def test_networks_are_parsed_and_mistakes_refused():
    assert [str(n) for n in parse_networks(["10.0.0.5", " 10.1.0.0/16 ", "::1"])] == [
        "10.0.0.5/32",
        "10.1.0.0/16",
        "::1/128",
    ]
    with pytest.raises(ImproperlyConfigured):
        parse_networks(["proxy.example"])


@pytest.mark.django_db
def test_the_lockout_counts_by_the_forwarded_address(behind_proxy, client, django_user_model):
    """Two clients behind one proxy are two addresses for the lockout."""
    django_user_model.objects.create_user("urzednik", password="the-right-password-42", is_staff=True)
    data = {"username": "urzednik", "password": "wrong"}
    for _ in range(5):
        last = client.post("/admin/login/", data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert last.status_code == 429
    other = client.post(
        "/admin/login/",
        {"username": "urzednik", "password": "the-right-password-42"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    assert other.status_code == 302
