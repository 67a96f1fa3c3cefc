from django.db import migrations

from qualifications import sql

# The statistics page counts inclusion applications by state and times their decisions; it is cached
# under the register version, so changes to these tables raise it like changes to the register do.
TABLES = ["applications_inclusionapplication", "applications_applicationevent"]


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0006_pzzj_application_fee_not_negative"),
        ("qualifications", "0007_register_version"),
    ]

    operations = [migrations.RunSQL(sql.version_trigger(table), sql.drop_version_trigger(table)) for table in TABLES]
