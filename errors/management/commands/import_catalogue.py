from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from errors.catalogue import import_path


class Command(BaseCommand):
    help = (
        "Import the vendor's error-code page (text) or an Error Portal JSON export. "
        "Re-running on the same file changes nothing; prints what was added, changed and removed."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--take-source",
            action="store_true",
            help="Overwrite entries edited in the admin since the last import with the source's version.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what would change; write nothing.",
        )

    def handle(self, *args, path: Path, take_source: bool, dry_run: bool, **options):
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            report = import_path(path, take_source=take_source, dry_run=dry_run)
        except (ValueError, KeyError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot import {path}: {error}") from error
        for line in report.lines():
            self.stdout.write(line)
        if dry_run:
            self.stdout.write("dry run: nothing written")
