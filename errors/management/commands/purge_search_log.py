"""`python manage.py purge_search_log`: forget searches not seen for a while."""

from django.conf import settings
from django.core.management.base import BaseCommand

from errors.search_log import purge


class Command(BaseCommand):
    help = (
        "Delete the kept searches without an answer that nobody made for "
        "SEARCH_LOG_DAYS days (default 90); --days overrides it, --days 0 empties it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None)

    def handle(self, *args, days, **options):
        days = settings.SEARCH_LOG_DAYS if days is None else days
        deleted = purge(days)
        self.stdout.write(f"deleted {deleted} searches not seen for {days} days")
