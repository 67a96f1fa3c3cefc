"""A citizen compares three qualifications from the search results, then follows one of them by e-mail
in a real browser: signs up on the qualification page,
confirms with the link from the e-mail, receives the digest after the record changes, reads the
changes page, and unsubscribes with the link every e-mail carries. The live server runs in this
process, so the e-mails are read from Django's locmem outbox."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from qualifications.alerts.digest import send_digests
from qualifications.alerts.models import Subscription
from tests.browser.test_journeys import assert_accessible
from tests.factories import QualificationFactory


def on_live_server(url: str, live_server) -> str:
    """E-mails link to SITE_URL (http://testserver in tests): the same path on the live server."""
    return live_server.url + re.sub(r"^https?://[^/]+", "", url)


def link_after(body: str, marker: str) -> str:
    return next(url for url in re.findall(r"https?://\S+", body) if marker in url)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_follow_confirm_receive_the_digest_and_unsubscribe(live_server, live_page):
    page = live_page
    qualification = QualificationFactory(
        name_pl="Organizowanie pracy zespołu",
        characteristic_pl="Osoba planuje pracę zespołu.",
        mp_year=2025,
        mp_position=12,
    )
    others = [
        QualificationFactory(name_pl="Kierowanie pracą zespołu", characteristic_pl="Osoba kieruje zespołem."),
        QualificationFactory(name_pl="Wspieranie pracy zespołu", characteristic_pl="Osoba wspiera zespół."),
    ]

    # Three results ticked for comparison (no JavaScript involved: a GET form).
    page.goto(f"{live_server.url}/kwalifikacje/?q=zespołu")
    for record in (qualification, *others):
        page.get_by_label(f"Porównaj: {record.name_pl}").check()
    page.get_by_role("button", name="Porównaj zaznaczone kwalifikacje").click()
    expect(page.locator("h1")).to_have_text("Porównaj kwalifikacje")
    headers = page.locator("#compare-differences thead th")
    expect(headers).to_have_count(3)
    assert_accessible(page)
    headers.get_by_role("link", name="Organizowanie pracy zespołu", exact=True).click()
    expect(page.locator("h1")).to_contain_text("Organizowanie pracy zespołu")

    page.get_by_role("link", name="Obserwuj tę kwalifikację przez e-mail").click()
    expect(page.locator("h1")).to_have_text("Obserwuj przez e-mail")
    expect(page.locator("main")).to_contain_text("Organizowanie pracy zespołu")
    assert_accessible(page)

    page.locator("#id_email").fill("obywatel@example.org")
    page.get_by_role("button", name="Obserwuj").click()
    expect(page.locator("h1")).to_have_text("Sprawdź pocztę")
    assert len(mail.outbox) == 1
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None  # nothing followed yet

    page.goto(on_live_server(link_after(mail.outbox[0].body, "/potwierdz/"), live_server))
    page.get_by_role("button", name="Potwierdź").click()
    expect(page.locator("h1")).to_have_text("Powiadomienia potwierdzone")
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None

    # The record changes; the digest (the cron job) reports it, once.
    qualification.characteristic_pl = "Osoba organizuje pracę zespołu."
    qualification.save()
    send_digests()
    send_digests()
    assert len(mail.outbox) == 2
    digest = mail.outbox[1]
    assert "Krótka charakterystyka kwalifikacji (po polsku)" in digest.body

    page.goto(on_live_server(link_after(digest.body, "/zmiany/"), live_server))
    expect(page.locator("h1")).to_have_text("Historia zmian")
    expect(page.locator(".history del").first).to_have_text("planuje")
    expect(page.locator(".history ins").first).to_have_text("organizuje")
    expect(page.locator("main")).to_contain_text("M.P. 2025 poz. 12")
    assert_accessible(page)

    unsubscribe = digest.extra_headers["List-Unsubscribe"].strip("<>")
    page.goto(on_live_server(unsubscribe, live_server))
    page.get_by_role("button", name="Wypisz mnie").click()
    expect(page.locator("h1")).to_have_text("Wypisano")
    assert not Subscription.objects.exists()
