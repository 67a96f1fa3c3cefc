"""The applicant's forms on the case page: the answer to a completion request (a message and files) and
the confirmation of a withdrawal. Files are checked here with the portal's one upload check, so that
a refused file is reported next to the field and nothing is stored."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from applications.uploads import ACCEPT, check_upload, files_of, sha256_of

MAX_FILES = 10
MAX_MESSAGE = 10_000


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleaned to a list (empty when none was chosen)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        chosen = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if len(chosen) > MAX_FILES:
            raise ValidationError(
                _("Send at most %(count)d files with one answer.") % {"count": MAX_FILES}, code="too_many"
            )
        return [super(MultipleFileField, self).clean(item) for item in chosen]


def _expected_state():
    return forms.CharField(widget=forms.HiddenInput, max_length=40)


class AnswerForm(forms.Form):
    message = forms.CharField(
        label=_("Your answer"),
        required=False,
        max_length=MAX_MESSAGE,
        widget=forms.Textarea(attrs={"rows": 8, "class": "input"}),
        help_text=_("What you have completed or corrected. It is kept in the application's record."),
    )
    files = MultipleFileField(
        label=_("Documents"),
        required=False,
        help_text=_("PDF, ODT or DOCX documents or PNG or JPEG images, at most 10 MB each and 10 files."),
    )
    expected_state = _expected_state()

    def __init__(self, *args, application, **kwargs):
        self.application = application
        super().__init__(*args, **kwargs)

    def clean_message(self):
        return (self.cleaned_data.get("message") or "").strip()

    def clean_files(self):
        uploads = self.cleaned_data.get("files") or []
        errors, seen = [], set()
        known = dict(files_of(self.application).values_list("sha256", "original_name"))
        for upload in uploads:
            name = upload.name or ""
            if "\x00" in name or len(name) > 200:
                errors.append(_("A file name is not acceptable: rename the file and send it again."))
                continue
            try:
                check_upload(upload)
            except ValidationError as refusal:
                errors.extend(f"{name}: {message}" for message in refusal.messages)
                continue
            digest = sha256_of(upload)
            if digest in seen:
                errors.append(_("%(name)s: the same file was chosen twice.") % {"name": name})
            elif digest in known:
                errors.append(
                    _("%(name)s: this file has already been sent with this application (as “%(known)s”).")
                    % {"name": name, "known": known[digest]}
                )
            seen.add(digest)
        if errors:
            raise ValidationError(errors)
        return uploads

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("message") and not cleaned.get("files"):
            raise ValidationError(_("Write your answer or attach at least one document."), code="empty")
        return cleaned


class WithdrawForm(forms.Form):
    comment = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 4, "class": "input"}),
        help_text=_("It is kept in the application's record and shown to the staff."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that the withdrawal ends the procedure and cannot be undone."),
        error_messages={"required": _("Confirm that you want to withdraw the application.")},
    )
    expected_state = _expected_state()

    def clean_comment(self):
        return (self.cleaned_data.get("comment") or "").strip()
