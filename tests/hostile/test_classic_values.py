"""The classic troublemakers, tried deterministically beside hypothesis's random exploration, so the
well-known cases are always covered: every value of strategies.NASTY in all of an address's
parameters at once, every value of strategies.TRAPS in each parameter on its own, each parameter
repeated hundreds of times, and every hostile path segment of strategies.ID_SEGMENTS in each id
position."""

import pytest

from tests.hostile.checks import assert_safe_response, fetch
from tests.hostile.strategies import ID_SEGMENTS, NASTY, TRAPS, encode
from tests.hostile.targets import PATH_TARGETS, QUERY_TARGETS, RUN

pytestmark = pytest.mark.django_db


def _sweep(client, urls, counter: str) -> None:
    """GET every url; report all failures at once. ``counter`` names the target in the summary."""
    failures = []
    for url in urls:
        RUN[counter, "fixed"] += 1
        try:
            assert_safe_response(fetch(client, url), url[:200])
        except Exception as error:  # noqa: BLE001 - collect every failure of the sweep, then report
            failures.append(f"{url[:120]!r}: {type(error).__name__}: {str(error)[:300]}")
    assert not failures, "\n".join(failures)


WITH_PARAMETERS = [target for target in QUERY_TARGETS if target.params]


@pytest.mark.parametrize("target", WITH_PARAMETERS, ids=lambda target: target.name)
def test_all_parameters_with_each_classic_value(target, client, demo_ids):
    urls = []
    # The 100 KB values go one parameter at a time (TRAPS): in a dozen parameters at once they make
    # a 3.6 MB query string that no front server passes on, and a page of 150 MB that takes seconds.
    for number, value in enumerate(value for value in NASTY if len(value) <= 10_000):
        path = target.paths[number % len(target.paths)].format(**demo_ids)
        urls.append(f"{path}?" + "&".join(f"{name}={encode(value)}" for name in target.params))
    _sweep(client, urls, target.name)


@pytest.mark.parametrize("target", WITH_PARAMETERS, ids=lambda target: target.name)
def test_each_parameter_with_each_trap(target, client, demo_ids):
    urls = []
    names = target.trap_params or target.params
    for number, (name, value) in enumerate((name, value) for name in names for value in TRAPS):
        path = target.paths[number % len(target.paths)].format(**demo_ids)
        urls.append(f"{path}?{name}={encode(value)}")
    _sweep(client, urls, target.name)


REPEATED_VALUES = ["1", "2", "3", "4", "5", "6", "7", "8", "x", "%C2%B2", "", "-1", "9999999999"]


@pytest.mark.parametrize("target", WITH_PARAMETERS, ids=lambda target: target.name)
def test_each_parameter_repeated_hundreds_of_times(target, client, demo_ids):
    urls = []
    for number, name in enumerate(target.params):
        path = target.paths[number % len(target.paths)].format(**demo_ids)
        urls.append(f"{path}?" + "&".join(f"{name}={REPEATED_VALUES[i % len(REPEATED_VALUES)]}" for i in range(400)))
    _sweep(client, urls, target.name)


@pytest.mark.parametrize("target", PATH_TARGETS, ids=lambda target: target.name)
def test_each_classic_path_segment(target, client, demo_ids):
    urls = [template.format(**{**demo_ids, "seg": segment}) for segment in ID_SEGMENTS for template in target.paths]
    _sweep(client, urls, target.name)
