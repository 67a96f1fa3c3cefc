"""python manage.py build_elm_register: write the whole-register Europass document now.

The site builds it on the first request after the register changes; run this after a deployment or
a bulk load (or from cron) so that no harvester waits for it.
"""

from django.core.management.base import BaseCommand

from qualifications.exports import elm_file


class Command(BaseCommand):
    help = "Build the whole-register Europass ELM document for the current register version."

    def handle(self, *args, **options):
        document = elm_file.build()
        size = document.path.stat().st_size
        self.stdout.write(
            f"Europass register document for register version {document.version}: {document.path} "
            f"({size:,} bytes, ETag {document.etag})."
        )
