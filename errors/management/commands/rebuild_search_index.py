from django.core.management.base import BaseCommand

from errors import fulltext


class Command(BaseCommand):
    help = "Rebuild the full-text search index from the entries table."

    def handle(self, *args, **options):
        fulltext.rebuild()
        self.stdout.write("search index rebuilt")
