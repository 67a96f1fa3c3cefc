"""The OpenAPI parameters of the qualification list, generated from the search FilterSet, so the
API's description cannot drift from what the search accepts: a filter added to the FilterSet is
documented (and a guard test fails until it has a description)."""

import django_filters
from drf_spectacular.utils import OpenApiParameter

# What the filter means to an API client (the FilterSet's labels are the search form's, translated).
DESCRIPTIONS = {
    "q": (
        "Text query, as on the search page (Polish inflection, no diacritics, word families, synonyms). "
        "Words naming a PRK level (poziom 5, PRK 5, level 5, EQF 5) or a category (rynkowe, craft...) are "
        "read as those filters, and a qualification's code among the words (fryzjer FRK.03) as that "
        "qualification, as on the search page; a query with a double quote is taken literally."
    ),
    "level": "PRK level 1-8.",
    "type": "full or partial.",
    "category": "Category code, e.g. craft, free_market, vocational.",
    "status": "Status.",
    "ministry": "Competent ministry code.",
    "srk": "Sector framework id.",
    "region": "TERYT code of a certifying institution's voivodeship.",
    "institution": "Id of a certifying institution.",
    "sort": "Order of the results.",
}
# Parameters of the search page the API replaces with its own (page_size pages the API).
PAGE_ONLY = ("per_page",)


def _enum(choices) -> list[str] | None:
    # Choices read from the database (ministries, frameworks, voivodeships) are not listed: the
    # schema is built without a query, and they change with the register.
    if callable(choices) or not choices:
        return None
    return [str(value) for value, _label in choices]


def filter_parameters(filterset_class) -> list[OpenApiParameter]:
    """One OpenAPI query parameter per filter of ``filterset_class``, in its order; a repeatable
    filter is a repeated parameter (``level=4&level=5``)."""
    parameters = []
    for name, filter_ in filterset_class.base_filters.items():
        if name in PAGE_ONLY:
            continue
        choices = filter_.extra.get("choices")
        many = isinstance(filter_, django_filters.MultipleChoiceFilter)
        parameters.append(
            OpenApiParameter(
                name,
                str,
                many=many or None,
                explode=True if many else None,
                enum=_enum(choices),
                description=DESCRIPTIONS[name],
            )
        )
    return parameters
