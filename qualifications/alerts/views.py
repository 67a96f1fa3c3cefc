"""Public pages of the e-mail alerts: sign up, confirm, unsubscribe. Views stay thin: the rules are in
``qualifications.alerts.services``."""

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from qualifications.alerts import services
from qualifications.alerts.forms import SignupForm, target_from_params
from zrk.i18n import current_language
from zrk.security import client_ip


def _crumbs(label):
    return [(_("Home"), reverse("home")), (label, None)]


def _message(request, title, text, status=200, link=None):
    return render(
        request,
        "qualifications/alerts/message.html",
        {"title": title, "text": text, "link": link, "crumbs": _crumbs(title)},
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def subscribe(request):
    language = current_language()
    if request.method == "POST":
        form = SignupForm(request.POST)
        if form.is_valid():
            accepted = services.signup(
                form.cleaned_data["email"],
                form.target,
                language if language in ("pl", "en") else "pl",
                client_ip(request),
            )
            if not accepted:
                response = _message(
                    request,
                    _("Too many requests"),
                    _("Too many sign-ups have come from your network in the last hour. Please try again later."),
                    status=429,
                )
                response["Retry-After"] = "3600"
                return response
            return HttpResponseRedirect(reverse("alerts_sent"))
        target = getattr(form, "target", None)
        status = 400
    else:
        target = target_from_params(request.GET)
        if target is None:
            return _message(
                request,
                _("Nothing to follow"),
                _("Open a qualification, an institution or a search and follow it from there."),
                status=404,
            )
        form = SignupForm(initial={"kind": target.kind, "target": target.target_id, "query": target.query})
        status = 200
    errors = [
        (f"id_{name}" if name != "__all__" else "", message)
        for name, messages in form.errors.items()
        for message in messages
    ]
    return render(
        request,
        "qualifications/alerts/subscribe.html",
        {"form": form, "target": target, "errors": errors, "crumbs": _crumbs(_("Follow by e-mail"))},
        status=status,
    )


@never_cache
@require_GET
def sent(request):
    return _message(
        request,
        _("Check your e-mail"),
        _(
            "If the address can receive alerts, we have sent it a link to confirm. Nothing is followed until "
            "you open that link and confirm. The link is valid for %(days)d days."
        )
        % {"days": services.UNCONFIRMED_DAYS},
    )


def _invalid_link(request):
    return _message(
        request,
        _("This link is not valid"),
        _("The link has expired, has already been used to unsubscribe, or was copied incompletely."),
        status=404,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    subscription = services.subscription_to_confirm(token)
    if subscription is None:
        return _invalid_link(request)
    target = services.target_of(subscription)
    if request.method == "POST":
        services.confirm(subscription)
        return _message(
            request,
            _("Alerts confirmed"),
            _(
                "You will receive an e-mail when something changes. Every e-mail has a link to unsubscribe with "
                "one click."
            ),
            link=(target.url, target.label) if target else None,
        )
    return render(
        request,
        "qualifications/alerts/action.html",
        {
            "title": _("Confirm your alerts"),
            "target": target,
            "button": _("Confirm"),
            "text": _("Confirm that you want e-mail alerts about:"),
            "crumbs": _crumbs(_("Confirm your alerts")),
        },
    )


# The signed link is the authority here, not a session: mail programs send the RFC 8058 one-click
# POST (body "List-Unsubscribe=One-Click") without any cookie or CSRF token.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    if not services.token_is_valid_unsubscribe(token):
        return _invalid_link(request)
    if request.method == "POST":
        services.unsubscribe(token)
        return _message(
            request,
            _("Unsubscribed"),
            _(
                "You will receive no more alerts of this subscription, and its data (your address and what "
                "you followed) has been deleted."
            ),
        )
    return render(
        request,
        "qualifications/alerts/action.html",
        {
            "title": _("Unsubscribe"),
            "button": _("Unsubscribe"),
            "text": _("Stop these e-mail alerts and delete your address from them."),
            "crumbs": _crumbs(_("Unsubscribe")),
        },
    )
