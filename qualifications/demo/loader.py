"""Loads the demo register from the JSON files beside this module. Idempotent: rows are matched by
a natural key and written only when something differs, so a second load changes nothing (and adds
no history)."""

import hashlib
import json
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.db import models, transaction
from django.utils import timezone, translation

from institutions.models import Ministry, Organisation, PzzjEntry, Voivodeship
from qualifications.models import (
    CertificationRight,
    LearningOutcome,
    LearningOutcomeSet,
    PrkLevel,
    Qualification,
    QuarterlyReport,
    RightStatus,
    SectorFramework,
    Status,
    VerificationCriterion,
    certifying_condition,
)
from qualifications.models.reports import quarter_end, quarter_start

DATA_DIR = Path(__file__).parent
DEMO_INSTITUTION_PREFIX = "demo-"
# Fixed, already ended quarters, so that a second load on another day changes nothing.
DEMO_REPORT_QUARTERS = [(2025, 4), (2026, 1), (2026, 2), (2026, 3)]
LANGUAGES = ("pl", "en")
DEMO_RIGHT_ACTIONS = {
    RightStatus.SUSPENDED: "suspend",
    RightStatus.WITHDRAWN: "withdraw",
    RightStatus.EXPIRED: "expire",
}
QUALIFICATION_PROSE = (
    "characteristic",
    "target_groups",
    "entry_conditions",
    "validation_requirements",
    "entitlements",
    "ic_additional_conditions",
    "demand",
    "typical_uses",
    "renewal_conditions",
    "document_name",
)


def read(name: str) -> list[dict]:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def upsert(model: type[models.Model], lookup: dict, values: dict) -> tuple[models.Model, bool]:
    """update_or_create that saves only when a value differs."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.save()
        return obj, True
    changed = [field for field, value in values.items() if getattr(obj, field) != value]
    if changed:
        for field in changed:
            setattr(obj, field, values[field])
        obj.save()
    return obj, False


def translated(row: dict, field: str, target: str | None = None) -> dict:
    target = target or field
    return {f"{target}_{lang}": row.get(f"{field}_{lang}") or "" for lang in LANGUAGES}


def demo_figures(right: CertificationRight, year: int, quarter: int) -> dict:
    """Plausible, repeatable figures for a demo report, derived from the right and the quarter."""
    seed = int(
        hashlib.sha256(f"{right.qualification_id}/{right.institution_id}/{year}/{quarter}".encode()).hexdigest(), 16
    )
    documents = seed % 40
    fee = Decimal(600 + (seed // 40) % 40 * 50)  # 600-2,550 zł in steps of 50
    free = (seed // 1600) % 3 if documents else 0
    paid = max(documents - free, 0)
    return {
        "documents_issued": documents,
        "average_fee": fee if paid else None,
        "revenue": fee * paid,
        "free_validations": free,
        "received_on": quarter_end(year, quarter) + timedelta(days=20),
    }


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


class DemoLoader:
    def __init__(self, progress: Callable[[str], None] = lambda message: None):
        self.progress = progress
        self.organisations: dict[str, Organisation] = {}
        self.qualifications: dict[str, Qualification] = {}

    @transaction.atomic
    def load(self) -> dict[str, int]:
        with translation.override("pl"):
            self.load_organisations()
            self.load_pzzj_entries()
            self.load_qualifications()
            rights = self.load_rights()
            self.load_quarterly_reports(rights)
            self.refresh_statuses()
        return {
            "qualifications": Qualification.objects.count(),
            "learning outcomes": LearningOutcome.objects.count(),
            "organisations": Organisation.objects.count(),
            "PZZJ entries": PzzjEntry.objects.count(),
            "certification rights": CertificationRight.objects.count(),
            "quarterly reports": QuarterlyReport.objects.count(),
        }

    def load_organisations(self):
        rows = read("organisations.json")
        voivodeships = {v.code: v for v in Voivodeship.objects.all()}
        for row in rows:
            values = {
                **translated(row, "name"),
                "short_name": row["short_name"],
                "legal_form": row["legal_form"],
                "nip": row["nip"],
                "regon": row["regon"],
                "street": row["street"],
                "postal_code": row["postal_code"],
                "city": row["city"],
                "voivodeship": voivodeships.get(row["voivodeship"] or ""),
                "website": row["website"],
                "email": row["email"],
                "phone": row["phone"],
            }
            name = values.pop("name_pl")
            self.organisations[row["key"]], _ = upsert(Organisation, {"name_pl": name}, values)
        self.progress(f"organisations: {len(rows)}")

    def load_pzzj_entries(self):
        rows = read("pzzj.json")
        ministries = {m.code: m for m in Ministry.objects.all()}
        for row in rows:
            entry, _ = upsert(
                PzzjEntry,
                {"organisation": self.organisations[row["organisation"]], "decision_date": _date(row["decision_date"])},
                {},
            )
            entry.ministries.set([ministries[code] for code in row["ministries"]])
        self.progress(f"PZZJ entries: {len(rows)}")

    def load_qualifications(self):
        rows = read("qualifications.json")
        levels = {level.level: level for level in PrkLevel.objects.all()}
        ministries = {m.code: m for m in Ministry.objects.all()}
        frameworks = {f.abbreviation: f for f in SectorFramework.objects.all()}
        # The status follows the rights (functioning while one is active). Deciding it here, before
        # the write, keeps a second load from flipping it back and forth and adding history.
        awarded = {row["qualification"] for row in read("rights.json") if row["status"] == RightStatus.ACTIVE}
        for row in rows:
            status = row["status"]
            if status in (Status.INCLUDED, Status.FUNCTIONING):
                status = Status.FUNCTIONING if row["name_pl"] in awarded else Status.INCLUDED
            values = {
                **translated(row, "name"),
                "code": row.get("code") or str(row["zrk_id"]),
                "symbol": row.get("symbol") or "",
                "vocational_branch": (row.get("symbol") or "").split(".")[0] if row["category"] == "vocational" else "",
                "type": row["type"],
                "category": row["category"],
                "status": status,
                "prk_level": levels.get(row["prk_level"]),
                "ministry": ministries.get(row["ministry"] or ""),
                "sector_framework": frameworks.get(row["srk"] or ""),
                "srk_level": row["srk_level"],
                "mp_year": row["mp_year"],
                "mp_position": row["mp_position"],
                "mp_date": _date(row["mp_date"]),
                "included_on": _date(row["included_on"]),
                "validity_indefinite": bool(row["validity_indefinite"]),
                "validity_months": row["validity_months"],
                "workload_hours": row["workload_hours"],
                "applicant": self.organisations.get(row.get("applicant") or ""),
            }
            for field in QUALIFICATION_PROSE:
                values.update(translated(row, field))
            self.renumber(row.get("former_zrk_id"), row["zrk_id"])
            qualification, _ = upsert(Qualification, {"zrk_id": row["zrk_id"]}, values)
            self.qualifications[row["name_pl"]] = qualification
            self.load_outcomes(qualification, row.get("outcome_sets") or [])
        self.progress(f"qualifications: {len(rows)}")

    @staticmethod
    def renumber(former: int | None, zrk_id: int):
        """A record loaded under a stand-in id (9xxxx) before its real ZRK id was known takes the
        real one, so that a second load finds it instead of adding a duplicate."""
        if former is None or Qualification.objects.filter(zrk_id=zrk_id).exists():
            return
        record = Qualification.objects.filter(zrk_id=former).first()
        if record is not None:
            record.zrk_id = zrk_id
            record.save()

    def load_outcomes(self, qualification: Qualification, sets: list[dict]):
        for set_position, set_row in enumerate(sets, start=1):
            outcome_set, _ = upsert(
                LearningOutcomeSet,
                {"qualification": qualification, "position": set_position},
                {**translated(set_row, "name"), "workload_hours": set_row.get("workload_hours")},
            )
            for position, outcome_row in enumerate(set_row.get("outcomes") or [], start=1):
                outcome, _ = upsert(
                    LearningOutcome,
                    {"outcome_set": outcome_set, "position": position},
                    translated(outcome_row, "text"),
                )
                criteria = outcome_row.get("criteria") or []
                for criterion_position, criterion_row in enumerate(criteria, start=1):
                    upsert(
                        VerificationCriterion,
                        {"outcome": outcome, "position": criterion_position},
                        translated(criterion_row, "text"),
                    )
                outcome.criteria.filter(position__gt=len(criteria)).delete()
            outcome_set.outcomes.filter(position__gt=len(set_row.get("outcomes") or [])).delete()
        qualification.outcome_sets.filter(position__gt=len(sets)).delete()

    def load_rights(self) -> list[tuple[str, CertificationRight]]:
        """Rights are granted and changed through the lifecycle (qualifications.rights), under the same
        rules as the back-office: a right already loaded is left as it is, but for its reason's text."""
        from qualifications import rights as lifecycle

        rows = read("rights.json")
        rights = []
        for row in rows:
            qualification = self.qualifications[row["qualification"]]
            institution = self.organisations[row["institution"]]
            decided = _date(row["decision_date"])
            right = CertificationRight.objects.filter(
                qualification=qualification, institution=institution, decision_date=decided
            ).first()
            if right is None:
                right = lifecycle.grant(
                    qualification,
                    institution,
                    decision_date=decided,
                    decision_number=row.get("decision_number", ""),
                    pzzj=self.organisations.get(row["pzzj"] or ""),
                )
                if row["status"] != RightStatus.ACTIVE:
                    lifecycle.change(
                        right,
                        DEMO_RIGHT_ACTIONS[row["status"]],
                        reason=row.get("reason_pl") or "",
                        on=_date(row.get("ended_on") or row["since"]),
                    )
                right.refresh_from_db()
            reasons = translated(row, "reason")
            if any(getattr(right, field) != value for field, value in reasons.items()):
                CertificationRight.objects.filter(pk=right.pk).update(**reasons)
            rights.append((row["institution"], right))
        self.progress(f"certification rights: {len(rows)}")
        return rights

    def load_quarterly_reports(self, rights: list[tuple[str, CertificationRight]]):
        """Demo figures, for the example institutions only: the fees and counts of real
        institutions are not public data we hold, so none is made up for them."""
        count = 0
        for key, right in rights:
            if not key.startswith(DEMO_INSTITUTION_PREFIX):
                continue
            for year, quarter in DEMO_REPORT_QUARTERS:
                ends = quarter_end(year, quarter)
                if ends < right.decision_date or (right.ended_on and quarter_start(year, quarter) > right.ended_on):
                    continue
                upsert(
                    QuarterlyReport,
                    {"right": right, "year": year, "quarter": quarter},
                    demo_figures(right, year, quarter),
                )
                count += 1
        self.progress(f"quarterly reports (demo figures): {count}")

    def refresh_statuses(self):
        """Demo records follow the rule: functioning while an active right exists, else included."""
        for qualification in self.qualifications.values():
            if qualification.status not in (Status.INCLUDED, Status.FUNCTIONING):
                continue
            has_active = qualification.certification_rights.filter(certifying_condition(timezone.localdate())).exists()
            wanted = Status.FUNCTIONING if has_active else Status.INCLUDED
            if qualification.status != wanted:
                qualification.status = wanted
                qualification.save()
