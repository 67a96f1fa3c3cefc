from django.core.management.base import BaseCommand
from django.db import transaction

from institutions.reference import load_reference as load_institutions
from qualifications.reference import load_reference as load_qualifications


class Command(BaseCommand):
    help = "Create or update reference data: voivodeships, ministries, PRK levels, sector frameworks."

    @transaction.atomic
    def handle(self, *args, **options):
        counts = {**load_institutions(), **load_qualifications()}
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")
