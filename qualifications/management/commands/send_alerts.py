"""Send the e-mail alerts' digest: ``python manage.py send_alerts`` (from cron, e.g. daily).

Idempotent: a change is reported once, however often and however concurrently the command runs.
Also deletes sign-ups left unconfirmed for longer than the confirmation link is valid."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from qualifications.alerts.digest import send_digests


class Command(BaseCommand):
    help = "Send each confirmed alert subscription the changes since its last digest."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Say what would be sent; send and change nothing.")
        parser.add_argument(
            "--settle-seconds",
            type=int,
            default=60,
            help="Leave changes younger than this for the next run (default 60).",
        )

    def handle(self, *args, dry_run=False, settle_seconds=60, **options):
        verbosity = options.get("verbosity", 1)

        def progress(number, total, pk, outcome):
            if verbosity >= 1:
                self.stdout.write(f"[{number}/{total}] subscription {pk}: {outcome}")

        report = send_digests(
            settle=datetime.timedelta(seconds=max(settle_seconds, 0)), dry_run=dry_run, progress=progress
        )
        prefix = "Dry run: " if dry_run else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}{report.sent} digest(s) {'to send' if dry_run else 'sent'}, "
                f"{report.nothing_new} with nothing new, {report.skipped} skipped, "
                f"{report.deleted_unconfirmed} unconfirmed sign-up(s) {'to delete' if dry_run else 'deleted'}."
            )
        )
        if report.failed:
            # A non-zero exit, so that cron reports it; the next run offers the same changes again.
            raise CommandError(f"{report.failed} digest(s) could not be sent; they are left for the next run.")
