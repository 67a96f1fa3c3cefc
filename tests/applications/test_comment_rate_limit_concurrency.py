"""The comment rate limit holds under concurrent posts: ten readers' browsers (threads, each with its
own database connection, as on separate workers) posting from one address at the same moment store
exactly the five comments an hour allows; the others get 429."""

import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from applications.consultations import COMMENTS_PER_HOUR
from applications.models import ConsultationComment
from tests.applications.test_consultations import comment_data, open_consultation  # noqa: F401

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.urls("tests.applications.urls"),
]

POSTS = 10


def test_concurrent_comments_from_one_address_do_not_pass_the_limit(open_consultation):  # noqa: F811
    url = reverse("consultation_detail", args=[open_consultation.pk])
    start = threading.Barrier(POSTS)
    statuses = []

    def post(n):
        try:
            client = Client(REMOTE_ADDR="203.0.113.9")
            start.wait(10)
            statuses.append(client.post(url, comment_data(text=f"Uwaga równoległa {n}")).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(n,)) for n in range(POSTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(statuses) == [302] * COMMENTS_PER_HOUR + [429] * (POSTS - COMMENTS_PER_HOUR)
    assert ConsultationComment.objects.count() == COMMENTS_PER_HOUR
    # Another address is not affected by the first one's lock or count.
    assert Client(REMOTE_ADDR="198.51.100.4").post(url, comment_data(text="Inny adres")).status_code == 302
