# The register version's trigger function learns the zrk.unpublished_changes flag (qualifications/sql.py):
# an applicant's edits of a draft qualification in the portal no longer clear the public page cache.

from django.db import migrations

from qualifications import sql


class Migration(migrations.Migration):
    dependencies = [
        ("qualifications", "0021_name_words_index"),
    ]

    operations = [
        migrations.RunSQL(sql.VERSION_FUNCTION_V2, sql.VERSION_FUNCTION_V1),
    ]
