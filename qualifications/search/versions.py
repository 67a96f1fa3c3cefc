"""The SQL of the search document and of the denormalised active rights, one file per version.

Each version is written out in full in ``sql/<name>.sql``. A migration runs the version it was
written for, by name (through ``qualifications.sql``), so an old migration runs the same text on a
fresh database as it did when it was written: a file is never edited once a migration uses it; a
change is a new file, a migration that runs it, and the ``LIVE_*`` name moved to it.

Search document functions (``zrk_qualification_search``, ``zrk_outcome_search_touch``):

- v2: the document (names and codes A, characteristic B, learning outcomes C), idle during a bulk
  load (migrations 0004, 0005);
- v3: the names also in ``name_vector``, small enough to stay in the row, for ranking (0010);
- v4: the competent minister and the sector framework at weight D, matching only (0013).

Active rights (``active_regions``, ``active_institutions``): v1 an active right (0006); v2 the rule
"may certify today", on a qualification that can be awarded (0016). ``refresh_active_rights_*`` is
the set-based refresh of the same arrays.
"""

from functools import cache
from pathlib import Path

SQL_DIR = Path(__file__).with_name("sql")

LIVE_SEARCH_FUNCTIONS = "v4"
LIVE_ACTIVE_RIGHTS = "active_rights_v2"
LIVE_REFRESH_ACTIVE_RIGHTS = "refresh_active_rights_v2"


@cache
def sql_text(name: str) -> str:
    """The text of ``sql/<name>.sql``, exactly as written (migrations compare nothing, they run it)."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")
