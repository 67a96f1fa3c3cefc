"""The similarity index: each public qualification as a sparse vector of weighted lexemes, and how
many records hold each lexeme (qualifications/similarity explains the weighting). Derived data,
rebuilt by ``manage.py build_similarity`` and refreshed per record on publication or edit."""

from django.db import models

from qualifications.models.qualification import Qualification


class SimilarityTerm(models.Model):
    """Document frequency: in how many indexed records a lexeme occurs."""

    lexeme = models.CharField(max_length=200, primary_key=True)
    documents = models.PositiveIntegerField()

    class Meta:
        verbose_name = "similarity term"
        default_permissions = ()

    def __str__(self):
        return f"{self.lexeme} ({self.documents})"


class QualificationTerm(models.Model):
    """One lexeme of one record: its boosted count and its tf-idf weight (the vector has length 1)."""

    pk = models.CompositePrimaryKey("qualification_id", "lexeme")
    qualification = models.ForeignKey(Qualification, on_delete=models.CASCADE, related_name="+", db_index=False)
    lexeme = models.CharField(max_length=200)
    frequency = models.FloatField()
    weight = models.FloatField()

    class Meta:
        verbose_name = "qualification term"
        default_permissions = ()
        indexes = [
            # The inverted index: the postings of a lexeme, heaviest first, read without the table.
            models.Index(fields=["lexeme", "-weight"], include=["qualification"], name="qualification_term_postings"),
        ]

    def __str__(self):
        return f"{self.qualification_id}: {self.lexeme} {self.weight:.3f}"


class SimilarityIndex(models.Model):
    """One row: how many records the index holds (the N of the idf) and when it was last rebuilt
    in full (document frequencies drift between full rebuilds)."""

    documents = models.PositiveIntegerField(default=0)
    rebuilt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "similarity index"
        default_permissions = ()

    def __str__(self):
        return f"{self.documents} records"
