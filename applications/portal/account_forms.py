"""Forms of the portal's organisation pages and of the eligibility check."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from institutions.models import LegalForm, MemberRole, Voivodeship
from institutions.validators import validate_krs, validate_nip, validate_postal_code, validate_regon


def form_errors(form) -> list[tuple[str, str]]:
    """(anchor, message) pairs for components/error_summary.html: each links to its field."""
    if form is None or not form.is_bound:
        return []
    return [
        (form[name].auto_id if name in form.fields else "", message)
        for name, messages in form.errors.items()
        for message in messages
    ]


def _digits(value: str) -> str:
    # NIP and REGON are often written with dashes or spaces ("123-456-32-18"): keep the digits.
    return "".join(ch for ch in value if ch not in " -")


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=300)
    nip = forms.CharField(
        label=_("NIP"), max_length=20, help_text=_("10 digits; dashes and spaces are ignored."), required=True
    )
    regon = forms.CharField(label=_("REGON"), max_length=20, help_text=_("9 or 14 digits."))
    krs = forms.CharField(
        label=_("KRS number (optional)"),
        max_length=20,
        required=False,
        help_text=_("10 digits, if the organisation is entered in the National Court Register."),
    )
    legal_form = forms.ChoiceField(label=_("Legal form"), choices=[("", "—"), *LegalForm.choices], required=False)
    street = forms.CharField(label=_("Street and number"), max_length=200)
    postal_code = forms.CharField(label=_("Postal code"), max_length=6, help_text=_("For example 00-950."))
    city = forms.CharField(label=_("City"), max_length=100)
    voivodeship = forms.ModelChoiceField(
        label=_("Voivodeship"), queryset=Voivodeship.objects.order_by("name"), empty_label="—"
    )
    email = forms.EmailField(label=_("Organisation's e-mail (optional)"), required=False)
    phone = forms.CharField(label=_("Phone (optional)"), max_length=40, required=False)

    def clean_nip(self):
        value = _digits(self.cleaned_data["nip"])
        validate_nip(value)
        return value

    def clean_regon(self):
        value = _digits(self.cleaned_data["regon"])
        validate_regon(value)
        return value

    def clean_krs(self):
        value = _digits(self.cleaned_data["krs"])
        if value:
            validate_krs(value)
        return value

    def clean_postal_code(self):
        value = self.cleaned_data["postal_code"].strip()
        validate_postal_code(value)
        return value

    def organisation_data(self) -> dict:
        return dict(self.cleaned_data)


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the person you invite"), max_length=254)
    role = forms.ChoiceField(
        label=_("Role"), choices=MemberRole.choices, initial=MemberRole.EDITOR, widget=forms.RadioSelect
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices)


# The eligibility check: what the person wants to do and who they are.
class Goal:
    INCLUSION = "inclusion"
    RIGHTS = "rights"
    PZZJ = "pzzj"


class Who:
    ORGANISATION = "organisation"
    PERSON = "person"


class EligibilityForm(forms.Form):
    goal = forms.ChoiceField(
        label=_("What do you want to do?"),
        widget=forms.RadioSelect,
        choices=[
            (Goal.INCLUSION, _("Have a new market qualification included in the Integrated Qualifications System")),
            (Goal.RIGHTS, _("Certify an existing qualification (become a certifying institution)")),
            (Goal.PZZJ, _("Assure the quality of certifying institutions as an external quality assurance entity")),
        ],
    )
    who = forms.ChoiceField(
        label=_("Who would apply?"),
        widget=forms.RadioSelect,
        choices=[
            (
                Who.ORGANISATION,
                _(
                    "An organisation or a person running a business "
                    "(company, association, foundation, chamber, school...)"
                ),
            ),
            (Who.PERSON, pgettext_lazy("eligibility", "A private person, not running a business")),
        ],
    )
