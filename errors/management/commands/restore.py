"""`manage.py restore FILE`: a backup written back over the database, portal
stopped (errors/catalogue/backup.py)."""

import sqlite3
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from errors.catalogue.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Replace the whole database with a copy written by `manage.py backup` "
        "(stop the portal first; everything since the backup is lost)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The backup file.")

    def handle(self, *args, path: Path, **options):
        try:
            restore(path)
        except (BackupError, OSError, sqlite3.Error) as error:
            raise CommandError(f"Restore failed: {error}") from error
        self.stdout.write(f"restored from {path}")
