"""PDF uploads are read as PDF, not searched as bytes: active content disguised with ``#xx`` name
escapes, packed in compressed object streams, link actions (``/URI``, ``/GoToR``) and HTML behind a
``%PDF-`` header are refused; ordinary PDFs, including ones with compressed object streams, pass."""

import io
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from applications.validators import validate_pdf
from tests.hostile.test_uploads import application, assert_refused, media_root, upload  # noqa: F401

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def code_for(content: bytes) -> str:
    try:
        validate_pdf(SimpleUploadedFile("opis.pdf", content))
    except ValidationError as error:
        return error.code
    return "accepted"


def with_catalog_entry(entry: bytes) -> bytes:
    return PDF.replace(b"/Catalog", b"/Catalog " + entry)


def object_stream_pdf(packed: bytes) -> bytes:
    """A PDF whose object 2 sits in a Flate-compressed object stream (object 3)."""
    header = b"2 0 "
    data = zlib.compress(header + packed)
    stream = b"3 0 obj << /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n" % (
        len(header),
        len(data),
    )
    return (
        b"%PDF-1.5\n1 0 obj << /Type /Catalog /Names 2 0 R >> endobj\n"
        + stream
        + data
        + b"\nendstream\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )


def real_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content",
    [
        with_catalog_entry(b"/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>"),
        with_catalog_entry(b"/OpenAction << /S /L#61unch /F (cmd.exe) >>"),
        with_catalog_entry(b"/OpenAction << /S /URI /URI (https://evil.example/) >>"),
        with_catalog_entry(b"/OpenAction << /S /GoToR /F (other.pdf) /D [0 /Fit] >>"),
        with_catalog_entry(b"/Names << /#45mbeddedFiles 5 0 R >>"),
        object_stream_pdf(b"<< /JavaScript << /Names [(a) << /S /JavaScript /JS (app.alert(1)) >>] >> >>"),
        object_stream_pdf(b"<< /Dests << /S /L#61unch /F (calc.exe) >> >>"),
    ],
    ids=["escaped-javascript", "escaped-launch", "uri", "gotor", "embedded-files", "objstm-js", "objstm-launch"],
)
def test_disguised_active_content_is_refused(content):
    assert code_for(content) == "pdf_active"


def test_html_behind_a_pdf_header_is_refused():
    assert code_for(b"%PDF-1.4\n<html><body><script>alert(1)</script></body></html>\n%%EOF\n") == "pdf_content"
    assert code_for(b"%PDF-1.7\n<!DOCTYPE html><p>x</p>\n%%EOF\n") == "pdf_content"


def test_a_file_with_no_readable_pdf_object_is_refused():
    assert code_for(b"%PDF-1.4\nplain text, no objects at all\n%%EOF\n") == "pdf_content"


def test_ordinary_pdfs_are_accepted():
    assert code_for(PDF) == "accepted"
    assert code_for(real_pdf()) == "accepted"
    assert code_for(object_stream_pdf(b"<< /Dests << >> >>")) == "accepted"
    # Word processors open the document at its first page: an open action that only goes to a page.
    opens_at_page = with_catalog_entry(b"/OpenAction [1 0 R /Fit] /AA << /O << /S /GoTo /D [1 0 R /Fit] >> >>")
    assert code_for(opens_at_page) == "accepted"


@pytest.mark.django_db
def test_escaped_javascript_is_refused_through_the_back_office(operator_client, application, media_root):  # noqa: F811
    content = with_catalog_entry(b"/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>")
    assert_refused(upload(operator_client, application, "opis.pdf", content), "pdf_active")
