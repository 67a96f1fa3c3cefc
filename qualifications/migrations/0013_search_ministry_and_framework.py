from django.db import migrations

from qualifications import sql


class Migration(migrations.Migration):
    """The search document also holds the competent minister and the sector framework (weight D)."""

    dependencies = [
        ("qualifications", "0012_quarterly_reports"),
        ("institutions", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(sql.SEARCH_FUNCTIONS_V4, sql.SEARCH_FUNCTIONS),
        migrations.RunSQL(sql.SEARCH_CONTEXT_TRIGGERS, sql.DROP_SEARCH_CONTEXT_TRIGGERS),
    ]
