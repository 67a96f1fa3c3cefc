"""The properties every response must have, whatever the input: never a server error, and output
well-formed for its type (HTML without a raw marker, JSON that parses, XML that parses, CSV that
reads), and redirects that stay on the site."""

import csv
import html
import io
import json
import re
from urllib.parse import urlsplit

from django.db import transaction
from lxml import etree

from tests.hostile.strategies import RAW_FRAGMENTS

LINK = re.compile(r"""(?:href|src|action)\s*=\s*["']([^"']*)["']""", re.IGNORECASE)

# No network, no entities: a response must parse on its own.
XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


def fetch(client, url: str, **extra):
    """GET ``url`` in a savepoint, so that a database error in one request (a failure to report)
    does not abort the transaction the following requests run in."""
    with transaction.atomic():
        return client.get(url, **extra)


def link_host(link: str) -> str:
    """The host a browser would follow ``link`` to: backslashes count as slashes and any number of
    leading slashes makes a network-path reference, as browsers read them."""
    link = html.unescape(link).strip().replace("\\", "/")
    link = re.sub(r"^(https?:)?/{2,}", lambda match: (match.group(1) or "") + "//", link)
    try:
        return urlsplit(link).netloc
    except ValueError:  # an unclosed IPv6 bracket: not a host a browser would go to, but report it whole
        return link


def body_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def assert_safe_response(response, what: str = "") -> bytes:
    """Check ``response``; return its body."""
    where = f"{what}: " if what else ""
    assert response.status_code < 500, f"{where}server error {response.status_code}"
    body = body_of(response)
    content_type = response.get("Content-Type", "").lower()
    if 300 <= response.status_code < 400 and response.has_header("Location"):
        target = urlsplit(response["Location"])
        assert target.netloc in ("", "testserver"), f"{where}redirect off the site: {response['Location']!r}"
        assert not response["Location"].startswith("//"), f"{where}protocol-relative redirect"
    if not body:
        return body
    if "html" in content_type:
        text = body.decode("utf-8")
        for fragment in RAW_FRAGMENTS:
            assert fragment not in text, f"{where}unescaped {fragment!r} in the HTML"
        for link in LINK.findall(text):
            assert "evil" not in link_host(link), f"{where}a link to another host: {link!r}"
    elif "json" in content_type:
        json.loads(body.decode("utf-8"))
    elif "xml" in content_type:
        etree.fromstring(body, XML_PARSER)
    elif "csv" in content_type:
        list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    return body
