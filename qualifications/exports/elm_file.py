"""The whole-register Europass document as a file, rebuilt once per register version.

Building the document reads the whole register (a minute or two at 100,000 qualifications); doing it
for every request would let a handful of clients occupy every worker. Instead the document is written
to a file under the private data folder (``ZRK_DATA_DIR``, never served directly) and streamed from
there with an ETag (a hash of its bytes) and Last-Modified (the latest change it shows). The file is
keyed on the register version (qualifications/models/version.py), which database triggers raise on
every committed change, so it is rebuilt on the first request after a change, or ahead of time by
``python manage.py build_elm_register``.

One build at a time, across workers and hosts: a PostgreSQL advisory lock. A request that finds a
build under way is served the previous file, if there is one, rather than waiting or building it again.
Hosts share the lock but not their folders: each builds its own copy (or point ZRK_DATA_DIR at a
shared volume).
"""

import hashlib
import json
import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import FileResponse, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from qualifications.exports.elm import XML_CONTENT_TYPE, Links, _register_validators, _snapshot, register_document
from qualifications.page_cache import register_version
from zrk.params import is_ascii_number

# Advisory lock (class, key) of the build; constants no other lock in the project uses.
LOCK = (7302, 1)


@dataclass(frozen=True)
class RegisterFile:
    path: Path
    version: int
    etag: str
    last_modified: datetime | None


def folder() -> Path:
    return Path(settings.ZRK_DATA_DIR) / "elm"


def _paths(version: int) -> tuple[Path, Path]:
    base = folder() / f"register-{version}"
    return base.with_suffix(".xml"), base.with_suffix(".json")


def stored(version: int) -> RegisterFile | None:
    """The file built for ``version``, if it is complete (its metadata is written last)."""
    document, meta = _paths(version)
    try:
        data = json.loads(meta.read_text())
    except (OSError, ValueError):
        return None
    if not document.is_file():
        return None
    modified = datetime.fromisoformat(data["last_modified"]) if data.get("last_modified") else None
    return RegisterFile(document, version, data["etag"], modified)


def latest() -> RegisterFile | None:
    """The newest complete file of any version (served while a newer one is being built)."""
    versions = []
    for meta in folder().glob("register-*.json"):
        number = meta.stem.removeprefix("register-")
        if is_ascii_number(number):
            versions.append(int(number))
    for version in sorted(versions, reverse=True):
        found = stored(version)
        if found is not None:
            return found
    return None


@contextmanager
def _lock(wait: bool):
    """The build lock, at session level (the build runs its own transaction); yields whether it is held."""
    with connection.cursor() as cursor:
        if wait:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", LOCK)
            held = True
        else:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", LOCK)
            held = cursor.fetchone()[0]
    try:
        yield held
    finally:
        if held:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", LOCK)


def _build() -> RegisterFile:
    """Write the document of the register as it is now (the lock is held)."""
    target = folder()
    target.mkdir(parents=True, exist_ok=True)
    with _snapshot():  # one consistent view: the version and the document agree
        version = register_version()
        found = stored(version)
        if found is not None:
            return found
        etag_source, last_modified = _register_validators()
        digest = hashlib.sha256()
        handle, temporary = tempfile.mkstemp(dir=target, prefix=".register-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                for piece in register_document(Links.for_site()):
                    out.write(piece)
                    digest.update(piece)
            document, meta = _paths(version)
            os.replace(temporary, document)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    etag = f'"{digest.hexdigest()[:32]}"'
    modified = last_modified.isoformat() if last_modified else None
    meta_temporary = meta.with_suffix(".json.tmp")
    meta_temporary.write_text(json.dumps({"etag": etag, "last_modified": modified, "source": etag_source}))
    os.replace(meta_temporary, meta)
    _remove_older_than(version)
    return stored(version)


def _remove_older_than(version: int) -> None:
    # A request still streaming an older file keeps reading it: unlinking does not cut an open file.
    for path in folder().glob("register-*"):
        number = path.name.removeprefix("register-").split(".")[0]
        if is_ascii_number(number) and int(number) < version:
            path.unlink(missing_ok=True)


def register_file() -> RegisterFile:
    """The file to serve now: the current version's, built if needed, or the previous one while
    another request builds the current one."""
    found = stored(register_version())
    if found is not None:
        return found
    with _lock(wait=False) as held:
        if held:
            return _build()
    previous = latest()
    if previous is not None:
        return previous
    with _lock(wait=True):  # the very first build: wait for it rather than build it twice
        return _build()


def build() -> RegisterFile:
    """Build the current version's file now (the management command), waiting for a build under way."""
    with _lock(wait=True):
        return _build()


@require_safe
def elm_register(request):
    """``/api/v1/elm/qualifications.xml``: the register's file, with ETag and Last-Modified (304 on a
    conditional request); ``HEAD`` gives the validators without the document."""
    document = register_file()
    # Whole seconds, as HTTP dates carry them.
    last_modified = int(document.last_modified.timestamp()) if document.last_modified else None
    response = get_conditional_response(request, etag=document.etag, last_modified=last_modified)
    if response is None:
        if request.method == "HEAD":
            response = HttpResponse(content_type=XML_CONTENT_TYPE)
        else:
            response = FileResponse(document.path.open("rb"), content_type=XML_CONTENT_TYPE)
        response["Content-Disposition"] = 'inline; filename="zrk-qualifications.elm.xml"'
    response["ETag"] = document.etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    return response
