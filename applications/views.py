"""Public consultation pages: the list, and one proposed qualification with its comment form."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from applications import consultations as queries
from applications.forms import CommentForm
from applications.models import State
from qualifications.selectors.qualification import qualification_page
from zrk.security import client_ip


@require_GET
def consultation_list(request):
    open_items, closed_items = queries.consultations()
    return render(
        request,
        "applications/consultation_list.html",
        {
            "open_consultations": open_items,
            "closed_consultations": closed_items,
            "crumbs": [(_("Home"), reverse("home")), (_("Public consultations"), None)],
        },
    )


@require_http_methods(["GET", "POST"])
def consultation_detail(request, pk):
    item = queries.consultation(pk)
    if item is None:
        raise Http404(_("There is no such consultation."))
    application = item.application
    draft = application.draft
    is_open = item.is_open()
    form = CommentForm()
    errors = []
    status = 200
    if request.method == "POST":
        if not is_open:
            errors.append(("", _("This consultation is closed: comments are no longer accepted.")))
        else:
            form = CommentForm(request.POST)
            # Behind the reverse proxy every comment would share the proxy's address (and one limit).
            ip_hash = queries.address_hash(client_ip(request) or "")
            if form.is_bot:
                # Pretend success: a bot learns nothing, nothing is stored.
                return redirect(reverse("consultation_detail", args=[item.pk]) + "?sent=1#comment-form")
            if queries.over_rate_limit(ip_hash):
                status = 429
                errors.append(("", _("Too many comments from your address in the last hour. Please try again later.")))
            elif form.is_valid():
                comment = form.save(commit=False)
                comment.consultation = item
                comment.ip_hash = ip_hash
                # Checked again, atomically: comments posted at the same moment passed the check above.
                if queries.save_within_rate_limit(comment):
                    return redirect(reverse("consultation_detail", args=[item.pk]) + "?sent=1#comment-form")
                status = 429
                errors.append(("", _("Too many comments from your address in the last hour. Please try again later.")))
            errors += [
                (f"id_{name}", f"{form.fields[name].label}: {' '.join(messages)}")
                for name, messages in form.errors.items()
                if name in form.fields
            ]
    show_draft = application.state == State.CONSULTATION
    context = {
        "consultation": item,
        "application": application,
        "qualification": draft,
        "page": qualification_page(draft, None) if show_draft else None,
        "show_draft": show_draft,
        "is_open": is_open,
        "form": form,
        "errors": errors,
        "sent": request.GET.get("sent") == "1",
        "comments": queries.published_comments(item),
        "crumbs": [
            (_("Home"), reverse("home")),
            (_("Public consultations"), reverse("consultation_list")),
            (draft.name, None),
        ],
    }
    if errors and status == 200:
        status = 400
    return render(request, "applications/consultation_detail.html", context, status=status)
