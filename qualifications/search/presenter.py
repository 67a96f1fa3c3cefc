"""What the search page shows of each result, computed once per result in plain Python.

A page lists 20 results (up to 100); each variable, filter, tag and include the template resolves
per result costs more than building the value here, so the result list prints ready values: the
address of the qualification page (reversed once per page, the id and slug put in), the name and
the snippet with the query's words marked, the labels of the category and the status."""

from dataclasses import dataclass
from urllib.parse import quote

from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import SafeString

from qualifications.models import Qualification
from qualifications.routes import awarding_route
from qualifications.search.text import highlight
from zrk.content import text_in
from zrk.template_rows import TemplateRow

SNIPPET_CHARACTERS = 240
_ID_MARKER = 2_147_480_000  # stand-ins no real record has, replaced in the reversed address
_SLUG_MARKER = "zrk-slug-stand-in"


@dataclass(slots=True)
class ShownResult(TemplateRow):
    # Numbers as text: the template would localise each one again (the same digits, without grouping).
    zrk_id: str
    href: str  # the qualification page, with the search to go back to
    name: str  # in the page's language (Polish when there is no translation)
    name_html: SafeString  # the same, escaped, the query's words marked
    name_lang: str | None  # "pl" when the name is shown in Polish on an English page
    level: str  # the PRK level, or a dash
    category: str
    status: str
    status_label: str
    institution_count: str | None  # None: certifying institutions do not award it (its route)
    code: str
    snippet_html: SafeString
    snippet_lang: str | None


def shown_results(page, terms: list[str], back_query: str) -> list[ShownResult]:
    """The results of ``page`` (qualifications with ``institution_count``) as the page shows them."""
    address = _detail_address(back_query)
    categories = _labels("category")
    statuses = _labels("status")
    shown = []
    for qualification in page:
        name, name_lang = text_in(qualification, "name")
        snippet, snippet_lang = text_in(qualification, "characteristic")
        category = qualification.category
        shown.append(
            ShownResult(
                zrk_id=str(qualification.zrk_id),
                href=address(qualification.zrk_id, qualification.slug),
                name=qualification.name,
                name_html=highlight(name, terms),
                name_lang=name_lang,
                level=str(qualification.prk_level_id or "–"),
                category=categories.get(category, category),
                status=qualification.status,
                status_label=statuses.get(qualification.status, qualification.status),
                institution_count=(
                    str(qualification.institution_count)
                    if awarding_route(category).uses_certifying_institutions
                    else None
                ),
                code=qualification.code,
                snippet_html=highlight(snippet_of(snippet), terms),
                snippet_lang=snippet_lang,
            )
        )
    return shown


def snippet_of(text: str, limit: int = SNIPPET_CHARACTERS) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


def _labels(field: str) -> dict[str, str]:
    """The display labels of a choice field in the active language (as ``get_FOO_display`` gives them)."""
    return {value: str(label) for value, label in Qualification._meta.get_field(field).flatchoices}


def _detail_address(back_query: str):
    """A function of (id, slug) giving the qualification page's address as ``{% url %}`` does, with
    ``?back=`` and the search (as the ``urlencode`` filter quotes it) when there is one."""
    pattern = reverse("qualification_detail", args=(_ID_MARKER, _SLUG_MARKER))
    head, rest = pattern.split(str(_ID_MARKER), 1)
    middle, tail = rest.split(_SLUG_MARKER, 1)
    if back_query:
        tail += "?back=" + quote(back_query, safe="/")
    safe = RFC3986_SUBDELIMS + "/~:@"  # what reverse() leaves unquoted

    def address(zrk_id: int, slug: str) -> str:
        return f"{head}{zrk_id}{middle}{quote(slug, safe=safe)}{tail}"

    return address
