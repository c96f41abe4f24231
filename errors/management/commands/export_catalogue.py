"""`manage.py export_catalogue`: the whole catalogue as our JSON export
(errors/catalogue/export.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from errors.catalogue.export import dump_export, export_catalogue


class Command(BaseCommand):
    help = "Write the whole catalogue (entries, products, tags) as JSON, to a file or standard output."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            "-o",
            type=Path,
            help="File to write (default: standard output).",
        )

    def handle(self, *args, output: Path | None, **options):
        text = dump_export(export_catalogue())
        if output:
            output.write_text(text, encoding="utf-8")
            self.stderr.write(f"wrote {output}")
        else:
            self.stdout.write(text, ending="")
