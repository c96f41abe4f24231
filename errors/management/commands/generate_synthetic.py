"""`manage.py generate_synthetic --count N`: N synthetic entries for measuring
search at scale (errors/catalogue/synthetic.py)."""

from django.core.management.base import BaseCommand, CommandError

from errors.catalogue.synthetic import add_synthetic


class Command(BaseCommand):
    help = "Add N realistic synthetic entries to the current database (for benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, count: int, seed: int, **options):
        if count < 1 or count > 5_000_000:
            raise CommandError("--count must be between 1 and 5,000,000")
        added = add_synthetic(count, seed=seed)
        self.stdout.write(f"added {added} synthetic entries")
