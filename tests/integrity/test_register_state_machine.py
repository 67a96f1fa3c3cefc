"""Random sequences of back-office actions against the register, and after each one every public
surface compared with an independent reference model of the rules.

The reference model below is written from the rules as the README states them, not from the code:
a right lets its institution certify on a day when it is active and decided by then, on a
qualification that is included or functioning; a qualification is functioning exactly while one of
its rights lets an institution certify it, included otherwise, and archived once archived; the date
beside a right's status is the day of the event that caused it; a PZZJ whose list entry ran out is
flagged with that day and the right stays valid. Actions the rules refuse must be refused.

Every surface of the one rule is read through the HTTP client against the real views: the home
figures, the institution list (tags and role facet), the institution and qualification pages, the
public check, the JSON API (qualification and institution), the legacy XML, the CSV/JSON downloads and
the Europass ELM document.
"""

import datetime
import json
import re
from dataclasses import dataclass, field

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from institutions.models import Ministry, PzzjEntry
from qualifications import rights as lifecycle
from qualifications.models import Qualification
from tests.factories import OrganisationFactory, PzzjEntryFactory, QualificationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.rights.urls")]

TODAY = timezone.localdate()
START = TODAY - datetime.timedelta(days=1400)
PZZJ_LISTED_ON = TODAY - datetime.timedelta(days=1500)
MAX_QUALIFICATIONS = 3
LEGACY_XML_STATUS = {"included": "włączona", "functioning": "funkcjonująca", "archived": "archiwalna"}


# --- the reference model ---------------------------------------------------------------------------------


@dataclass
class ModelRight:
    qualification: int
    institution: int
    pzzj: int | None
    decided: datetime.date
    status: str = "active"
    since: datetime.date | None = None
    ended: datetime.date | None = None

    def __post_init__(self):
        self.since = self.decided


@dataclass
class Model:
    qualifications: dict[int, str] = field(default_factory=dict)  # pk: "included" | "archived"
    rights: dict[int, ModelRight] = field(default_factory=dict)
    pzzj_until: dict[int, datetime.date] = field(default_factory=dict)  # organisation pk: entry's last day

    def certifies(self, right: ModelRight) -> bool:
        return (
            self.qualifications[right.qualification] != "archived"
            and right.status == "active"
            and right.decided <= TODAY
        )

    def status(self, qualification: int) -> str:
        if self.qualifications[qualification] == "archived":
            return "archived"
        certifying = any(self.certifies(r) for r in self.rights.values() if r.qualification == qualification)
        return "functioning" if certifying else "included"

    def certifying_institutions(self, qualification: int | None = None) -> set[int]:
        return {
            r.institution
            for r in self.rights.values()
            if self.certifies(r) and qualification in (None, r.qualification)
        }

    def certifiable(self, institution: int) -> int:
        return len(
            {r.qualification for r in self.rights.values() if r.institution == institution and self.certifies(r)}
        )

    def pzzj_expired_on(self, right: ModelRight) -> datetime.date | None:
        if right.pzzj is None:
            return None
        until = self.pzzj_until[right.pzzj]
        return until if until < TODAY else None

    def may_grant(self, qualification: int, institution: int, pzzj: int | None, day: datetime.date) -> bool:
        if self.qualifications[qualification] == "archived":
            return False
        if any(
            r.qualification == qualification and r.institution == institution and r.status in ("active", "suspended")
            for r in self.rights.values()
        ):
            return False
        return pzzj is None or PZZJ_LISTED_ON <= day <= self.pzzj_until[pzzj]


ALLOWED_FROM = {
    "suspend": ("active",),
    "reinstate": ("suspended",),
    "withdraw": ("active", "suspended"),
    "expire": ("active", "suspended"),
}
LEADS_TO = {"suspend": "suspended", "reinstate": "active", "withdraw": "withdrawn", "expire": "expired"}


def english(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


class RegisterMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        # Each example runs in a savepoint rolled back at its end; pages cached under a register
        # version that the rollback brings back must not be served to the next example.
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        cache.clear()
        self.model = Model()
        self.day = START
        self.touched: tuple[int, int] | None = None  # the pair the last step changed: the public check
        self.dirty_qualifications: set[int] = set()
        self.dirty_institutions: set[int] = set()
        self.rotation = 0

    def teardown(self):
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)
        cache.clear()

    # --- setup and actions ---------------------------------------------------------------------------

    @initialize()
    def setup(self):
        ministry = Ministry.objects.get(code="mrit")
        self.institutions = [OrganisationFactory(name_pl=f"Instytucja {n} (maszyna)").pk for n in range(3)]
        self.pzzj = []
        for n in range(2):
            entry = PzzjEntryFactory(
                organisation=OrganisationFactory(name_pl=f"PZZJ {n} (maszyna)"), decision_date=PZZJ_LISTED_ON
            )
            entry.ministries.add(ministry)
            self.pzzj.append(entry.organisation_id)
            self.model.pzzj_until[entry.organisation_id] = entry.valid_until
        self.publish()
        self.publish()
        # Something to work on from the first step: a right with a PZZJ.
        self.grant(q=0, i=0, p=0, days=0)

    def touch(self, qualification, institution=None):
        self.dirty_qualifications.add(qualification)
        if institution is not None:
            self.dirty_institutions.add(institution)
            self.touched = (qualification, institution)

    def advance(self, days: int) -> datetime.date:
        self.day = min(TODAY, self.day + datetime.timedelta(days=days))
        return self.day

    @precondition(lambda self: len(self.model.qualifications) < MAX_QUALIFICATIONS)
    @rule()
    def publish(self):
        qualification = QualificationFactory(status="included")
        self.model.qualifications[qualification.pk] = "included"
        self.touch(qualification.pk)

    @rule(q=st.integers(0, 9), i=st.integers(0, 9), p=st.sampled_from([None, 0, 1]), days=st.integers(0, 200))
    def grant(self, q, i, p, days):
        qualification = sorted(self.model.qualifications)[q % len(self.model.qualifications)]
        institution = self.institutions[i % len(self.institutions)]
        pzzj = None if p is None else self.pzzj[p]
        day = self.advance(days)
        allowed = self.model.may_grant(qualification, institution, pzzj, day)
        try:
            right = lifecycle.grant(
                Qualification.objects.get(pk=qualification),
                self._organisation(institution),
                decision_date=day,
                pzzj=None if pzzj is None else self._organisation(pzzj),
            )
        except lifecycle.RightChangeRefused:
            assert not allowed, "a grant the rules allow was refused"
            return
        assert allowed, "a grant the rules refuse was accepted"
        self.model.rights[right.pk] = ModelRight(qualification, institution, pzzj, day)
        self.touch(qualification, institution)

    def _in(self, *statuses):
        return sorted(pk for pk, right in self.model.rights.items() if right.status in statuses)

    @precondition(lambda self: self._in("active"))
    @rule(r=st.integers(0, 30), days=st.integers(0, 200))
    def suspend(self, r, days):
        self.change("suspend", self._in("active")[r % len(self._in("active"))], days)

    @precondition(lambda self: self._in("suspended"))
    @rule(r=st.integers(0, 30), days=st.integers(0, 200))
    def reinstate(self, r, days):
        self.change("reinstate", self._in("suspended")[r % len(self._in("suspended"))], days)

    @precondition(lambda self: self._in("active", "suspended"))
    @rule(action=st.sampled_from(["withdraw", "expire"]), r=st.integers(0, 30), days=st.integers(0, 200))
    def end(self, action, r, days):
        current = self._in("active", "suspended")
        self.change(action, current[r % len(current)], days)

    @precondition(lambda self: self.model.rights)
    @rule(action=st.sampled_from(sorted(ALLOWED_FROM)), r=st.integers(0, 30), days=st.integers(0, 200))
    def any_change(self, action, r, days):
        """Any action on any right, allowed or not: the rules decide, the register must agree."""
        self.change(action, sorted(self.model.rights)[r % len(self.model.rights)], days)

    def change(self, action, pk, days):
        right = self.model.rights[pk]
        day = self.advance(days)
        allowed = right.status in ALLOWED_FROM[action]
        try:
            lifecycle.change(pk, action, reason="Decyzja (maszyna).", on=day)
        except lifecycle.RightChangeRefused:
            assert not allowed, f"{action} the rules allow was refused"
            return
        assert allowed, f"{action} the rules refuse was accepted"
        right.status = LEADS_TO[action]
        right.since = day
        right.ended = day if action in ("withdraw", "expire") else None
        self.touch(right.qualification, right.institution)

    @precondition(lambda self: len(self.model.rights) >= 2)  # archive a register with something in it
    @rule(q=st.integers(0, 9), days=st.integers(0, 200))
    def archive(self, q, days):
        qualification = sorted(self.model.qualifications)[q % len(self.model.qualifications)]
        day = self.advance(days)
        allowed = self.model.qualifications[qualification] != "archived"
        try:
            lifecycle.archive(qualification, reason="Archiwizacja (maszyna).", on=day)
        except lifecycle.RightChangeRefused:
            assert not allowed, "an archival the rules allow was refused"
            return
        assert allowed, "an archival the rules refuse was accepted"
        self.model.qualifications[qualification] = "archived"
        for right in self.model.rights.values():
            if right.qualification == qualification and right.status in ("active", "suspended"):
                right.status, right.since, right.ended = "expired", day, day
                self.touch(qualification, right.institution)
        self.touch(qualification)

    @precondition(lambda self: any(until >= TODAY for until in self.model.pzzj_until.values()))
    @rule(p=st.integers(0, 1), days_ago=st.integers(1, 400))
    def pzzj_entry_expires(self, p, days_ago):
        """The coordinator records that a PZZJ's list entry ran out (its last day moves into the past)."""
        valid = [pk for pk in self.pzzj if self.model.pzzj_until[pk] >= TODAY]
        organisation = valid[p % len(valid)]
        until = max(PZZJ_LISTED_ON + datetime.timedelta(days=1), TODAY - datetime.timedelta(days=days_ago))
        entry = PzzjEntry.objects.get(organisation_id=organisation)
        entry.valid_until = until
        entry.save()
        self.model.pzzj_until[organisation] = until
        for right in self.model.rights.values():
            if right.pzzj == organisation:
                self.touch(right.qualification, right.institution)

    # --- every public surface against the model ---------------------------------------------------------

    def _organisation(self, pk):
        from institutions.models import Organisation

        return Organisation.objects.get(pk=pk)

    def get(self, client, url, **params):
        response = client.get(url, params)
        assert response.status_code == 200, (url, params, response.status_code)
        return response

    @invariant()
    def public_surfaces_agree_with_the_model(self):
        from django.test import Client

        if not hasattr(self, "institutions"):
            return
        cache.clear()  # read each surface as built now, and keep the page contexts
        client = Client()
        model = self.model
        certifying = model.certifying_institutions()

        home = self.get(client, english("home"))
        assert home.context["counts"]["institutions"] == len(certifying), "home figure"

        listing = self.get(client, english("institution_list"), role="ic")
        assert {o.pk for o in listing.context["organisations"]} == certifying, "institution list (role ic)"
        facet = next(o for o in listing.context["facets"]["role"] if o["value"] == "ic")
        assert facet["count"] == len(certifying), "role facet"

        api_institutions = json.loads(self.get(client, "/api/v1/institutions/", page_size=100).content)
        by_id = {o["id"]: o for o in api_institutions["results"]}
        download = json.loads(b"".join(client.get("/api/v1/downloads/institutions.json").streaming_content))
        downloaded = {o["id"]: o for o in download}
        # Lists, figures and downloads cover every record at each step; the pages of one record are
        # read for those the step changed and, in turn, one other (a change must not leak elsewhere).
        self.rotation += 1
        pages_of = self.dirty_institutions | {self.institutions[self.rotation % len(self.institutions)]}
        for institution in self.institutions:
            expected = model.certifiable(institution)
            page = None
            if institution in pages_of and self._listed(institution):
                page = self.get(client, english("institution_detail", institution))
            if page is not None:
                assert page.context["certifying_count"] == expected, "institution page count"
                assert bool(page.context["organisation"].is_ic) == (institution in certifying), "institution tag"
            if institution in by_id:
                assert ("ic" in by_id[institution]["roles"]) == (institution in certifying), "API roles"
                assert by_id[institution]["qualification_count"] == expected, "API qualification_count"
            if institution in downloaded:
                assert downloaded[institution]["certifying_institution"] == (institution in certifying), "download"
                assert downloaded[institution]["certifiable_qualifications"] == expected, "download count"
            else:
                assert institution not in certifying, "a certifying institution missing from the download"

        rows = json.loads(b"".join(client.get("/api/v1/downloads/qualifications.json").streaming_content))
        downloaded_q = {row["id"]: row for row in rows}
        for pk in sorted(model.qualifications):
            row = downloaded_q[Qualification.objects.values_list("zrk_id", flat=True).get(pk=pk)]
            expected = model.certifying_institutions(pk)
            assert row["status"] == model.status(pk), "download status"
            assert row["active_institutions"] == len(expected), "download active_institutions"
        others = sorted(model.qualifications)
        for pk in self.dirty_qualifications | {others[self.rotation % len(others)]}:
            self._qualification_surfaces(client, pk)

        if self.touched:
            self._check_page(client, *self.touched)
        self.dirty_qualifications.clear()
        self.dirty_institutions.clear()

    def _listed(self, institution) -> bool:
        return any(r.institution == institution for r in self.model.rights.values())

    def _qualification_surfaces(self, client, pk):
        model = self.model
        qualification = Qualification.objects.get(pk=pk)
        status = model.status(pk)
        expected_institutions = model.certifying_institutions(pk)
        rights = {r_pk: r for r_pk, r in model.rights.items() if r.qualification == pk}

        page = self.get(client, english("qualification_detail", qualification.zrk_id, qualification.slug))
        shown = page.context["page"]
        assert shown.qualification.status == status, "qualification page status"
        assert shown.certifying_count == len(expected_institutions), "qualification page count"
        for right in shown.current_rights + shown.past_rights:
            expected = rights[right.pk]
            assert right.status == expected.status and right.since == expected.since, "right status and date"
            assert right.may_certify == model.certifies(expected), "right may certify"
            expired_on = model.pzzj_expired_on(expected)
            assert (right.pzzj_problem == "expired") == (expired_on is not None), "PZZJ marker"
            if expired_on:
                assert right.pzzj_valid_until == expired_on
        current = {right.pk for right in shown.current_rights}
        assert current == {p for p, r in rights.items() if r.status in ("active", "suspended")}, "current rights"

        api = json.loads(self.get(client, f"/api/v1/qualifications/{qualification.zrk_id}/").content)
        assert api["status"] == status and api["institution_count"] == len(expected_institutions), "API detail"
        api_rights = {(r["institution"]["id"], r["status"], r["since"]) for r in api["certification_rights"]}
        assert api_rights == {(r.institution, r.status, r.since.isoformat()) for r in rights.values()}, "API rights"
        for entry in api["certification_rights"]:
            key = (entry["institution"]["id"], entry["status"], entry["since"])
            expected = next(r for r in rights.values() if (r.institution, r.status, r.since.isoformat()) == key)
            assert entry["may_certify"] == model.certifies(expected), "API may_certify"
            expired_on = model.pzzj_expired_on(expected)
            assert entry["pzzj_entry_expired_on"] == (expired_on.isoformat() if expired_on else None), "API PZZJ"

        legacy = self.get(client, f"/api/xml/kwalifikacje/{qualification.zrk_id}/").content.decode()
        assert f"<status>{LEGACY_XML_STATUS[status]}</status>" in legacy, "legacy XML status"

        elm = self.get(client, f"/api/v1/qualifications/{qualification.zrk_id}.elm.xml").content.decode()
        bodies = {int(n) for n in re.findall(r'<awardingBody idref="[^"]*/(\d+)/"', elm)}
        assert bodies == expected_institutions, "ELM awarding bodies"

    def _check_page(self, client, qualification_pk, institution):
        model = self.model
        qualification = Qualification.objects.get(pk=qualification_pk)
        response = self.get(
            client, english("certification_check"), qualification=qualification.zrk_id, institution=institution
        )
        answer = response.context["answer"]
        candidates = [
            r for r in model.rights.values() if r.qualification == qualification_pk and r.institution == institution
        ]
        assert answer["may"] == any(model.certifies(r) for r in candidates), "public check answer"
        current = [r for r in candidates if r.status in ("active", "suspended")]
        latest = current[0] if current else max(candidates, key=lambda r: (r.ended, r.decided))
        assert answer["since"] == latest.since, "public check date"


def test_every_public_surface_follows_the_rules_after_any_sequence_of_actions():
    run_state_machine_as_test(
        RegisterMachine,
        settings=settings(
            max_examples=6,
            stateful_step_count=12,
            deadline=None,
            derandomize=True,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
