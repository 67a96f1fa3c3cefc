"""The three kinds of application as the applicant portal names them: the slug in its addresses, the
model, the workflow that moves it and a label. Every portal view finds its kind here."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# A portal application not yet filed: hidden from the back-office, editable by the organisation.
DRAFT = "draft"


@dataclass(frozen=True)
class Kind:
    slug: str
    label: str
    model_path: str  # "app_label.ModelName"
    workflow_path: str  # "module:NAME"

    @property
    def model(self):
        from django.apps import apps

        return apps.get_model(self.model_path)

    @property
    def workflow(self):
        from importlib import import_module

        module, name = self.workflow_path.split(":")
        return getattr(import_module(module), name)


KINDS: dict[str, Kind] = {
    kind.slug: kind
    for kind in (
        Kind(
            "inclusion",
            _("Inclusion of a market qualification in the ZSK"),
            "applications.InclusionApplication",
            "applications.workflow.inclusion:INCLUSION",
        ),
        Kind(
            "rights",
            _("Certification rights"),
            "applications.CertificationRightsApplication",
            "applications.workflow.rights:RIGHTS",
        ),
        Kind("pzzj", _("Entry on the PZZJ list"), "applications.PzzjApplication", "applications.workflow.pzzj:PZZJ"),
    )
}


def kind_of(application) -> Kind:
    for kind in KINDS.values():
        if isinstance(application, kind.model):
            return kind
    raise LookupError(type(application).__name__)


def portal_url(application) -> str:
    """Where the applicant opens this application: its task list while a draft, its case page after."""
    name = "portal:draft" if application.state == DRAFT else "portal:case"
    return reverse(name, args=[kind_of(application).slug, application.pk])
