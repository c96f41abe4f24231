"""`manage.py load_catalogue`: the committed fixture into an empty database
(what `make run` does at start)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from errors.catalogue.importer import import_path
from errors.models import ErrorEntry


class Command(BaseCommand):
    help = "Load the committed catalogue fixture into an empty database (does nothing otherwise)."

    def handle(self, *args, **options):
        if ErrorEntry.objects.exists():
            self.stdout.write("catalogue already loaded; leaving it as it is")
            return
        report = import_path(settings.BASE_DIR / "fixtures" / "catalogue.json")
        self.stdout.write(f"loaded {len(report.added)} entries")
