"""The PRK level of a qualification proposed in an application is the minister's decision: once the
application is decided (and after publication) nobody edits it on the qualification. It changes only
through the application's step "Change the PRK level decided" (``applications.workflow``), which takes a
reason and writes it in the application's timeline. The admin shows the field read-only; any other
path that saves a changed level is refused here.
"""

from django.core.exceptions import ValidationError
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils.translation import gettext as _

from applications.models import InclusionApplication, State
from qualifications.models import Qualification

LOCKED_STATES = (State.DECIDED, State.PUBLISHED)


def level_locked(qualification) -> bool:
    """Whether the qualification's PRK level was fixed by the decision on its application."""
    return (
        qualification.pk is not None
        and InclusionApplication.objects.filter(draft_id=qualification.pk, state__in=LOCKED_STATES).exists()
    )


def allow_logged_change(qualification) -> None:
    """Let the next save of this instance change the level: called by the logged workflow step only."""
    qualification._prk_level_change_logged = True


@receiver(pre_save, sender=Qualification, dispatch_uid="applications_prk_level_locked")
def _refuse_unlogged_change(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None or (update_fields is not None and "prk_level" not in update_fields):
        return
    if getattr(instance, "_prk_level_change_logged", False):
        instance._prk_level_change_logged = False
        return
    changed = (
        InclusionApplication.objects.filter(draft_id=instance.pk, state__in=LOCKED_STATES)
        .exclude(draft__prk_level_id=instance.prk_level_id)
        .exists()
    )
    if changed:
        raise ValidationError(
            _(
                "The PRK level was assigned by the minister's decision: it changes only through the application's "
                "step “Change the PRK level decided”, with the reason."
            )
        )
