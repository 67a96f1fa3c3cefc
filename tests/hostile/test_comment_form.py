"""The public comment form of an open consultation (the one public POST), with hostile fields sent
as raw url-encoded bodies: never a server error, never a raw marker on the page that comes back."""

import pytest
from django.db import transaction
from hypothesis import given, note
from hypothesis import strategies as st

from applications import consultations
from tests.hostile.checks import assert_safe_response
from tests.hostile.strategies import encode, hostile_settings, values
from tests.hostile.targets import COMMENT_FORM, COMMENT_FORM_EXAMPLES, RUN

pytestmark = pytest.mark.django_db

FIELDS = ("author_name", "organisation", "email", "text")


def test_comment_form(client, demo_register):
    open_consultations, _closed = consultations.consultations()
    assert open_consultations, "the demo register has an open consultation"
    url = f"/konsultacje/{open_consultations[0].pk}/"

    @hostile_settings(COMMENT_FORM_EXAMPLES)
    @given(
        fields=st.fixed_dictionaries(dict.fromkeys(FIELDS, values)),
        extra=st.lists(st.tuples(st.sampled_from([*FIELDS, "website", "csrfmiddlewaretoken"]), values), max_size=3),
        address=st.ip_addresses(v=4).map(str),
        english=st.booleans(),
    )
    def run(fields, extra, address, english):
        RUN[COMMENT_FORM, "hypothesis"] += 1
        body = "&".join(f"{encode(name)}={encode(value)}" for name, value in [*fields.items(), *extra])
        path = url.replace("/konsultacje/", "/en/consultations/") if english else url
        note(f"{path} {body[:2000]}")
        with transaction.atomic():  # a database error must not abort the following examples' transaction
            response = client.post(path, body, content_type="application/x-www-form-urlencoded", REMOTE_ADDR=address)
        assert_safe_response(response, path)

    run()
