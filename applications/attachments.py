"""Application attachments are not public: they are stored outside the static and media URLs and
handed out only through the back-office (``applications.admin.attachments``), to staff who may see
the application they belong to."""

from django.core.files.storage import FileSystemStorage
from django.urls import reverse


class AttachmentStorage(FileSystemStorage):
    """MEDIA_ROOT on disk, but every link (the admin's "currently" link included) points to the
    permission-checked download view rather than to a public /media/ address."""

    def url(self, name):
        return reverse("admin:applications_attachment_download", args=[name])


def attachment_storage():
    return AttachmentStorage()
