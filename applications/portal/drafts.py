"""The applicant portal's draft pages: start a draft, its task list and section pages (with their
files and, for inclusion, the learning-outcome editor), the preview, Submit and its confirmation,
discarding a draft, and the members' download of the application's files.

Who: members of the applying organisation only (anyone else gets 404, as if the application did not
exist); viewers read, owners and editors change, and only while ``editable_by_applicant``. Every
change locks the application row and re-checks that it may still be changed (a Submit may have
happened meanwhile in another tab). Submit goes through the workflow engine like every step.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from applications.models import ApplicantFile, InclusionApplication
from applications.models.uploads import APPLICATION_FIELDS
from applications.portal import rules
from applications.portal.accounts import applicant_required
from applications.portal.draft_forms import ROWS, NewDraftForm, UploadForm, section_form_class
from applications.portal.kinds import DRAFT, KINDS, Kind
from applications.portal.sections import DESCRIPTION, FEE, section_of, section_states
from applications.uploads import files_of, store_upload
from applications.workflow.engine import TransitionRefused, perform
from institutions import membership
from institutions.models import Organisation
from qualifications.models import Qualification, QualificationType, Status
from qualifications.page_cache import unpublished_changes
from zrk.params import is_ascii_number

# --- finding what the visitor may see --------------------------------------------------------------


def _kind(kind_slug: str) -> Kind:
    kind = KINDS.get(kind_slug)
    if kind is None:
        raise Http404(_("No such kind of application."))
    return kind


def _get(request, kind_slug, pk, *, edit=False, lock=False):
    """The application of a kind, if the visitor is a member of its organisation (404 otherwise);
    with ``edit``, an owner or editor while the application may be changed (403 otherwise)."""
    kind = _kind(kind_slug)
    queryset = kind.model.objects.select_related("applicant")
    if lock:
        queryset = kind.model.objects.select_for_update(of=("self",)).select_related("applicant")
    application = queryset.filter(pk=pk).first()
    if application is None or not membership.may_view(request.user, application.applicant_id):
        raise Http404(_("No such application."))
    if edit and not (
        membership.may_edit(request.user, application.applicant_id) and rules.editable_by_applicant(application)
    ):
        raise PermissionDenied(_("You cannot change this application."))
    return kind, application


# The editing blocks below run with ``unpublished_changes``: an applicant writes only a draft (its
# proposed qualification has the status "draft" until the notice in Monitor Polski, long after the
# applicant's last edit), which no public page shows, so the public pages' cache stays valid.


def _draft_url(kind, application, name="portal:draft"):
    return reverse(name, args=[kind.slug, application.pk])


def _form_errors(*forms):
    """The error summary's (anchor, message) pairs of the given forms."""
    found = []
    for form in forms:
        for name, errors in form.errors.items():
            if name in form.fields:
                found.append((form[name].auto_id, f"{form.fields[name].label}: {' '.join(errors)}"))
            else:
                found += [("", message) for message in errors]
    return found


def _context(kind, application, user, **extra):
    return {
        "kind": kind,
        "application": application,
        "editable": rules.editable_by_applicant(application) and membership.may_edit(user, application.applicant_id),
        "is_draft": application.state == DRAFT,
        **extra,
    }


def _progress_context(kind, application, user, **extra):
    """The page context with the task list's sections and the progress line ("4 z 9 sekcji ukończonych")."""
    states = section_states(application)
    done = sum(state.complete for state in states)
    return _context(kind, application, user, states=states, done=done, total=len(states), **extra)


# --- start a draft ---------------------------------------------------------------------------------


def _create(kind, organisation, data, user):
    with transaction.atomic(), unpublished_changes():
        if kind.slug == "inclusion":
            draft = Qualification.objects.create(
                name_pl=data["proposed_name"],
                status=Status.DRAFT,
                type=QualificationType.PARTIAL,
                category=data["category"],
                applicant=organisation,
            )
            return kind.model.objects.create(applicant=organisation, draft=draft, state=DRAFT)
        if kind.slug == "rights":
            joint = data.get("inclusion_application")
            if joint is not None:
                # Locked: its state and minister are read for this one.
                joint = InclusionApplication.objects.select_for_update().select_related("draft").get(pk=joint.pk)
                if joint.state != DRAFT or joint.ministry_id is None:
                    raise PermissionDenied(_("That inclusion application can no longer be joined."))
                return kind.model.objects.create(
                    applicant=organisation,
                    qualification=joint.draft,
                    inclusion_application=joint,
                    ministry_id=joint.ministry_id,
                    state=DRAFT,
                )
            return kind.model.objects.create(applicant=organisation, qualification=data["qualification"], state=DRAFT)
        return kind.model.objects.create(applicant=organisation, state=DRAFT)


@applicant_required
@require_http_methods(["GET", "POST"])
def new(request, kind_slug):
    kind = _kind(kind_slug)
    raw = request.POST.get("organisation") if request.method == "POST" else request.GET.get("organisation")
    organisation = None
    if raw and is_ascii_number(raw, 9):
        organisation = Organisation.objects.filter(pk=int(raw)).first()
    if organisation is None or not membership.may_view(request.user, organisation.pk):
        raise Http404(_("No such organisation."))
    if not membership.may_edit(request.user, organisation.pk):
        raise PermissionDenied(_("Only owners and editors of the organisation may start an application."))
    form = NewDraftForm(kind.slug, request.POST if request.method == "POST" else None, organisation=organisation)
    errors = []
    if request.method == "POST":
        if form.is_valid():
            application = _create(kind, organisation, form.cleaned_data, request.user)
            messages.success(request, _("The draft has been created. Fill in the sections in any order."))
            return redirect(_draft_url(kind, application))
        errors = _form_errors(form)
    context = {"kind": kind, "organisation": organisation, "form": form, "errors": errors}
    return render(request, "portal/drafts/new.html", context, status=400 if errors else 200)


# --- the task list ---------------------------------------------------------------------------------


@applicant_required
@require_http_methods(["GET"])
def task_list(request, kind_slug, pk):
    kind, application = _get(request, kind_slug, pk)
    context = _progress_context(kind, application, request.user)
    return render(request, "portal/drafts/task_list.html", context)


# --- a section -------------------------------------------------------------------------------------


def _record(application, section):
    return application.draft if section.target == DESCRIPTION else application


def _files(kind, application, section_slug):
    return files_of(application, section_slug).order_by("uploaded_at", "pk")


@applicant_required
@require_http_methods(["GET", "POST"])
def section(request, kind_slug, pk, section_slug):
    kind, application = _get(request, kind_slug, pk)
    current = section_of(kind.slug, section_slug)
    if current is None:
        raise Http404(_("No such section."))
    form_class = section_form_class(kind.slug, current) if current.fields else None
    errors = []
    form = form_class(instance=_record(application, current)) if form_class else None
    upload = UploadForm()
    if request.method == "POST":
        with transaction.atomic(), unpublished_changes():
            kind, application = _get(request, kind_slug, pk, edit=True, lock=True)
            record = _record(application, current)
            form = form_class(request.POST, instance=record) if form_class else None
            upload = UploadForm(request.POST, request.FILES)
            valid = (form is None or form.is_valid()) & upload.is_valid()
            if valid:
                try:
                    _save_section(application, current, form, upload.cleaned_data.get("file"), request.user)
                except ValidationError as refused:
                    transaction.set_rollback(True)
                    upload.add_error("file", refused)
                    valid = False
        if valid:
            messages.success(request, _("Saved."))
            return redirect(_next_after(request, kind, application, current))
        errors = _form_errors(*(f for f in (form, upload) if f is not None))
    states = {state.section.slug: state for state in section_states(application)}
    context = _context(
        kind,
        application,
        request.user,
        section=current,
        state=states[current.slug],
        form=form,
        upload=upload,
        errors=errors,
        files=_files(kind, application, current.slug),
        statutory_fee=application.statutory_fee_due() if current.slug == FEE else None,
        outcome_sets=_outcome_tree(application) if current.outcomes_editor else None,
    )
    return render(request, "portal/drafts/section.html", context, status=400 if errors else 200)


def _save_section(application, current, form, file, user):
    if file:
        store_upload(application, file, section=current.slug, user=user)
    if form is not None:
        form.save()
        if current.target != DESCRIPTION and "ministry" in form.cleaned_data and hasattr(application, "draft"):
            # The proposed qualification names the same minister, as for applications the back-office enters.
            draft = application.draft
            draft.ministry = form.cleaned_data["ministry"]
            draft.save(update_fields=["ministry", "updated_at"])
            # A rights application filed jointly goes to the same minister.
            if draft.ministry_id is not None:
                application.rights_applications.filter(state=DRAFT).update(ministry=draft.ministry_id)


def _next_after(request, kind, application, current):
    """ "Save and continue" opens the next section (the task list after the last one)."""
    if request.POST.get("then") == "continue":
        slugs = [state.section.slug for state in section_states(application)]
        following = slugs[slugs.index(current.slug) + 1 :]
        if following:
            return reverse("portal:section", args=[kind.slug, application.pk, following[0]])
    return _draft_url(kind, application)


def _outcome_tree(application):
    return application.draft.outcome_sets.prefetch_related("outcomes__criteria").order_by("position", "pk")


# --- the learning-outcome editor (inclusion) --------------------------------------------------------


def _row_scope(application, row_type):
    """The rows of this type that belong to the application's proposed qualification."""
    _form, model, _parent, _parent_type = ROWS[row_type]
    path = {
        "set": "qualification",
        "outcome": "outcome_set__qualification",
        "criterion": "outcome__outcome_set__qualification",
    }
    return model.objects.filter(**{path[row_type]: application.draft})


def _outcomes_url(kind, application):
    return reverse("portal:section", args=[kind.slug, application.pk, "outcomes"])


def _editor_application(request, kind_slug, pk, row_type, *, edit=False, lock=False):
    if kind_slug != "inclusion" or row_type not in ROWS:
        raise Http404(_("No such page."))
    return _get(request, kind_slug, pk, edit=edit, lock=lock)


@applicant_required
@require_http_methods(["GET", "POST"])
def row(request, kind_slug, pk, row_type, row_pk=None):
    """Add (``row_pk`` None, the parent given as ``?parent=``) or edit one set, outcome or criterion."""
    kind, application = _editor_application(request, kind_slug, pk, row_type, edit=True)
    form_class, model, parent_field, parent_type = ROWS[row_type]
    errors = []
    instance = parent = None
    if row_pk is not None:
        instance = _row_scope(application, row_type).filter(pk=row_pk).first()
        if instance is None:
            raise Http404(_("No such row."))
    elif parent_type is not None:
        raw = request.POST.get("parent") if request.method == "POST" else request.GET.get("parent")
        if raw and is_ascii_number(raw, 9):
            parent = _row_scope(application, parent_type).filter(pk=int(raw)).first()
        if parent is None:
            raise Http404(_("No such row."))
    form = form_class(request.POST if request.method == "POST" else None, instance=instance)
    if request.method == "POST":
        with transaction.atomic(), unpublished_changes():
            kind, application = _editor_application(request, kind_slug, pk, row_type, edit=True, lock=True)
            if form.is_valid():
                saved = form.save(commit=False)
                if instance is None:
                    owner = parent if parent is not None else application.draft
                    setattr(saved, parent_field, owner)
                    siblings = model.objects.filter(**{parent_field: owner})
                    saved.position = (siblings.aggregate(top=Max("position"))["top"] or 0) + 1
                saved.save()
                messages.success(request, _("Saved."))
                return redirect(_outcomes_url(kind, application))
        errors = _form_errors(form)
    context = _context(
        kind, application, request.user, form=form, errors=errors, row_type=row_type, row=instance, parent=parent
    )
    return render(request, "portal/drafts/row.html", context, status=400 if errors else 200)


@applicant_required
@require_POST
def row_delete(request, kind_slug, pk, row_type, row_pk):
    with transaction.atomic(), unpublished_changes():
        kind, application = _editor_application(request, kind_slug, pk, row_type, edit=True, lock=True)
        instance = _row_scope(application, row_type).filter(pk=row_pk).first()
        if instance is None:
            raise Http404(_("No such row."))
        instance.delete()  # with what it holds (outcomes of a set, criteria of an outcome)
    messages.success(request, _("Removed."))
    return redirect(_outcomes_url(kind, application))


# --- files -----------------------------------------------------------------------------------------


def _file_of(application, file_pk):
    found = files_of(application).filter(pk=file_pk).first()
    if found is None:
        raise Http404(_("No such file."))
    return found


@applicant_required
@require_http_methods(["GET"])
def file_download(request, kind_slug, application_pk, file_pk):
    kind, application = _get(request, kind_slug, application_pk)
    stored = _file_of(application, file_pk)
    try:
        handle = stored.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404(_("The file is no longer available.")) from None
    response = FileResponse(handle, content_type=stored.content_type)
    # Control characters would break the header; the name is otherwise kept (RFC 6266 encoding).
    name = "".join(c if c.isprintable() else "_" for c in stored.original_name) or "file"
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@applicant_required
@require_POST
def file_delete(request, kind_slug, application_pk, file_pk):
    with transaction.atomic():
        kind, application = _get(request, kind_slug, application_pk, edit=True, lock=True)
        if application.state != DRAFT:
            # Once filed, the files are part of the record: an answer to a completion request adds.
            raise PermissionDenied(_("A file of a filed application cannot be removed."))
        stored = _file_of(application, file_pk)
        section_slug, name = stored.section, stored.original_name
        stored.delete()
        transaction.on_commit(lambda: stored.file.delete(save=False))
    messages.success(request, _("Removed: %(name)s.") % {"name": name})
    if section_of(kind.slug, section_slug):
        return redirect(reverse("portal:section", args=[kind.slug, application.pk, section_slug]))
    return redirect(_draft_url(kind, application))


# --- preview, Submit, confirmation, discard ----------------------------------------------------------


@applicant_required
@require_http_methods(["GET"])
def preview(request, kind_slug, pk):
    kind, application = _get(request, kind_slug, pk)
    context = _progress_context(
        kind,
        application,
        request.user,
        files=list(files_of(application).order_by("section", "uploaded_at", "pk")),
        outcome_sets=_outcome_tree(application) if kind.slug == "inclusion" else None,
    )
    return render(request, "portal/drafts/preview.html", context)


@applicant_required
@require_POST
def submit(request, kind_slug, pk):
    kind, application = _get(request, kind_slug, pk)
    if not membership.may_edit(request.user, application.applicant_id):
        raise PermissionDenied(_("Only owners and editors of the organisation may submit."))
    try:
        application = perform(
            application.pk, "submit_online", request.user, expected_state=DRAFT, workflow=kind.workflow
        )
    except TransitionRefused as refusal:
        context = _progress_context(kind, application, request.user, refusal=refusal.message)
        context["incomplete"] = [state for state in context["states"] if not state.complete]
        return render(request, "portal/drafts/task_list.html", context, status=400)
    return redirect(_draft_url(kind, application, "portal:submitted"))


@applicant_required
@require_http_methods(["GET"])
def submitted(request, kind_slug, pk):
    kind, application = _get(request, kind_slug, pk)
    if application.state == DRAFT:
        return redirect(_draft_url(kind, application))
    return render(request, "portal/drafts/submitted.html", _context(kind, application, request.user))


@applicant_required
@require_http_methods(["GET", "POST"])
def discard(request, kind_slug, pk):
    kind, application = _get(request, kind_slug, pk, edit=True)
    if application.state != DRAFT:
        raise PermissionDenied(_("Only a draft can be discarded; a filed application can be withdrawn."))
    if request.method == "POST":
        with transaction.atomic(), unpublished_changes():
            kind, application = _get(request, kind_slug, pk, edit=True, lock=True)
            if application.state != DRAFT:
                raise PermissionDenied(_("Only a draft can be discarded; a filed application can be withdrawn."))
            stored = list(ApplicantFile.objects.filter(**{APPLICATION_FIELDS[kind.model]: application}))
            for record in stored:
                record.delete()
            draft = getattr(application, "draft", None)
            application.delete()
            if draft is not None:
                draft.delete()
            transaction.on_commit(lambda: [record.file.delete(save=False) for record in stored])
        messages.success(request, _("The draft has been discarded."))
        return redirect("portal:dashboard") if _has_dashboard() else redirect("home")
    return render(request, "portal/drafts/discard.html", _context(kind, application, request.user))


def _has_dashboard() -> bool:
    from django.urls import NoReverseMatch

    try:
        reverse("portal:dashboard")
    except NoReverseMatch:  # the accounts part of the portal is built separately
        return False
    return True
