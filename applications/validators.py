"""Uploads: PDF only, size-limited, content-checked (DESIGN section 10)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


def validate_pdf(upload):
    """Refuse anything but a real PDF of at most 10 MB: the name, the size and the bytes are checked,
    so a renamed file or a PDF carrying scripts does not pass."""
    name = (getattr(upload, "name", "") or "").lower()
    if not name.endswith(".pdf"):
        raise ValidationError(_("Attachments must be PDF files (.pdf)."), code="pdf_extension")
    size = getattr(upload, "size", 0) or 0
    if size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(_("An attachment may be at most 10 MB."), code="pdf_size")
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        head = upload.read(1024)
        upload.seek(max(size - 2048, 0))
        tail = upload.read()
        upload.seek(0)
        body = upload.read(MAX_ATTACHMENT_BYTES + 1)
    finally:
        upload.seek(position)
    if not head.lstrip()[:5] == b"%PDF-" or b"%%EOF" not in tail:
        raise ValidationError(_("This file is not a valid PDF document."), code="pdf_content")
    if b"/JavaScript" in body or b"/JS " in body or b"/Launch" in body:
        raise ValidationError(_("PDF files with scripts or launch actions are not accepted."), code="pdf_active")
