from django.db import migrations, models

from qualifications import sql


def refresh_active_rights(apps, schema_editor):
    schema_editor.execute(sql.REFRESH_ALL_ACTIVE_RIGHTS_V2, {"low": 0, "high": 2**62})


class Migration(migrations.Migration):
    """One rule for "may certify on day D" in SQL (the denormalised arrays follow it); the date each
    right's status took effect; published qualifications and rights are never deleted, and rights
    never sit on a draft."""

    dependencies = [
        ("qualifications", "0015_notice_constraints"),
    ]

    operations = [
        migrations.AddField(
            model_name="certificationright",
            name="status_since",
            field=models.DateField(
                blank=True,
                editable=False,
                help_text="The day the current status took effect: the decision, or the change that led to it.",
                null=True,
                verbose_name="status since",
            ),
        ),
        migrations.AddField(
            model_name="historicalcertificationright",
            name="status_since",
            field=models.DateField(
                blank=True,
                editable=False,
                help_text="The day the current status took effect: the decision, or the change that led to it.",
                null=True,
                verbose_name="status since",
            ),
        ),
        migrations.RunSQL(sql.BACKFILL_STATUS_SINCE, migrations.RunSQL.noop),
        migrations.RunSQL(sql.RIGHT_CERTIFIES_FUNCTION, sql.DROP_RIGHT_CERTIFIES_FUNCTION),
        migrations.RunSQL(sql.ACTIVE_RIGHTS_TRIGGERS_V2, sql.ACTIVE_RIGHTS_TRIGGERS),
        migrations.RunPython(refresh_active_rights, migrations.RunPython.noop),
        migrations.RunSQL(sql.PROTECT_PUBLISHED_TRIGGERS, sql.DROP_PROTECT_PUBLISHED_TRIGGERS),
    ]
