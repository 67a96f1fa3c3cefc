from django.core.management.base import BaseCommand
from django.db import transaction

from applications.roles import setup_roles


class Command(BaseCommand):
    help = "Create or update the groups of the role matrix (registry_operator, ministry_officer, coordinator)."

    @transaction.atomic
    def handle(self, *args, **options):
        for role, count in setup_roles().items():
            self.stdout.write(f"{role}: {count} permissions")
