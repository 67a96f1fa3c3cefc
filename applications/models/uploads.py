"""Files an applicant uploads through the portal: per task-list section of a draft, with the fee's proof
of payment, or with an answer to a completion request. One model for the three kinds (exactly one of
the three application links is set), stored outside the public media URLs and handed out only to the
organisation's members and to the staff who may see the application."""

import os
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from applications.models.inclusion import InclusionApplication
from applications.models.pzzj import PzzjApplication
from applications.models.rights import CertificationRightsApplication

# The link field per kind, in the order of the check constraint below.
APPLICATION_FIELDS = {
    InclusionApplication: "inclusion_application",
    CertificationRightsApplication: "rights_application",
    PzzjApplication: "pzzj_application",
}


_LINKS = ("inclusion_application", "rights_application", "pzzj_application")


def _exactly_one_of(names):
    conditions = [Q(**{f"{name}__isnull": name != chosen for name in names}) for chosen in names]
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    return combined


class ApplicantFileStorage(FileSystemStorage):
    """A folder of its own under MEDIA_ROOT (read when used, so that a changed setting applies) with no
    address: nothing under it is ever served directly, only through views that check who asks."""

    @cached_property
    def base_location(self):
        return os.path.join(str(settings.MEDIA_ROOT), "applicant-files")

    def url(self, name):
        return ""


def applicant_file_storage():
    return ApplicantFileStorage()


def applicant_file_path(instance, filename):
    # The stored name says nothing about the file; the original name is kept in a field.
    return f"{instance.uploaded_at_folder()}/{uuid.uuid4().hex}{instance.extension}"


class ApplicantFile(models.Model):
    inclusion_application = models.ForeignKey(
        InclusionApplication, on_delete=models.PROTECT, null=True, blank=True, related_name="applicant_files"
    )
    rights_application = models.ForeignKey(
        CertificationRightsApplication, on_delete=models.PROTECT, null=True, blank=True, related_name="applicant_files"
    )
    pzzj_application = models.ForeignKey(
        PzzjApplication, on_delete=models.PROTECT, null=True, blank=True, related_name="applicant_files"
    )
    # The task-list section (or "fee", or "completion") the file belongs to.
    section = models.SlugField(_("section"), max_length=40)
    file = models.FileField(_("file"), upload_to=applicant_file_path, storage=applicant_file_storage, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("applicant's file")
        verbose_name_plural = _("applicant's files")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        inclusion_application__isnull=False,
                        rights_application__isnull=True,
                        pzzj_application__isnull=True,
                    )
                    | Q(
                        inclusion_application__isnull=True,
                        rights_application__isnull=False,
                        pzzj_application__isnull=True,
                    )
                    | Q(
                        inclusion_application__isnull=True,
                        rights_application__isnull=True,
                        pzzj_application__isnull=False,
                    )
                ),
                name="applicant_file_one_application",
            ),
            # The same content uploaded twice to one application is refused (found by its hash).
            models.UniqueConstraint(fields=["inclusion_application", "sha256"], name="applicant_file_unique_inclusion"),
            models.UniqueConstraint(fields=["rights_application", "sha256"], name="applicant_file_unique_rights"),
            models.UniqueConstraint(fields=["pzzj_application", "sha256"], name="applicant_file_unique_pzzj"),
            models.CheckConstraint(condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="applicant_file_sha256_hex"),
        ]

    def __str__(self):
        return self.original_name

    @property
    def extension(self) -> str:
        name = self.original_name.lower()
        return name[name.rfind(".") :] if "." in name else ""

    def uploaded_at_folder(self) -> str:
        application = self.application
        return f"{APPLICATION_FIELDS[type(application)]}/{application.pk}"

    @property
    def application(self):
        return self.inclusion_application or self.rights_application or self.pzzj_application
