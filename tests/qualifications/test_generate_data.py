"""manage.py generate_data: synthetic, labelled, reproducible data that the search finds."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from institutions.models import Organisation
from qualifications.models import CertificationRight, LearningOutcome, Qualification, QuarterlyReport, RightStatus

pytestmark = pytest.mark.django_db


def generate(**sizes):
    out, err = StringIO(), StringIO()
    call_command("generate_data", stdout=out, stderr=err, **sizes)
    return out.getvalue(), err.getvalue()


def snapshot():
    return list(
        Qualification.objects.filter(code__startswith="GEN-")
        .order_by("zrk_id")
        .values_list("name_pl", "category", "prk_level", "status")
    ) + list(
        QuarterlyReport.objects.order_by(
            "right__qualification__name_pl", "right__institution__name_pl", "year", "quarter"
        ).values_list("documents_issued", "average_fee", "revenue")
    )


def test_generates_the_sizes_asked_for_with_progress(roles):
    out, err = generate(qualifications=120, organisations=15, rights=200, outcomes=4, seed=3)
    assert Qualification.objects.filter(code__startswith="GEN-").count() == 120
    assert Organisation.objects.filter(name_pl__endswith="(dane generowane)").count() == 15
    assert CertificationRight.objects.filter(decision_number__startswith="GEN/").count() == 200
    assert LearningOutcome.objects.filter(outcome_set__qualification__code__startswith="GEN-").count() == 480
    assert "Generated" in out
    assert "qualifications [" in err and "100%" in err
    # Both languages, and the register rule: functioning exactly when an active right exists.
    assert not LearningOutcome.objects.filter(text_en="").exists()
    functioning = set(Qualification.objects.filter(status="functioning").values_list("pk", flat=True))
    active = set(CertificationRight.objects.filter(status=RightStatus.ACTIVE).values_list("qualification", flat=True))
    assert functioning == active


def truncate_register():
    """Published records are never deleted (a database trigger refuses it); a test may truncate."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # deferred foreign keys would block TRUNCATE
        cursor.execute("TRUNCATE qualifications_quarterlyreport, qualifications_certificationright CASCADE")
        cursor.execute("TRUNCATE qualifications_qualification CASCADE")


def test_same_seed_gives_the_same_data(roles):
    generate(qualifications=50, organisations=5, rights=60, seed=7)
    first = snapshot()
    truncate_register()
    Organisation.objects.all().delete()
    generate(qualifications=50, organisations=5, rights=60, seed=7)
    assert snapshot() == first
    truncate_register()
    generate(qualifications=50, organisations=5, rights=60, seed=8)
    assert snapshot() != first


def test_generated_records_are_searchable(client, roles):
    generate(qualifications=80, organisations=5, rights=50, seed=1)
    # Active rights carry reports from fixed quarters, consistent with what the admin would accept.
    reports = QuarterlyReport.objects.select_related("right")
    assert reports.exists() and {report.right.status for report in reports} == {RightStatus.ACTIVE}
    for report in reports[:20]:
        report.full_clean()
    response = client.get("/kwalifikacje/", {"q": "prowadzenie"})
    assert response.status_code == 200
    assert Qualification.objects.filter(search_vector__isnull=True).count() == 0
    expected = Qualification.objects.filter(name_pl__startswith="Prowadzenie").count()
    assert f"{expected} kwalifikac" in response.content.decode()


@pytest.mark.parametrize("args", [{"qualifications": -1}, {"organisations": 0, "rights": 5}])
def test_bad_sizes_are_refused_with_a_message(roles, args):
    with pytest.raises(CommandError):
        generate(**args)
