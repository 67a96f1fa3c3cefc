"""PZZJ list applications and their append-only event log."""

import django.db.models.deletion
import django.utils.timezone
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models

APPEND_ONLY = """
CREATE TRIGGER applications_pzzj_event_append_only
    BEFORE UPDATE OR DELETE ON applications_pzzjapplicationevent
    FOR EACH ROW EXECUTE FUNCTION applications_event_append_only();
"""

DROP = "DROP TRIGGER IF EXISTS applications_pzzj_event_append_only ON applications_pzzjapplicationevent;"


class Migration(migrations.Migration):

    dependencies = [
        ('applications', '0003_rights_applications'),
        ('institutions', '0002_reference_data'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='PzzjApplication',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.CharField(blank=True, editable=False, max_length=20, unique=True, verbose_name='number')),
                ('contact_email', models.EmailField(blank=True, max_length=254, verbose_name="applicant's e-mail")),
                ('state', models.CharField(choices=[('submitted', 'submitted'), ('formal_check', 'formal check'), ('completion_requested', 'completion requested'), ('forwarded', 'forwarded to the coordinating minister'), ('entered', 'entered on the PZZJ list'), ('refused', 'refused'), ('withdrawn', 'withdrawn by the applicant'), ('left_unprocessed', 'left unprocessed')], default='submitted', max_length=20, verbose_name='state')),
                ('fee', models.DecimalField(decimal_places=2, default=Decimal('2000.00'), max_digits=8, verbose_name='fee (PLN)')),
                ('fee_paid_on', models.DateField(blank=True, null=True, verbose_name='fee paid on')),
                ('submitted_on', models.DateField(default=django.utils.timezone.localdate, verbose_name='submitted on')),
                ('formal_check_due', models.DateField(blank=True, null=True, verbose_name='formal check due')),
                ('completion_due', models.DateField(blank=True, null=True, verbose_name='completion due')),
                ('forwarded_on', models.DateField(blank=True, null=True, verbose_name='forwarded on')),
                ('minister_due', models.DateField(blank=True, null=True, verbose_name="minister's deadline")),
                ('decided_on', models.DateField(blank=True, null=True, verbose_name='decided on')),
                ('refusal_reason', models.TextField(blank=True, verbose_name='reason for refusal')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                ('applicant', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='pzzj_applications', to='institutions.organisation', verbose_name='applicant')),
                ('entry', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='application', to='institutions.pzzjentry', verbose_name='PZZJ list entry')),
                ('ministries', models.ManyToManyField(related_name='pzzj_applications', to='institutions.ministry', verbose_name='groups of qualifications (ministries)')),
            ],
            options={
                'verbose_name': 'PZZJ list application',
                'verbose_name_plural': 'PZZJ list applications',
                'ordering': ['-submitted_on', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='PzzjApplicationEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('action', models.CharField(max_length=30, verbose_name='action')),
                ('from_state', models.CharField(blank=True, choices=[('submitted', 'submitted'), ('formal_check', 'formal check'), ('completion_requested', 'completion requested'), ('forwarded', 'forwarded to the coordinating minister'), ('entered', 'entered on the PZZJ list'), ('refused', 'refused'), ('withdrawn', 'withdrawn by the applicant'), ('left_unprocessed', 'left unprocessed')], max_length=20, verbose_name='from')),
                ('to_state', models.CharField(choices=[('submitted', 'submitted'), ('formal_check', 'formal check'), ('completion_requested', 'completion requested'), ('forwarded', 'forwarded to the coordinating minister'), ('entered', 'entered on the PZZJ list'), ('refused', 'refused'), ('withdrawn', 'withdrawn by the applicant'), ('left_unprocessed', 'left unprocessed')], max_length=20, verbose_name='to')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='when')),
                ('comment', models.TextField(blank=True, verbose_name='comment')),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to=settings.AUTH_USER_MODEL, verbose_name='who')),
                ('application', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='events', to='applications.pzzjapplication', verbose_name='application')),
            ],
            options={
                'verbose_name': 'PZZJ application event',
                'verbose_name_plural': 'PZZJ application events',
                'ordering': ['created_at', 'pk'],
            },
        ),
        migrations.AddConstraint(
            model_name='pzzjapplication',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('state', 'refused'), _negated=True), models.Q(('refusal_reason', ''), _negated=True), _connector='OR'), name='pzzj_application_refusal_has_reason', violation_error_message='A refused application needs the reason for refusal.'),
        ),
        migrations.AddConstraint(
            model_name='pzzjapplication',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('state', 'entered'), _negated=True), ('entry__isnull', False), _connector='OR'), name='pzzj_application_entered_has_entry', violation_error_message='An application entered on the list needs its list entry.'),
        ),
        migrations.RunSQL(APPEND_ONLY, DROP),
    ]
