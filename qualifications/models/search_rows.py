"""A narrow copy of each qualification's searched columns, kept by database triggers
(migration 0023), from which a text query's matches are read.

A GIN index cannot return the rows' ids by itself: every match is read from its table, and a
qualification's row is wide (about five to a page), so a word found in 13,000 records visited
8,000 pages, and the index's own bitmap of them cost as much again. Here about 25 rows share a
page (the search document is kept out of line; the index alone reads it). Measured at 100,000
records for "obsługa": its ids in 9 ms of PostgreSQL CPU against 16 ms, its probe 2.5 against 7."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.functions import Upper


class SearchRow(models.Model):
    """The columns of ``Qualification`` a text query's statement reads, under the same names (the
    statement is the queryset's, pointed at this table: qualifications/search/search_rows.py).
    Written only by the triggers: never saved from Python."""

    id = models.BigIntegerField(primary_key=True)
    zrk_id = models.PositiveIntegerField()
    code = models.CharField(max_length=40)
    symbol = models.CharField(max_length=20)
    status = models.CharField(max_length=12)
    ministry_id = models.BigIntegerField(null=True)
    sector_framework_id = models.BigIntegerField(null=True)
    name_vector = SearchVectorField(null=True)
    search_vector = SearchVectorField(null=True)

    class Meta:
        db_table = "qualification_search_rows"
        default_permissions = ()
        # The same as the qualifications' own, for the same conditions of a text query (a code or a
        # number among the words matches its record).
        indexes = [
            GinIndex(fields=["search_vector"], name="search_rows_document"),
            models.Index(Upper("code"), name="search_rows_code_upper"),
            models.Index(Upper("symbol"), name="search_rows_symbol_upper"),
            models.Index(fields=["zrk_id"], name="search_rows_zrk_id"),
        ]

    def __str__(self):
        return str(self.zrk_id)
