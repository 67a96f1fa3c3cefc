"""The data-quality view: public records lacking an element their category requires, counted per
element in one query, each count linking to the records; the same figures from a command; and the
notice rules in the qualification admin form, the database and the migration that prepared it."""

import datetime
import importlib
import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse

from qualifications.completeness import register_gaps
from qualifications.models import Category, Qualification
from tests.factories import OrganisationFactory, QualificationFactory, complete_description

pytestmark = pytest.mark.django_db

PAGE = "admin:qualifications_qualification_data_quality"


def full_record(mp_position=1, **fields):
    """A public free-market record with every element it should have."""
    record = complete_description(QualificationFactory(**fields))
    Qualification.objects.filter(pk=record.pk).update(
        characteristic_en="The holder works on their own.",
        mp_year=2024,
        mp_position=mp_position,
        mp_date=datetime.date(2024, 5, 2),
        included_on=datetime.date(2024, 5, 2),
        applicant=OrganisationFactory(),
    )
    return record


def rows(response):
    return {row["element"].code: row for row in response.context["rows"]}


def test_operators_and_coordinators_see_counts_linking_to_the_records(client, operator, coordinator):
    no_english = QualificationFactory(name_en="", characteristic_en="")
    QualificationFactory(name_en="Has a name")
    QualificationFactory(name_en="", status="draft")  # drafts are not register records
    vocational = QualificationFactory(category=Category.VOCATIONAL, symbol="", vocational_branch="FRK")
    for user in (operator, coordinator):
        client.force_login(user)
        page = client.get(reverse(PAGE))
        assert page.status_code == 200
        table = rows(page)
        assert table["name_en"]["missing"] == 1 and table["name_en"]["required"] == 3
        assert table["symbol"]["missing"] == 1 and table["symbol"]["required"] == 1
        assert table["mp_reference"]["required"] == 2  # not asked of the vocational record
        changelist = client.get(table["name_en"]["url"])
        assert [q.pk for q in changelist.context["cl"].result_list] == [no_english.pk]
        symbol = client.get(table["symbol"]["url"])
        assert [q.pk for q in symbol.context["cl"].result_list] == [vocational.pk]
        html = page.content.decode()
        assert f'href="{table["name_en"]["url"]}"' in html.replace("&amp;", "&")


def test_the_page_is_staff_only_and_linked_from_the_admin(operator_client):
    assert Client().get(reverse(PAGE)).status_code == 302  # to the login page
    url = reverse(PAGE)
    assert url in operator_client.get(reverse("admin:index")).content.decode()
    assert url in operator_client.get(reverse("admin:qualifications_qualification_changelist")).content.decode()


def test_the_counts_take_one_query_however_many_records(operator_client, django_assert_num_queries):
    QualificationFactory.create_batch(3, name_en="")
    with django_assert_num_queries(1):
        small = register_gaps()
    QualificationFactory.create_batch(30, category=Category.CRAFT, name_en="")
    with django_assert_num_queries(1):
        large = register_gaps()
    assert (small.records, large.records) == (3, 33)
    assert {g.element.code: g.missing for g in large.gaps}["name_en"] == 33


def test_a_complete_record_is_not_counted(operator_client):
    full_record()
    report = register_gaps()
    assert report.records == 1
    assert report.incomplete == 0
    assert [g.element.code for g in report.gaps if g.missing] == []


def test_the_command_prints_the_same_table():
    QualificationFactory(name_en="", category=Category.CRAFT)
    out = io.StringIO()
    call_command("data_quality", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split()[:1] == ["element"]
    english = next(line for line in lines if " name_en " in line)
    assert english.split()[-2:] == ["1", "1"]
    assert lines[-1] == "1 of 1 public records lack at least one required element."


def test_demo_register_figures(capsys, demo_register):
    """The demo register through the command (the figures of the closing note)."""
    out = io.StringIO()
    call_command("data_quality", stdout=out)
    report = register_gaps()
    assert f"{report.incomplete} of {report.records} public records" in out.getvalue()
    with capsys.disabled():
        print("\n" + out.getvalue())


# --- the notice rules in the admin form and the database -------------------------------------------


def admin_post(client, record, **changes):
    url = reverse("admin:qualifications_qualification_change", args=[record.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data = {k: (v.pk if hasattr(v, "pk") else v) for k, v in data.items()}
    data.update(
        {
            "related_qualifications": [],
            "outcome_sets-TOTAL_FORMS": 0,
            "outcome_sets-INITIAL_FORMS": 0,
            "certification_rights-TOTAL_FORMS": 0,
            "certification_rights-INITIAL_FORMS": 0,
            **changes,
        }
    )
    data = {k: v for k, v in data.items() if k not in {"zrk_id", "created_at", "updated_at"}}
    return client.post(url, data)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"mp_year": 2099, "mp_position": 5, "mp_date": "2099-12-31"}, "mp_date"),
        ({"mp_year": 2024, "mp_position": 5, "mp_date": "2023-12-31"}, "mp_date"),
        ({"included_on": "1900-01-01"}, "included_on"),
        ({"mp_year": 2024, "mp_position": 5, "mp_date": "2024-05-02", "included_on": "2024-05-01"}, "included_on"),
        ({"mp_year": 2024, "mp_position": 1, "mp_date": "2024-05-02"}, "mp_position"),
    ],
)
def test_the_admin_form_refuses_impossible_notice_data(operator_client, changes, field):
    full_record(mp_position=1)
    record = QualificationFactory()
    response = admin_post(operator_client, record, **changes)
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    record.refresh_from_db()
    assert record.mp_year is None and record.included_on is None


def test_the_admin_form_accepts_a_consistent_notice(operator_client):
    record = QualificationFactory()
    response = admin_post(operator_client, record, mp_year=2024, mp_position=9, mp_date="2024-05-02",
                          included_on="2024-05-02")  # fmt: skip
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.mp_reference == "M.P. 2024 poz. 9"


@pytest.mark.parametrize(
    "values",
    [
        {"mp_year": 2024, "mp_position": 3, "mp_date": datetime.date(2023, 12, 31)},
        {"included_on": datetime.date(1900, 1, 1)},
        {"mp_date": datetime.date(2015, 6, 1)},
        {"mp_date": datetime.date(2024, 5, 2), "included_on": datetime.date(2024, 5, 1)},
        {"mp_year": 2024, "mp_position": 1},
    ],
)
def test_the_database_refuses_what_a_bulk_write_would_slip_past(values):
    QualificationFactory(mp_year=2024, mp_position=1, mp_date=datetime.date(2024, 5, 2))
    record = QualificationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Qualification.objects.filter(pk=record.pk).update(**values)


def test_the_migration_clears_existing_impossible_values_and_keeps_them_in_history():
    """Rows written before the constraints existed: the data migration empties what they forbid
    (never guessing a value), after which the constraints can be added."""
    model = Qualification
    constraints = [c for c in model._meta.constraints if c.name in NEW_CONSTRAINTS]
    with connection.schema_editor() as editor:
        for constraint in constraints:
            editor.remove_constraint(model, constraint)
    first = QualificationFactory(mp_year=2020, mp_position=5, mp_date=datetime.date(2020, 3, 1))
    duplicate = QualificationFactory(mp_year=2020, mp_position=5, mp_date=datetime.date(2020, 3, 1))
    wrong_year = QualificationFactory(mp_year=2021, mp_position=6, mp_date=datetime.date(2020, 12, 30))
    too_early = QualificationFactory(included_on=datetime.date(1900, 1, 1))
    before_notice = QualificationFactory(
        mp_year=2022, mp_position=7, mp_date=datetime.date(2022, 6, 1), included_on=datetime.date(2022, 5, 1)
    )
    future = QualificationFactory(mp_year=2099, mp_position=8, mp_date=datetime.date(2099, 12, 31))
    fine = QualificationFactory(
        mp_year=2023, mp_position=9, mp_date=datetime.date(2023, 2, 1), included_on=datetime.date(2023, 2, 1)
    )
    history_before = model.history.count()
    migration = importlib.import_module("qualifications.migrations.0014_clear_impossible_notice_data")
    migration.clear(apps, None)
    with connection.cursor() as cursor:
        # The inserts above left deferred foreign-key checks pending, which ALTER TABLE refuses.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with connection.schema_editor() as editor:
        for constraint in constraints:
            editor.add_constraint(model, constraint)

    def state(record):
        record.refresh_from_db()
        return (record.mp_year, record.mp_position, record.mp_date, record.included_on)

    assert state(first) == (2020, 5, datetime.date(2020, 3, 1), None)
    assert state(duplicate) == (None, None, datetime.date(2020, 3, 1), None)
    assert state(wrong_year) == (2021, 6, None, None)
    assert state(too_early) == (None, None, None, None)
    assert state(before_notice) == (2022, 7, datetime.date(2022, 6, 1), None)
    assert state(future) == (2099, 8, None, None)
    assert state(fine) == (2023, 9, datetime.date(2023, 2, 1), datetime.date(2023, 2, 1))
    assert model.history.count() == history_before + 5
    reason = duplicate.history.first().history_change_reason
    assert reason == "impossible duplicate M.P. reference cleared"


NEW_CONSTRAINTS = {
    "qualification_notice_date_in_its_year",
    "qualification_dates_not_before_act",
    "qualification_included_after_notice",
    "qualification_mp_reference_unique",
}


def test_the_changelist_filters_by_missing_element_without_counting_on_every_visit(
    operator_client, django_assert_max_num_queries
):
    lacking = QualificationFactory(name_en="")
    QualificationFactory(name_en="", status="draft")  # not a register record
    QualificationFactory()
    url = reverse("admin:qualifications_qualification_changelist")
    page = operator_client.get(url).content.decode()
    assert "?missing=name_en" in page and "nazwa w języku angielskim (" not in page
    filtered = operator_client.get(url + "?missing=name_en")
    assert [q.pk for q in filtered.context["cl"].result_list] == [lacking.pk]
    assert operator_client.get(url + "?missing=no-such-element").status_code == 200


def test_the_change_page_lists_what_the_record_lacks(operator_client):
    record = QualificationFactory(name_en="")
    page = operator_client.get(reverse("admin:qualifications_qualification_change", args=[record.pk]))
    html = page.content.decode()
    assert '<ul class="missing-elements">' in html
    assert "<li>nazwa w języku angielskim</li>" in html and "<li>kod PKD</li>" in html
    complete = full_record()
    html = operator_client.get(reverse("admin:qualifications_qualification_change", args=[complete.pk])).content
    assert "brak: opis zawiera wszystkie elementy wymagane dla tej kategorii" in html.decode()
