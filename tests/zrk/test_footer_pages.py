"""The footer leads to the about page (with the contact), the privacy notice, open data, the glossary,
the PZZJ list, who may apply, the check and the accessibility statement, in both languages; the consultation's
comment form links the privacy notice."""

import re

import pytest

pytestmark = pytest.mark.django_db

FOOTER_LINKS = {
    "pl": [
        "/o-rejestrze/",
        "/o-rejestrze/#contact",
        "/otwarte-dane/",
        "/slowniczek/",
        "/lista-pzzj/",
        "/wnioski/kto-moze-zlozyc/",
        "/sprawdz-uprawnienia/",
        "/polityka-prywatnosci/",
        "/deklaracja-dostepnosci/",
    ],
    "en": [
        "/en/about/",
        "/en/about/#contact",
        "/en/open-data/",
        "/en/glossary/",
        "/en/pzzj-list/",
        "/en/applications/eligibility/",
        "/en/certification-check/",
        "/en/privacy/",
        "/en/accessibility-statement/",
    ],
}


def _footer(html):
    return html[html.index('<footer class="site-footer">') : html.index("</footer>")]


@pytest.mark.parametrize("language", ["pl", "en"])
def test_every_footer_link_answers(client, language):
    home = "/" if language == "pl" else "/en/"
    footer = _footer(client.get(home).content.decode())
    links = re.findall(r'<a href="([^"]+)">', footer)
    assert links == FOOTER_LINKS[language]
    for link in links:
        response = client.get(link.split("#")[0])
        assert response.status_code == 200, link
        assert f'<html lang="{language}">' in response.content.decode()


def test_the_about_page_names_the_operator_and_a_contact(client, settings):
    settings.CONTACT_EMAIL = "zrk@example.org"
    html = client.get("/en/about/").content.decode()
    assert 'id="contact"' in html
    assert "Educational Research Institute" in html
    assert '<a href="mailto:zrk@example.org">zrk@example.org</a>' in html


def test_without_a_configured_address_demo_mode_shows_a_marked_placeholder(client, settings):
    settings.CONTACT_EMAIL = ""
    settings.ZRK_DEMO = True
    html = client.get("/en/about/").content.decode()
    assert "kontakt@example.invalid" in html and "a placeholder" in html
    settings.ZRK_DEMO = False
    html = client.get("/en/about/").content.decode()
    assert "example.invalid" not in html
    assert "No contact address is published on this website yet." in html


def test_the_privacy_notice_names_controller_purpose_retention_and_rights(client):
    html = client.get("/en/privacy/").content.decode()
    for needle in (
        "Controller",
        "Educational Research Institute",
        "Article 6(1)(e)",
        "How long they are kept",
        "e-mail address is never published",
        "Personal Data Protection Office",
    ):
        assert needle in html, needle
    polish = client.get("/polityka-prywatnosci/").content.decode()
    assert "Administrator" in polish and "RODO" in polish


def test_the_glossary_explains_the_abbreviations_with_anchors(client):
    html = client.get("/en/glossary/").content.decode()
    for anchor in ("ic", "pzzj", "walidacja", "prk", "srk"):
        assert f'<dt id="{anchor}">' in html, anchor
    polish = client.get("/slowniczek/").content.decode()
    assert "Instytucja certyfikująca (IC)" in polish


def test_the_comment_form_links_the_privacy_notice(client, demo_register):
    from applications.models import Consultation, State

    consultation = Consultation.objects.filter(application__state=State.CONSULTATION).order_by("pk").first()
    html = client.get(f"/en/consultations/{consultation.pk}/").content.decode()
    form = html[html.index('id="comment-form"') :]
    assert 'href="/en/privacy/"' in form


def test_the_print_view_carries_the_date_the_address_and_the_demo_notice(client, settings):
    settings.ZRK_DEMO = True
    html = client.get("/en/glossary/").content.decode()
    note = html[html.index('<div class="print-note">') :]
    assert "State of the register as of" in note
    assert "http://testserver/en/glossary/" in note
    assert "Demonstration register." in note
