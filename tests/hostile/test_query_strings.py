"""Arbitrary query strings at every public and API address (targets.py): never a server error,
never an unescaped marker in HTML, always well-formed JSON, XML and CSV."""

import pytest
from hypothesis import given, note
from hypothesis import strategies as st

from tests.hostile.checks import assert_safe_response, fetch
from tests.hostile.strategies import hostile_settings, query_strings
from tests.hostile.targets import QUERY_TARGETS, RUN

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("target", QUERY_TARGETS, ids=lambda target: target.name)
def test_query_strings(target, client, demo_ids):
    paths = [path.format(**demo_ids) for path in target.paths]

    @hostile_settings(target.examples)
    @given(path=st.sampled_from(paths), query=query_strings(target.params))
    def run(path, query):
        RUN[target.name, "hypothesis"] += 1
        url = f"{path}?{query}"
        note(url[:2000])
        assert_safe_response(fetch(client, url), url[:300])

    run()
