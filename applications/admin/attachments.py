"""The permission-checked download of an application's attachment (see ``applications.attachments``)."""

from django.http import FileResponse, Http404
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from applications.access import scope
from applications.models import ApplicationAttachment


@require_GET
def download(request, name: str):
    attachment = None
    # A NUL cannot be in a stored name, nor be sent to PostgreSQL in a query (a server error).
    if "\x00" not in name and request.user.has_perm("applications.view_applicationattachment"):
        visible = scope(request, ApplicationAttachment.objects.all(), "application__ministry")
        attachment = visible.filter(file=name).first()
    if attachment is None:
        # The same answer for "no such file" and "not yours": the name tells nothing to others.
        raise Http404(_("There is no such attachment."))
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404(_("The attachment's file is missing from the storage.")) from missing
    filename = f"{slugify(attachment.title) or 'zalacznik'}.pdf"
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type="application/pdf")
    response["Cache-Control"] = "private, no-store"
    return response
