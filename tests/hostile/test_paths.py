"""Hostile path segments where an address takes an id, a slug or a section name (targets.PATH_TARGETS):
out-of-range and non-numeric ids, traversal, encoded NUL and slash, invalid UTF-8. A 404 (or a
redirect to the record's one address) is fine; a server error or a raw marker is not."""

import pytest
from hypothesis import given, note
from hypothesis import strategies as st

from tests.hostile.checks import assert_safe_response, fetch
from tests.hostile.strategies import hostile_settings, id_segments
from tests.hostile.targets import PATH_TARGETS, RUN

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("target", PATH_TARGETS, ids=lambda target: target.name)
def test_path_segments(target, client, demo_ids):
    @hostile_settings(target.examples)
    @given(template=st.sampled_from(target.paths), segment=id_segments)
    def run(template, segment):
        RUN[target.name, "hypothesis"] += 1
        path = template.format(**{**demo_ids, "seg": segment})
        note(path[:2000])
        assert_safe_response(fetch(client, path), path[:300])

    run()
