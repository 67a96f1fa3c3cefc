"""Forms: the data each workflow step takes (admin), a new application (admin), a public comment."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import ConsultationComment, InclusionApplication, State, officers_of
from qualifications.models import Category, PrkLevel, Qualification, QualificationType, Status
from qualifications.notices import notice_errors
from zrk.widgets import DateInput


class TransitionForm(forms.Form):
    """Built for one transition from the fields its table row lists."""

    expected_state = forms.ChoiceField(choices=State.choices, widget=forms.HiddenInput)

    FIELDS = {
        "comment": lambda: forms.CharField(
            label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3, "cols": 60})
        ),
        "reason": lambda: forms.CharField(
            label=_("Reason for refusal"), required=False, widget=forms.Textarea(attrs={"rows": 4, "cols": 60})
        ),
        "closes_on": lambda: forms.DateField(
            label=_("Consultation closes on"),
            required=False,
            widget=DateInput(),
            help_text=_("The last day on which comments are accepted."),
        ),
        "prk_level": lambda: forms.ModelChoiceField(
            label=_("PRK level"), queryset=PrkLevel.objects.all(), required=False
        ),
        "mp_year": lambda: forms.IntegerField(
            label=_("Monitor Polski year"), required=False, min_value=2016, max_value=2100
        ),
        "mp_position": lambda: forms.IntegerField(label=_("Monitor Polski position"), required=False, min_value=1),
        "mp_date": lambda: forms.DateField(label=_("Date of the notice"), required=False, widget=DateInput()),
        "included_on": lambda: forms.DateField(
            label=_("Included in the ZSK on"),
            required=False,
            widget=DateInput(),
            help_text=_("Empty: the date of the notice."),
        ),
        "decision_number": lambda: forms.CharField(label=_("Decision number"), required=False, max_length=60),
        "decision_date": lambda: forms.DateField(
            label=_("Decision date"), required=False, widget=DateInput(), help_text=_("Empty: today.")
        ),
        "officer": lambda: forms.ModelChoiceField(
            label=_("Assigned officer"), queryset=get_user_model().objects.none(), required=False
        ),
    }

    def __init__(self, transition, application, *args, **kwargs):
        kwargs.setdefault("prefix", transition.action)
        kwargs.setdefault("initial", {"expected_state": application.state})
        super().__init__(*args, **kwargs)
        self.transition = transition
        self.application = application
        for name in transition.fields:
            self.fields[name] = self.FIELDS[name]()
        if "officer" in self.fields:
            self.fields["officer"].queryset = officers_of(application.ministry_id)
        if "closes_on" in self.fields:
            self.fields["closes_on"].initial = timezone.localdate() + datetime.timedelta(days=30)

    def clean(self):
        cleaned = super().clean()
        if "mp_date" in self.fields and not self.errors:
            # The publication step: an impossible notice is pointed out on its field (the workflow
            # applies the same rules again under the row lock).
            errors = notice_errors(
                mp_year=cleaned.get("mp_year"),
                mp_position=cleaned.get("mp_position"),
                mp_date=cleaned.get("mp_date"),
                included_on=cleaned.get("included_on"),
                today=timezone.localdate(),
                exclude_pk=self.application.draft_id,
            )
            for name, message in errors.items():
                self.add_error(name, message)
        return cleaned

    def data_for_workflow(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in self.transition.fields}
        data["expected_state"] = self.cleaned_data["expected_state"]
        return {name: value for name, value in data.items() if value not in (None, "")}


class AssignedOfficerForm(forms.ModelForm):
    """The change form of an application with an assigned officer. The admin offers only the
    officers of the application's ministry; when the operator changes the ministry, an officer of
    the former one is unassigned (the application then waits for the new ministry to take it)."""

    def clean(self):
        cleaned = super().clean()
        ministry, officer = cleaned.get("ministry"), cleaned.get("assigned_officer")
        changed = "ministry" in self.changed_data and ministry is not None
        if changed and officer is not None and not officers_of(ministry.pk).filter(pk=officer.pk).exists():
            cleaned["assigned_officer"] = None
        return cleaned


class NewApplicationForm(forms.ModelForm):
    """An application as the operator enters it: the draft qualification is created with it and then
    completed with the qualification admin (same schema as a register entry)."""

    proposed_name = forms.CharField(label=_("Proposed qualification name"), max_length=400)
    category = forms.ChoiceField(
        label=_("Category"),
        choices=[(c.value, c.label) for c in (Category.FREE_MARKET, Category.SECTORAL, Category.CRAFT)],
    )

    class Meta:
        model = InclusionApplication
        fields = ("applicant", "contact_email", "ministry", "submitted_on", "fee", "fee_paid_on")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A new application goes to a ministry that exists today.
        self.fields["ministry"].queryset = self.fields["ministry"].queryset.filter(active=True)

    def save(self, commit=True):
        application = super().save(commit=False)
        if application.draft_id is None:
            application.draft = Qualification.objects.create(
                name_pl=self.cleaned_data["proposed_name"],
                status=Status.DRAFT,
                type=QualificationType.PARTIAL,
                category=self.cleaned_data["category"],
                ministry=self.cleaned_data["ministry"],
                applicant=self.cleaned_data["applicant"],
            )
        if commit:
            application.save()
        return application


class CommentForm(forms.ModelForm):
    # Honeypot: hidden from people (the hidden attribute), filled in by naive bots.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    class Meta:
        model = ConsultationComment
        fields = ("author_name", "organisation", "email", "text")
        labels = {
            "author_name": _("Your name"),
            "organisation": _("Organisation (optional)"),
            "email": _("E-mail"),
            "text": _("Your comment"),
        }
        help_texts = {
            "email": _("Not published. Used only if the ministry needs to ask about your comment."),
            "organisation": _("Published with your comment."),
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "input")

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))
