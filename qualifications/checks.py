"""System check: warn when Polish search runs without the hunspell dictionary."""

from django.core.checks import Warning, register
from django.db import connection
from django.db.utils import DatabaseError

POLISH_DICTIONARY_SQL = """
SELECT EXISTS (
    SELECT 1 FROM pg_ts_config_map m
    JOIN pg_ts_config c ON c.oid = m.mapcfg
    JOIN pg_ts_dict d ON d.oid = m.mapdict
    WHERE c.cfgname = 'polish' AND d.dictname = 'polish_hunspell'
), EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'polish')
"""


@register()
def polish_dictionary_check(app_configs=None, **kwargs):
    try:
        with connection.cursor() as cursor:
            cursor.execute(POLISH_DICTIONARY_SQL)
            has_dictionary, has_config = cursor.fetchone()
    except DatabaseError:
        return []  # no database yet (first migrate, or a build step): nothing to say
    if has_config and not has_dictionary:
        return [
            Warning(
                "Polish full-text search runs without the hunspell dictionary: inflected forms "
                '("księgowych" for "księgowy") will not match.',
                hint="Install hunspell-pl and run pg_updatedicts as root, then recreate the 'polish' text "
                "search configuration (README, section Search).",
                id="qualifications.W001",
            )
        ]
    return []
