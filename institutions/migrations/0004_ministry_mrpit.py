"""Adds the Ministry of Development, Labour and Technology (2020-2021), named in ZSK notices of its
time: the reference data is loaded again (idempotent, by code)."""

from django.db import migrations

from institutions.reference import load_reference


def forwards(apps, schema_editor):
    load_reference(apps)


class Migration(migrations.Migration):
    dependencies = [("institutions", "0003_website_scheme")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
