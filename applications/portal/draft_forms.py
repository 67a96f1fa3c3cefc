"""The applicant portal's forms for drafts: starting one, each task-list section (built from the
section table), the learning-outcome editor's rows and the file upload that goes with a section."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator, RegexValidator
from django.forms import modelform_factory
from django.utils.translation import gettext_lazy as _

from applications.models import CertificationRightsApplication, InclusionApplication, PzzjApplication
from applications.portal.kinds import DRAFT
from applications.portal.sections import DESCRIPTION, Section
from applications.uploads import ACCEPT
from institutions.models import Ministry
from qualifications.models import (
    Category,
    LearningOutcome,
    LearningOutcomeSet,
    PrkLevel,
    Qualification,
    Status,
    VerificationCriterion,
)
from zrk.params import is_ascii_number
from zrk.widgets import DateInput

# Long enough for any honest answer, short enough that a form cannot be used to store megabytes.
MAX_TEXT = 20_000
# The categories an organisation may apply to include (the others are included by law).
APPLICABLE_CATEGORIES = (Category.FREE_MARKET, Category.SECTORAL, Category.CRAFT)
IN_REGISTER = (Status.INCLUDED, Status.FUNCTIONING)

LABELS = {
    "name_pl": _("Name of the qualification"),
    "characteristic_pl": _("Short characteristic"),
    "prk_level": _("Proposed PRK level"),
    "target_groups_pl": _("Target groups"),
    "entitlements_pl": _("Entitlements (optional)"),
    "document_name_pl": _("Name of the confirming document"),
    "renewal_conditions_pl": _("Conditions for renewing the document (optional)"),
    "entry_conditions_pl": _("Conditions for entering validation"),
    "validation_requirements_pl": _("Validation requirements"),
    "ic_additional_conditions_pl": _("Additional conditions for certifying institutions (optional)"),
    "demand_pl": _("Demand for the qualification"),
    "typical_uses_pl": _("Typical uses (optional)"),
    "contact_email": _("E-mail for notices (optional)"),
    "ministry": _("Competent minister"),
    "fee_paid_on": _("Date of payment"),
    "ministries": _("Groups of qualifications (competent ministers)"),
}
HELP = {
    "entry_conditions_pl": _("Write “none” if anyone may enter validation."),
    "validity_months": _("Leave empty if the document is valid indefinitely and tick the box below."),
    "isced_code": _("2 to 4 digits, e.g. 1012."),
    "pkd_code": _("E.g. 96.02.Z."),
    "fee_reference": _("The title of your bank transfer."),
}


def _polish(form):
    """Shared finishing of every portal form: bounded text, the site's input classes."""
    for field in form.fields.values():
        unbounded = isinstance(field, forms.CharField) and (field.max_length is None or field.max_length > MAX_TEXT)
        if unbounded:
            field.max_length = MAX_TEXT
            field.validators.append(MaxLengthValidator(MAX_TEXT))
            field.widget.attrs["maxlength"] = str(MAX_TEXT)
        widget = field.widget
        if isinstance(widget, forms.Textarea):
            widget.attrs.update({"class": "input", "rows": 6})
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            widget.attrs.setdefault("class", "select")
        elif not isinstance(widget, forms.CheckboxInput | forms.ClearableFileInput | forms.CheckboxSelectMultiple):
            widget.attrs.setdefault("class", "input")


def _constraint_message(model, name):
    return next(c.violation_error_message for c in model._meta.constraints if c.name == name)


# The description's database rules, checked on their fields so that the message stands next to the
# field (the database would report them for the whole form).
FIELD_RULES = {
    "isced_code": lambda: RegexValidator(
        r"^\d{2,4}$", _constraint_message(Qualification, "qualification_isced_format")
    ),
    "pkd_code": lambda: RegexValidator(
        r"^\d{2}(\.\d{1,2}(\.[A-Z])?)?$", _constraint_message(Qualification, "qualification_pkd_format")
    ),
    "workload_hours": lambda: MinValueValidator(
        1, _constraint_message(Qualification, "qualification_workload_positive")
    ),
}


class PortalModelForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self._meta.model is Qualification:
            for name, rule in FIELD_RULES.items():
                if name in self.fields:
                    self.fields[name].validators.append(rule())
        for name, field in self.fields.items():
            if name in LABELS:
                field.label = LABELS[name]
            if name in HELP:
                field.help_text = HELP[name]
        if "category" in self.fields:
            self.fields["category"].choices = [(c.value, c.label) for c in APPLICABLE_CATEGORIES]
        if "prk_level" in self.fields:
            self.fields["prk_level"].queryset = PrkLevel.objects.order_by("level")
        if "ministry" in self.fields:
            self.fields["ministry"].queryset = Ministry.objects.filter(active=True).order_by("name")
        if "ministries" in self.fields:
            self.fields["ministries"].queryset = Ministry.objects.filter(active=True).order_by("name")
            self.fields["ministries"].widget = forms.CheckboxSelectMultiple(choices=self.fields["ministries"].choices)
            self.fields["ministries"].required = False
        _polish(self)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("validity_indefinite") and cleaned.get("validity_months"):
            self.add_error("validity_indefinite", _constraint_message(Qualification, "qualification_validity_either"))
        return cleaned


def section_form_class(kind_slug: str, section: Section):
    """The ModelForm of one section: the draft qualification's fields or the application's."""
    if section.target == DESCRIPTION:
        model = Qualification
    else:
        model = {
            "inclusion": InclusionApplication,
            "rights": CertificationRightsApplication,
            "pzzj": PzzjApplication,
        }[kind_slug]
    widgets = {"fee_paid_on": DateInput()}
    return modelform_factory(model, form=PortalModelForm, fields=section.fields, widgets=widgets)


class UploadForm(forms.Form):
    """The optional file that goes with a section; ``applications.uploads.store_upload`` decides."""

    file = forms.FileField(
        label=_("Attach a file (optional)"),
        required=False,
        help_text=_("PDF, ODT or DOCX document or PNG or JPEG image, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )


class NewDraftForm(forms.Form):
    """What each kind needs to start a draft: the proposed name and category of an inclusion
    application; for a certification-rights application, the qualification (in the register) or the
    organisation's own inclusion application it is filed jointly with (art. 43: a fee of 5,000 zł
    instead of 10,000 zł, paid after the notice in Monitor Polski); a PZZJ application needs nothing
    more than the organisation."""

    def __init__(self, kind_slug, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind_slug = kind_slug
        if kind_slug == "inclusion":
            self.fields["proposed_name"] = forms.CharField(
                label=_("Proposed name of the qualification"), max_length=400
            )
            self.fields["category"] = forms.ChoiceField(
                label=_("Category"), choices=[(c.value, c.label) for c in APPLICABLE_CATEGORIES]
            )
        elif kind_slug == "rights":
            self.fields["qualification"] = forms.CharField(
                label=_("Qualification (ZRK id or code)"),
                max_length=40,
                required=False,
                help_text=_("A qualification in the register (included or functioning), e.g. 13859."),
            )
            joint = joint_candidates(organisation)
            if joint.exists():
                self.fields["inclusion_application"] = forms.ModelChoiceField(
                    label=_("Or: filed jointly with your inclusion application"),
                    queryset=joint,
                    required=False,
                    empty_label=_("– not jointly –"),
                    help_text=_(
                        "Filed jointly with an inclusion application of your organisation that has not been "
                        "submitted yet, the fee is 5,000 zł instead of 10,000 zł and is paid after the notice "
                        "in Monitor Polski."
                    ),
                )
                self.fields["inclusion_application"].label_from_instance = lambda a: a.draft.name_pl
        _polish(self)

    def clean_qualification(self):
        value = self.cleaned_data["qualification"].strip()
        if not value:
            return None
        found = Qualification.objects.filter(status__in=IN_REGISTER)
        if is_ascii_number(value, 9):
            found = found.filter(zrk_id=int(value)) | found.filter(code=value)
        else:
            found = found.filter(code=value)
        qualification = found.first()
        if qualification is None:
            raise ValidationError(_("There is no qualification with this id or code in the register."))
        if qualification.ministry_id is None:
            raise ValidationError(_("This qualification has no competent minister: it takes no applications."))
        return qualification

    def clean(self):
        cleaned = super().clean()
        if self.kind_slug != "rights" or self.errors:
            return cleaned
        qualification, joint = cleaned.get("qualification"), cleaned.get("inclusion_application")
        if qualification and joint:
            raise ValidationError(
                _("Give either a qualification in the register or the inclusion application, not both.")
            )
        if not qualification and not joint:
            self.add_error("qualification", _("Give the qualification's ZRK id or code."))
        elif joint and joint.ministry_id is None:
            self.add_error(
                "inclusion_application",
                _("Choose the competent minister in that inclusion application first: this one goes to the same."),
            )
        return cleaned


def joint_candidates(organisation):
    """The inclusion applications a new rights application may be filed jointly with: the
    organisation's own, still drafts (filed together with it)."""
    if organisation is None:
        return InclusionApplication.objects.none()
    return (
        InclusionApplication.objects.filter(applicant=organisation, state=DRAFT)
        .select_related("draft")
        .order_by("draft__name_pl", "pk")
    )


class SetForm(PortalModelForm):
    class Meta:
        model = LearningOutcomeSet
        fields = ("name_pl", "workload_hours")
        labels = {"name_pl": _("Name of the set"), "workload_hours": _("Workload (hours, optional)")}


class OutcomeForm(PortalModelForm):
    class Meta:
        model = LearningOutcome
        fields = ("text_pl",)
        labels = {"text_pl": _("Learning outcome")}


class CriterionForm(PortalModelForm):
    class Meta:
        model = VerificationCriterion
        fields = ("text_pl",)
        labels = {"text_pl": _("Verification criterion")}


# The outcome editor's rows: form, model, the parent's field and the parent row type.
ROWS = {
    "set": (SetForm, LearningOutcomeSet, "qualification", None),
    "outcome": (OutcomeForm, LearningOutcome, "outcome_set", "set"),
    "criterion": (CriterionForm, VerificationCriterion, "outcome", "outcome"),
}
