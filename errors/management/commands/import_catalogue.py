"""`manage.py import_catalogue`: the vendor text or a JSON export into the
database, or the plan between two vendor texts (errors/catalogue/)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from errors.catalogue.importer import import_path
from errors.catalogue.plan import explain_diff


def pair(value: str) -> tuple[str, str]:
    old, separator, new = value.partition("=")
    if not separator or not old or not new:
        raise ValueError(f"--reword takes OLD_SLUG=NEW_SLUG, not {value!r}")
    return old, new


class Command(BaseCommand):
    help = (
        "Import the vendor's error-code page (text) or an Error Portal JSON export. "
        "Re-running on the same file changes nothing; prints what was added, changed, "
        "reworded and removed, and every conflict with a field-by-field diff."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, nargs="?")
        parser.add_argument(
            "--take-source",
            action="store_true",
            help="Overwrite entries changed since the last import (admin, shell or script) with the source's version.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Run the whole import in a transaction that is rolled back: print what it would do; write nothing.",
        )
        parser.add_argument(
            "--reword",
            action="append",
            default=[],
            metavar="OLD_SLUG=NEW_SLUG",
            help="An admin's decision on an undecided rewording: the new source entry is the old entry reworded.",
        )
        parser.add_argument(
            "--not-reworded",
            action="store_true",
            help="Treat undecided rewordings as removals and additions.",
        )
        parser.add_argument(
            "--explain-diff",
            nargs=2,
            type=Path,
            metavar=("OLD", "NEW"),
            help="Show what importing NEW after OLD (two saved vendor pages) would do; touches no database.",
        )

    def handle(self, *args, path, take_source, dry_run, **options):
        try:
            reword = dict(pair(value) for value in options["reword"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        choices = {"reword": reword, "not_reworded": options["not_reworded"]}
        paths = options["explain_diff"] or ([path] if path else [])
        if not paths:
            raise CommandError("Give the file to import (or --explain-diff OLD NEW).")
        for each in paths:
            if not each.is_file():
                raise CommandError(f"No such file: {each}")
        try:
            if options["explain_diff"]:
                old, new = (each.read_text(encoding="utf-8") for each in paths)
                report = explain_diff(old, new, **choices)
            else:
                report = import_path(
                    path, take_source=take_source, dry_run=dry_run, **choices
                )
        except (ValueError, KeyError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot import {paths[-1]}: {error}") from error
        for line in report.lines():
            self.stdout.write(line)
        if dry_run:
            self.stdout.write("dry run: rolled back, nothing written")
