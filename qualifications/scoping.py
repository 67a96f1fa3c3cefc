"""Which qualifications a back-office user may see, applied by every admin that reaches a
qualification's content (the qualification itself, its outcome sets, outcomes and criteria, its
certification rights and their quarterly reports, the applications about it).

The rule itself belongs to the layer above: only the applications app knows which ministry an officer
works for and which application a draft belongs to, and this app may not import it. So the rule is
registered here once by that app (``set_rule``), and each admin below declares only the path from its
model to the qualification (``qualification_path``). Without a registered rule everything is visible.
The same app may also name records that nobody in the back-office sees (``hidden``): the proposed
qualification of an application an organisation is still preparing.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from qualifications.models import Qualification

_rule = None
_hidden: Q | None = None


def set_rule(rule, hidden: Q | None = None) -> None:
    """Register ``rule(user) -> Q | None``: a condition on ``Qualification`` that the user's records
    must meet, or None when the user may see every qualification; and ``hidden``, a condition true
    for the records nobody sees."""
    global _rule, _hidden
    _rule, _hidden = rule, hidden


def limited(user) -> bool:
    """Whether the rule bounds what this user sees (beyond the records hidden from everyone)."""
    return _rule is not None and _rule(user) is not None


def visible_condition(user) -> Q | None:
    condition = _rule(user) if _rule is not None else None
    if _hidden is None:
        return condition
    return ~_hidden if condition is None else condition & ~_hidden


def prefixed(condition: Q, path: str) -> Q:
    """The same condition asked from a model that reaches the qualification through ``path``
    (``"outcome_set__qualification"``): every lookup of the condition gets the path in front. The
    rule is therefore made of field lookups only (no expressions, which have no path to extend)."""
    if not path:
        return condition
    copy = Q()
    copy.connector, copy.negated = condition.connector, condition.negated
    for child in condition.children:
        if isinstance(child, Q):
            copy.children.append(prefixed(child, path))
        elif isinstance(child, tuple):
            copy.children.append((f"{path}__{child[0]}", child[1]))
        else:
            raise TypeError(f"A scoping rule is made of field lookups only, not {child!r}.")
    return copy


def scope_to_visible(user, queryset, path: str = ""):
    """``queryset`` reduced to the records whose qualification (reached by ``path``) the user may see."""
    condition = visible_condition(user)
    return queryset if condition is None else queryset.filter(prefixed(condition, path))


class NotFoundForOthersMixin:
    """A record outside the user's scope answers 404, as if it did not exist (no redirect that
    would confirm it exists)."""

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404(_("No such record."))


class QualificationScopedAdmin(NotFoundForOthersMixin):
    """For a ModelAdmin whose records belong to a qualification: list, change, delete, history,
    autocomplete and actions all start from ``get_queryset``, which keeps only the records of
    qualifications the user may see; anything else is a 404."""

    qualification_path: str  # "" for the qualification itself, "qualification", "right__qualification", ...

    def get_queryset(self, request):
        return scope_to_visible(request.user, super().get_queryset(request), self.qualification_path)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if (
            obj is not None
            and visible_condition(request.user) is not None
            and not self.has_change_permission(request, obj)
        ):
            # A read-only page lists many-to-many links by name (related qualifications): only those
            # the user may see. Never for an editable form, whose save would drop the hidden links.
            for field in obj._meta.many_to_many:
                if field.related_model is Qualification:
                    visible = scope_to_visible(request.user, Qualification.objects.all())
                    prefetch_related_objects([obj], Prefetch(field.name, queryset=visible))
        return obj

    def _in_scope_or_404(self, request, object_id):
        # django-simple-history shows the history rows of a record the queryset does not hold
        # (meant for deleted records): for a user with a limited view that would reveal it, and for
        # anyone it would reveal a record that exists but is hidden from everyone.
        key = unquote(object_id)
        if self.get_object(request, key) is None and (limited(request.user) or self._exists(key)):
            raise Http404(_("No such record."))

    def _exists(self, key) -> bool:
        try:
            return self.model._default_manager.filter(pk=key).exists()
        except (ValueError, TypeError, ValidationError):
            return False

    def delete_view(self, request, object_id, extra_context=None):
        # Django asks for the delete permission before looking the record up: a 403 there would
        # tell an outsider that the record exists.
        self._in_scope_or_404(request, object_id)
        return super().delete_view(request, object_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        self._in_scope_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._in_scope_or_404(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)
