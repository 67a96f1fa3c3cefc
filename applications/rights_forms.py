"""Forms of the certification-rights workflow: the step form (the inclusion one with the grant's
fields) and a new application as the registry operator enters it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.forms import TransitionForm
from applications.models import CertificationRightsApplication, RightsState
from applications.portal.kinds import DRAFT
from institutions.models import Organisation
from qualifications.models import Status
from qualifications.rights import eligible_pzzj
from zrk.widgets import DateInput


class RightsTransitionForm(TransitionForm):
    expected_state = forms.ChoiceField(choices=RightsState.choices, widget=forms.HiddenInput)

    FIELDS = {
        **TransitionForm.FIELDS,
        "decision_number": lambda: forms.CharField(label=_("Decision number"), required=False, max_length=60),
        "decision_date": lambda: forms.DateField(label=_("Decision date"), required=False, widget=DateInput()),
        "pzzj": lambda: forms.ModelChoiceField(
            label=_("PZZJ designated"),
            queryset=Organisation.objects.none(),
            required=False,
            help_text=_("Only bodies on the PZZJ list today whose groups include this qualification's ministry."),
        ),
    }

    def __init__(self, transition, application, *args, **kwargs):
        super().__init__(transition, application, *args, **kwargs)
        if "pzzj" in self.fields:
            self.fields["pzzj"].queryset = eligible_pzzj(application.qualification).exclude(pk=application.applicant_id)


class NewRightsApplicationForm(forms.ModelForm):
    class Meta:
        model = CertificationRightsApplication
        fields = ("applicant", "contact_email", "qualification", "inclusion_application", "submitted_on", "fee_paid_on")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "inclusion_application" in self.fields:
            # A draft still prepared in the applicant portal is not an application to file with.
            field = self.fields["inclusion_application"]
            field.queryset = field.queryset.exclude(state=DRAFT)

    def clean(self):
        cleaned = super().clean()
        qualification = cleaned.get("qualification")
        joint = cleaned.get("inclusion_application")
        if qualification is None:
            return cleaned
        if qualification.ministry_id is None:
            # The application goes to the competent minister: without one it could not be filed.
            self.add_error(
                "qualification",
                _(
                    "This qualification has no competent minister in the register: the registry operator must "
                    "enter one before rights can be applied for."
                ),
            )
            return cleaned
        if joint is not None and joint.draft_id != qualification.pk:
            self.add_error("inclusion_application", _("This inclusion application proposes another qualification."))
        elif joint is None and qualification.status not in (Status.INCLUDED, Status.FUNCTIONING):
            self.add_error(
                "qualification",
                _(
                    "Rights may be applied for only for a qualification in the register, or together with its "
                    "inclusion application."
                ),
            )
        return cleaned
