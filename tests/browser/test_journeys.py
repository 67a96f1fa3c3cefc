"""Four journeys through the site in a real browser: a citizen searching and switching language, the
same search by keyboard only, a public consultation comment, and an officer's workflow step in the
admin. The first two only read, so they share the package's demo register (demo_site); the last two
write, so each loads a fresh demo register behind pytest-django's live_server."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import expect

from applications.models import ApplicationEvent, ConsultationComment, InclusionApplication, Moderation, State
from tests.browser.support import DEMO_PASSWORDS, axe_findings, console_of, load_demo_register


def url_in(language: str, name: str, *args) -> str:
    with translation.override(language):
        return reverse(name, args=args)


def split(url: str) -> tuple[str, dict[str, list[str]]]:
    parts = urlsplit(url)
    return parts.path, parse_qs(parts.query)


def assert_accessible(page) -> None:
    """axe on the page as it is now (a state the page-type checks do not reach)."""
    findings = axe_findings(page)
    assert not findings, f"{page.url}:\n{findings}"


def result_titles(page) -> list[str]:
    return page.locator(".result-list .result__title a").all_inner_texts()


# ---- Citizen ---------------------------------------------------------------------------------------


def switch_language_and_back(page, language_link: str, other: str, back_link: str, this: str) -> None:
    """Follow the language link and back: the same page (path translated), with the same query."""
    before_path, before_query = split(page.url)
    page.locator(".language-nav").get_by_role("link", name=language_link).click()
    expect(page.locator("html")).to_have_attribute("lang", other)
    path, query = split(page.url)
    assert query == before_query, (page.url, "the query string is kept")
    assert path != before_path and path.startswith(f"/{other}/"), page.url
    page.locator(".language-nav").get_by_role("link", name=back_link).click()
    expect(page.locator("html")).to_have_attribute("lang", this)
    assert split(page.url) == (before_path, before_query), page.url


@pytest.mark.django_db
def test_citizen_searches_filters_pages_and_opens_a_qualification_and_an_institution(demo_site, site_page):
    page = site_page
    page.goto(demo_site + url_in("pl", "home"))
    expect(page.locator("html")).to_have_attribute("lang", "pl")

    # An inflected Polish word, as people type it.
    page.locator("#home-q").fill("księgowych")
    page.locator("#home-q").press("Enter")
    path, query = split(page.url)
    assert (path, query) == (url_in("pl", "qualification_search"), {"q": ["księgowych"]})
    titles = result_titles(page)
    assert "Obsługa procesów księgowych" in titles, titles
    assert all("księgow" in title.lower() for title in titles), titles

    # A broader search, narrowed with two options of the category facet (disjunctive: either).
    page.locator("#id_q").fill("prowadzi")
    page.locator(".search-form__button").click()
    page.locator('#filter-category input[value="market"]').check()
    page.locator('#filter-category input[value="craft"]').check()
    page.locator(".layout-sidebar__aside button[type=submit]").click()
    path, query = split(page.url)
    assert query["q"] == ["prowadzi"] and sorted(query["category"]) == ["craft", "market"], page.url
    expect(page.locator(".selected-filters__tag")).to_have_count(2)
    expect(page.locator("#filter-category input[value=market]")).to_be_checked()
    count = int(page.locator("#result-count").inner_text().split()[0])
    assert count > 20, f"{count} results: not enough for a second page of 20"
    assert_accessible(page)

    # The second page keeps the query and both filters.
    page.locator(".pagination").get_by_role("link", name="2").click()
    path, query = split(page.url)
    assert query["page"] == ["2"] and query["q"] == ["prowadzi"] and sorted(query["category"]) == ["craft", "market"]
    expect(page.locator(".result-list")).to_have_attribute("start", "21")
    expect(page.locator(".result-list > li")).to_have_count(count - 20)

    # Language switch on a page with a long query string, and back.
    switch_language_and_back(page, "English", "en", "Polski", "pl")

    # A qualification that some institution may award today...
    results = page.locator(".result-list > li")
    for index in range(results.count()):
        result = results.nth(index)
        if result.locator("dd").nth(3).inner_text().strip() != "0":
            break
    else:
        pytest.fail("no result on page 2 has a certifying institution")
    name = result.locator(".result__title a").inner_text()
    result.locator(".result__title a").click()
    expect(page.locator("h1")).to_have_text(name)
    switch_language_and_back(page, "English", "en", "Polski", "pl")

    # ...and one of those institutions.
    institution = page.locator('main table a[href^="/instytucje/"]').first
    institution_name = institution.inner_text()
    institution.click()
    assert split(page.url)[0].startswith(url_in("pl", "institution_list")), page.url
    expect(page.locator("h1")).to_contain_text(institution_name)
    expect(page.get_by_role("link", name=name).first).to_be_visible()
    switch_language_and_back(page, "English", "en", "Polski", "pl")


# ---- Keyboard only ---------------------------------------------------------------------------------

STYLE_OF = """el => {
  const s = getComputedStyle(el);
  return {outline: [s.outlineStyle, s.outlineWidth, s.outlineColor].join(' '), outlineWidth: parseFloat(s.outlineWidth),
          outlineStyle: s.outlineStyle, outlineColor: s.outlineColor, boxShadow: s.boxShadow,
          background: s.backgroundColor};
}"""
ACTIVE = "document.activeElement"


def assert_focus_visible(page) -> None:
    """The focused element looks different from the same element unfocused, by a visible outline, a
    box shadow or a background (the site's yellow-and-black focus style)."""
    element = page.evaluate_handle(ACTIVE)
    focused = element.evaluate(STYLE_OF)
    element.evaluate("el => el.blur()")
    unfocused = element.evaluate(STYLE_OF)
    element.evaluate("el => el.focus()")
    assert page.evaluate(f"{ACTIVE}.matches(':focus-visible')")
    changed = {key for key in focused if focused[key] != unfocused[key]}
    transparent = focused["outlineColor"].endswith(", 0)") or focused["outlineColor"] == "transparent"
    outline_shows = "outline" in changed and focused["outlineStyle"] != "none" and focused["outlineWidth"] > 0
    outline_shows = outline_shows and not transparent
    assert outline_shows or {"boxShadow", "background"} & changed, (focused, unfocused)
    if "outline" in changed:
        assert focused["outlineWidth"] >= 2, focused


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches selector, checking each stop's focus is visible."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        assert_focus_visible(page)
        if page.evaluate(f"{ACTIVE}.matches({selector!r})"):
            return
    pytest.fail(f"{selector} not reached in {limit} presses of Tab")


@pytest.mark.django_db
def test_keyboard_only_skip_link_facets_submit_and_pagination(demo_site, site_page):
    page = site_page
    page.goto(demo_site + url_in("pl", "qualification_search") + "?q=prowadzi")

    # First Tab: the skip link, visible; Enter puts the focus on the main content.
    page.keyboard.press("Tab")
    assert page.evaluate(f"{ACTIVE}.classList.contains('skip-link')")
    assert_focus_visible(page)
    box = page.locator(".skip-link").bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0 and box["width"] > 0, box
    page.keyboard.press("Enter")
    assert page.evaluate(f"{ACTIVE}.id") == "main-content"

    # Two category options ticked with Space, the filters applied with Enter.
    tab_to(page, '#filter-category input[value="market"]')
    page.keyboard.press("Space")
    tab_to(page, '#filter-category input[value="craft"]')
    page.keyboard.press("Space")
    expect(page.locator('#filter-category input[value="market"]')).to_be_checked()
    expect(page.locator('#filter-category input[value="craft"]')).to_be_checked()
    tab_to(page, ".layout-sidebar__aside button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    query = split(page.url)[1]
    assert sorted(query["category"]) == ["craft", "market"] and query["q"] == ["prowadzi"], page.url

    # The next page of results, by keyboard.
    tab_to(page, '.pagination a[rel="next"]', limit=200)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    query = split(page.url)[1]
    assert query["page"] == ["2"] and sorted(query["category"]) == ["craft", "market"], page.url
    expect(page.locator(".result-list")).to_have_attribute("start", "21")


# ---- Consultation ----------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_public_comment_on_an_open_consultation(live_server, live_page):
    load_demo_register()
    page = live_page
    page.goto(live_server.url + url_in("pl", "consultation_list"))
    page.get_by_role("link", name="Stylizowanie paznokci").first.click()
    expect(page.locator("h1")).to_have_text("Stylizowanie paznokci")
    published = page.locator(".comment-list > li").count()

    # Nothing filled in: an error summary that links to the fields, and the fields marked.
    console_of(page).allowed_failures.add(page.url.split("#")[0])  # answered 400, as it should
    page.locator("#comment-form").locator("xpath=..").get_by_role("button").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#id_author_name")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)

    text = "Komentarz z testu przeglądarkowego: proszę dodać efekt dotyczący bezpieczeństwa chemicznego."
    page.locator("#id_author_name").fill("Zofia Testowa")
    page.locator("#id_email").fill("zofia@example.org")
    page.locator("#id_text").fill(text)
    page.locator("#comment-form").locator("xpath=..").get_by_role("button").click()

    path, query = split(page.url)
    assert query == {"sent": ["1"]} and page.url.endswith("#comment-form"), page.url
    expect(page.get_by_role("status")).to_be_visible()
    expect(page.locator(".error-summary")).to_have_count(0)
    # Published only after moderation.
    expect(page.locator(".comment-list > li")).to_have_count(published)
    comment = ConsultationComment.objects.get(text=text)
    assert (comment.author_name, comment.email, comment.moderation) == (
        "Zofia Testowa",
        "zofia@example.org",
        Moderation.PENDING,
    )
    assert_accessible(page)


# ---- Officer in the admin --------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_officer_opens_a_consultation_from_the_application_page(live_server, live_page):
    load_demo_register()
    page = live_page
    application = InclusionApplication.objects.get(draft__code="DEMO-WN-04")
    assert application.state == State.FORWARDED

    page.goto(live_server.url + reverse("admin:login"))
    page.locator("#id_username").fill("officer")
    page.locator("#id_password").fill(DEMO_PASSWORDS["officer"])
    page.locator("#login-form [type=submit]").click()
    expect(page.locator("#user-tools")).to_contain_text("officer")

    page.goto(live_server.url + reverse("admin:applications_inclusionapplication_change", args=[application.pk]))
    timeline = page.locator(".workflow__timeline > li")
    events = timeline.count()
    step = page.locator('form.workflow__step[action$="/transition/open_consultation/"]')
    comment = "Konsultacje otwarte w teście przeglądarkowym."
    closes_on = timezone.localdate() + datetime.timedelta(days=21)
    step.locator('input[type="date"]').fill(closes_on.isoformat())
    step.locator("textarea").fill(comment)
    step.locator('input[name="_transition"]').click()

    expect(page.locator(".messagelist .success")).to_be_visible()
    expect(timeline).to_have_count(events + 1)
    expect(timeline.last).to_contain_text(comment)
    application.refresh_from_db()
    assert application.state == State.CONSULTATION
    assert application.consultation.closes_on == closes_on
    event = ApplicationEvent.objects.filter(application=application).latest("created_at")
    assert (event.action, event.to_state, event.actor.username) == ("open_consultation", State.CONSULTATION, "officer")

    # The proposal is now open for comment on the public site.
    page.goto(live_server.url + url_in("pl", "consultation_list"))
    expect(page.get_by_role("link", name="Animacja czasu wolnego")).to_be_visible()
