"""Statements over the qualifications read from their narrow copy (qualifications/models/
search_rows.py): the same rows and columns under the same names, fewer pages to read."""

import re

from qualifications.models import Qualification, SearchRow

_TABLE = f'"{Qualification._meta.db_table}"'
_FROM = f"FROM {_TABLE} WHERE"
_COLUMN = re.compile(re.escape(_TABLE) + r'\."(\w+)"')
_COPIED = frozenset(field.column for field in SearchRow._meta.fields)


def on_search_rows(sql: str) -> str:
    """``sql`` (a statement Django compiled over the qualifications' table alone) reading the copy,
    named as the table so its conditions stay as they are; ``sql`` itself when it reads a column
    the copy lacks or anything but that one table."""
    if sql.count(_FROM) != 1 or " JOIN " in sql or sql.count(_TABLE) != len(_COLUMN.findall(sql)) + 1:
        return sql
    if not set(_COLUMN.findall(sql)) <= _COPIED:
        return sql
    return sql.replace(_FROM, f'FROM "{SearchRow._meta.db_table}" AS {_TABLE} WHERE')
