"""E-mail alerts: double opt-in, nothing followed before confirmation, a digest that never sends a
change twice, one-click unsubscribe that deletes the data, rate limit, no address enumeration."""

import datetime
import io
import re
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from qualifications import rights
from qualifications.alerts import services
from qualifications.alerts.digest import send_digests
from qualifications.alerts.models import SignupAttempt, Subscription
from tests.factories import OrganisationFactory, QualificationFactory

SUBSCRIBE = "/obserwuj/"


def signup(client, email="ala@example.org", remote="198.51.100.7", **fields):
    data = {"email": email, **fields}
    return client.post(SUBSCRIBE, data, REMOTE_ADDR=remote)


def follow_qualification(client, qualification, email="ala@example.org", remote="198.51.100.7"):
    return signup(client, email, remote, kind="qualification", target=qualification.zrk_id)


def link_in(message, name):
    """The address after the line that announces it, from a plain-text e-mail."""
    urls = re.findall(r"http://testserver/\S+", message.body)
    wanted = {"confirm": "/potwierdz/", "unsubscribe": "/wypisz/"}[name]
    if "/en/" in message.body:
        wanted = {"confirm": "/confirm/", "unsubscribe": "/unsubscribe/"}[name]
    return next(url for url in urls if wanted in url).removeprefix("http://testserver")


def confirm(client, message):
    url = link_in(message, "confirm")
    assert client.get(url).status_code == 200  # a page with a button: link scanners confirm nothing
    response = client.post(url)
    assert response.status_code == 200
    return response


def digest(settle=0):
    return send_digests(settle=datetime.timedelta(seconds=settle))


@pytest.mark.django_db
def test_double_opt_in_nothing_is_followed_until_the_link_is_confirmed(client):
    qualification = QualificationFactory(name_pl="Organizowanie pracy zespołu")
    response = follow_qualification(client, qualification)
    assert response.status_code == 302 and response["Location"] == "/obserwuj/wyslano/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ala@example.org"]
    assert "Organizowanie pracy zespołu" in message.subject
    assert "/potwierdz/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None

    # A change before confirmation: the digest sends nothing.
    qualification.characteristic_pl = "Nowy opis."
    qualification.save()
    mail.outbox.clear()
    assert digest().sent == 0 and mail.outbox == []

    confirm(client, message)
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None
    assert digest().sent == 0  # the change came before confirmation


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_digest_after_a_change_is_sent_once_even_when_run_twice_or_concurrently(client):
    qualification = QualificationFactory(name_pl="Prowadzenie szkoleń")
    follow_qualification(client, qualification)
    confirm(client, mail.outbox[0])
    mail.outbox.clear()

    qualification.characteristic_pl = "Osoba prowadzi szkolenia dla dorosłych."
    qualification.save()
    rights.grant(
        qualification,
        OrganisationFactory(name_pl="Centrum Egzaminacyjne Beta"),
        decision_date=datetime.date(2025, 1, 2),
    )

    # Two runs at once: the row lock lets exactly one of them report the change.
    errors = []

    def run():
        try:
            digest()
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "Centrum Egzaminacyjne Beta" in message.body
    assert "Krótka charakterystyka kwalifikacji (po polsku)" in message.body
    assert "Status: włączona → funkcjonująca" in message.body  # a short value: from → to
    assert "/zmiany/" in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith("<http://testserver/obserwuj/wypisz/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # And again from the command line: nothing new, nothing sent.
    call_command("send_alerts", "--settle-seconds=0", stdout=io.StringIO())
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_command_dry_run_sends_nothing_and_keeps_the_change_for_the_real_run(client, capsys):
    qualification = QualificationFactory()
    follow_qualification(client, qualification)
    confirm(client, mail.outbox[0])
    mail.outbox.clear()
    qualification.characteristic_pl = "Zmieniony opis."
    qualification.save()
    call_command("send_alerts", "--dry-run", "--settle-seconds=0")
    out = capsys.readouterr().out
    assert "would send" in out and "Dry run" in out
    assert mail.outbox == []
    call_command("send_alerts", "--settle-seconds=0")
    assert len(mail.outbox) == 1 and "1 digest(s) sent" in capsys.readouterr().out


@pytest.mark.django_db
def test_one_click_unsubscribe_deletes_the_data(client):
    qualification = QualificationFactory()
    follow_qualification(client, qualification)
    confirm(client, mail.outbox[0])
    url = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>").removeprefix("http://testserver")
    # GET only asks; the mail program's RFC 8058 POST, without cookies or CSRF token, deletes.
    assert client.get(url).status_code == 200
    assert Subscription.objects.count() == 1
    csrf_client = type(client)(enforce_csrf_checks=True)
    response = csrf_client.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert not Subscription.objects.exists()
    assert csrf_client.post(url).status_code == 200  # a second click: already done
    # The confirmation link of the deleted subscription no longer works.
    assert client.get(link_in(mail.outbox[0], "confirm")).status_code == 404


@pytest.mark.django_db
def test_other_forms_keep_csrf_protection(client):
    qualification = QualificationFactory()
    csrf_client = type(client)(enforce_csrf_checks=True)
    response = csrf_client.post(
        SUBSCRIBE, {"email": "a@example.org", "kind": "qualification", "target": qualification.zrk_id}
    )
    assert response.status_code == 403
    follow_qualification(client, qualification)
    assert csrf_client.post(link_in(mail.outbox[0], "confirm")).status_code == 403


@pytest.mark.django_db
def test_the_answer_never_tells_whether_an_address_is_already_subscribed(client):
    qualification = QualificationFactory()
    first = follow_qualification(client, qualification, email="ola@example.org")
    confirm(client, mail.outbox[0])
    mail.outbox.clear()
    again = follow_qualification(client, qualification, email="OLA@example.org")
    other = follow_qualification(client, qualification, email="nowy@example.org")
    assert (
        (first.status_code, first["Location"])
        == (again.status_code, again["Location"])
        == (
            other.status_code,
            other["Location"],
        )
    )
    # The confirmed address gets no second e-mail; the new one gets its confirmation.
    assert [message.to for message in mail.outbox] == [["nowy@example.org"]]
    assert Subscription.objects.filter(email="ola@example.org").count() == 1


@pytest.mark.django_db
def test_sign_ups_are_rate_limited_per_client_address(client):
    qualification = QualificationFactory()
    for number in range(services.SIGNUPS_PER_HOUR):
        assert follow_qualification(client, qualification, email=f"u{number}@example.org").status_code == 302
    refused = follow_qualification(client, qualification, email="late@example.org")
    assert refused.status_code == 429 and refused["Retry-After"]
    assert not Subscription.objects.filter(email="late@example.org").exists()
    # Another client is not held up; and no address is stored, only a keyed hash, for an hour.
    assert follow_qualification(client, qualification, email="x@example.org", remote="203.0.113.9").status_code == 302
    assert not SignupAttempt.objects.filter(client_hash__contains="198.51").exists()
    SignupAttempt.objects.update(created_at=timezone.now() - datetime.timedelta(hours=2))
    assert follow_qualification(client, qualification, email="later@example.org").status_code == 302


@pytest.mark.django_db
def test_english_sign_up_gets_english_e_mails(client):
    qualification = QualificationFactory(name_en="Team work organisation")
    response = client.post(
        "/en/follow/", {"email": "en@example.org", "kind": "qualification", "target": qualification.zrk_id}
    )
    assert response.status_code == 302 and response["Location"] == "/en/follow/sent/"
    message = mail.outbox[0]
    assert "Confirm that you want alerts about Team work organisation" in message.subject
    assert "/en/follow/confirm/" in message.body


@pytest.mark.django_db
def test_following_an_institution_and_a_search(client):
    institution = OrganisationFactory(name_pl="Instytucja Gamma")
    included = QualificationFactory(name_pl="Spawanie blach")
    response = client.get(f"{SUBSCRIBE}?institution={institution.pk}")
    assert response.status_code == 200 and "Instytucja Gamma" in response.content.decode()
    signup(client, "inst@example.org", kind="institution", target=institution.pk)
    confirm(client, mail.outbox[-1])
    response = client.get(f"{SUBSCRIBE}?q=spawanie&level=4&sort=name&junk=1")
    html = response.content.decode()
    assert response.status_code == 200 and "wyszukiwanie „spawanie”" in html
    signup(client, "search@example.org", kind="search", query="level=4&q=spawanie&sort=name")
    assert Subscription.objects.get(kind="search").query == "q=spawanie&level=4"
    confirm(client, mail.outbox[-1])
    mail.outbox.clear()

    rights.grant(included, institution, decision_date=datetime.date(2025, 3, 1))
    QualificationFactory(name_pl="Spawanie rur")  # newly matching the search
    digest()
    by_address = {message.to[0]: message.body for message in mail.outbox}
    assert "Spawanie blach" in by_address["inst@example.org"]
    assert "Spawanie rur" in by_address["search@example.org"]


@pytest.mark.django_db
def test_unconfirmed_sign_ups_are_deleted_after_the_link_expires(client):
    qualification = QualificationFactory()
    follow_qualification(client, qualification)
    Subscription.objects.update(created_at=timezone.now() - datetime.timedelta(days=services.UNCONFIRMED_DAYS + 1))
    assert digest().deleted_unconfirmed == 1
    assert not Subscription.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        {},
        {"email": "not-an-address", "kind": "qualification", "target": "1"},
        {"email": "a@example.org", "kind": "qualification", "target": "99999999"},
        {"email": "a@example.org", "kind": "qualification", "target": "-1"},
        {"email": "a@example.org", "kind": "qualification", "target": "1e400"},
        {"email": "a@example.org", "kind": "nonsense", "target": "1"},
        {"email": "a@example.org", "kind": "search", "query": ""},
        {"email": "a@example.org", "kind": "search", "query": "level=99&%00=\x00"},
        {"email": "a@example.org\x00", "kind": "search", "query": "q=x"},
        {"email": "a" * 300 + "@example.org", "kind": "search", "query": "q=x"},
        {"email": "a@example.org", "kind": "search", "query": "q=" + "x" * 5000},
    ],
)
def test_hostile_sign_up_input_is_refused_without_an_error(client, data):
    response = client.post(SUBSCRIBE, data)
    assert response.status_code in (302, 400)
    assert response.status_code == 400 or Subscription.objects.filter(kind="search").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/obserwuj/?qualification=abc",
        "/obserwuj/?qualification=99999999999999999999",
        "/obserwuj/?institution=%00",
        "/obserwuj/?level=x",
        "/obserwuj/potwierdz/abc/",
        "/obserwuj/potwierdz/MQ:1a:bad/",
        "/obserwuj/wypisz/%E2%80%AE/",
        "/en/follow/unsubscribe/" + "x" * 500 + "/",
    ],
)
def test_hostile_addresses_answer_4xx(client, path):
    assert client.get(path).status_code == 404
    assert client.post(path).status_code in (400, 403, 404)


@pytest.mark.django_db
def test_a_confirmation_token_cannot_unsubscribe_and_vice_versa(client):
    qualification = QualificationFactory()
    follow_qualification(client, qualification)
    subscription = Subscription.objects.get()
    token = services.confirm_token(subscription)
    assert client.post(f"/obserwuj/wypisz/{token}/").status_code == 404
    assert Subscription.objects.exists()
    assert client.get(f"/obserwuj/potwierdz/{services.unsubscribe_token(subscription)}/").status_code == 404


@pytest.mark.django_db
def test_each_right_event_is_reported_once_across_digests_on_the_same_day(client):
    qualification = QualificationFactory()
    follow_qualification(client, qualification)
    confirm(client, mail.outbox[0])
    mail.outbox.clear()
    right = rights.grant(
        qualification, OrganisationFactory(name_pl="Ośrodek Delta"), decision_date=datetime.date(2025, 1, 2)
    )
    digest()
    rights.suspend(right, "kontrola", datetime.date(2025, 2, 1))
    digest()
    first, second = (message.body for message in mail.outbox)
    assert "nadano uprawnienie do certyfikowania: Ośrodek Delta" in first and "zawieszono" not in first
    assert "zawieszono uprawnienie do certyfikowania: Ośrodek Delta" in second and "nadano" not in second
    assert "kontrola" not in second  # the reason typed in the back-office is not sent


@pytest.mark.django_db
def test_a_mail_server_failure_is_no_error_page_and_the_digest_is_sent_by_the_next_run(client, monkeypatch):
    import smtplib

    from django.core.mail import EmailMessage
    from django.core.management.base import CommandError

    qualification = QualificationFactory()
    real_send = EmailMessage.send

    def broken(self, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr(EmailMessage, "send", broken)
    assert follow_qualification(client, qualification).status_code == 302  # same answer as ever
    monkeypatch.setattr(EmailMessage, "send", real_send)
    follow_qualification(client, qualification)  # asking again sends the confirmation
    confirm(client, mail.outbox[0])
    mail.outbox.clear()
    qualification.characteristic_pl = "Nowy opis."
    qualification.save()

    monkeypatch.setattr(EmailMessage, "send", broken)
    with pytest.raises(CommandError):
        call_command("send_alerts", "--settle-seconds=0", stdout=io.StringIO())
    monkeypatch.setattr(EmailMessage, "send", real_send)
    call_command("send_alerts", "--settle-seconds=0", stdout=io.StringIO())
    assert len(mail.outbox) == 1 and "Nowy opis" not in mail.outbox[0].subject
