# The search triggers learn the zrk.bulk_load flag (qualifications/sql.py), so bulk loaders can
# insert without a per-row rebuild and rebuild the documents once at the end.

from django.db import migrations

from qualifications import sql


class Migration(migrations.Migration):
    dependencies = [("qualifications", "0004_search_document")]

    operations = [migrations.RunSQL(sql.SEARCH_FUNCTIONS_V2, migrations.RunSQL.noop)]
