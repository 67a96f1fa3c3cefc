"""Keep the similarity index current: a saved or deleted record, set, outcome or criterion
refreshes its record's vector once its transaction commits (publication saves the draft as
included, so a newly published qualification is found at once). Bulk writes (the generator,
queryset.update) send no signals: ``manage.py build_similarity`` covers them."""

import logging
import threading

from django.db import DatabaseError, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from qualifications.models import LearningOutcome, LearningOutcomeSet, Qualification, VerificationCriterion
from qualifications.similarity.index import refresh

logger = logging.getLogger(__name__)
_pending = threading.local()  # connections are per thread, and so are their transactions


def schedule(qualification_id: int | None) -> None:
    """Refresh the record after the current transaction commits. The first callback to run does
    the work of all, so a record saved with ten outcomes is refreshed once; ids left over from a
    rolled-back transaction are refreshed with the next commit, which is harmless."""
    if qualification_id is None:
        return
    if not hasattr(_pending, "ids"):
        _pending.ids = set()
    _pending.ids.add(qualification_id)
    transaction.on_commit(_run)


def _run() -> None:
    ids = getattr(_pending, "ids", set())
    while ids:
        pk = ids.pop()
        try:
            refresh(pk)
        except DatabaseError:
            # The edit is committed; a stale vector is corrected by the next refresh or rebuild.
            logger.exception("similarity index: refreshing qualification %s failed", pk)


@receiver([post_save, post_delete], sender=Qualification, dispatch_uid="similarity_qualification")
def qualification_changed(sender, instance, **kwargs):
    schedule(instance.pk)


@receiver([post_save, post_delete], sender=LearningOutcomeSet, dispatch_uid="similarity_outcome_set")
def outcome_set_changed(sender, instance, **kwargs):
    schedule(instance.qualification_id)


@receiver([post_save, post_delete], sender=LearningOutcome, dispatch_uid="similarity_outcome")
def outcome_changed(sender, instance, **kwargs):
    schedule(
        LearningOutcomeSet.objects.filter(pk=instance.outcome_set_id).values_list("qualification_id", flat=True).first()
    )


@receiver([post_save, post_delete], sender=VerificationCriterion, dispatch_uid="similarity_criterion")
def criterion_changed(sender, instance, **kwargs):
    schedule(
        LearningOutcome.objects.filter(pk=instance.outcome_id)
        .values_list("outcome_set__qualification_id", flat=True)
        .first()
    )
