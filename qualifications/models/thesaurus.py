"""The search thesaurus: words and phrases that people type for the same thing as the register's
own words (trener ~ instruktor ~ coach, IT ~ informatyka). Kept by registry operators in the
back-office; the search applies a set to a query that uses one of its terms, ranked below the words
actually typed (qualifications/search/thesaurus.py)."""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from qualifications.search.thesaurus_keys import term_key

MAX_TERM_LENGTH = 80


class SynonymSet(models.Model):
    terms = ArrayField(
        models.CharField(max_length=MAX_TERM_LENGTH),
        verbose_name=_("terms"),
        help_text=_(
            "Two or more words or short phrases, separated by commas, in Polish or English, meaning the same "
            "thing to someone searching the register (e.g. trener, instruktor, coach). Any inflected form finds "
            "the set."
        ),
    )
    # What a query is compared with: each term folded, words cut to their family root (term_key).
    keys = ArrayField(models.CharField(max_length=MAX_TERM_LENGTH), editable=False, default=list)
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("search synonym set")
        verbose_name_plural = _("search thesaurus")
        ordering = ["terms"]
        indexes = [GinIndex(fields=["keys"], name="synonymset_keys")]
        constraints = [
            models.CheckConstraint(condition=models.Q(terms__len__gte=2), name="synonymset_two_terms"),
        ]

    def __str__(self):
        return " ~ ".join(self.terms)

    def save(self, *args, **kwargs):
        self.keys = [term_key(term) for term in self.terms]
        super().save(*args, **kwargs)

    def clean(self):
        terms = [term.strip() for term in self.terms or [] if term.strip()]
        keys = [term_key(term) for term in terms]
        if any(not key for key in keys):
            raise ValidationError({"terms": _("Each term needs at least one letter or digit.")})
        if len(set(keys)) < 2:
            raise ValidationError({"terms": _("Give at least two different terms.")})
        self.terms = terms
