"""Atom feeds of newly included and changed qualifications, one per language:
``/feeds/qualifications.pl.atom`` and ``/feeds/qualifications.en.atom``; and the same for any search
(``/feeds/search.pl.atom?<the search page's parameters>``, ``/feeds/search.en.atom?...``).

An entry is a public qualification; the feed holds the 50 most recently updated ones (a newly
included record is a changed one too: it became public). Each entry links to the qualification page
in the feed's language and carries the short characteristic as its summary and the category, PRK
level and competent minister as categories. Conditional GET: ETag and Last-Modified follow the latest
change of any public qualification, so a reader polling an unchanged feed gets 304 Not Modified.
"""

import hashlib
import re

from django.contrib.syndication.views import Feed
from django.db.models import Count, Max
from django.http import QueryDict
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import condition

from qualifications.filters import QualificationFilter
from qualifications.models import Qualification
from qualifications.search import pipeline
from zrk.site_url import absolute_url

FEED_SIZE = 50
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class QualificationFeed(Feed):
    feed_type = Atom1Feed
    language = "pl"

    def __call__(self, request, *args, **kwargs):
        # Outside the language prefixes: the feed's own language decides texts and links.
        with translation.override(self.language):
            return super().__call__(request, *args, **kwargs)

    def title(self):
        return _("ZRK: new and changed qualifications")

    def subtitle(self):
        return _(
            "Qualifications newly included in the Integrated Qualifications Register or recently changed, newest first."
        )

    # Absolute on the configured site address: the syndication framework would otherwise prefix the
    # request's host.
    def link(self):
        return absolute_url(reverse("qualification_search") + "?sort=-included")

    def feed_url(self):
        return absolute_url(reverse(f"feed_qualifications_{self.language}"))

    def author_name(self):
        return _("Integrated Qualifications Register (ZRK)")

    def feed_guid(self):
        # A permanent id of the feed (Atom <id>), independent of the host name it is read from.
        return f"tag:zrk,2025:feeds/qualifications.{self.language}"

    def items(self):
        return self.rows().order_by("-updated_at", "-pk")[:FEED_SIZE]

    def rows(self):
        return (
            Qualification.objects.public()
            .select_related("ministry")
            .only(
                "zrk_id",
                "code",
                "name_pl",
                "name_en",
                "characteristic_pl",
                "characteristic_en",
                "category",
                "status",
                "included_on",
                "created_at",
                "updated_at",
                "prk_level",
                "ministry",
                "ministry__name_pl",
                "ministry__name_en",
            )
        )

    def item_title(self, item):
        return f"{item.name} ({item.code})" if item.code else item.name

    def item_description(self, item):
        # Atom1Feed writes the summary as type="html": the plain text must be escaped, or feed readers
        # would render any markup in it.
        return escape(item.characteristic)

    def item_link(self, item):
        return absolute_url(reverse("qualification_detail", args=[item.zrk_id, item.slug]))

    def item_guid(self, item):
        # Stable across renames (the link carries the slug) and across languages.
        return f"tag:zrk,2025:qualification/{item.zrk_id}"

    def item_guid_is_permalink(self, item):
        return False

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        categories = [item.get_category_display(), item.get_status_display()]
        if item.prk_level_id:
            categories.append(_("PRK level %(level)s") % {"level": item.prk_level_id})
        if item.ministry_id:
            categories.append(item.ministry.name)
        return categories


class PolishQualificationFeed(QualificationFeed):
    language = "pl"


class EnglishQualificationFeed(QualificationFeed):
    language = "en"


def _feed_state(request):
    cache = request.__dict__.setdefault("_open_data_validators", {})
    if "feed" not in cache:
        state = Qualification.objects.public().aggregate(changed=Max("updated_at"), n=Count("pk"))
        cache["feed"] = state
    return cache["feed"]


def _feed_etag(request):
    state = _feed_state(request)
    digest = hashlib.sha256(f"{request.path}|{state['n']}|{state['changed']}".encode()).hexdigest()[:32]
    return f'"{digest}"'


def _feed_last_modified(request):
    return _feed_state(request)["changed"]


feed_pl = condition(etag_func=_feed_etag, last_modified_func=_feed_last_modified)(PolishQualificationFeed())
feed_en = condition(etag_func=_feed_etag, last_modified_func=_feed_last_modified)(EnglishQualificationFeed())


# --- a saved search's feed: /feeds/search.pl.atom?<the search page's parameters> -----------------


def search_feed_query(params) -> str:
    """The search's valid parameters, normalised, without sorting and paging (the feed is always
    newest change first): the same search always has the same feed address and id."""
    query = QualificationFilter(params, queryset=Qualification.objects.public()).clean_query()
    for name in ("sort", "per_page", "page"):
        query.pop(name, None)
    return query.urlencode()


class SearchFeed(QualificationFeed):
    """The qualifications matching a search, most recently changed first (newly included ones among
    them): a search saved in a feed reader."""

    def get_object(self, request, *args, **kwargs):
        return search_feed_query(request.GET)

    def title(self, obj):
        # The typed text goes into the feed as it is, less what XML 1.0 cannot carry.
        text = _NOT_XML.sub("", QueryDict(obj).get("q") or "")
        if text:
            return _("ZRK: search “%(query)s”, new and changed qualifications") % {"query": text}
        return _("ZRK: a search with filters, new and changed qualifications")

    def subtitle(self, obj):
        return _("Qualifications matching this search in the Integrated Qualifications Register, newest change first.")

    def link(self, obj):
        return absolute_url(reverse("qualification_search") + (f"?{obj}" if obj else ""))

    def feed_url(self, obj):
        return absolute_url(reverse(f"feed_search_{self.language}") + (f"?{obj}" if obj else ""))

    def feed_guid(self, obj):
        digest = hashlib.sha256(obj.encode()).hexdigest()[:32]
        return f"tag:zrk,2025:feeds/search/{digest}.{self.language}"

    def items(self, obj):
        narrowed = pipeline.run(QueryDict(obj)).narrowed
        ids = narrowed.order_by("-updated_at", "-pk").values_list("pk", flat=True)[:FEED_SIZE]
        return self.rows().filter(pk__in=list(ids)).order_by("-updated_at", "-pk")


class PolishSearchFeed(SearchFeed):
    language = "pl"


class EnglishSearchFeed(SearchFeed):
    language = "en"


def _search_feed_state(request):
    cache = request.__dict__.setdefault("_open_data_validators", {})
    if "search_feed" not in cache:
        query = search_feed_query(request.GET)
        narrowed = pipeline.run(QueryDict(query)).narrowed
        state = narrowed.order_by().aggregate(changed=Max("updated_at"), n=Count("pk"))
        cache["search_feed"] = {**state, "query": query}
    return cache["search_feed"]


def _search_feed_etag(request):
    state = _search_feed_state(request)
    key = f"{request.path}|{state['query']}|{state['n']}|{state['changed']}"
    return f'"{hashlib.sha256(key.encode()).hexdigest()[:32]}"'


def _search_feed_last_modified(request):
    return _search_feed_state(request)["changed"]


search_feed_pl = condition(etag_func=_search_feed_etag, last_modified_func=_search_feed_last_modified)(
    PolishSearchFeed()
)
search_feed_en = condition(etag_func=_search_feed_etag, last_modified_func=_search_feed_last_modified)(
    EnglishSearchFeed()
)
