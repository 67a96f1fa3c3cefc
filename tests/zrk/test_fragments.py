"""The footer and the main menu rendered once per process ({% fragment %}, zrk/templatetags/zrk_fragments.py):
each page still marks its own section, in its own language, and a fragment sees only what it is given."""

import re

import pytest
from django.template import Context, Template

from tests.factories import QualificationFactory
from zrk.templatetags import zrk_fragments

pytestmark = pytest.mark.django_db


def _current_menu_items(html: str) -> list[tuple[str, str]]:
    nav = html.split('<nav class="main-nav"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'href="([^"]+)" aria-current="(\w+)"', nav)


@pytest.fixture
def rendered(monkeypatch):
    """The templates the fragment tag renders (not served from its copies), from an empty store."""
    monkeypatch.setattr(zrk_fragments, "_copies", {})
    names = []
    original = zrk_fragments.get_template

    def counting(name):
        names.append(name)
        return original(name)

    monkeypatch.setattr(zrk_fragments, "get_template", counting)
    return names


def test_each_page_marks_its_own_section_in_its_own_language(client, roles, settings, rendered):
    settings.PAGE_CACHE = False
    record = QualificationFactory(name_pl="Prowadzenie magazynu", status="functioning")
    for _ in range(2):
        assert _current_menu_items(client.get("/kwalifikacje/").content.decode()) == [("/kwalifikacje/", "page")]
        page = client.get(f"/kwalifikacje/{record.zrk_id}-{record.slug}/").content.decode()
        assert _current_menu_items(page) == [("/kwalifikacje/", "true")]
        english = client.get(f"/en/qualifications/{record.zrk_id}-{record.slug}/").content.decode()
        assert _current_menu_items(english) == [("/en/qualifications/", "true")]
        assert ">About the register</a>" in english and ">O rejestrze</a>" in page
        assert _current_menu_items(client.get("/wnioski/kto-moze-zlozyc/").content.decode()) == [("/wnioski/", "true")]
        assert _current_menu_items(client.get("/instytucje/").content.decode()) == [("/instytucje/", "page")]
    # Rendered once for each language and section, however many pages asked for them.
    assert rendered.count("includes/footer.html") == 2
    assert rendered.count("includes/main_nav.html") == 5


def test_a_fragment_sees_only_the_values_it_is_given(rendered):
    page = Template('{% load zrk_fragments %}{% fragment "includes/main_nav.html" %}')
    html = page.render(Context({"nav_url_name": "statistics", "nav_section": "institutions"}))
    assert "aria-current" not in html
    page = Template('{% load zrk_fragments %}{% fragment "includes/main_nav.html" nav_url_name=name %}')
    html = page.render(Context({"name": "statistics"}))
    assert _current_menu_items(html) == [("/statystyki/", "page")]
