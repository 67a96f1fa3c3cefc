"""python manage.py load_demo: the demo register, idempotent. Run by ``make run``."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from applications.demo import load_demo_applications
from applications.demo_accounts import DEMO_APPLICANT_PASSWORD, DEMO_USERS, create_demo_applicant
from applications.portal.demo import load_portal_demo
from applications.roles import setup_roles
from qualifications.demo.loader import DemoLoader


class Command(BaseCommand):
    help = "Load the demo register (real qualification facts plus labelled demo prose). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--users", action="store_true", help="also create the demo users (demo mode only)")

    def handle(self, *args, users=False, **options):
        if settings.PRODUCTION:
            raise CommandError("load_demo refuses to run with ZRK_ENV=production.")
        if users and not settings.ZRK_DEMO:
            raise CommandError("Demo users are created only in demo mode: set ZRK_DEMO=1 (make run does).")
        with transaction.atomic():
            setup_roles()
            counts = DemoLoader(progress=lambda message: self.stdout.write(f"  loaded {message}")).load()
            if users:
                self.create_users()
            # After the users: the demo officer gets a ministry and the steps get their actors.
            counts.update(load_demo_applications())
            counts.update(load_portal_demo())
            if users:
                # After the applications: the applicant owns the organisation they were filed for.
                self.create_applicant()
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo register ready: {summary}."))

    def create_users(self):
        user_model = get_user_model()
        self.stdout.write(f"Demo accounts (demo mode only), log in at {reverse('admin:index')}:")
        for username, password, role, superuser in DEMO_USERS:
            user, _ = user_model.objects.get_or_create(username=username)
            user.is_staff = True
            user.is_superuser = superuser
            user.set_password(password)
            user.save()
            if role:
                user.groups.set([Group.objects.get(name=role)])
            self.stdout.write(f"  {username:<12} password: {password:<24} role: {role or 'superuser'}")

    def create_applicant(self):
        user = create_demo_applicant()
        self.stdout.write(f"Demo applicant (demo mode only), log in at {reverse('account_login')}:")
        self.stdout.write(f"  {user.email:<24} password: {DEMO_APPLICANT_PASSWORD:<24} owner of the demo applicant")
