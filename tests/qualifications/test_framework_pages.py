"""The public PRK level and sector framework pages, in Polish and English."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from qualifications.models import PrkLevel, SectorFramework
from tests.factories import QualificationFactory

pytestmark = pytest.mark.django_db


def polish(name, *args):
    """The Polish address of a page (unprefixed: /poziomy-prk/...)."""
    with translation.override("pl"):
        return reverse(name, args=args)


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


# --- PRK levels ------------------------------------------------------------------------------


def test_prk_levels_page_shows_all_eight_levels_with_eqf(client):
    level4 = PrkLevel.objects.get(level=4)
    QualificationFactory(prk_level=level4, status="functioning")
    QualificationFactory(prk_level=level4, status="included")
    QualificationFactory(prk_level=level4, status="draft")  # not public
    response = client.get(polish("prk_level_list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="pl">' in html
    assert html.count("<h1") == 1
    for n in range(1, 9):
        assert f'id="level-{n}-heading">Poziom {n} PRK</h2>' in html
        assert f'href="{polish("prk_level_detail", n)}"' in html
    assert [level.public_count for level in response.context["levels"]] == [0, 0, 0, 2, 0, 0, 0, 0]
    assert level4.knowledge_pl in html and level4.skills_pl in html and level4.social_competence_pl in html
    assert level4.summary_pl in html and level4.typical_full_qualification_pl in html


def test_prk_levels_page_in_english_says_prk_equals_eqf(client):
    QualificationFactory(prk_level=PrkLevel.objects.get(level=6), status="functioning")
    response = client.get("/en/prk-levels/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "Levels of the Polish Qualifications Framework (PRK)</h1>" in html
    for n in range(1, 9):
        assert f"EQF level {n} (PRK level {n} equals EQF level {n})" in html
        assert f'href="/en/prk-levels/{n}/"' in html
    assert "1 qualification at PRK level 6" in html
    assert "0 qualifications at PRK level 1" in html
    assert "Knowledge" in html and "Skills" in html and "Social competence" in html
    assert escape(PrkLevel.objects.get(level=6).knowledge_en) in html


def test_english_level_text_missing_falls_back_to_polish_marked(client):
    PrkLevel.objects.filter(level=2).update(skills_en="")
    html = client.get("/en/prk-levels/").content.decode()
    assert f'<div lang="pl"><p>{PrkLevel.objects.get(level=2).skills_pl}</p></div>' in html
    assert "This text is available in Polish only." in html


def test_prk_level_page_counts_by_category_and_lists_qualifications(client):
    level = PrkLevel.objects.get(level=5)
    market = QualificationFactory(name_pl="Księgowy", prk_level=level, status="functioning")
    QualificationFactory(name_pl="Kucharz", prk_level=level, category="craft", status="included")
    QualificationFactory(name_pl="Cukiernik", prk_level=level, category="craft", status="archived")
    QualificationFactory(name_pl="Szkic", prk_level=level, status="draft")
    QualificationFactory(name_pl="Inny poziom", prk_level=PrkLevel.objects.get(level=3), status="functioning")
    response = client.get(polish("prk_level_detail", 5))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "<h1>Poziom 5 PRK</h1>" in html
    assert level.knowledge_pl in html
    rows = [(row["value"], row["count"]) for row in response.context["by_category"]]
    assert rows == [("free_market", 1), ("craft", 2)]  # in the order of the category choices
    assert "wolnorynkowa" in html
    search = polish("qualification_search")
    assert f'href="{search}?level=5&amp;category=craft"' in html
    assert f'href="{search}?level=5&amp;category=free_market"' in html
    assert [q.name_pl for q in response.context["page_obj"]] == ["Cukiernik", "Księgowy", "Kucharz"]
    assert f'href="{polish("qualification_detail", market.zrk_id, market.slug)}"' in html
    assert "Szkic" not in html and "Inny poziom" not in html
    assert 'class="tag tag--archived"' in html
    assert "<caption" in html and 'scope="col"' in html


def test_prk_level_page_in_english(client):
    QualificationFactory(prk_level=PrkLevel.objects.get(level=7), status="functioning")
    response = client.get("/en/prk-levels/7/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "<h1>PRK level 7</h1>" in html
    assert "PRK level 7 equals EQF level 7 of the European Qualifications Framework." in html
    assert "Qualifications at this level by category" in html
    assert "free-market" in html
    assert 'href="/en/qualifications/?level=7&amp;category=free_market"' in html


def test_prk_level_page_with_no_qualifications(client):
    html = client.get("/en/prk-levels/1/").content.decode()
    assert "There are no qualifications at this level in the register yet." in html


@pytest.mark.parametrize("level", [0, 9, 10, 99999])
def test_prk_level_outside_1_to_8_is_404(client, level):
    assert client.get(polish("prk_level_detail", level)).status_code == 404
    assert client.get(f"/en/prk-levels/{level}/").status_code == 404


def test_prk_level_page_is_paginated_by_50_and_survives_bad_pages(client):
    level = PrkLevel.objects.get(level=3)
    for n in range(55):
        QualificationFactory(name_pl=f"Kwalifikacja {n:02d}", prk_level=level, status="functioning")
    response = client.get(polish("prk_level_detail", 3))
    assert len(response.context["page_obj"].object_list) == 50
    assert 'href="?page=2"' in response.content.decode()
    second = client.get(polish("prk_level_detail", 3), {"page": "2"})
    assert [q.name_pl for q in second.context["page_obj"]] == [f"Kwalifikacja {n}" for n in range(50, 55)]
    for page in ("abc", "-3", "0", "1000", "1.5"):
        assert client.get(polish("prk_level_detail", 3), {"page": page}).status_code == 200
    # (a repeated address is served from the page cache, so read the page, not the context)
    html = client.get(polish("prk_level_detail", 3), {"page": "1000"}).content.decode()
    assert re.search(r'aria-current="page">\s*(<span[^>]*>[^<]*</span>\s*)?2<', html)


def test_prk_level_query_count_does_not_grow_with_rows(client):
    level = PrkLevel.objects.get(level=4)
    QualificationFactory.create_batch(10, prk_level=level, status="functioning")
    small = _queries(client, polish("prk_level_detail", 4))
    QualificationFactory.create_batch(40, prk_level=level, status="included", category="craft")
    assert _queries(client, polish("prk_level_detail", 4)) == small
    assert _queries(client, polish("prk_level_list")) == _queries(client, "/en/prk-levels/")


# --- Sector frameworks -----------------------------------------------------------------------


def test_sector_frameworks_page_in_polish(client):
    sport = SectorFramework.objects.get(abbreviation="SRKS")
    sport.included_on = datetime.date(2019, 4, 10)
    sport.save()
    QualificationFactory(sector_framework=sport, srk_level=4, status="functioning")
    QualificationFactory(sector_framework=sport, srk_level=5, status="included")
    QualificationFactory(sector_framework=sport, srk_level=5, status="draft")
    response = client.get(polish("sector_framework_list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="pl">' in html
    assert html.count("<h1") == 1
    frameworks = {framework.abbreviation: framework for framework in response.context["frameworks"]}
    assert set(frameworks) == set(SectorFramework.objects.values_list("abbreviation", flat=True))
    assert frameworks["SRKS"].public_count == 2
    assert "Sektorowa Rama Kwalifikacji w Sporcie" in html
    assert "10 kwietnia 2019" in html
    assert f'href="{polish("qualification_search")}?srk={sport.pk}"' in html
    assert "<caption" in html and 'scope="col"' in html and 'scope="row"' in html


def test_sector_frameworks_page_in_english(client):
    sport = SectorFramework.objects.get(abbreviation="SRKS")
    QualificationFactory(sector_framework=sport, srk_level=4, status="functioning")
    response = client.get("/en/sector-frameworks/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "Sector qualifications frameworks (SRK)</h1>" in html
    assert "Sectoral Qualifications Framework for Sport" in html
    assert "2 to 7" in html  # SRKS levels
    assert "no date recorded" in html and "not yet included" not in html  # unknown, not "not included"
    assert "1 qualification referencing SRKS" in html
    assert f'href="/en/qualifications/?srk={sport.pk}"' in html


def test_sector_frameworks_query_count_is_constant(client):
    small = _queries(client, polish("sector_framework_list"))
    for framework in SectorFramework.objects.all():
        QualificationFactory.create_batch(3, sector_framework=framework, srk_level=3, status="functioning")
    assert _queries(client, polish("sector_framework_list")) == small


def test_framework_pages_ignore_bad_parameters(client):
    for url in (polish("prk_level_list"), polish("sector_framework_list"), "/en/prk-levels/4/"):
        assert client.get(url, {"page": "abc", "region": "xx", "q": "\x00"}).status_code == 200


def test_demo_register_framework_pages(client, demo_register):
    response = client.get(polish("prk_level_list"))
    assert sum(level.public_count for level in response.context["levels"]) > 0
    for n in range(1, 9):
        assert client.get(f"/en/prk-levels/{n}/").status_code == 200
    assert client.get(polish("sector_framework_list")).status_code == 200
