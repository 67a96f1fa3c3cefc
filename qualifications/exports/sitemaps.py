"""``/sitemap.xml``: a sitemap index pointing to one sitemap per section (``/sitemap-<section>.xml``),
every page in Polish and English with hreflang alternates (and x-default, the Polish page).

Sections: the main pages (home, search, institutions, PRK levels, sector frameworks, statistics), the eight PRK
levels, every public qualification and every public institution page. A full register (100,000
qualifications, two languages) is larger than the 50,000 addresses a sitemap may hold, hence the index
and its numbered pages. Django's i18n sitemaps build the list of (item, language) pairs in memory;
``_LazyPairs`` reads only the page that is asked for from the database instead.
"""

from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max, QuerySet
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import http_date
from django.views.decorators.http import require_GET

from qualifications.models import PrkLevel, Qualification
from qualifications.selectors import institutions as institution_queries
from zrk.site_url import absolute_url, site_url


class _LazyPairs:
    """(item, language) pairs of a queryset, sliced from the database page by page."""

    def __init__(self, queryset: QuerySet, languages: list[str]):
        self.queryset = queryset
        self.languages = languages

    def count(self) -> int:
        return self.queryset.count() * len(self.languages)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            pairs = self[index : index + 1]
            if not pairs:
                raise IndexError(index)
            return pairs[0]
        start, stop = index.start or 0, index.stop
        per_item = len(self.languages)
        first = start // per_item
        last = None if stop is None else -(-stop // per_item)
        items = list(self.queryset[first:last])
        pairs = [(item, language) for item in items for language in self.languages]
        offset = start - first * per_item
        return pairs[offset : None if stop is None else offset + (stop - start)]


class _I18nSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    # The configured site address (SITE_URL), not the request's host and scheme.
    @property
    def protocol(self):
        return urlsplit(site_url()).scheme

    def get_domain(self, site=None):
        return urlsplit(site_url()).netloc

    def _items(self):
        items = self.items()
        if isinstance(items, QuerySet):
            return _LazyPairs(items, self._languages())
        return super()._items()


class MainPagesSitemap(_I18nSitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return [
            "home",
            "qualification_search",
            "institution_list",
            "pzzj_list",
            "prk_level_list",
            "sector_framework_list",
            "certification_check",
            "open_data",
            "glossary",
            "about",
            "statistics",
        ]

    def location(self, item):
        return reverse(item)


class PrkLevelSitemap(_I18nSitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return PrkLevel.objects.order_by("level").only("level")

    def location(self, item):
        return reverse("prk_level_detail", args=[item.level])


class QualificationSitemap(_I18nSitemap):
    changefreq = "weekly"
    priority = 0.7
    # 5,000 qualifications (10,000 addresses with their alternates, about 4 MB) per page: a page renders
    # in about a second, where the protocol's 50,000 would take several.
    limit = 10_000

    def items(self):
        return Qualification.objects.public().order_by("zrk_id").only("zrk_id", "name_pl", "updated_at")

    def location(self, item):
        return reverse("qualification_detail", args=[item.zrk_id, item.slug])

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        return Qualification.objects.public().aggregate(latest=Max("updated_at"))["latest"]


class InstitutionSitemap(_I18nSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return institution_queries.public_organisations().order_by("pk").only("pk", "updated_at")

    def location(self, item):
        return reverse("institution_detail", args=[item.pk])

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        return institution_queries.public_organisations().aggregate(latest=Max("updated_at"))["latest"]


SITEMAPS = {
    "pages": MainPagesSitemap,
    "prk-levels": PrkLevelSitemap,
    "qualifications": QualificationSitemap,
    "institutions": InstitutionSitemap,
}


@require_GET
@sitemap_views.x_robots_tag
def sitemap_index(request):
    """The index of the section sitemaps (and their numbered pages), as Django's index view lists them
    but on the configured site address rather than the request's host."""
    items, latest, every_lastmod = [], None, True
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        address = absolute_url(reverse("sitemap_section", kwargs={"section": section}))
        lastmod = sitemap.get_latest_lastmod()
        if lastmod is None:
            every_lastmod = False
        elif latest is None or lastmod > latest:
            latest = lastmod
        items.append(sitemap_views.SitemapIndexItem(address, lastmod))
        items += [
            sitemap_views.SitemapIndexItem(f"{address}?p={page}", lastmod)
            for page in range(2, sitemap.paginator.num_pages + 1)
        ]
    headers = {"Last-Modified": http_date(latest.timestamp())} if every_lastmod and latest else None
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": items}, content_type="application/xml", headers=headers
    )


@require_GET
def sitemap_section(request, section):
    return sitemap_views.sitemap(request, SITEMAPS, section=section)
