from django.core.management.base import BaseCommand

from errors.search import candidates


class Command(BaseCommand):
    help = "Rebuild the full-text search index from the entries table."

    def handle(self, *args, **options):
        candidates.rebuild()
        self.stdout.write("search index rebuilt")
