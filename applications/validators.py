"""Uploads: PDF only, size-limited, content-checked (docs/architecture.md#reliability-and-security).

The content check parses the file as PDF with pypdf rather than searching its bytes: a name may be
written with ``#xx`` escapes (``/J#61vaScript`` is ``/JavaScript``) and objects may sit inside
compressed object streams, where no byte pattern finds them. Every object the file contains is read,
whether or not the cross-reference table points to it (a viewer that repairs a damaged file would find
it too), and object streams are unpacked; then every name, as a key or a value, is compared with the
names of active content: scripts, launching programs, opening addresses or other files, submitting
forms, embedded media and files.
"""

import io
import logging
import re
from functools import cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024

# Names that make a PDF do something beyond showing pages: actions (/S /JavaScript, /Launch, /URI,
# /GoToR, /GoToE, /SubmitForm, /ImportData...) and the keys that carry scripts, embedded files, XML
# forms and media. /OpenAction and /AA are not among them: word processors use them to open the
# document at a page; what an action does is named by its type, which is checked.
ACTIVE_NAMES = frozenset(
    {
        "/JavaScript",
        "/JS",
        "/Launch",
        "/URI",
        "/GoToR",
        "/GoToE",
        "/SubmitForm",
        "/ImportData",
        "/Rendition",
        "/Movie",
        "/Sound",
        "/RichMedia",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/XFA",
    }
)
# Quick refusals before parsing (the parser below finds these and their disguised forms too).
_ACTIVE_BYTES = (b"/JavaScript", b"/JS ", b"/Launch")
# A browser sniffing the first bytes as HTML would run what follows; no PDF carries these tags there.
_HTML_TAGS = re.compile(rb"<\s*(?:!doctype|html|head|body|script|iframe|svg|img|object|embed|meta)\b", re.IGNORECASE)
_OBJECT = re.compile(rb"(?<![0-9])(\d{1,10})[ \t\r\n\f\x00]+(\d{1,5})[ \t\r\n\f\x00]+obj(?![A-Za-z])[ \t\r\n\f\x00]*")
_TRAILER = re.compile(rb"trailer(?![A-Za-z])[ \t\r\n\f\x00]*")
_MAX_OBJECTS = 200_000
_MAX_DEPTH = 64


class _Document:
    """What pypdf's object parser asks of a document: lenient parsing; indirect lengths are not
    resolved (a stream is then read up to its ``endstream``)."""

    strict = False

    def get_object(self, reference):
        return None


class _ActiveContent(Exception):
    pass


@cache
def _pypdf():
    """pypdf's errors and object types, imported on the first upload checked: the library takes
    some 4 MB of each worker's memory, and the public pages, which most workers serve, never read
    a PDF."""
    from pypdf import errors, generic

    return errors, generic


def validate_pdf(upload):
    """Refuse anything but a real PDF of at most 10 MB: the name, the size and the content are checked,
    so a renamed file or a PDF carrying scripts, actions or embedded files does not pass."""
    name = (getattr(upload, "name", "") or "").lower()
    if not name.endswith(".pdf"):
        raise ValidationError(_("Attachments must be PDF files (.pdf)."), code="pdf_extension")
    size = getattr(upload, "size", 0) or 0
    if size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(_("An attachment may be at most 10 MB."), code="pdf_size")
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        body = upload.read(MAX_ATTACHMENT_BYTES + 1)
    finally:
        upload.seek(position)
    head, tail = body[:1024], body[-2048:]
    not_pdf = ValidationError(_("This file is not a valid PDF document."), code="pdf_content")
    if not head.lstrip()[:5] == b"%PDF-" or b"%%EOF" not in tail or _HTML_TAGS.search(head):
        raise not_pdf
    active = ValidationError(
        _("PDF files with scripts, links, launch actions or embedded files are not accepted."), code="pdf_active"
    )
    if any(pattern in body for pattern in _ACTIVE_BYTES):
        raise active
    try:
        found = pdf_objects(body)
    except _ActiveContent:
        raise active from None
    if not found:
        raise not_pdf


def pdf_objects(body: bytes) -> int:
    """Parse every object of ``body`` (top level, trailer and inside object streams) and raise
    _ActiveContent on the first active name; the number of objects read, or 0 when the file cannot be
    parsed as PDF."""
    errors, generic = _pypdf()
    document = _Document()
    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.CRITICAL)  # damaged files are common; pypdf's warnings would flood the log
    try:
        starts = [match.end() for match in _OBJECT.finditer(body)]
        starts += [match.end() for match in _TRAILER.finditer(body)]
        if len(starts) > _MAX_OBJECTS:
            return 0
        stream = io.BytesIO(body)
        for start in starts:
            stream.seek(start)
            obj = generic.read_object(stream, document)
            _inspect(obj, document)
        return len(starts)
    except (errors.PyPdfError, ValueError, TypeError, KeyError, IndexError, AssertionError, RecursionError):
        return 0
    finally:
        pypdf_log.setLevel(level)


def _inspect(obj, document, depth: int = 0) -> None:
    _errors, generic = _pypdf()
    ArrayObject, DictionaryObject, NameObject, StreamObject = (
        generic.ArrayObject,
        generic.DictionaryObject,
        generic.NameObject,
        generic.StreamObject,
    )
    if depth > _MAX_DEPTH:
        raise ValueError("nested too deeply")
    if isinstance(obj, NameObject):
        if str(obj) in ACTIVE_NAMES:
            raise _ActiveContent
    elif isinstance(obj, DictionaryObject):
        raw = obj
        if "__streamdata__" in obj:
            raw = StreamObject.initialize_from_dictionary(dict(obj))
        for key, value in raw.items():
            _inspect(NameObject(key), document, depth + 1)
            _inspect(value, document, depth + 1)
        if isinstance(raw, StreamObject) and raw.get("/Type") == "/ObjStm":
            _object_stream(raw, document, depth + 1)
    elif isinstance(obj, ArrayObject):
        for item in obj:
            _inspect(item, document, depth + 1)


def _object_stream(container, document, depth: int) -> None:
    """The objects packed in a (usually compressed) object stream: ``/N`` pairs of numbers, then the
    objects from ``/First`` on."""
    data = container.get_data()
    first = int(container.get("/First", 0))
    count = int(container.get("/N", 0))
    if not 0 <= count <= _MAX_OBJECTS or not 0 <= first <= len(data):
        raise ValueError("malformed object stream")
    numbers = data[:first].split()
    offsets = [int(numbers[index]) for index in range(1, min(2 * count, len(numbers)), 2)]
    stream = io.BytesIO(data)
    for offset in offsets:
        stream.seek(first + offset)
        _inspect(_pypdf()[1].read_object(stream, document), document, depth)
