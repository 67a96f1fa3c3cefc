"""Reference data of the qualifications app: PRK levels and sector frameworks.

Loaded by a data migration and by ``manage.py load_reference`` (idempotent: updates by key).
PRK descriptors are our own wording of each level's meaning (prk_levels.json); sector frameworks
come from docs/domain.md#sources-of-the-demo-register (inclusion dates are not known, so they stay empty).
"""

import json
from pathlib import Path

PRK_LEVELS_FILE = Path(__file__).with_name("prk_levels.json")

# (abbreviation, name pl, name en, sector pl, sector en, level_min, level_max)
SECTOR_FRAMEWORKS = [
    (
        "SRKS",
        "Sektorowa Rama Kwalifikacji w Sporcie",
        "Sectoral Qualifications Framework for Sport",
        "sport",
        "sport",
        2,
        7,
    ),
    (
        "SRKT",
        "Sektorowa Rama Kwalifikacji w Turystyce",
        "Sectoral Qualifications Framework for Tourism",
        "turystyka",
        "tourism",
        None,
        None,
    ),
    (
        "SRK IT",
        "Sektorowa Rama Kwalifikacji dla Sektora Informatycznego",
        "Sectoral Qualifications Framework for the IT Sector",
        "informatyka",
        "information technology",
        None,
        None,
    ),
    (
        "SRKB",
        "Sektorowa Rama Kwalifikacji w sektorze bankowym",
        "Sectoral Qualifications Framework for the Banking Sector",
        "bankowość",
        "banking",
        None,
        None,
    ),
    (
        "SRK ROL",
        "Sektorowa Rama Kwalifikacji dla rolnictwa",
        "Sectoral Qualifications Framework for Agriculture",
        "rolnictwo",
        "agriculture",
        None,
        None,
    ),
]

PRK_FIELDS = ("name", "summary", "knowledge", "skills", "social_competence")


def prk_levels() -> list[dict]:
    return json.loads(PRK_LEVELS_FILE.read_text(encoding="utf-8"))


def load_reference(apps=None) -> dict[str, int]:
    if apps is None:
        from qualifications.models import PrkLevel, SectorFramework
    else:
        PrkLevel = apps.get_model("qualifications", "PrkLevel")  # noqa: N806
        SectorFramework = apps.get_model("qualifications", "SectorFramework")  # noqa: N806
    levels = prk_levels()
    for row in levels:
        defaults = {}
        for field in (*PRK_FIELDS, "typical_full"):
            target = "typical_full_qualification" if field == "typical_full" else field
            defaults[target] = defaults[f"{target}_pl"] = row[f"{field}_pl"]
            defaults[f"{target}_en"] = row[f"{field}_en"]
        PrkLevel.objects.update_or_create(level=row["level"], defaults=defaults)
    for abbreviation, name_pl, name_en, sector_pl, sector_en, low, high in SECTOR_FRAMEWORKS:
        SectorFramework.objects.update_or_create(
            abbreviation=abbreviation,
            defaults={
                "name": name_pl,
                "name_pl": name_pl,
                "name_en": name_en,
                "sector": sector_pl,
                "sector_pl": sector_pl,
                "sector_en": sector_en,
                "level_min": low,
                "level_max": high,
            },
        )
    return {"prk_levels": len(levels), "sector_frameworks": len(SECTOR_FRAMEWORKS)}
