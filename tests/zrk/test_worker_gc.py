"""A gunicorn worker sets aside from the cycle collector what it holds after its warm-up
(gunicorn.conf.py): a full collection then walks only the objects made since, not the whole process."""

import gc
import runpy
from pathlib import Path

import pytest
from django.conf import settings

from zrk import warmup


@pytest.fixture
def unfrozen():
    yield
    gc.unfreeze()


def test_a_worker_sets_aside_what_it_holds_after_its_warm_up(monkeypatch, unfrozen):
    warmed = []
    monkeypatch.setattr(warmup, "warm_connections", lambda: warmed.append("connections"))
    monkeypatch.setattr(warmup, "warm_figures", lambda: warmed.append("figures"))
    config = runpy.run_path(str(Path(settings.BASE_DIR) / "gunicorn.conf.py"))
    gc.unfreeze()
    held = len(gc.get_objects())

    config["post_worker_init"](None)

    assert warmed == ["connections", "figures"]
    assert gc.get_freeze_count() >= held // 2
    assert len(gc.get_objects()) < held // 10
