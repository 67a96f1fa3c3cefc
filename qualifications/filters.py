"""The qualification search parameters (docs/architecture.md#public-addresses), as one FilterSet for the search page and
the API. Values that make no sense fail the form's validation: the page reports them in an error
summary and filters by the parameters that are valid."""

import django_filters
from django import forms
from django.db.models import F, QuerySet, Value
from django.db.models.functions import Coalesce, Collate, NullIf
from django.http import QueryDict
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from institutions.models import Ministry, Voivodeship
from qualifications.models import (
    PUBLIC_STATUSES,
    Category,
    QualificationType,
    SectorFramework,
    Status,
)
from qualifications.page_cache import per_register_version
from zrk.i18n import is_english
from zrk.params import is_ascii_number

LEVEL_CHOICES = [(str(level), str(level)) for level in range(1, 9)]
STATUS_CHOICES = [(status.value, status.label) for status in Status if status in PUBLIC_STATUSES]
SORT_CHOICES = [
    ("relevance", _("relevance")),
    ("name", _("name")),
    ("-included", _("newest first")),
    ("level", _("PRK level")),
]
PER_PAGE_CHOICES = [(str(n), str(n)) for n in (10, 20, 50, 100)]
DEFAULT_PER_PAGE = 20

# Parameters that do not narrow the result set.
NON_FILTERS = ("q", "sort", "per_page")
# Parameters read as one value (the last one given, as QueryDict.get does); the others repeat.
SINGLE_VALUED = ("q", "sort", "per_page", "page")


def normalised_query(params: QueryDict, names) -> str:
    """``params`` reduced to what decides a page, without validating anything: the parameters in
    ``names`` in that order, a single-valued one by its last value, a repeated one without repeats
    (first occurrence kept, so the order of the values is). Used as a cache key: two addresses with
    the same normalised query show the same page."""
    pairs = []
    for name in names:
        values = params.getlist(name)
        if name in SINGLE_VALUED:
            values = values[-1:]
        pairs += [(name, value) for value in dict.fromkeys(values)]
    return urlencode(pairs)


# The register's labels: the same for every search until an edit changes the register, so they are
# read once per register version and language, not by each page (and each form validation) again.
def ministry_choices():
    return per_register_version("choices:ministry", _ministry_choices, local=True)


def framework_choices():
    return per_register_version("choices:framework", _framework_choices, local=True)


def region_choices():
    """The voivodeships by their name in the page's language (Polish collation: Ł after L)."""
    return per_register_version("choices:region", _region_choices, local=True)


def _ministry_choices():
    return [(m.code, m.name) for m in Ministry.objects.all()]


def _framework_choices():
    return [(str(f.pk), f"{f.name} ({f.abbreviation})") for f in SectorFramework.objects.all()]


def _region_choices():
    english = is_english()
    name = Coalesce(NullIf(F("name_en"), Value("")), F("name_pl")) if english else F("name_pl")
    return [(v.code, v.name) for v in Voivodeship.objects.order_by(Collate(name, "pl-x-icu"))]


class InstitutionField(forms.TypedMultipleChoiceField):
    """Organisation ids. Any positive number is accepted; an unknown one simply matches nothing,
    which spares a query over thousands of organisations just to validate the parameter."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("coerce", int)
        super().__init__(*args, **kwargs)

    def valid_value(self, value):
        return is_ascii_number(str(value), 9)


class InstitutionFilter(django_filters.MultipleChoiceFilter):
    field_class = InstitutionField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)


class QualificationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="by_nothing", max_length=200)
    level = django_filters.MultipleChoiceFilter(
        distinct=False, field_name="prk_level", choices=LEVEL_CHOICES, label=_("PRK level")
    )
    type = django_filters.MultipleChoiceFilter(distinct=False, choices=QualificationType.choices, label=_("Type"))
    category = django_filters.MultipleChoiceFilter(distinct=False, choices=Category.choices, label=_("Category"))
    status = django_filters.MultipleChoiceFilter(distinct=False, choices=STATUS_CHOICES, label=_("Status"))
    ministry = django_filters.MultipleChoiceFilter(
        distinct=False, field_name="ministry__code", choices=ministry_choices, label=_("Competent minister")
    )
    srk = django_filters.MultipleChoiceFilter(
        distinct=False, field_name="sector_framework", choices=framework_choices, label=_("Sector framework")
    )
    region = django_filters.MultipleChoiceFilter(
        distinct=False, choices=region_choices, method="by_region", label=_("Region of certifying institutions")
    )
    institution = InstitutionFilter(method="by_institution", label=_("Certifying institution"))
    sort = django_filters.ChoiceFilter(choices=SORT_CHOICES, method="by_nothing", label=_("Sort by"))
    per_page = django_filters.ChoiceFilter(choices=PER_PAGE_CHOICES, method="by_nothing", label=_("Results per page"))

    def by_nothing(self, queryset, name, value):
        # q, sort and per_page are applied by the search itself (qualifications/search/pipeline.py).
        return queryset

    # Both read the denormalised arrays of where a qualification can be obtained today (active
    # rights), kept by database triggers; && on a GIN index.
    def by_region(self, queryset, name, value):
        return queryset.filter(active_regions__overlap=list(value)) if value else queryset

    def by_institution(self, queryset, name, value):
        return queryset.filter(active_institutions__overlap=[int(pk) for pk in value]) if value else queryset

    def narrowed(self, queryset: QuerySet, exclude: str | None = None) -> QuerySet:
        """``queryset`` with every valid filter applied except ``exclude`` (for disjunctive facet counts)."""
        cleaned = self.cleaned_data()
        for name, value in cleaned.items():
            if name in NON_FILTERS or name == exclude or value in (None, "", [], ()):
                continue
            queryset = self.filters[name].filter(queryset, value)
        return queryset

    def selected(self, name: str) -> list[str]:
        """The valid values chosen for a filter, as strings (as they appear in the URL)."""
        return [str(value) for value in self.cleaned_data().get(name) or []]

    def cleaned_data(self) -> dict:
        """The valid parameters; invalid ones are left out (and listed by errors_for_summary)."""
        if not self.is_bound:
            return {}
        self.form.errors  # noqa: B018 - runs the validation once, filling cleaned_data
        return self.form.cleaned_data

    def clean_query(self) -> QueryDict:
        """The valid parameters only, each value once, in a fixed order: what links that keep the
        search (pagination, the back link of each result, other languages, downloads) carry, so that
        whatever else an address holds is never repeated on the page."""
        query = QueryDict(mutable=True)
        cleaned = self.cleaned_data()
        for name in self.filters:
            value = cleaned.get(name)
            if value in (None, "", [], ()):
                continue
            values = value if isinstance(value, list | tuple) else [value]
            query.setlist(name, list(dict.fromkeys(str(item) for item in values)))
        return query

    def errors_for_summary(self) -> list[tuple[str, str]]:
        summary = []
        for name, messages in self.form.errors.items():
            label = self.filters[name].label if name in self.filters else name
            for message in messages:
                summary.append((f"filter-{name}", f"{label}: {message}"))
        return summary
