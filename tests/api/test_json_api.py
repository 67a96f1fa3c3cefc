"""The JSON API v1 and its OpenAPI document, through the HTTP client."""

import datetime

import pytest
from django.utils import timezone

from institutions.models import Voivodeship
from qualifications.models import PrkLevel, Qualification, SectorFramework
from tests.factories import (
    CertificationRightFactory,
    LearningOutcomeFactory,
    OrganisationFactory,
    PzzjEntryFactory,
    QualificationFactory,
    VerificationCriterionFactory,
)

pytestmark = pytest.mark.django_db

LIST = "/api/v1/qualifications/"


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_list_has_the_stable_envelope(client, roles):
    QualificationFactory.create_batch(3)
    body = client.get(LIST, {"page_size": 2}).json()
    assert set(body) == {"count", "page", "page_size", "next", "previous", "results"}
    assert (body["count"], body["page"], body["page_size"], body["previous"]) == (3, 1, 2, None)
    assert body["next"].endswith("page=2&page_size=2")
    second = client.get(body["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None


def test_drafts_never_appear(client, roles):
    draft = QualificationFactory(status="draft", name_pl="Stylizowanie paznokci")
    public = QualificationFactory()
    assert ids(client.get(LIST)) == [public.zrk_id]
    assert client.get(f"{LIST}{draft.zrk_id}/").status_code == 404
    assert "paznokci" not in client.get(LIST, {"q": "paznokci"}).content.decode()


@pytest.mark.parametrize(
    ("param", "make_match", "make_other"),
    [
        ("level", {"prk_level_id": 5}, {"prk_level_id": 3}),
        ("type", {"type": "full", "category": "general_education"}, {"type": "partial"}),
        ("category", {"category": "craft"}, {"category": "regulated"}),
        ("status", {"status": "functioning"}, {"status": "included"}),
        ("ministry", {"ministry_id": None}, {}),
    ],
)
def test_every_field_filter_works_through_the_api(client, roles, param, make_match, make_other):
    if param == "ministry":
        match = QualificationFactory()
        other = QualificationFactory(ministry=None)
        value = match.ministry.code
    else:
        match = QualificationFactory(**make_match)
        other = QualificationFactory(**make_other)
        value = {"level": "5", "type": "full", "category": "craft", "status": "functioning"}[param]
    assert ids(client.get(LIST, {param: value})) == [match.zrk_id]
    assert other.zrk_id not in ids(client.get(LIST, {param: value}))


def test_sector_framework_region_institution_and_text_filters(client, roles):
    framework = SectorFramework.objects.get(abbreviation="SRKS")
    sport = QualificationFactory(name_pl="Nauczanie wakeboardu", sector_framework=framework, srk_level=4)
    krakow = OrganisationFactory(voivodeship=Voivodeship.objects.get(code="12"))
    right = CertificationRightFactory(institution=krakow, qualification__name_pl="Zdun")
    assert ids(client.get(LIST, {"srk": str(framework.pk)})) == [sport.zrk_id]
    assert ids(client.get(LIST, {"region": "12"})) == [right.qualification.zrk_id]
    assert ids(client.get(LIST, {"institution": str(krakow.pk)})) == [right.qualification.zrk_id]
    assert ids(client.get(LIST, {"q": "wakeboard"})) == [sport.zrk_id]


def test_repeated_parameters_select_several_values(client, roles):
    three = QualificationFactory(prk_level=PrkLevel.objects.get(level=3))
    five = QualificationFactory(prk_level=PrkLevel.objects.get(level=5))
    QualificationFactory(prk_level=PrkLevel.objects.get(level=6))
    assert sorted(ids(client.get(f"{LIST}?level=3&level=5"))) == sorted([three.zrk_id, five.zrk_id])


def test_sort_and_changed_since(client, roles):
    old = QualificationFactory(name_pl="Łowca")
    new = QualificationFactory(name_pl="Lakiernik")
    Qualification.objects.filter(pk=old.pk).update(updated_at=timezone.now() - datetime.timedelta(days=30))
    assert ids(client.get(LIST, {"sort": "name"})) == [new.zrk_id, old.zrk_id]
    since = (timezone.now() - datetime.timedelta(days=1)).date().isoformat()
    assert ids(client.get(LIST, {"changed_since": since})) == [new.zrk_id]
    assert ids(client.get(LIST, {"changed_since": f"{since}T00:00:00+01:00"})) == [new.zrk_id]


def test_language_choice(client, roles):
    QualificationFactory(name_pl="Piekarz", name_en="Baker")
    QualificationFactory(name_pl="Zdun", name_en="")
    english = [row["name"] for row in client.get(LIST, {"lang": "en", "sort": "name"}).json()["results"]]
    polish = [row["name"] for row in client.get(LIST, {"sort": "name"}).json()["results"]]
    assert english == ["Baker", "Zdun"]  # untranslated names fall back to Polish
    assert polish == ["Piekarz", "Zdun"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"level": "9"}, "level"),
        ({"category": "nonsense"}, "category"),
        ({"page": "0"}, "page"),
        ({"page": "abc"}, "page"),
        ({"page_size": "101"}, "page_size"),
        ({"page_size": "0"}, "page_size"),
        ({"changed_since": "yesterday"}, "changed_since"),
        ({"lang": "de"}, "lang"),
        ({"sort": "price"}, "sort"),
    ],
)
def test_bad_parameters_answer_400_with_a_message(client, roles, params, field):
    response = client.get(LIST, params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["status"] == 400 and error["message"]
    assert field in error["details"]


def test_a_page_past_the_end_is_404_with_a_message(client, roles):
    QualificationFactory()
    response = client.get(LIST, {"page": "2"})
    assert response.status_code == 404
    assert "last page is 1" in response.json()["error"]["message"]


def test_detail_carries_outcomes_rights_and_documents(client, roles):
    right = CertificationRightFactory(qualification__name_pl="Piekarz", pzzj=OrganisationFactory(name_pl="PZZJ (demo)"))
    qualification = right.qualification
    outcome = LearningOutcomeFactory(outcome_set__qualification=qualification, text_pl="Wypieka chleb")
    VerificationCriterionFactory(outcome=outcome, text_pl="ocenia wypiek")
    body = client.get(f"{LIST}{qualification.zrk_id}/").json()
    assert body["id"] == qualification.zrk_id and body["name"] == "Piekarz"
    assert body["learning_outcome_sets"][0]["outcomes"][0] == {
        "text": "Wypieka chleb",
        "criteria": [{"text": "ocenia wypiek"}],
    }
    assert body["certification_rights"][0]["pzzj"]["name"] == "PZZJ (demo)"
    assert body["certification_rights"][0]["since"] == "2024-01-15"
    assert body["url"].endswith(f"/kwalifikacje/{qualification.zrk_id}-piekarz/")
    assert body["document"]["valid_indefinitely"] is False


def test_detail_revalidates_with_etag_and_last_modified(client, roles):
    qualification = QualificationFactory()
    url = f"{LIST}{qualification.zrk_id}/"
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    qualification.name_pl = "Nowa nazwa"
    qualification.save()
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
    assert client.get(f"{url}?lang=en", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_institutions_and_their_filters(client, roles):
    krakow = OrganisationFactory(name_pl="Cech Krakowski (demo)", voivodeship=Voivodeship.objects.get(code="12"))
    CertificationRightFactory(institution=krakow)
    pzzj = PzzjEntryFactory(organisation__name_pl="Instytut Jakości (demo)").organisation
    body = client.get("/api/v1/institutions/").json()
    assert {row["name"] for row in body["results"]} == {"Cech Krakowski (demo)", "Instytut Jakości (demo)"}
    assert [row["id"] for row in client.get("/api/v1/institutions/", {"role": "pzzj"}).json()["results"]] == [pzzj.pk]
    assert [row["id"] for row in client.get("/api/v1/institutions/", {"region": "12"}).json()["results"]] == [krakow.pk]
    assert [row["id"] for row in client.get("/api/v1/institutions/", {"q": "krakowski"}).json()["results"]] == [
        krakow.pk
    ]
    assert client.get("/api/v1/institutions/", {"role": "boss"}).status_code == 400
    detail = client.get(f"/api/v1/institutions/{krakow.pk}/").json()
    assert detail["roles"] == ["ic"] and len(detail["certification_rights"]) == 1
    assert client.get("/api/v1/institutions/999999/").status_code == 404


def test_prk_levels(client, roles):
    QualificationFactory(prk_level=PrkLevel.objects.get(level=4))
    body = client.get("/api/v1/prk-levels/", {"lang": "en"}).json()
    assert [row["level"] for row in body] == list(range(1, 9))
    assert body[3]["eqf_level"] == 4 and body[3]["qualification_count"] == 1
    assert body[0]["knowledge"].startswith("Knows")


def test_openapi_document_describes_every_endpoint(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/v1/qualifications/",
        "/api/v1/qualifications/{zrk_id}/",
        "/api/v1/institutions/",
        "/api/v1/prk-levels/",
    ):
        assert path in paths
    names = {parameter["name"] for parameter in paths["/api/v1/qualifications/"]["get"]["parameters"]}
    assert {"q", "level", "category", "region", "institution", "changed_since", "lang", "page_size"} <= names


def test_docs_page_loads_nothing_from_another_host(client):
    html = client.get("/api/v1/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    assert "http://" not in html.replace("http://testserver", "") and "https://" not in html
    assert "<script>" not in html  # the start-up script is a separate file (CSP)
    assert "<style" not in html and " style=" not in html  # nor any inline style
    assert '<html lang="en">' in html


def test_demo_register_answers_every_endpoint(client, demo_register):
    for url in [
        "/api/v1/qualifications/?q=ksiegowych",
        "/api/v1/qualifications/13859/",
        "/api/v1/institutions/",
        "/api/v1/prk-levels/",
    ]:
        assert client.get(url).status_code == 200, url
