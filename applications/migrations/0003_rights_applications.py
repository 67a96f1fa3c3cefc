"""Certification-rights applications and their append-only event log."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

APPEND_ONLY = """
CREATE TRIGGER applications_rights_event_append_only
    BEFORE UPDATE OR DELETE ON applications_rightsapplicationevent
    FOR EACH ROW EXECUTE FUNCTION applications_event_append_only();
"""

DROP = "DROP TRIGGER IF EXISTS applications_rights_event_append_only ON applications_rightsapplicationevent;"


class Migration(migrations.Migration):

    dependencies = [
        ('applications', '0002_event_append_only'),
        ('institutions', '0002_reference_data'),
        ('qualifications', '0009_right_events'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='CertificationRightsApplication',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.CharField(blank=True, editable=False, max_length=20, unique=True, verbose_name='number')),
                ('contact_email', models.EmailField(blank=True, max_length=254, verbose_name="applicant's e-mail")),
                ('state', models.CharField(choices=[('submitted', 'submitted'), ('formal_check', 'formal check'), ('completion_requested', 'completion requested'), ('forwarded', 'forwarded to the minister'), ('granted', 'rights granted'), ('refused', 'refused'), ('withdrawn', 'withdrawn by the applicant'), ('left_unprocessed', 'left unprocessed')], default='submitted', max_length=20, verbose_name='state')),
                ('fee', models.DecimalField(blank=True, decimal_places=2, max_digits=8, verbose_name='fee (PLN)')),
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
                ('applicant', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='rights_applications', to='institutions.organisation', verbose_name='applicant')),
                ('assigned_officer', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='assigned_rights_applications', to=settings.AUTH_USER_MODEL, verbose_name='assigned officer')),
                ('inclusion_application', models.ForeignKey(blank=True, help_text='Filed together with the inclusion application: the fee is 5,000 zł instead of 10,000 zł.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='rights_applications', to='applications.inclusionapplication', verbose_name='filed with the inclusion application')),
                ('ministry', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='rights_applications', to='institutions.ministry', verbose_name='competent minister')),
                ('qualification', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='rights_applications', to='qualifications.qualification', verbose_name='qualification')),
                ('right', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='application', to='qualifications.certificationright', verbose_name='certification right granted')),
            ],
            options={
                'verbose_name': 'certification rights application',
                'verbose_name_plural': 'certification rights applications',
                'ordering': ['-submitted_on', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='RightsApplicationEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('action', models.CharField(max_length=30, verbose_name='action')),
                ('from_state', models.CharField(blank=True, choices=[('submitted', 'submitted'), ('formal_check', 'formal check'), ('completion_requested', 'completion requested'), ('forwarded', 'forwarded to the minister'), ('granted', 'rights granted'), ('refused', 'refused'), ('withdrawn', 'withdrawn by the applicant'), ('left_unprocessed', 'left unprocessed')], max_length=20, verbose_name='from')),
                ('to_state', models.CharField(choices=[('submitted', 'submitted'), ('formal_check', 'formal check'), ('completion_requested', 'completion requested'), ('forwarded', 'forwarded to the minister'), ('granted', 'rights granted'), ('refused', 'refused'), ('withdrawn', 'withdrawn by the applicant'), ('left_unprocessed', 'left unprocessed')], max_length=20, verbose_name='to')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='when')),
                ('comment', models.TextField(blank=True, verbose_name='comment')),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to=settings.AUTH_USER_MODEL, verbose_name='who')),
                ('application', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='events', to='applications.certificationrightsapplication', verbose_name='application')),
            ],
            options={
                'verbose_name': 'rights application event',
                'verbose_name_plural': 'rights application events',
                'ordering': ['created_at', 'pk'],
            },
        ),
        migrations.AddIndex(
            model_name='certificationrightsapplication',
            index=models.Index(fields=['ministry', 'state'], name='rights_application_ministry'),
        ),
        migrations.AddConstraint(
            model_name='certificationrightsapplication',
            constraint=models.CheckConstraint(condition=models.Q(('fee__gte', 0)), name='rights_application_fee_not_negative', violation_error_message='The fee cannot be negative.'),
        ),
        migrations.AddConstraint(
            model_name='certificationrightsapplication',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('state', 'refused'), _negated=True), models.Q(('refusal_reason', ''), _negated=True), _connector='OR'), name='rights_application_refusal_has_reason', violation_error_message='A refused application needs the reason for refusal.'),
        ),
        migrations.AddConstraint(
            model_name='certificationrightsapplication',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('state', 'granted'), _negated=True), ('right__isnull', False), _connector='OR'), name='rights_application_granted_has_right', violation_error_message='A granted application needs its certification right.'),
        ),
        migrations.RunSQL(APPEND_ONLY, DROP),
    ]
