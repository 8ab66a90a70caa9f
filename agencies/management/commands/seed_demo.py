from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from agencies.demo import ACCOUNTS, DEMO_PASSWORD, seed


class Command(BaseCommand):
    help = "Loads the demo data of the Rheine model project. Idempotent; refused in production."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Demo data must not be loaded into a production system.")
        seed()
        self.stdout.write(self.style.SUCCESS("Demo data is in place. Demo logins (password for all):"))
        self.stdout.write(f"  password: {DEMO_PASSWORD}")
        for account in ACCOUNTS:
            where = f"{account.role} @ {account.agency}" if account.role else "superuser"
            self.stdout.write(f"  {account.username:<16} {where}")
