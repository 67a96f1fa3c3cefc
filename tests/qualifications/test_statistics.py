"""The statistics page (/statystyki/, /en/statistics/): each chart's numbers against independent
queries, the tables and CSV files, the cache kept current by the register version, and the rules of
the page (no inline styles or scripts, nothing private)."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.db.models import Count
from django.utils import timezone

from applications.models import ApplicationEvent, InclusionApplication, State
from institutions.models import Ministry, Voivodeship
from qualifications import statistics
from qualifications.models import CertificationRight, PrkLevel, Qualification, QuarterlyReport
from tests.applications.conftest import make_application
from tests.factories import CertificationRightFactory, OrganisationFactory, PzzjEntryFactory, QualificationFactory

pytestmark = pytest.mark.django_db


def _csv(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _table(html: str, slug: str) -> str:
    """The HTML of one chart's section."""
    start = html.index(f'id="chart-{slug}"')
    end = html.find("</section>", start)
    return html[start:end]


@pytest.fixture
def register():
    level5 = PrkLevel.objects.get(level=5)
    msit = Ministry.objects.get(code="msit")
    QualificationFactory.create_batch(3, included_on=datetime.date(2022, 3, 1))
    QualificationFactory.create_batch(
        2, prk_level=level5, category="sectoral", ministry=msit, included_on=datetime.date(2024, 5, 1)
    )
    QualificationFactory(status="functioning", category="craft", mp_date=datetime.date(2024, 6, 1))
    # A proposed qualification is never counted.
    QualificationFactory(status="draft", prk_level=level5, category="craft", included_on=datetime.date(2024, 1, 1))


def test_qualification_charts_match_independent_queries(register):
    public = Qualification.objects.exclude(status="draft")
    levels = {row["key"]: row["count"] for row in statistics.by_level()}
    assert levels["4"] == public.filter(prk_level__level=4).count() == 4
    assert levels["5"] == public.filter(prk_level__level=5).count() == 2
    assert levels["8"] == 0
    categories = {row["key"]: row["count"] for row in statistics.by_category()}
    assert (
        categories
        == dict(public.order_by().values_list("category").annotate(n=Count("pk")))
        == {
            "free_market": 3,
            "sectoral": 2,
            "craft": 1,
        }
    )
    ministries = {row["key"]: row["count"] for row in statistics.by_ministry()}
    assert ministries == {"mrit": 4, "msit": 2}
    years = [(row["label"], row["count"]) for row in statistics.inclusions_per_year()]
    # Every year from the first to the last, empty ones too; the notice date stands in for inclusion.
    assert years == [("2022", 3), ("2023", 0), ("2024", 3)]


def test_voivodeships_count_institutions_that_may_certify_and_their_rights():
    mazowieckie, malopolskie = Voivodeship.objects.get(code="14"), Voivodeship.objects.get(code="12")
    warsaw = OrganisationFactory(voivodeship=mazowieckie)
    krakow = OrganisationFactory(voivodeship=malopolskie)
    CertificationRightFactory.create_batch(2, institution=warsaw)
    CertificationRightFactory(institution=krakow)
    CertificationRightFactory(institution=krakow, status="suspended")
    CertificationRightFactory(
        institution=OrganisationFactory(voivodeship=malopolskie), status="withdrawn", ended_on=datetime.date(2025, 1, 1)
    )
    rows = {row["key"]: row for row in statistics.by_voivodeship()}
    assert len(rows) == 16
    active = CertificationRight.objects.filter(status="active")
    assert rows["14"]["institutions"] == 1 and rows["14"]["rights"] == 2
    assert rows["12"]["institutions"] == 1 and rows["12"]["rights"] == 1
    assert sum(row["rights"] for row in rows.values()) == active.count()
    assert rows["02"] == {"key": "02", "label": "dolnośląskie", "institutions": 0, "rights": 0}


def test_documents_and_fees_per_quarter():
    first, second = CertificationRightFactory(), CertificationRightFactory()
    QuarterlyReport.objects.create(
        right=first, year=2025, quarter=4, documents_issued=10, average_fee=Decimal("100"), revenue=Decimal("1000")
    )
    QuarterlyReport.objects.create(
        right=second, year=2025, quarter=4, documents_issued=5, average_fee=Decimal("201"), revenue=Decimal("1005")
    )
    QuarterlyReport.objects.create(
        right=first, year=2026, quarter=1, documents_issued=7, average_fee=None, revenue=Decimal("0")
    )
    rows = statistics.documents_per_quarter()
    assert [(row["label"], row["documents"], row["fee"]) for row in rows] == [
        ("2025 Q4", 15, Decimal("150.50")),
        ("2026 Q1", 7, None),
    ]


def test_pzzj_entries_valid_and_expiring():
    today = timezone.localdate()
    PzzjEntryFactory(decision_date=today - datetime.timedelta(days=400))  # six years: valid for long
    PzzjEntryFactory(
        decision_date=today - datetime.timedelta(days=2000), valid_until=today + datetime.timedelta(days=30)
    )
    PzzjEntryFactory(
        decision_date=today - datetime.timedelta(days=3000), valid_until=today - datetime.timedelta(days=1)
    )
    rows = {row["key"]: row["count"] for row in statistics.pzzj_entries(today)}
    assert rows == {"valid": 1, "expiring": 1}


def _decide(application, days_after_submission):
    submitted = application.submitted_on
    moment = timezone.make_aware(datetime.datetime.combine(submitted, datetime.time(12)))
    ApplicationEvent.objects.create(
        application=application,
        action="decide",
        from_state=State.EXPERT_REVIEW,
        to_state=State.DECIDED,
        created_at=moment + datetime.timedelta(days=days_after_submission),
    )


def test_decision_times_per_ministry_from_the_workflow_events():
    mrit, msit = Ministry.objects.get(code="mrit"), Ministry.objects.get(code="msit")
    for days in (30, 60, 200):
        _decide(make_application(mrit, State.DECIDED, name=f"Wniosek {days}"), days)
    _decide(make_application(msit, State.PUBLISHED, name="Wniosek opublikowany"), 90)
    make_application(msit, State.FORWARDED, name="Wniosek w toku")  # not decided: no time
    from applications.statistics import applications_by_state, decision_times

    times = decision_times()
    rows = {row["key"]: row for row in times["rows"]}
    assert rows["mrit"] == {"key": "mrit", "label": mrit.name, "count": 3, "median": 60.0, "min": 30, "max": 200}
    assert rows["msit"]["median"] == 90.0 and rows["msit"]["count"] == 1
    assert times["overall"] == {"count": 4, "median": 75.0, "min": 30, "max": 200}
    states = {row["key"]: row["count"] for row in applications_by_state()}
    assert states == dict(InclusionApplication.objects.order_by().values_list("state").annotate(n=Count("pk")))
    assert states == {"decided": 3, "published": 1, "forwarded": 1}


def test_no_decision_yet():
    from applications.statistics import decision_times

    assert decision_times() == {"overall": None, "rows": []}


def test_page_shows_every_chart_with_its_table_in_both_languages(client, register):
    response = client.get("/statystyki/")
    assert response.status_code == 200
    html = response.content.decode()
    for slug in (
        "levels",
        "categories",
        "ministries",
        "inclusions",
        "applications",
        "decision-times",
        "voivodeships",
        "documents",
        "pzzj",
    ):
        section = _table(html, slug)
        assert "<h2" in section and 'class="chart__reading"' in section
    for slug in ("levels", "categories", "ministries", "inclusions", "voivodeships", "pzzj"):
        assert f'href="/statystyki/{slug}.csv"' in html
    # A chart with nothing to count says so, without an empty table.
    assert "Żaden wniosek nie został jeszcze rozstrzygnięty." in _table(html, "decision-times")
    assert "<table" not in _table(html, "decision-times")
    levels = _table(html, "levels")
    assert '<svg class="chart__svg"' in levels and 'role="img"' in levels
    assert re.search(r'<a href="/kwalifikacje/\?level=4">4</a></th><td class="numeric">4</td>', levels)
    assert "Najwięcej publicznych kwalifikacji ma poziom PRK 4: 4 z 6." in html
    english = client.get("/en/statistics/").content.decode()
    assert "Qualifications by PRK level" in english and "/en/statistics/levels.csv" in english
    assert 'href="/en/qualifications/?category=sectoral"' in english
    assert "Most public qualifications are at PRK level 4: 4 of 6." in english


def test_numbers_are_written_the_way_each_language_writes_them(client):
    QualificationFactory.create_batch(2)
    rows = [{"key": "4", "label": "4", "count": 12345}]
    from django.utils import translation

    from zrk.charts import number

    with translation.override("pl"):
        assert number(12345) == "12\xa0345" and number(Decimal("150.5"), 2) == "150,50"
    with translation.override("en"):
        assert number(12345) == "12,345" and number(Decimal("150.5"), 2) == "150.50"
    assert rows  # the page itself: see test_page_shows_every_chart_with_its_table_in_both_languages


def test_no_inline_style_or_script_and_svg_coordinates_are_not_localised(client, register):
    html = client.get("/statystyki/").content.decode()
    assert "style=" not in html and "<style" not in html and "<script" not in html
    # Coordinates stay in the SVG number format even where the language writes a decimal comma.
    for value in re.findall(r'\b(?:x|y|width|height)="([^"]*)"', html):
        assert "," not in value, value


def test_csv_of_a_chart_is_its_table(client, register):
    response = client.get("/statystyki/levels.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = _csv(response)
    assert rows[3] == {"label": "4", "count": "4"} and rows[4] == {"label": "5", "count": "2"}
    english = _csv(client.get("/en/statistics/categories.csv"))
    assert {"label": "sectoral", "count": "2"} in english
    assert client.get("/statystyki/no-such-chart.csv").status_code == 404
    assert client.get("/en/statistics/levels.json").status_code == 404


def test_page_is_cached_and_refreshed_when_the_register_changes(client, register):
    first = client.get("/statystyki/")
    assert client.get("/statystyki/")["X-Cache"] == "hit"
    QualificationFactory(prk_level=PrkLevel.objects.get(level=8))
    html = client.get("/statystyki/").content.decode()
    assert re.search(r'level=8">8</a></th><td class="numeric">1</td>', html)
    assert first.content != html.encode()


def test_application_changes_refresh_the_figures(client):
    mrit = Ministry.objects.get(code="mrit")
    client.get("/statystyki/")
    make_application(mrit, State.FORWARDED)
    html = _table(client.get("/statystyki/").content.decode(), "applications")
    assert "przekazany ministrowi" in html or "forwarded" in html
    assert '<td class="numeric">1</td>' in html


def test_applications_are_counted_never_shown(client):
    mrit = Ministry.objects.get(code="mrit")
    _decide(make_application(mrit, State.DECIDED, name="Tajny projekt kwalifikacji"), 45)
    html = client.get("/en/statistics/").content.decode()
    assert "Tajny projekt" not in html and "wnioskodawca@example.com" not in html
    assert "Organizacja testowa" not in html


def test_empty_register_says_so(client):
    html = client.get("/en/statistics/").content.decode()
    assert "No application has been decided yet." in html
    assert "No quarterly report has been received yet." in html


def test_statistics_in_the_main_navigation_and_the_sitemap(client):
    html = client.get("/").content.decode()
    assert 'href="/statystyki/"' in html
    page = client.get("/statystyki/").content.decode()
    assert '<a class="main-nav__link" href="/statystyki/" aria-current="page">Statystyki</a>' in page
    sitemap = client.get("/sitemap-pages.xml").content.decode()
    assert "/statystyki/</loc>" in sitemap and "/en/statistics/" in sitemap
