"""The PZZJ list application's admin form: the groups of qualifications applied for are chosen
among the ministries that exist today (one already on the application stays listed)."""

from django import forms
from django.db.models import Q

from applications.models import PzzjApplication
from institutions.models import Ministry


def current_ministries(keep=()):
    """The ministries a new choice may name: the active ones, and ``keep`` (the ones already chosen)."""
    return Ministry.objects.filter(Q(active=True) | Q(pk__in=[m.pk for m in keep]))


class PzzjApplicationForm(forms.ModelForm):
    class Meta:
        model = PzzjApplication
        fields = ("applicant", "contact_email", "ministries", "submitted_on", "fee", "fee_paid_on")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "ministries" in self.fields:
            chosen = self.instance.ministries.all() if self.instance.pk else ()
            self.fields["ministries"].queryset = current_ministries(chosen)
