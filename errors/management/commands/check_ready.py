"""`manage.py check_ready`: exit 1 unless the database can serve (make serve).

The database file exists (SQLite), answers, and has every migration applied.
`make serve` runs it before gunicorn, so a server never starts on a schema
that would make every page fail.
"""

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from errors.readiness import pending_migrations, refuse_missing_database


class Command(BaseCommand):
    help = "Exit 1 unless the database exists, answers and is fully migrated."

    def handle(self, *args, **options):
        try:
            refuse_missing_database()
            pending = pending_migrations()
        except (ImproperlyConfigured, DatabaseError) as error:
            raise CommandError(f"not ready: {error}") from error
        if pending:
            raise CommandError(
                f"not ready: {len(pending)} migration(s) not applied "
                f"({', '.join(pending[:5])}): run `python manage.py migrate`."
            )
        self.stdout.write("ready: the database answers and is fully migrated.")
