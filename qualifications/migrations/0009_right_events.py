"""RightEvent: the append-only lifecycle log of certification rights (UPDATE and DELETE raise)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

APPEND_ONLY = """
CREATE OR REPLACE FUNCTION qualifications_right_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'certification right events are append-only' USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER qualifications_right_event_append_only
    BEFORE UPDATE OR DELETE ON qualifications_rightevent
    FOR EACH ROW EXECUTE FUNCTION qualifications_right_event_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS qualifications_right_event_append_only ON qualifications_rightevent;
DROP FUNCTION IF EXISTS qualifications_right_event_append_only();
"""


class Migration(migrations.Migration):

    dependencies = [
        ('qualifications', '0008_newest_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='RightEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('action', models.CharField(choices=[('grant', 'granted'), ('suspend', 'suspended'), ('reinstate', 'reinstated'), ('withdraw', 'withdrawn'), ('expire', 'expired')], max_length=10, verbose_name='action')),
                ('from_status', models.CharField(blank=True, choices=[('active', 'active'), ('suspended', 'suspended'), ('withdrawn', 'withdrawn'), ('expired', 'expired')], max_length=10, verbose_name='from')),
                ('to_status', models.CharField(choices=[('active', 'active'), ('suspended', 'suspended'), ('withdrawn', 'withdrawn'), ('expired', 'expired')], max_length=10, verbose_name='to')),
                ('effective_on', models.DateField(verbose_name='effective on')),
                ('reason', models.TextField(blank=True, verbose_name='reason')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='when')),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to=settings.AUTH_USER_MODEL, verbose_name='who')),
                ('right', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='events', to='qualifications.certificationright', verbose_name='certification right')),
            ],
            options={
                'verbose_name': 'certification right event',
                'verbose_name_plural': 'certification right events',
                'ordering': ['created_at', 'pk'],
            },
        ),
        migrations.RunSQL(APPEND_ONLY, DROP),
    ]
