"""Every machine-readable output of the register, as the open data page lists it: one table, so that
the page and its test (every example answers, with the type the page states) cannot drift apart."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from institutions.models import Organisation
from qualifications.models import Qualification


@dataclass(frozen=True)
class Output:
    key: str  # the HTML id of its entry on the page
    title: str
    description: str
    address: str  # the address pattern, as documented
    example: str  # a live example, relative to the site
    media_type: str  # what the example answers with (the part before any ";")
    group: str


GROUPS = [
    ("api", _("JSON API")),
    ("downloads", _("Downloads")),
    ("europass", _("Europass (ELM)")),
    ("xml", _("XML API in the former register's shape")),
    ("feeds", _("Change feeds and crawlers")),
]


def example_ids() -> tuple[int | None, int | None]:
    """A public qualification's ZRK id and an institution's id for the live examples (None in an
    empty register: the entries that need one then show their address pattern only)."""
    zrk_id = Qualification.objects.public().order_by("zrk_id").values_list("zrk_id", flat=True).first()
    institution_id = (
        Organisation.objects.filter(certification_rights__status="active")
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    return zrk_id, institution_id


def outputs() -> list[Output]:
    zrk_id, institution_id = example_ids()
    qualification_api = reverse("api:qualification-list")
    institution_api = reverse("api:institution-list")
    result = [
        Output(
            "api-qualifications",
            _("Qualifications (search)"),
            _(
                "The public qualifications, filtered with the search page's parameters (q, level, type, "
                "category, status, ministry, srk, region, institution, sort; repeat a parameter for several "
                "values), plus changed_since and lang."
            ),
            qualification_api,
            f"{qualification_api}?level=4&page_size=5",
            "application/json",
            "api",
        ),
        Output(
            "api-qualification",
            _("One qualification"),
            _("The full description of one qualification, with learning outcomes and certifying institutions."),
            f"{qualification_api}<zrk_id>/",
            f"{qualification_api}{zrk_id}/" if zrk_id else "",
            "application/json",
            "api",
        ),
        Output(
            "api-institutions",
            _("Institutions"),
            _("Certifying institutions and external quality-assurance bodies (PZZJ)."),
            institution_api,
            f"{institution_api}?page_size=5",
            "application/json",
            "api",
        ),
        Output(
            "api-institution",
            _("One institution"),
            _("One institution with its certification rights and PZZJ list entries."),
            f"{institution_api}<id>/",
            f"{institution_api}{institution_id}/" if institution_id else "",
            "application/json",
            "api",
        ),
        Output(
            "api-prk-levels",
            _("PRK levels"),
            _("The eight levels of the Polish Qualifications Framework with their descriptors."),
            reverse("api:prk-level-list"),
            reverse("api:prk-level-list"),
            "application/json",
            "api",
        ),
        Output(
            "api-openapi",
            _("API description (OpenAPI 3)"),
            _("A machine-readable description of every API address, parameter and field."),
            reverse("api:openapi"),
            reverse("api:openapi"),
            "application/vnd.oai.openapi+json",
            "api",
        ),
        Output(
            "api-docs",
            _("API documentation"),
            _("The same description as a page for people, where requests can be tried out."),
            reverse("api:docs"),
            reverse("api:docs"),
            "text/html",
            "api",
        ),
        Output(
            "download-qualifications-csv",
            _("Qualifications, CSV"),
            _(
                "The whole register, or the results of any search (the search page's parameters), as a "
                "spreadsheet file: UTF-8 with a byte-order mark, one header row."
            ),
            reverse("download_qualifications_csv"),
            f"{reverse('download_qualifications_csv')}?level=4",
            "text/csv",
            "downloads",
        ),
        Output(
            "download-qualifications-json",
            _("Qualifications, JSON"),
            _("The same rows as the CSV file, as an array of objects with the same keys."),
            reverse("download_qualifications_json"),
            f"{reverse('download_qualifications_json')}?level=4",
            "application/json",
            "downloads",
        ),
        Output(
            "download-institutions-csv",
            _("Institutions, CSV"),
            _("Organisations holding a current certification right or with a PZZJ list entry."),
            reverse("download_institutions_csv"),
            reverse("download_institutions_csv"),
            "text/csv",
            "downloads",
        ),
        Output(
            "download-institutions-json",
            _("Institutions, JSON"),
            _("The same organisations as the CSV file."),
            reverse("download_institutions_json"),
            reverse("download_institutions_json"),
            "application/json",
            "downloads",
        ),
        Output(
            "elm-qualification",
            _("One qualification in Europass ELM v3"),
            _("A qualification as a Europass Learning Model (LOQ profile) XML document."),
            "/api/v1/qualifications/<zrk_id>.elm.xml",
            reverse("elm_qualification", args=[zrk_id]) if zrk_id else "",
            "application/xml",
            "europass",
        ),
        Output(
            "elm-register",
            _("The whole register in Europass ELM v3"),
            _("Every public qualification with a PRK level in one document, for harvesting into Europass."),
            reverse("elm_register"),
            reverse("elm_register"),
            "application/xml",
            "europass",
        ),
        Output(
            "xml-qualifications",
            _("Qualifications, XML"),
            _(
                "The shape of the former register's API, for the programs that read it: 100 qualifications "
                "a page from page 1, an empty list past the end."
            ),
            reverse("api:xml-qualification-list"),
            f"{reverse('api:xml-qualification-list')}?page=1",
            "application/xml",
            "xml",
        ),
        Output(
            "xml-qualification",
            _("One qualification, XML"),
            _("One qualification in the former register's shape."),
            f"{reverse('api:xml-qualification-list')}<zrk_id>/",
            reverse("api:xml-qualification-detail", args=[zrk_id]) if zrk_id else "",
            "application/xml",
            "xml",
        ),
        Output(
            "feed-pl",
            _("Atom feed, Polish"),
            _("The 50 most recently changed public qualifications, newly included ones among them."),
            reverse("feed_qualifications_pl"),
            reverse("feed_qualifications_pl"),
            "application/atom+xml",
            "feeds",
        ),
        Output(
            "feed-en",
            _("Atom feed, English"),
            _("The same feed with English titles and links."),
            reverse("feed_qualifications_en"),
            reverse("feed_qualifications_en"),
            "application/atom+xml",
            "feeds",
        ),
        Output(
            "sitemap",
            _("Sitemap"),
            _("Every public page in both languages, for search engines."),
            reverse("sitemap"),
            reverse("sitemap"),
            "application/xml",
            "feeds",
        ),
    ]
    return result


def grouped_outputs() -> list[tuple[str, str, list[Output]]]:
    every = outputs()
    return [(key, label, [output for output in every if output.group == key]) for key, label in GROUPS]
