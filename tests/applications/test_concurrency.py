"""Two officers click at once: two database connections, one wins, the other gets a clear message."""

import threading
import time

import pytest
from django.db import connections, transaction
from django.utils import translation

from applications.models import InclusionApplication, State
from applications.workflow import TransitionRefused, perform
from tests.applications.conftest import make_application

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def run_concurrently(first_call, second_call):
    """first_call runs and keeps its transaction (and the row lock) open until the second call has
    had time to block on the lock; then it commits and the second call goes on."""
    results, locked, release = {}, threading.Event(), threading.Event()

    # Each thread has its own active language: messages are read in English, as the tests expect.
    def first():
        try:
            with translation.override("en"), transaction.atomic():
                results["first"] = first_call()
                locked.set()
                release.wait(10)
        finally:
            connections.close_all()

    def second():
        locked.wait(10)
        try:
            with translation.override("en"):
                try:
                    results["second"] = second_call()
                except TransitionRefused as refusal:
                    results["second_refused"] = str(refusal.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    assert locked.wait(10)
    time.sleep(0.5)
    blocked = threads[1].is_alive()  # waiting for the row lock held by the first click
    release.set()
    for thread in threads:
        thread.join(20)
    return results, blocked


def test_two_clicks_on_the_same_step(users, ministry, in_english):
    app = make_application(ministry, State.FORMAL_CHECK)
    op = users["operator"]
    results, blocked = run_concurrently(
        lambda: perform(app.pk, "forward", op, expected_state="formal_check").state,
        lambda: perform(app.pk, "forward", op, expected_state="formal_check").state,
    )
    assert blocked, "the second click did not wait for the row lock"
    assert results["first"] == State.FORWARDED
    assert "second" not in results
    assert "Someone else has just changed this application" in results["second_refused"]
    app.refresh_from_db()
    assert app.state == State.FORWARDED
    assert list(app.events.values_list("action", flat=True)) == ["submit", "forward"]


def test_two_officers_take_different_steps(users, ministry, in_english):
    app = make_application(ministry, State.EXPERT_REVIEW)
    officer = users["officer"]
    results, blocked = run_concurrently(
        lambda: perform(app.pk, "decide", officer, prk_level=4).state,
        lambda: perform(app.pk, "refuse", officer, reason="Odmowa (test).").state,
    )
    assert blocked
    assert results["first"] == State.DECIDED
    assert "is not possible while the application is" in results["second_refused"]
    app = InclusionApplication.objects.get(pk=app.pk)
    assert app.state == State.DECIDED and app.refusal_reason == ""
    assert app.events.count() == 2
