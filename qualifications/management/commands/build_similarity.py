"""python manage.py build_similarity: rebuild the similarity index from the whole register."""

import time

from django.core.management.base import BaseCommand

from qualifications.management.commands.generate_data import Progress
from qualifications.similarity.index import rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the similarity index (lexemes, document frequencies, weights) of every public qualification. "
        "Publication refreshes one record at a time; run this now and then to recount document frequencies."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        progress = Progress(self.stderr) if options["verbosity"] else (lambda label, done, total: None)
        total = rebuild(progress)
        self.stdout.write(
            self.style.SUCCESS(f"Indexed {total:,} qualifications in {time.monotonic() - started:.0f} s.")
        )
