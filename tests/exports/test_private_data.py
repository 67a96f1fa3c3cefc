"""No open-data output exposes drafts, consultation e-mails or officers' names (demo register)."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model

from institutions.models import Organisation
from qualifications.models import Qualification

pytestmark = pytest.mark.django_db


def body_of(response) -> str:
    assert response.status_code == 200
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode("utf-8")


def test_no_output_exposes_private_data(client, roles, demo_register):
    public_names = set(Qualification.objects.public().values_list("name_pl", flat=True))
    drafts = set(Qualification.objects.filter(status="draft").values_list("name_pl", flat=True)) - public_names
    organisation_emails = set(Organisation.objects.values_list("email", flat=True))
    comment_emails = set(apps.get_model("applications", "ConsultationComment").objects.values_list("email", flat=True))
    contact_emails = set(
        apps.get_model("applications", "InclusionApplication").objects.values_list("contact_email", flat=True)
    )
    officers = {
        f"{user.first_name} {user.last_name}".strip() for user in get_user_model().objects.filter(is_staff=True)
    }
    secrets = {
        secret
        for secret in drafts | comment_emails | (contact_emails - organisation_emails) | officers
        if secret and len(secret) > 3
    }
    assert drafts and comment_emails, "the demo register has drafts and consultation comments to hide"

    urls = [
        "/api/v1/elm/qualifications.xml",
        "/api/v1/downloads/qualifications.csv",
        "/api/v1/downloads/qualifications.json",
        "/api/v1/downloads/institutions.csv",
        "/api/v1/downloads/institutions.json",
        "/feeds/qualifications.pl.atom",
        "/feeds/qualifications.en.atom",
        "/sitemap-qualifications.xml",
        "/sitemap-institutions.xml",
    ]
    for qualification in Qualification.objects.public().filter(prk_level__isnull=False)[:5]:
        urls.append(f"/api/v1/qualifications/{qualification.zrk_id}.elm.xml")
        urls.append(f"/kwalifikacje/{qualification.zrk_id}-{qualification.slug}/")
    for url in urls:
        text = body_of(client.get(url))
        if url.startswith("/kwalifikacje/"):
            text = text.split("</head>", 1)[0]  # the JSON-LD; the rest of the page is tested elsewhere
        leaked = [secret for secret in secrets if secret in text]
        assert not leaked, (url, leaked)
    for draft in Qualification.objects.filter(status="draft")[:3]:
        assert client.get(f"/api/v1/qualifications/{draft.zrk_id}.elm.xml").status_code == 404
