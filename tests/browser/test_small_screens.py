"""Small screens first: on a 390 px phone the first search result is within the first screen after the
search box (the filters wait in a one-line disclosure), the disclosure opens without JavaScript and
its apply button stays in view; on a wide screen the filters are shown beside the results; a table
wider than a 320 px screen can be scrolled from the keyboard."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.browser.pages import page_paths

pytestmark = pytest.mark.django_db

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def paths(demo_site):
    return page_paths()


@pytest.mark.parametrize("language", ["pl", "en"])
@pytest.mark.parametrize(
    "query", ["", "?q=ksi%C4%99gowych", "?level=4&level=5&category=market&category=free_market&type=partial"]
)
def test_on_a_phone_the_first_result_is_within_a_screen_of_the_search_box(demo_site, site_page, language, query):
    page = site_page
    page.set_viewport_size(PHONE)
    with translation.override(language):
        page.goto(demo_site + reverse("qualification_search") + query)
    box = page.locator("#id_q").bounding_box()
    first = page.locator(".result").first.bounding_box()
    assert first is not None, "the search has results"
    search_box_bottom = box["y"] + box["height"]
    assert first["y"] > search_box_bottom
    assert first["y"] + 40 < search_box_bottom + PHONE["height"], (search_box_bottom, first["y"])
    # The filters are closed, one line; the results do not wait for them.
    assert not page.locator("#filter-level").is_visible()


def test_the_filter_disclosure_opens_and_its_apply_button_stays_in_view(demo_site, site_page):
    page = site_page
    page.set_viewport_size(PHONE)
    page.goto(demo_site + "/en/qualifications/")
    page.locator(".filters__summary").click()
    assert page.locator("#filter-level").is_visible()
    # Half-way down the long list of filters the apply button is still on screen.
    page.locator("#filter-ministry").scroll_into_view_if_needed()
    button = page.get_by_role("button", name="Apply filters").bounding_box()
    assert button["y"] >= 0 and button["y"] + button["height"] <= PHONE["height"]
    page.locator('#filter-level input[type="checkbox"]').first.check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**level=*")
    assert page.locator(".selected-filters__tag").count() == 1


def test_on_a_wide_screen_the_filters_are_shown_beside_the_results(demo_site, site_page):
    page = site_page
    page.goto(demo_site + "/en/qualifications/")
    assert page.locator("#filter-level").is_visible()
    assert not page.locator(".filters__summary").is_visible()
    filters = page.locator("#filter-level").bounding_box()
    first = page.locator(".result").first.bounding_box()
    assert filters["x"] + filters["width"] <= first["x"]  # a side column
    button = page.get_by_role("button", name="Apply filters").bounding_box()
    assert button["y"] + button["height"] <= 900  # near, not thousands of pixels down


@pytest.mark.parametrize("page_type", ["qualification", "institution", "pzzj-list"])
def test_wide_tables_on_a_narrow_screen_are_reached_by_keyboard(demo_site, site_page, paths, page_type):
    page = site_page
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(demo_site + paths[page_type]["en"])
    region = page.locator(".table-wrap").first
    assert region.get_attribute("tabindex") == "0"
    assert region.get_attribute("role") == "region"
    label = page.locator(f"#{region.get_attribute('aria-labelledby')}")
    assert label.inner_text().strip()
    region.focus()
    scrollable = region.evaluate("element => element.scrollWidth > element.clientWidth")
    if scrollable:
        page.keyboard.press("ArrowRight")
        page.wait_for_function("element => element.scrollLeft > 0", arg=region.element_handle())


def test_on_a_phone_the_institution_list_shows_results_before_its_filters(demo_site, site_page):
    page = site_page
    page.set_viewport_size(PHONE)
    page.goto(demo_site + "/en/institutions/")
    box = page.locator("#institution-q").bounding_box()
    first = page.locator(".result").first.bounding_box()
    assert first["y"] + 40 < box["y"] + box["height"] + PHONE["height"]
    assert not page.locator("#filter-role").is_visible()
    page.locator(".filters__summary").click()
    assert page.locator("#filter-role").is_visible()
