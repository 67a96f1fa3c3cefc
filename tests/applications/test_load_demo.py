import pytest
from django.core.management import CommandError, call_command

from institutions.models import Organisation, PzzjEntry
from qualifications.models import CertificationRight, LearningOutcome, Qualification, RightStatus, Status

pytestmark = pytest.mark.django_db


def counts():
    from applications.models import CertificationRightsApplication, PzzjApplication
    from qualifications.models import QuarterlyReport, RightEvent

    return {
        "qualifications": Qualification.objects.count(),
        "outcomes": LearningOutcome.objects.count(),
        "organisations": Organisation.objects.count(),
        "pzzj": PzzjEntry.objects.count(),
        "rights": CertificationRight.objects.count(),
        "history": Qualification.history.count() + Organisation.history.count() + CertificationRight.history.count(),
        "right events": RightEvent.objects.count(),
        "rights applications": CertificationRightsApplication.objects.count(),
        "pzzj applications": PzzjApplication.objects.count(),
        # The example institutions' figures, each report exactly as it was.
        "reports": list(
            QuarterlyReport.objects.order_by("pk").values_list(
                "pk", "documents_issued", "average_fee", "revenue", "updated_at"
            )
        ),
    }


def test_loading_the_demo_twice_gives_the_same_counts_and_no_new_history(demo_register):
    first = counts()
    call_command("load_demo", verbosity=0)
    assert counts() == first
    assert first["qualifications"] >= 40
    assert first["rights"] >= 20


def test_demo_keeps_the_real_facts(demo_register):
    piekarz = Qualification.objects.get(zrk_id=13859)
    assert piekarz.name_pl == "Piekarz - dyplom mistrzowski"
    assert piekarz.prk_level_id == 5
    assert piekarz.ministry.code == "mrirw"
    assert piekarz.mp_reference == "M.P. 2020 poz. 997"
    assert piekarz.category == "craft"


def test_demo_spreads_over_facets(demo_register):
    public = Qualification.objects.public()
    assert public.exclude(prk_level=None).values("prk_level").distinct().count() >= 4
    assert public.values("category").distinct().count() >= 4
    assert public.values("ministry").exclude(ministry=None).distinct().count() >= 6
    regions = Organisation.objects.filter(certification_rights__status=RightStatus.ACTIVE).values("voivodeship")
    assert regions.distinct().count() >= 8
    assert set(CertificationRight.objects.values_list("status", flat=True)) == set(RightStatus.values)


def test_demo_status_follows_active_rights(demo_register):
    for qualification in Qualification.objects.filter(status__in=[Status.INCLUDED, Status.FUNCTIONING]):
        has_active = qualification.certification_rights.filter(status=RightStatus.ACTIVE).exists()
        assert (qualification.status == Status.FUNCTIONING) == has_active, qualification


def test_at_least_twelve_qualifications_are_complete_in_both_languages(demo_register):
    complete = [
        q
        for q in Qualification.objects.all()
        if all(
            getattr(q, f"{field}_{lang}")
            for field in ("characteristic", "target_groups", "validation_requirements")
            for lang in ("pl", "en")
        )
        and q.outcome_sets.filter(outcomes__criteria__isnull=False).exists()
    ]
    assert len(complete) >= 12


def test_demo_users_only_in_demo_mode(settings):
    settings.ZRK_DEMO = False
    with pytest.raises(CommandError, match="demo mode"):
        call_command("load_demo", users=True, verbosity=0)


def test_demo_users_get_their_roles(settings, demo_register):
    from django.contrib.auth import get_user_model

    settings.ZRK_DEMO = True
    call_command("load_demo", users=True, verbosity=0)
    users = {u.username: u for u in get_user_model().objects.all()}
    assert users["admin"].is_superuser
    assert [g.name for g in users["operator"].groups.all()] == ["registry_operator"]
    assert [g.name for g in users["officer"].groups.all()] == ["ministry_officer"]
    assert [g.name for g in users["coordinator"].groups.all()] == ["coordinator"]
    assert users["operator"].check_password("zrk-demo-operator")


def application_counts():
    from applications.models import ApplicationEvent, Consultation, ConsultationComment, InclusionApplication

    return {
        "applications": InclusionApplication.objects.count(),
        "events": ApplicationEvent.objects.count(),
        "consultations": Consultation.objects.count(),
        "comments": ConsultationComment.objects.count(),
        "qualifications": Qualification.objects.count(),
    }


def test_demo_applications_cover_every_state_and_load_idempotently(settings):
    from applications.models import InclusionApplication, Moderation, State

    settings.ZRK_DEMO = True
    call_command("load_demo", users=True, verbosity=0)
    first = application_counts()
    call_command("load_demo", users=True, verbosity=0)
    assert application_counts() == first
    applications = InclusionApplication.objects.all()
    assert set(applications.values_list("state", flat=True)) == set(State.values)
    assert applications.overdue().exists() and applications.due_soon().exists()
    refused = applications.get(state=State.REFUSED)
    assert refused.refusal_reason and "(demo)" in refused.draft.name
    nails = applications.get(draft__name_pl="Stylizowanie paznokci")
    assert nails.state == State.CONSULTATION and nails.applicant.name_pl == "Nesperta"
    assert nails.consultation.is_open()
    assert nails.consultation.comments.filter(moderation=Moderation.PUBLISHED).count() >= 2
    published = applications.get(state=State.PUBLISHED).draft
    assert published.status == Status.INCLUDED and published.mp_reference
    # The demo officer works for the demo ministry and sees its applications.
    from django.contrib.auth import get_user_model

    officer = get_user_model().objects.get(username="officer")
    assert officer.officer_profile.ministry == nails.ministry
    assert applications.filter(assigned_officer=officer).exists()
    # Every event is dated on its step and the timeline runs forwards.
    for application in applications:
        times = list(application.events.values_list("created_at", flat=True))
        assert times == sorted(times)
