"""Hostile uploads of application attachments through the back-office (the attachment inline of an
inclusion application, as a registry operator): fakes, oversized files and file names carrying paths
are refused with a message or stored under a generated name inside the upload folder; a real PDF is
accepted. The multipart bodies are written by hand, because Django's test client would strip the
path from a file name before sending it, as a hostile client would not."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from applications.models import ApplicationAttachment
from applications.validators import MAX_ATTACHMENT_BYTES
from institutions.models import Ministry
from tests.applications.conftest import make_application

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
BOUNDARY = "----zrk-hostile-upload"
GENERATED_NAME = r"^\d{14}(_[A-Za-z0-9]{7})?\.pdf$"  # attachment_path; the storage may add a suffix


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def application(db):
    return make_application(Ministry.objects.get(code="mrit"))


def _multipart(fields: dict, file_field: str, file_name: str, content: bytes) -> bytes:
    parts = []
    for name, value in fields.items():
        parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    header = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{file_name}"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    )
    parts.append(header.encode("utf-8") + content + b"\r\n")
    parts.append(f"--{BOUNDARY}--\r\n".encode())
    return b"".join(parts)


def upload(client, application, file_name: str, content: bytes):
    """POST the application's change form with one new attachment."""
    url = reverse("admin:applications_inclusionapplication_change", args=[application.pk])
    form = client.get(url).context["adminform"].form
    fields = {name: value for name, value in form.initial.items() if value is not None}
    fields = {name: (value.pk if hasattr(value, "pk") else value) for name, value in fields.items()}
    fields.update(
        {
            "attachments-TOTAL_FORMS": 1,
            "attachments-INITIAL_FORMS": 0,
            "attachments-MIN_NUM_FORMS": 0,
            "attachments-MAX_NUM_FORMS": 1000,
            "attachments-0-title": "Opis kwalifikacji",
        }
    )
    body = _multipart(fields, "attachments-0-file", file_name, content)
    return client.post(url, body, content_type=f"multipart/form-data; boundary={BOUNDARY}")


def assert_refused(response, code: str):
    """The form comes back with the file's error (checked by its code) shown on the page."""
    assert response.status_code == 200
    form = response.context["inline_admin_formsets"][0].formset.forms[0]
    assert [error.code for error in form.errors.as_data()["file"]] == [code], form.errors
    assert escape(form.errors["file"][0]) in response.content.decode()
    assert not ApplicationAttachment.objects.exists()


def assert_stored_inside(response, application, media_root):
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    attachment = ApplicationAttachment.objects.get()
    folder = (media_root / "applications" / str(application.pk)).resolve()
    stored = (media_root / attachment.file.name).resolve()
    assert stored.parent == folder and stored.is_file()
    assert stored.read_bytes() == PDF
    assert re.match(GENERATED_NAME, stored.name), stored.name
    # Nothing was written anywhere but the upload folder.
    written = [path for path in media_root.parent.rglob("*") if path.is_file()]
    assert written == [stored]


def test_a_real_pdf_is_accepted(operator_client, application, media_root):
    assert_stored_inside(upload(operator_client, application, "opis.pdf", PDF), application, media_root)


@pytest.mark.parametrize(
    ("file_name", "content", "code"),
    [
        ("opis.pdf", b"Just some text, renamed.\n", "pdf_content"),
        ("opis.pdf", b"\x89PNG\r\n\x1a\n" + b"\0" * 64 + b"%%EOF", "pdf_content"),
        ("opis.pdf", b"MZ\x90\x00" + PDF, "pdf_content"),
        ("opis.pdf", PDF.replace(b"%%EOF", b""), "pdf_content"),
        ("opis.exe", PDF, "pdf_extension"),
        ("opis.pdf.exe", PDF, "pdf_extension"),
        ("opis", PDF, "pdf_extension"),
        ("opis.pdf", PDF.replace(b"/Catalog", b"/Catalog /JavaScript"), "pdf_active"),
        ("opis.pdf", PDF.replace(b"/Catalog", b"/Catalog /OpenAction << /S /Launch >>"), "pdf_active"),
    ],
    ids=["text", "png-magic", "exe-magic", "no-eof", "exe-name", "double-extension", "no-extension", "js", "launch"],
)
def test_fakes_are_refused_with_a_message(operator_client, application, media_root, file_name, content, code):
    assert_refused(upload(operator_client, application, file_name, content), code)
    assert not any(media_root.rglob("*.*"))


def test_an_oversized_file_is_refused(operator_client, application, media_root):
    big = PDF[:-6] + b"%" + b"0" * (MAX_ATTACHMENT_BYTES + 1) + b"\n%%EOF\n"
    assert_refused(upload(operator_client, application, "duzy.pdf", big), "pdf_size")
    assert not any(media_root.rglob("*.*"))


@pytest.mark.parametrize(
    "file_name",
    [
        "../../etc/passwd.pdf",
        "..\\..\\x.pdf",
        "/etc/passwd.pdf",
        "C:\\Windows\\x.pdf",
        "a\x00b.pdf",
        "..%2F..%2Fx.pdf",
        "&#x2F;..&#x2F;..&#x2F;x.pdf",
        "..pdf",
        "\u202eevil\u202dfdp.pdf",
        "opis ze spacją i ąę.pdf",
    ],
    ids=[
        "dot-dot-slash",
        "dot-dot-backslash",
        "absolute",
        "windows-absolute",
        "nul",
        "encoded-slash",
        "html-entity-slash",
        "dots",
        "rtl-override",
        "polish",
    ],
)
def test_names_with_paths_are_stored_under_a_generated_name(operator_client, application, media_root, file_name):
    assert_stored_inside(upload(operator_client, application, file_name, PDF), application, media_root)


@pytest.mark.parametrize("file_name", ["..", "/", "\\", "\x00", "../"])
def test_names_that_are_only_a_path_are_refused(operator_client, application, media_root, file_name):
    """Django's parser drops a file whose name is nothing but a path: the field is then required."""
    assert_refused(upload(operator_client, application, file_name, PDF), "required")


def test_a_stored_attachment_downloads_through_its_link(operator_client, application, media_root):
    assert upload(operator_client, application, "../../etc/passwd.pdf", PDF).status_code == 302
    response = operator_client.get(ApplicationAttachment.objects.get().file.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd",
        "..%2F..%2Fetc%2Fpasswd",
        "%2Fetc%2Fpasswd",
        "applications/../../../etc/passwd",
        "%00",
        "applications%2F1%2F%00.pdf",
        "x" * 3000,
        "%ED%A0%80",
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    ],
)
def test_the_download_view_answers_404_for_hostile_names(operator_client, application, media_root, name):
    upload(operator_client, application, "opis.pdf", PDF)
    response = operator_client.get(f"/admin/applications/inclusionapplication/attachments/{name}")
    # A NUL is turned away for the whole back-office (400, zrk.middleware) before the view.
    assert response.status_code == (400 if "%00" in name else 404)
    assert b"<script>alert(1)" not in response.content
