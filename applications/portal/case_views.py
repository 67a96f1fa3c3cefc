"""The applicant's case pages: the tracker of a filed application, the answer to a completion request
and the withdrawal. Members of the applying organisation see the case; owners and editors act (a
viewer's post is refused with 403); everybody else gets 404 and anonymous visitors the login page."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from applications.portal import case as rules
from applications.portal.accounts import applicant_required
from applications.portal.case_forms import AnswerForm, WithdrawForm
from applications.portal.clock import clock
from applications.portal.states import state_text
from applications.uploads import files_of
from applications.workflow import TransitionRefused
from institutions import membership


def _url_or_none(name, *args):
    # Pages of the other parts of the portal (the task list, the members' file download) are linked
    # when they are installed; the case page works without them.
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _case_url(kind, application, anchor=""):
    return reverse("portal:case", args=[kind.slug, application.pk]) + anchor


def _crumbs(*trail):
    dashboard = _url_or_none("portal:dashboard")
    return [(_("Applications"), dashboard), *trail] if dashboard else list(trail)


def _form_errors(form):
    errors = []
    for name, messages in form.errors.items():
        if name == "expected_state":
            errors.append(("", _("The page was out of date: check the application's state and try again.")))
        elif name in form.fields:
            errors += [(f"id_{name}", f"{form.fields[name].label}: {message}") for message in messages]
        else:
            errors += [("", message) for message in messages]
    return errors


def _render_case(request, kind, application, *, answer_form=None, errors=(), status=200):
    user = request.user
    may_answer = rules.may_take(application, user, rules.ANSWER)
    files = [(item, _url_or_none("portal:file", kind.slug, application.pk, item.pk)) for item in files_of(application)]
    context = {
        "kind": kind,
        "application": application,
        "subject": rules.subject(application, kind),
        "state_text": state_text(kind.slug, application.state),
        "clock": clock(application),
        "events": rules.visible_events(application),
        "files": files,
        "request_event": rules.completion_request(application) if application.state == "completion_requested" else None,
        "may_answer": may_answer,
        "may_withdraw": rules.may_take(application, user, rules.WITHDRAW),
        "role": membership.role_in(user, application.applicant_id),
        "answer_form": answer_form
        or (AnswerForm(application=application, initial={"expected_state": application.state}) if may_answer else None),
        "task_list_url": _url_or_none("portal:draft", kind.slug, application.pk) if kind.slug == "inclusion" else None,
        "errors": list(errors),
        "done": request.GET.get("done", ""),
        "crumbs": _crumbs((application.number, None)),
    }
    return render(request, "portal/case/case.html", context, status=status)


# The membership is checked before the method: whoever may not see the case gets 404 whatever they send.


@applicant_required
def case(request, kind_slug, pk):
    kind, application = rules.open_case(request.user, kind_slug, pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return _render_case(request, kind, application)


@applicant_required
def answer(request, kind_slug, pk):
    kind, application = rules.open_case(request.user, kind_slug, pk)
    if not membership.may_edit(request.user, application.applicant_id):
        raise PermissionDenied
    if request.method != "POST":
        # A reload of the address the form was sent to: back to the case page.
        return redirect(_case_url(kind, application, "#completion"))
    form = AnswerForm(request.POST, request.FILES, application=application)
    errors = []
    if form.is_valid():
        try:
            rules.answer(
                kind,
                application,
                request.user,
                message=form.cleaned_data["message"],
                uploads=form.cleaned_data["files"],
                expected_state=form.cleaned_data["expected_state"],
            )
        except TransitionRefused as refusal:
            errors.append(("", refusal.message))
        except ValidationError as refusal:
            errors += [("id_files", message) for message in refusal.messages]
        else:
            return redirect(_case_url(kind, application, "?done=answered#state"))
    else:
        errors = _form_errors(form)
    application.refresh_from_db()
    if not rules.may_take(application, request.user, rules.ANSWER):
        form = None
    return _render_case(request, kind, application, answer_form=form, errors=errors, status=400)


@applicant_required
def withdraw(request, kind_slug, pk):
    kind, application = rules.open_case(request.user, kind_slug, pk)
    if not membership.may_edit(request.user, application.applicant_id):
        raise PermissionDenied
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    if not rules.may_take(application, request.user, rules.WITHDRAW):
        # A closed application: nothing to withdraw; its case page says why.
        return redirect(_case_url(kind, application))
    errors = []
    status = 200
    if request.method == "POST":
        form = WithdrawForm(request.POST)
        if form.is_valid():
            try:
                rules.withdraw(
                    kind,
                    application,
                    request.user,
                    comment=form.cleaned_data["comment"],
                    expected_state=form.cleaned_data["expected_state"],
                )
            except TransitionRefused as refusal:
                errors.append(("", refusal.message))
            else:
                return redirect(_case_url(kind, application, "?done=withdrawn#state"))
        else:
            errors = _form_errors(form)
        status = 400
    else:
        form = WithdrawForm(initial={"expected_state": application.state})
    context = {
        "kind": kind,
        "application": application,
        "subject": rules.subject(application, kind),
        "form": form,
        "errors": errors,
        "case_url": _case_url(kind, application),
        "crumbs": _crumbs((application.number, _case_url(kind, application)), (_("Withdraw"), None)),
    }
    return render(request, "portal/case/withdraw.html", context, status=status)
