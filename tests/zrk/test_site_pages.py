"""Site pages: home (search, browse, newest), navigation, accessibility statement, robots.txt, errors."""

import datetime
import re

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.views.defaults import server_error

from qualifications.models import Qualification
from tests.factories import QualificationFactory

pytestmark = pytest.mark.django_db


def _html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def demo(demo_register):
    return demo_register


# ---- Home page -----------------------------------------------------------------------------------


def test_home_starts_with_a_labelled_get_search_form(client):
    html = _html(client.get("/"))
    form = re.search(r'<form class="search-form" method="get" action="/kwalifikacje/"[^>]*>(.*?)</form>', html, re.S)
    assert form, "the home page has a GET search form pointing at the Polish search page"
    body = form.group(1)
    assert '<label class="label label--large" for="home-q">Wyszukaj kwalifikację</label>' in body
    assert re.search(r'<input [^>]*id="home-q" name="q"', body)
    assert '<button class="button search-form__button" type="submit">Szukaj</button>' in body
    # The search comes before the numbers and the browse blocks.
    assert html.index('id="home-q"') < html.index('id="counts-heading"') < html.index('id="levels-heading"')

    english = _html(client.get("/en/"))
    assert 'action="/en/qualifications/"' in english
    assert 'for="home-q">Search for a qualification</label>' in english


def test_home_browse_links_carry_the_counts_of_the_demo_register(client, demo):
    public = Qualification.objects.public()
    html = _html(client.get("/en/"))
    levels = html[html.index('id="levels-heading"') :]
    levels = levels[: levels.index("</section>")]
    tiles = re.findall(r'<h3 class="card__title">(.*?)</h3>\s*<p class="card__body">(.*?)</p>', levels, re.S)
    assert len(tiles) == 8
    for level, (title, body) in enumerate(tiles, start=1):
        n = public.filter(prk_level=level).count()
        assert title.endswith(f"PRK level {level}</a>" if n else f"PRK level {level}"), title
        assert body == (f"{n} qualification" if n == 1 else f"{n} qualifications"), (level, body)
        if n:
            assert title.startswith(f'<a href="/en/qualifications/?level={level}">')
        else:
            assert "href" not in title
    # Demo data has qualifications at several levels, so some links exist.
    assert html.count('href="/en/qualifications/?level=') >= 3

    free_market = public.filter(category="free_market").count()
    assert free_market > 0
    assert re.search(
        rf'<a href="/en/qualifications/\?category=free_market">Free-market</a></h3>\s*<p class="card__body">'
        rf"{free_market} qualifications</p>",
        html,
    )
    # Categories without public qualifications get no tile.
    for category in ("general_education", "higher_education"):
        if not public.filter(category=category).exists():
            assert f"?category={category}" not in html


def test_home_in_polish_uses_polish_plural_forms_and_labels(client):
    QualificationFactory(prk_level_id=3, category="craft")
    QualificationFactory(prk_level_id=3, category="craft")
    html = _html(client.get("/"))
    assert 'href="/kwalifikacje/?level=3">Poziom 3 PRK</a>' in html
    assert "2 kwalifikacje</p>" in html
    assert 'href="/kwalifikacje/?category=craft">Rzemieślnicza</a>' in html
    assert "0 kwalifikacji</p>" in html  # levels without qualifications are shown, not linked


def test_home_lists_the_newest_public_qualifications_newest_first(client):
    today = datetime.date(2025, 6, 1)
    for days in range(7):
        QualificationFactory(name_en=f"Dated {days}", included_on=today - datetime.timedelta(days=days * 10))
    QualificationFactory(name_en="Only a notice date", included_on=None, mp_date=today + datetime.timedelta(days=3))
    QualificationFactory(name_en="Newest draft", status="draft", included_on=today + datetime.timedelta(days=30))
    QualificationFactory(name_en="Undated", included_on=None, mp_date=None)
    html = _html(client.get("/en/"))
    section = html[html.index('id="newest-heading"') :]
    section = section[: section.index("</section>")]
    names = re.findall(r'<h3 class="result__title"><a href="/en/qualifications/\d+-[\w-]+/">([^<]+)</a>', section)
    assert names == ["Only a notice date", "Dated 0", "Dated 1", "Dated 2", "Dated 3"]
    assert '<time datetime="2025-06-04">4 June 2025</time>' in section


def test_home_query_count_does_not_grow_with_the_register(client, django_assert_max_num_queries):
    QualificationFactory(included_on=datetime.date(2024, 1, 1))
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for n in range(15):
        QualificationFactory(included_on=datetime.date(2024, 1, 2 + n), category="craft", prk_level_id=1 + n % 8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        _html(client.get("/"))
    assert len(few.captured_queries) <= 8


# ---- Header, navigation, footer -----------------------------------------------------------------


def test_main_navigation_is_labelled_and_links_every_section(client):
    html = _html(client.get("/"))
    nav = re.search(r'<nav class="main-nav" aria-label="Menu główne">(.*?)</nav>', html, re.S)
    assert nav
    links = re.findall(r'<a class="main-nav__link" href="([^"]+)"[^>]*>([^<]+)</a>', nav.group(1))
    assert links == [
        ("/kwalifikacje/", "Kwalifikacje"),
        ("/instytucje/", "Instytucje"),
        ("/poziomy-prk/", "Poziomy PRK"),
        ("/ramy-sektorowe/", "Ramy sektorowe"),
        ("/konsultacje/", "Konsultacje środowiskowe"),
        ("/statystyki/", "Statystyki"),
        ("/wnioski/", "Złóż wniosek"),
    ]
    assert "aria-current" not in nav.group(1)  # the home page is no section
    english = _html(client.get("/en/"))
    assert '<nav class="main-nav" aria-label="Main menu">' in english
    assert 'href="/en/prk-levels/"' in english


def test_navigation_marks_the_current_section(client):
    # The section pages belong to other helpers: render the menu for a resolved request directly.
    from django.template.loader import render_to_string
    from django.urls import resolve

    def menu_for(path):
        request = RequestFactory().get(path)
        with translation.override("en"):
            request.resolver_match = resolve(path)
            return render_to_string("includes/main_nav.html", request=request)

    html = menu_for("/en/institutions/")
    assert 'href="/en/institutions/" aria-current="page">Institutions</a>' in html
    assert html.count("aria-current") == 1
    html = menu_for("/en/institutions/5/")
    assert 'href="/en/institutions/" aria-current="true">Institutions</a>' in html
    assert html.count("aria-current") == 1
    assert "aria-current" not in menu_for("/en/")


def test_footer_links_to_the_accessibility_statement(client):
    html = _html(client.get("/"))
    footer = html[html.index('<footer class="site-footer">') :]
    assert '<a href="/deklaracja-dostepnosci/">Deklaracja dostępności</a>' in footer
    assert "Instytut Badań Edukacyjnych" in footer
    english = _html(client.get("/en/"))
    assert '<a href="/en/accessibility-statement/">Accessibility statement</a>' in english


# ---- Accessibility statement ------------------------------------------------------------------

STATEMENT_IDS = (
    "a11y-deklaracja",
    "a11y-wstep",
    "a11y-podmiot",
    "a11y-url",
    "a11y-data-publikacja",
    "a11y-data-aktualizacja",
    "a11y-status",
    "a11y-data-sporzadzenie",
    "a11y-ocena",
    "a11y-kontakt",
    "a11y-osoba",
    "a11y-email",
    "a11y-telefon",
    "a11y-procedura",
    "a11y-architektura",
)


def test_accessibility_statement_in_polish_has_the_prescribed_sections(client):
    html = _html(client.get("/deklaracja-dostepnosci/"))
    assert '<html lang="pl">' in html
    assert '<h1 id="a11y-deklaracja">Deklaracja dostępności</h1>' in html
    for anchor in STATEMENT_IDS:
        assert f'id="{anchor}"' in html, anchor
    headings = re.findall(r"<h2 id=\"a11y-[\w-]+\">([^<]+)</h2>", html)
    assert headings == [
        "Daty publikacji i aktualizacji",
        "Stan dostępności cyfrowej",
        "Przygotowanie deklaracji dostępności",
        "Skróty klawiaturowe",
        "Informacje zwrotne i dane kontaktowe",
        "Procedura odwoławcza",
        "Dostępność architektoniczna",
        "Tłumacz języka migowego",
    ]
    assert "ustawą z dnia 4 kwietnia 2019 r. o dostępności cyfrowej" in html
    assert "częściowo zgodna" in html
    assert re.search(
        r'<time id="a11y-data-publikacja" datetime="\d{4}-\d{2}-\d{2}">\d{4}-\d{2}-\d{2}</time> \(demo\)', html
    )
    assert 'href="mailto:dostepnosc@example.invalid"' in html
    assert "Rzecznika Praw Obywatelskich" in html
    assert "7 dni" in html
    assert "Demonstracja." in html
    assert 'id="a11y-url" href="http://testserver/"' in html


def test_accessibility_statement_in_english(client):
    html = _html(client.get("/en/accessibility-statement/"))
    assert '<html lang="en">' in html
    assert '<h1 id="a11y-deklaracja">Accessibility statement</h1>' in html
    for anchor in STATEMENT_IDS:
        assert f'id="{anchor}"' in html, anchor
    for heading in (
        "Dates of publication and update",
        "Compliance status",
        "Preparation of this statement",
        "Feedback and contact details",
        "Enforcement procedure",
        "Architectural accessibility",
        "Sign-language interpreters",
    ):
        assert f">{heading}</h2>" in html
    assert "partially compliant" in html
    assert "Commissioner for Human Rights" in html
    assert "dostepnosc@example.invalid" in html
    assert 'id="a11y-url" href="http://testserver/"' in html  # the statement covers the whole site
    # The language switch leads to the Polish statement.
    assert 'href="/deklaracja-dostepnosci/" hreflang="pl" lang="pl" rel="alternate">Polski</a>' in html


# ---- Language of every page ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("polish", "english"),
    [("/", "/en/"), ("/deklaracja-dostepnosci/", "/en/accessibility-statement/")],
)
def test_pages_carry_lang_and_hreflang_alternates(client, polish, english):
    for path, lang in ((polish, "pl"), (english, "en")):
        html = _html(client.get(path))
        assert f'<html lang="{lang}">' in html
        assert f'<link rel="alternate" hreflang="pl" href="http://testserver{polish}">' in html
        assert f'<link rel="alternate" hreflang="en" href="http://testserver{english}">' in html
        statement = "/deklaracja-dostepnosci/" if lang == "pl" else "/en/accessibility-statement/"
        assert f'<meta name="deklaracja-dostępności" content="http://testserver{statement}">' in html


# ---- robots.txt --------------------------------------------------------------------------------------


def test_robots_txt_allows_everything_but_the_admin_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert [line for line in lines if line.startswith(("Disallow", "Allow"))] == ["Disallow: /admin/"]
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert client.get("/en/robots.txt").status_code == 404


# ---- Error pages -----------------------------------------------------------------------------------


def test_missing_page_in_polish_answers_404_with_a_polish_page(client):
    response = client.get("/nie-ma-takiej/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="pl">' in html
    assert "<h1>Nie znaleziono strony</h1>" in html
    assert 'href="/kwalifikacje/"' in html
    assert 'class="skip-link"' in html and 'aria-label="Menu główne"' in html


def test_missing_page_in_english_answers_404_with_an_english_page(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "<h1>Page not found</h1>" in html
    assert 'href="/en/qualifications/"' in html


@pytest.mark.parametrize(
    ("language", "title", "home"),
    [
        ("pl", "Przepraszamy, wystąpił problem", 'href="/"'),
        ("en", "Sorry, there is a problem with the service", 'href="/en/"'),
    ],
)
def test_server_error_page_needs_no_database(language, title, home, django_assert_num_queries):
    request = RequestFactory().get("/")
    with translation.override(language), django_assert_num_queries(0):
        response = server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert f'<html lang="{language}">' in html
    assert f"<h1>{title}" in html
    assert home in html


def test_the_site_has_an_icon_where_browsers_look_for_it(client):
    assert 'rel="icon" href="/static/favicon.svg"' in client.get("/").content.decode()
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/favicon.svg"
    from django.contrib.staticfiles import finders

    assert finders.find("favicon.svg")
