"""Building and refreshing the similarity index (qualifications.models.similarity).

The full rebuild recounts everything: the lexemes of every public record, the document
frequencies and every weight. A refresh (a record published, edited, archived or turned back into
a draft) replaces that one record's vector and adjusts the document frequencies of the lexemes it
gained or lost, in one transaction; the weights of the other records keep the idf they were
computed with until the next full rebuild. That drift is small while a few records change among
thousands; run ``manage.py build_similarity`` now and then (nightly, say) to remove it.
"""

from collections import Counter
from collections.abc import Callable

from django.db import connection, transaction
from django.utils import timezone

from qualifications.models import Qualification, SimilarityIndex, Status
from qualifications.similarity import sql
from qualifications.sql import BUMP_REGISTER_VERSION

BATCH = 2_000  # records whose lexemes are read in one statement
WEIGHT_BATCH = 10_000  # records weighted in one statement
LOCK_KEY = 7_204_311_001  # pg_advisory_xact_lock: one refresh at a time


def documents() -> int:
    row = SimilarityIndex.objects.filter(pk=1).values_list("documents", flat=True).first()
    return row or 0


def rebuild(progress: Callable[[str, int, int], None] = lambda label, done, total: None) -> int:
    """Rebuild the whole index; returns the number of records indexed. One transaction: readers
    see the old index until the new one is complete."""
    ids = list(Qualification.objects.public().order_by("pk").values_list("pk", flat=True))
    total = len(ids)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        cursor.execute(sql.CREATE_STAGE)
        for start in range(0, total, BATCH):
            cursor.execute(sql.STAGE_TERMS, {"ids": ids[start : start + BATCH]})
            progress("lexemes", min(start + BATCH, total), total)
        # DELETE rather than TRUNCATE, whose lock would stop every reader for the whole rebuild.
        cursor.execute(sql.RECOUNT_DOCUMENTS)
        SimilarityIndex.objects.update_or_create(pk=1, defaults={"documents": total, "rebuilt_at": timezone.now()})
        for start in range(0, total, WEIGHT_BATCH):
            chunk = ids[start : start + WEIGHT_BATCH]
            cursor.execute(sql.INSERT_WEIGHTED, {"low": chunk[0], "high": chunk[-1], "documents": total})
            progress("weights", start + len(chunk), total)
        cursor.execute("ANALYZE qualifications_qualificationterm")
        cursor.execute(BUMP_REGISTER_VERSION)
    if not connection.in_atomic_block:
        # The rebuild's deletes and inserts leave no page all-visible until autovacuum comes by, and
        # the related block's index-only scans then read the table for every posting (measured at
        # 100,000 records: about 1,800 table reads and 15% of the block's time). VACUUM cannot run
        # inside a transaction, so a caller's transaction (a test) leaves this to autovacuum.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) qualifications_qualificationterm")
    return total


REMOVE = "DELETE FROM qualifications_qualificationterm WHERE qualification_id = %(id)s RETURNING lexeme"
ADD = """
INSERT INTO qualifications_qualificationterm (qualification_id, lexeme, frequency, weight)
SELECT t.qualification_id, t.lexeme, t.frequency, 0 FROM zrk_similarity_terms(ARRAY[%(id)s]::bigint[]) t
RETURNING lexeme
"""
ADJUST_DOCUMENTS = """
UPDATE qualifications_similarityterm d SET documents = greatest(d.documents + c.delta, 0)
  FROM unnest(%(lexemes)s::text[], %(deltas)s::int[]) AS c (lexeme, delta)
 WHERE d.lexeme = c.lexeme
"""
INSERT_DOCUMENTS = """
INSERT INTO qualifications_similarityterm (lexeme, documents)
SELECT lexeme, delta FROM unnest(%(lexemes)s::text[], %(deltas)s::int[]) AS c (lexeme, delta) WHERE delta > 0
ON CONFLICT (lexeme) DO NOTHING
"""


def refresh(qualification_id: int) -> None:
    """Bring one record's vector up to date: indexed while public, absent while a draft."""
    with transaction.atomic(), connection.cursor() as cursor:
        # Refreshes are rare (an edit, a publication): one at a time keeps the shared document
        # counts exact without ordering row locks.
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        status = Qualification.objects.filter(pk=qualification_id).values_list("status", flat=True).first()
        cursor.execute(REMOVE, {"id": qualification_id})
        old = [row[0] for row in cursor.fetchall()]
        new: list[str] = []
        if status is not None and status != Status.DRAFT:
            cursor.execute(ADD, {"id": qualification_id})
            new = [row[0] for row in cursor.fetchall()]
        if not old and not new:
            return  # a draft, before and after
        changes = Counter(new)
        changes.subtract(old)
        changed = {"lexemes": [], "deltas": []}
        for lexeme, delta in sorted(changes.items()):
            if delta:
                changed["lexemes"].append(lexeme)
                changed["deltas"].append(delta)
        if changed["lexemes"]:
            cursor.execute(ADJUST_DOCUMENTS, changed)
            cursor.execute(INSERT_DOCUMENTS, changed)
        change = (1 if new else 0) - (1 if old else 0)
        index, _created = SimilarityIndex.objects.select_for_update().get_or_create(pk=1)
        if change:
            index.documents = max(index.documents + change, 0)
            index.save(update_fields=["documents"])
        if new:
            cursor.execute(sql.WEIGHT_BATCH, {"ids": [qualification_id], "documents": index.documents})
        # Related blocks of cached pages may change with this record.
        cursor.execute(BUMP_REGISTER_VERSION)
