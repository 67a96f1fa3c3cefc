"""The certification check chooses the qualification and the institution by name, server-side and
without JavaScript: one match is taken, several are offered as a choice; qualification and
institution pages link to it pre-filled, and the home page links to it."""

import re

import pytest

from tests.factories import CertificationRightFactory, OrganisationFactory, QualificationFactory

pytestmark = pytest.mark.django_db

URL = "/en/certification-check/"


def _get(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def baker(db):
    qualification = QualificationFactory(name_pl="Piekarz – dyplom mistrzowski", name_en="Master baker", code="PIEK-1")
    institution = OrganisationFactory(name_pl="Izba Rzemiosła w Gdańsku", name_en="", city="Gdańsk")
    CertificationRightFactory(qualification=qualification, institution=institution)
    return qualification, institution


def test_one_match_on_each_side_gives_the_answer(client, baker):
    qualification, institution = baker
    html = _get(client, qualification_name="piekarz", institution_name="gdansk")
    assert '<h2 id="answer-heading">Yes</h2>' in html
    assert f'<input type="hidden" name="qualification" value="{qualification.zrk_id}">' in html
    assert f'<input type="hidden" name="institution" value="{institution.pk}">' in html


def test_several_matches_are_offered_as_radio_buttons_and_the_choice_answers(client, baker):
    qualification, institution = baker
    other = QualificationFactory(name_pl="Piekarz – świadectwo czeladnicze", name_en="Journeyman baker")
    html = _get(client, qualification_name="piekarz", institution_name="Izba")
    assert 'id="answer-heading"' not in html
    choices = re.findall(r'<input type="radio" name="qualification" value="(\d+)"', html)
    assert sorted(choices) == sorted([str(qualification.zrk_id), str(other.zrk_id)])
    assert "2 qualifications match: choose one" in html
    # The institution, matched once, is kept for the second step.
    assert f'<input type="hidden" name="institution" value="{institution.pk}">' in html
    # Choosing (what the form sends) gives the answer for the chosen one.
    html = _get(client, qualification=other.zrk_id, qualification_name="piekarz", institution=institution.pk)
    assert '<h2 id="answer-heading">No</h2>' in html


def test_no_match_is_an_error_next_to_the_field(client, baker):
    html = _get(client, qualification_name="qqqxyzzy", institution_name="nowhere-at-all")
    assert "error-summary" in html
    assert 'href="#id_qualification_name"' in html and 'href="#id_institution_name"' in html
    assert "No qualification matches this name." in html
    assert "No certifying institution matches this name." in html


def test_the_zrk_id_or_code_typed_in_the_name_field_is_found(client, baker):
    qualification, _institution = baker
    html = _get(client, qualification_name=str(qualification.zrk_id))
    assert f'<input type="hidden" name="qualification" value="{qualification.zrk_id}">' in html
    html = _get(client, qualification_name="PIEK-1")
    assert f'<input type="hidden" name="qualification" value="{qualification.zrk_id}">' in html


def test_an_institution_alone_lists_what_it_may_award(client, baker):
    qualification, institution = baker
    html = _get(client, institution=institution.pk)
    assert "Qualifications this institution may award today" in html
    assert f"?qualification={qualification.zrk_id}&amp;institution={institution.pk}" in html
    # The qualification is still asked for by name.
    assert 'id="id_qualification_name"' in html


def test_pages_link_to_the_check_prefilled(client, baker):
    qualification, institution = baker
    detail = client.get(f"/en/qualifications/{qualification.zrk_id}-{qualification.slug}/").content.decode()
    assert f'href="/en/certification-check/?qualification={qualification.zrk_id}"' in detail
    page = client.get(f"/en/institutions/{institution.pk}/").content.decode()
    assert f'href="/en/certification-check/?institution={institution.pk}"' in page
    assert 'href="/sprawdz-uprawnienia/"' in client.get("/").content.decode()


def test_hostile_names_never_break_the_page(client, baker):
    for text in ("\x00", "' OR 1=1 --", "<script>", "%", "ą" * 500, "  "):
        html = _get(client, qualification_name=text, institution_name=text)
        assert "<script>" not in html.split("<main", 1)[1]
