"""Facet counts for the qualification search, disjunctive: the counts of one facet's options reflect
every other active filter but not the facet's own, so ticking a second level shows how many more
results it adds. One grouped query per facet, whatever the number of results."""

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from institutions.models import Organisation
from qualifications.filters import QualificationFilter
from qualifications.models import RightStatus

# The certifying-institution facet lists the most frequent ones (plus any selected): a list of
# thousands of checkboxes would help nobody.
TOP_INSTITUTIONS = 10


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    legend: str
    options: list[FacetOption]

    @property
    def selected_options(self) -> list[FacetOption]:
        return [option for option in self.options if option.selected]


# facet name -> (the field its counts are grouped by, whether it counts through active rights)
FACET_FIELDS = {
    "level": ("prk_level", False),
    "type": ("type", False),
    "category": ("category", False),
    "status": ("status", False),
    "ministry": ("ministry__code", False),
    "srk": ("sector_framework", False),
    "region": ("certification_rights__institution__voivodeship", True),
    "institution": ("certification_rights__institution", True),
}


def _grouped(queryset: QuerySet, field: str, *, through_rights: bool) -> dict[str, int]:
    if through_rights:
        queryset = queryset.filter(certification_rights__status=RightStatus.ACTIVE)
        count = Count("pk", distinct=True)
    else:
        count = Count("pk")
    rows = queryset.order_by().values(field).annotate(n=count).values_list(field, "n")
    return {str(value): n for value, n in rows if value is not None}


def facets(filterset: QualificationFilter, matched: QuerySet) -> list[Facet]:
    """The facets of a search whose text query has already narrowed ``matched``."""
    result = []
    for name, (field, through_rights) in FACET_FIELDS.items():
        counts = _grouped(filterset.narrowed(matched, exclude=name), field, through_rights=through_rights)
        selected = filterset.selected(name)
        if name == "institution":
            choices = _institution_choices(counts, selected)
        else:
            choices = filterset.form.fields[name].choices
        options = [
            FacetOption(str(value), str(label), counts.get(str(value), 0), str(value) in selected)
            for value, label in choices
            # Options without results are left out, except a selected one (so it can be unticked).
            if counts.get(str(value)) or str(value) in selected
        ]
        result.append(Facet(name, filterset.filters[name].label, options))
    return result


def _institution_choices(counts: dict[str, int], selected: list[str]) -> list[tuple[str, str]]:
    shown = {*sorted(counts, key=lambda pk: (-counts[pk], int(pk)))[:TOP_INSTITUTIONS], *selected}
    organisations = Organisation.objects.filter(pk__in=[int(pk) for pk in shown]).only("pk", "name_pl", "name_en")
    return sorted(((str(org.pk), org.name) for org in organisations), key=lambda choice: choice[1].lower())
