"""The sign-up form: an e-mail address and what it follows (hidden fields filled from the page the
visitor came from)."""

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from qualifications.alerts.models import Kind
from qualifications.alerts.services import resolve, search_query
from zrk.params import is_ascii_number

MAX_ID = 2**31 - 1


class SignupForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("We will send a link to confirm it. Nothing is sent until you confirm."),
        widget=forms.EmailInput(attrs={"class": "input", "autocomplete": "email", "spellcheck": "false"}),
    )
    kind = forms.ChoiceField(choices=Kind.choices, widget=forms.HiddenInput)
    target = forms.IntegerField(min_value=1, max_value=MAX_ID, required=False, widget=forms.HiddenInput)
    query = forms.CharField(max_length=2000, required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind is None:
            return cleaned
        query = search_query(QueryDict(cleaned.get("query") or "")) if kind == Kind.SEARCH else ""
        target_id = None if kind == Kind.SEARCH else cleaned.get("target")
        self.target = resolve(kind, target_id, query)
        if self.target is None:
            raise forms.ValidationError(
                _("There is nothing to follow here: open a qualification, an institution or a search first.")
            )
        return cleaned


def target_from_params(params: QueryDict):
    """What a visitor arriving at the sign-up page wants to follow: ``?qualification=<ZRK id>``,
    ``?institution=<id>``, or a search's own parameters. None when that is nothing public."""

    def number(name):
        value = params.get(name, "")
        return int(value) if is_ascii_number(value, 9) else None

    if "qualification" in params:
        return resolve(Kind.QUALIFICATION, number("qualification"), "")
    if "institution" in params:
        return resolve(Kind.INSTITUTION, number("institution"), "")
    return resolve(Kind.SEARCH, None, search_query(params))
