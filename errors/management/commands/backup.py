"""`manage.py backup FILE`: a consistent copy of the whole database while the
portal serves (errors/catalogue/backup.py)."""

import sqlite3
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from errors.catalogue.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write a consistent copy of the whole database (catalogue, history, users) "
        "while the portal serves: SQLite's online backup API, or pg_dump."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The file to write.")

    def handle(self, *args, path: Path, **options):
        try:
            backup(path)
        except (BackupError, OSError, sqlite3.Error) as error:
            raise CommandError(f"Backup failed: {error}") from error
        self.stdout.write(f"backup written to {path} ({path.stat().st_size} bytes)")
