"""Attachments of applications are downloaded through the back-office, by staff who may see the
application, never from a public address."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from applications.models import ApplicationAttachment
from tests.applications.conftest import make_application

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def attachment(ministry, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    application = make_application(ministry)
    item = ApplicationAttachment(application=application, title="Opis kwalifikacji (wersja 2)")
    item.file.save("opis.pdf", ContentFile(PDF), save=True)
    return item


def test_the_link_in_the_admin_downloads_the_pdf_for_those_who_may_see_the_application(clients, attachment):
    change_page = reverse("admin:applications_inclusionapplication_change", args=[attachment.application_id])
    link = attachment.file.url
    assert "/media/" not in link and link.startswith("/admin/applications/inclusionapplication/attachments/")
    assert link in clients["operator"].get(change_page).content.decode()
    for role in ("operator", "officer", "coordinator"):
        response = clients[role].get(link)
        assert response.status_code == 200, role
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="opis-kwalifikacji-wersja-2.pdf"'
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
        assert b"".join(response.streaming_content) == PDF


def test_others_get_nothing(clients, attachment):
    link = attachment.file.url
    assert clients["other_officer"].get(link).status_code == 404  # another ministry's application
    anonymous = Client().get(link)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    assert Client().get(f"/media/{attachment.file.name}").status_code == 404


def test_an_unknown_name_or_a_lost_file_is_a_404_not_a_500(clients, attachment):
    base = reverse("admin:applications_attachment_download", args=["applications/1/x.pdf"])
    assert clients["operator"].get(base).status_code == 404
    assert clients["operator"].get(base.replace("x.pdf", "../../../etc/passwd")).status_code == 404
    attachment.file.storage.delete(attachment.file.name)
    assert clients["operator"].get(attachment.file.url).status_code == 404
