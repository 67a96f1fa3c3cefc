"""Back-office login protection: the client address behind trusted proxies, and the lockout page.

django-axes (settings: ``AXES_*``) counts failed admin logins per user name and client address.
Behind a reverse proxy every request comes from the proxy's address, so the client's address is
read from ``X-Forwarded-For``, but only when the request came from a proxy listed in
``TRUSTED_PROXIES``: anybody else could write any address into that header and escape the lockout.
"""

import ipaddress

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(values: list[str]) -> list[Network]:
    """``TRUSTED_PROXIES``: addresses or networks (``10.0.0.5``, ``10.0.0.0/24``, ``::1``)."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError as exc:
            raise ImproperlyConfigured(f"TRUSTED_PROXIES: {value!r} is not an IP address or network") from exc
    return networks


def _address(value: str):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _trusted(address, networks: list[Network]) -> bool:
    return address is not None and any(address in network for network in networks)


# Headers by which a reverse proxy tells how the client reached it. Anybody can send them; they mean
# something only when a trusted proxy wrote them (SECURE_PROXY_SSL_HEADER reads X-Forwarded-Proto).
FORWARDING_HEADERS = (
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_FORWARDED_SSL",
    "HTTP_FORWARDED",
)


def from_trusted_proxy(request) -> bool:
    """Whether the request's direct peer (``REMOTE_ADDR``) is one of ``TRUSTED_PROXIES``."""
    return _trusted(_address(request.META.get("REMOTE_ADDR", "")), settings.TRUSTED_PROXIES)


def client_ip(request) -> str | None:
    """The address of the client, for django-axes (``AXES_CLIENT_IP_CALLABLE``).

    ``REMOTE_ADDR`` unless it is a trusted proxy; then ``X-Forwarded-For`` is read from the right
    (each proxy appends the address it received the request from) and the first address that is
    not itself a trusted proxy is the client. A malformed entry ends the walk: what lies to its left
    was written by the client and proves nothing.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    networks = settings.TRUSTED_PROXIES
    current = _address(remote)
    if not _trusted(current, networks):
        return str(current) if current is not None else None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for entry in reversed([part for part in forwarded.split(",") if part.strip()]):
        address = _address(entry)
        if address is None:
            break
        current = address
        if not _trusted(address, networks):
            break
    return str(current)


def lockout_response(request, original_response=None, credentials=None):
    """The page shown instead of the login form once a user name is locked out from an address
    (``AXES_LOCKOUT_CALLABLE``): in the site's design and language, 429 with Retry-After."""
    cool_off = settings.AXES_COOLOFF_TIME
    seconds = int(cool_off.total_seconds())
    response = render(
        request,
        "axes/lockout.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": max(1, seconds // 60)},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    response["Retry-After"] = str(seconds)
    add_never_cache_headers(response)
    return response
