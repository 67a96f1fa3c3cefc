"""What the applicant portal accepts as a file, and the one way to store one.

Accepted: PDF (checked for active content by ``validators.validate_pdf``), OpenDocument text (.odt),
Word documents (.docx, without macros) and PNG / JPEG images, at most ``MAX_UPLOAD_BYTES`` each. The
content decides, not the name: a renamed file is refused. The same content twice in one application is
refused too (its SHA-256), so that a double click or a re-sent form does not file a copy.
"""

import hashlib
import io
import zipfile

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from applications.models.uploads import APPLICATION_FIELDS, ApplicantFile
from applications.validators import validate_pdf

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# A document is a zip archive: bound what unpacking it may cost (a "zip bomb" is a few KB on disk).
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_ARCHIVE_MEMBERS = 2_000

ODT = "application/vnd.oasis.opendocument.text"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TYPES = {
    ".pdf": "application/pdf",
    ".odt": ODT,
    ".docx": DOCX,
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
ACCEPT = ",".join(TYPES)  # for the file input's ``accept`` attribute (a hint; the server decides)


def _refuse(message, code):
    raise ValidationError(message, code=code)


def _read(upload) -> bytes:
    upload.seek(0)
    body = upload.read(MAX_UPLOAD_BYTES + 1)
    upload.seek(0)
    return body


def _check_archive(body: bytes, kind: str) -> None:
    not_document = _("This file is not a valid %(kind)s document.") % {"kind": kind}
    try:
        archive = zipfile.ZipFile(io.BytesIO(body))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        _refuse(not_document, "document_content")
    if len(members) > MAX_ARCHIVE_MEMBERS or sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
        _refuse(_("This document unpacks to more than 100 MB: it is not accepted."), "document_size")
    names = {m.filename for m in members}
    lowered = {name.lower() for name in names}
    if any(name.endswith("vbaproject.bin") or "/basic/" in name or name.startswith("basic/") for name in lowered):
        _refuse(_("Documents with macros are not accepted."), "document_macros")
    try:
        if kind == "ODT":
            if "mimetype" not in names or archive.read("mimetype").strip() != ODT.encode():
                _refuse(not_document, "document_content")
        elif "[Content_Types].xml" not in names or "word/document.xml" not in names:
            _refuse(not_document, "document_content")
        elif b"macroEnabled" in archive.read("[Content_Types].xml"):
            _refuse(_("Documents with macros are not accepted."), "document_macros")
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, NotImplementedError):
        _refuse(not_document, "document_content")


def _check_image(body: bytes, extension: str) -> None:
    not_image = _("This file is not a valid PNG or JPEG image.")
    if extension == ".png":
        if not (body.startswith(b"\x89PNG\r\n\x1a\n") and body[12:16] == b"IHDR" and b"IEND" in body[-16:]):
            _refuse(not_image, "image_content")
    elif not (body.startswith(b"\xff\xd8\xff") and b"\xff\xd9" in body[-16:]):
        _refuse(not_image, "image_content")


def check_upload(upload) -> str:
    """Validate an uploaded file; return its content type or raise ValidationError (user's language)."""
    name = (getattr(upload, "name", "") or "").lower()
    extension = name[name.rfind(".") :] if "." in name else ""
    if extension not in TYPES:
        _refuse(_("Upload a PDF, ODT or DOCX document or a PNG or JPEG image."), "upload_type")
    size = getattr(upload, "size", None) or 0
    if size == 0:
        _refuse(_("The file is empty."), "upload_empty")
    if size > MAX_UPLOAD_BYTES:
        _refuse(_("A file may be at most 10 MB."), "upload_size")
    if extension == ".pdf":
        validate_pdf(upload)
        return TYPES[extension]
    body = _read(upload)
    if extension == ".odt":
        _check_archive(body, "ODT")
    elif extension == ".docx":
        _check_archive(body, "DOCX")
    else:
        _check_image(body, extension)
    return TYPES[extension]


def sha256_of(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(64 * 1024), b""):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def files_of(application, section: str | None = None):
    """The applicant's files of one application (of any kind), optionally of one section."""
    files = ApplicantFile.objects.filter(**{APPLICATION_FIELDS[type(application)]: application})
    return files.filter(section=section) if section is not None else files


def store_upload(application, upload, *, section: str, user) -> ApplicantFile:
    """Check and store one uploaded file for an application. Raises ValidationError for a file that is
    refused or already uploaded to this application; nothing is stored then."""
    content_type = check_upload(upload)
    digest = sha256_of(upload)
    duplicate = files_of(application).filter(sha256=digest).first()
    if duplicate:
        _refuse(
            _("This file has already been uploaded to this application (as “%(name)s”).")
            % {"name": duplicate.original_name},
            "upload_duplicate",
        )
    original = (getattr(upload, "name", "") or "file").replace("\\", "/").rsplit("/", 1)[-1][:200]
    record = ApplicantFile(
        section=section,
        original_name=original,
        content_type=content_type,
        size=upload.size,
        sha256=digest,
        uploaded_by=user if getattr(user, "is_authenticated", False) else None,
        **{APPLICATION_FIELDS[type(application)]: application},
    )
    try:
        with transaction.atomic():
            record.file.save(record.original_name, upload, save=False)
            record.save()
    except IntegrityError:
        # Two identical uploads at once: the unique constraint kept one.
        record.file.delete(save=False)
        _refuse(_("This file has already been uploaded to this application."), "upload_duplicate")
    return record
