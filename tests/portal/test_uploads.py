"""What the portal accepts as an applicant's file, decided by the content, and how it is stored."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from applications.models import ApplicantFile
from applications.uploads import files_of, store_upload
from institutions.models import Ministry
from tests.applications.conftest import make_application

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 17 + b"\x00\x00\x00\x00IEND\xaeB`\x82"


def archive(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zipped:
        for name, body in members.items():
            zipped.writestr(name, body)
    return buffer.getvalue()


ODT = archive({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})
DOCX = archive({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"})


@pytest.fixture
def application(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return make_application(Ministry.objects.get(code="mrit"))


@pytest.mark.parametrize(
    ("name", "body"), [("wniosek.pdf", PDF), ("opis.odt", ODT), ("opis.docx", DOCX), ("skan.png", PNG)]
)
def test_documents_and_images_are_stored_privately_with_their_hash(application, tmp_path, name, body):
    stored = store_upload(application, SimpleUploadedFile(name, body), section="description", user=None)
    assert stored.original_name == name and stored.size == len(body)
    assert stored.application == application
    assert list(files_of(application, "description")) == [stored]
    path = tmp_path / "applicant-files" / stored.file.name
    assert path.read_bytes() == body
    assert name not in stored.file.name  # the stored name gives nothing away


@pytest.mark.parametrize(
    ("name", "body", "code"),
    [
        ("wniosek.exe", b"MZ", "upload_type"),
        ("wniosek.pdf", b"", "upload_empty"),
        ("wniosek.pdf", b"<html><script>alert(1)</script></html>", "pdf_content"),
        ("skan.png", PDF, "image_content"),
        ("opis.docx", b"PK\x03\x04 not really", "document_content"),
        ("opis.odt", DOCX, "document_content"),
        (
            "makro.docx",
            archive({"[Content_Types].xml": b"<T/>", "word/document.xml": b"<w/>", "word/vbaProject.bin": b"x"}),
            "document_macros",
        ),
    ],
)
def test_refused_files_store_nothing(application, name, body, code):
    with pytest.raises(ValidationError) as refused:
        store_upload(application, SimpleUploadedFile(name, body), section="description", user=None)
    assert refused.value.code == code
    assert not ApplicantFile.objects.exists()


def test_the_same_content_twice_in_one_application_is_refused(application):
    store_upload(application, SimpleUploadedFile("a.pdf", PDF), section="fee", user=None)
    with pytest.raises(ValidationError, match="a.pdf"):
        store_upload(application, SimpleUploadedFile("kopia.pdf", PDF), section="description", user=None)
    assert ApplicantFile.objects.count() == 1
